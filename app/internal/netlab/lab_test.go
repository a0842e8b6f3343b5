package netlab_test

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/app/internal/netlab"
)

// The lab's own tests: each fault does what it says, measured with small
// tools run in the user namespace, before any scenario trusts it.

// tool runs a diagnostic in the user namespace.
func tool(t *testing.T, ctx context.Context, l *netlab.Lab, args ...string) string {
	t.Helper()
	out, err := l.Tool(ctx, l.User, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func hostPort(a netip.Addr, port int) string { return netip.AddrPortFrom(a, uint16(port)).String() }

// connects says whether a TCP connect to a works within a second.
func connects(t *testing.T, ctx context.Context, l *netlab.Lab, a netip.Addr) bool {
	t.Helper()
	return strings.HasPrefix(tool(t, ctx, l, "connect", hostPort(a, netlab.PortHTTPS), "1s"), "ok ")
}

func TestLabBlackHoles(t *testing.T) {
	l, ctx := newLab(t)
	s3v4, s3v6 := netlab.ServiceV4(3), netlab.ServiceV6(3)
	s4v4, s4v6 := netlab.ServiceV4(4), netlab.ServiceV6(4)
	for _, a := range []netip.Addr{s3v4, s3v6, s4v4, s4v6} {
		if !connects(t, ctx, l, a) {
			t.Fatalf("%s does not answer in the healthy lab", a)
		}
	}
	cases := []struct {
		name     string
		prefixes []netip.Prefix
		dropped  []netip.Addr
		passed   []netip.Addr
	}{
		{"one service", []netip.Prefix{netlab.Host(s3v4), netlab.Host(s3v6)}, []netip.Addr{s3v4, s3v6}, []netip.Addr{s4v4, s4v6}},
		{"IPv4", []netip.Prefix{netlab.InternetV4}, []netip.Addr{s3v4, s4v4, netlab.ControlV4}, []netip.Addr{s3v6, s4v6, netlab.ControlV6}},
		{"IPv6", []netip.Prefix{netlab.InternetV6}, []netip.Addr{s3v6, s4v6, netlab.ControlV6}, []netip.Addr{s3v4, s4v4, netlab.ControlV4}},
	}
	for _, c := range cases {
		if err := l.BlackHole(ctx, c.prefixes...); err != nil {
			t.Fatal(err)
		}
		for _, a := range c.dropped {
			if out := tool(t, ctx, l, "connect", hostPort(a, netlab.PortHTTPS), "1s"); !strings.Contains(out, "timeout") {
				t.Errorf("%s: %s is not black-holed: %s", c.name, a, out)
			}
		}
		for _, a := range c.passed {
			if !connects(t, ctx, l, a) {
				t.Errorf("%s: %s is black-holed too", c.name, a)
			}
		}
		if err := l.ClearFault(ctx, "blackhole"); err != nil {
			t.Fatal(err)
		}
	}
	// The resolver stays reachable through an IPv4 black hole of the internet.
	if err := l.BlackHole(ctx, netlab.InternetV4); err != nil {
		t.Fatal(err)
	}
	if out := tool(t, ctx, l, "dns", hostPort(netlab.ResolverV4, 53), netlab.ServiceHost(1), "A", "2s"); out != "answer 1" {
		t.Errorf("the resolver through an IPv4 black hole of the internet: %s", out)
	}
}

func TestLabRefuse(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.Refuse(ctx, netlab.ServiceV4(2), netlab.ServiceV6(2)); err != nil {
		t.Fatal(err)
	}
	for _, a := range []netip.Addr{netlab.ServiceV4(2), netlab.ServiceV6(2)} {
		for _, port := range []int{netlab.PortHTTPS, netlab.PortChat} {
			if out := tool(t, ctx, l, "connect", hostPort(a, port), "2s"); !strings.Contains(out, "connection refused") {
				t.Errorf("%s: %s", hostPort(a, port), out)
			}
		}
	}
	if !connects(t, ctx, l, netlab.ServiceV4(1)) {
		t.Error("another service is refused too")
	}
}

func TestLabLoseAAAA(t *testing.T) {
	l, ctx := newLab(t)
	name := netlab.ServiceHost(4)
	if err := l.LoseAAAA(ctx, name); err != nil {
		t.Fatal(err)
	}
	resolver := hostPort(netlab.ResolverV4, 53)
	if out := tool(t, ctx, l, "dns", resolver, name, "A", "2s"); out != "answer 1" {
		t.Errorf("A %s: %s, want its answer", name, out)
	}
	if out := tool(t, ctx, l, "dns", resolver, name, "AAAA", "2s"); !strings.Contains(out, "timeout") {
		t.Errorf("AAAA %s: %s, want lost (a timeout)", name, out)
	}
	other := netlab.ServiceHost(5)
	if out := tool(t, ctx, l, "dns", resolver, other, "AAAA", "2s"); out != "answer 1" {
		t.Errorf("AAAA %s: %s, want its answer", other, out)
	}
	n, err := l.Counters(ctx, l.Router, "aaaa")
	if err != nil || len(n) != 1 || n[0] != 1 {
		t.Errorf("AAAA replies dropped: %v, %v; want 1", n, err)
	}
}

func TestLabCaptive(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.Captive(ctx); err != nil {
		t.Fatal(err)
	}
	// Every name is the portal, which redirects to a login page.
	if out := tool(t, ctx, l, "fetch", "http://"+netlab.PortalCheckName+"/generate_204", "5s"); !strings.HasPrefix(out, "ok 200 ") {
		t.Errorf("the HTTP control behind the portal: %s, want the login page (200)", out)
	}
	if connects(t, ctx, l, netlab.ControlV4) {
		t.Error("the portal's firewall lets the user reach the internet")
	}
}

func TestLabLinkDown(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.LinkDown(ctx); err != nil {
		t.Fatal(err)
	}
	for _, a := range []netip.Addr{netlab.ControlV4, netlab.ControlV6, netlab.ResolverV4} {
		if connects(t, ctx, l, a) {
			t.Errorf("%s answers with the home link down", a)
		}
	}
	if err := l.LinkUp(ctx); err != nil {
		t.Fatal(err)
	}
	// The first connects may fail while the neighbours are resolved again.
	if out := tool(t, ctx, l, "reach", "10s", hostPort(netlab.ControlV4, netlab.PortHTTPS), hostPort(netlab.ControlV6, netlab.PortHTTPS)); out != "ok" {
		t.Errorf("after the link came back: %s", out)
	}
}

// TestLabLoss measures the loss rule over many UDP echoes: none is lost in
// the healthy lab; with the rule, each packet is dropped with 20% chance
// each way, so 64% of the echoes come back.
func TestLabLoss(t *testing.T) {
	l, ctx := newLab(t)
	const n = 2000
	// With no fault, nothing is lost.
	out := tool(t, ctx, l, "udp-echo", hostPort(netlab.ControlV4, netlab.PortEcho), fmt.Sprint(n))
	if want := fmt.Sprintf("sent %d received %d", n, n); out != want {
		t.Errorf("the healthy lab: %s, want %s", out, want)
	}
	if err := l.Loss(ctx, 20); err != nil {
		t.Fatal(err)
	}
	out = tool(t, ctx, l, "udp-echo", hostPort(netlab.ControlV4, netlab.PortEcho), fmt.Sprint(n))
	var sent, got int
	if _, err := fmt.Sscanf(out, "sent %d received %d", &sent, &got); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	if rate := float64(got) / float64(sent); rate < 0.58 || rate > 0.70 {
		t.Errorf("echoes back: %d of %d (%.3f), want about 0.64 (0.8 × 0.8)", got, sent, rate)
	}
	c, err := l.Counters(ctx, l.Router, "loss")
	if err != nil || len(c) != 2 {
		t.Fatalf("counters %v: %v", c, err)
	}
	if rate := float64(c[1]) / float64(c[0]); rate < 0.17 || rate > 0.23 {
		t.Errorf("the router dropped %d of %d packets (%.3f), want about 0.20", c[1], c[0], rate)
	}
	t.Logf("20%% loss: %d of %d echoes back; the router dropped %d of %d packets", got, sent, c[1], c[0])
	if err := l.ClearFault(ctx, "loss"); err != nil {
		t.Fatal(err)
	}
	out = tool(t, ctx, l, "udp-echo", hostPort(netlab.ControlV6, netlab.PortEcho), "200")
	if out != "sent 200 received 200" {
		t.Errorf("with the loss cleared: %s", out)
	}
}

// TestLabDelay measures a TCP connect (one round trip) through the delay
// relay.
func TestLabDelay(t *testing.T) {
	l, ctx := newLab(t)
	rtt := func(a netip.Addr) time.Duration {
		out := tool(t, ctx, l, "connect", hostPort(a, netlab.PortHTTPS), "10s")
		var ms int
		if _, err := fmt.Sscanf(out, "ok %d", &ms); err != nil {
			t.Fatalf("connect %s: %s", a, out)
		}
		return time.Duration(ms) * time.Millisecond
	}
	if d := rtt(netlab.ControlV4); d > 300*time.Millisecond {
		t.Errorf("round trip with no delay: %s", d)
	}
	if err := l.Delay(ctx, 750*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for _, a := range []netip.Addr{netlab.ControlV4, netlab.ControlV6} {
		d := rtt(a)
		if d < 1450*time.Millisecond || d > 2500*time.Millisecond {
			t.Errorf("round trip to %s through the relay at 750ms each way: %s, want about 1.5s", a, d)
		}
		t.Logf("round trip to %s at 750ms each way: %s", a, d)
	}
	if err := l.Delay(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if d := rtt(netlab.ControlV6); d > 300*time.Millisecond {
		t.Errorf("round trip through the relay with no delay: %s", d)
	}
}

// TestLabPathMTU: small packets pass, large ones vanish, and so does the
// ICMP that would have said so.
func TestLabPathMTU(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.PathMTU(ctx, 1280); err != nil {
		t.Fatal(err)
	}
	for _, a := range []netip.Addr{netlab.ServiceV4(9), netlab.ServiceV6(9)} {
		base := "http://" + hostPort(a, netlab.PortHTTP)
		if out := tool(t, ctx, l, "fetch", base+"/", "3s"); !strings.HasPrefix(out, "ok 200 ") {
			t.Errorf("a small answer from %s: %s", a, out)
		}
		if out := tool(t, ctx, l, "fetch", base+"/large", "3s"); strings.HasPrefix(out, "ok ") {
			t.Errorf("a large answer from %s came through: %s", a, out)
		}
		if out := tool(t, ctx, l, "upload", base+"/upload", "1000", "3s"); !strings.HasPrefix(out, "ok 200 ") {
			t.Errorf("a small request to %s: %s", a, out)
		}
		if out := tool(t, ctx, l, "upload", base+"/upload", "65536", "3s"); strings.HasPrefix(out, "ok ") {
			t.Errorf("a large request to %s came through: %s", a, out)
		}
	}
	c, err := l.Counters(ctx, l.Router, "pmtu")
	if err != nil || len(c) != 2 || c[0] == 0 || c[1] == 0 {
		t.Errorf("ICMP frag-needed, packet-too-big dropped: %v, %v; want some of each", c, err)
	}
}
