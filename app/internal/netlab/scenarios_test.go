package netlab_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/app/internal/netlab"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// The scenarios of issue 12, "Right on real networks": each builds its own
// lab, makes one fault on the user's link or at one service, runs
// `downradar check` in the user's namespace, and asserts the right answer.
// The headless run through a link outage is in outage_test.go.

// wantNetwork fails t unless the report's network verdict is one of want.
func wantNetwork(t *testing.T, r engine.Report, want ...status.Network) {
	t.Helper()
	if !oneOf(r.Network, want...) {
		t.Errorf("network %q (%s), want %v", r.Network, r.NetworkReason, want)
	}
}

// wantAll fails t unless every service but those named in except is want.
func wantAll(t *testing.T, r engine.Report, want status.Status, except ...string) {
	t.Helper()
	for _, s := range r.Services {
		if !oneOf(s.Name, except...) && s.Status != want {
			t.Errorf("%s is %s (%s), want %s", s.Name, s.Status, s.Reason, want)
		}
	}
}

// wantNoIncident fails t when a service would open an incident.
func wantNoIncident(t *testing.T, r engine.Report) {
	t.Helper()
	for _, s := range r.Services {
		if s.Incident {
			t.Errorf("%s would open an incident (%s)", s.Name, s.Status)
		}
	}
}

// wantComponent fails t unless the component is st, failed at one of
// layers (when given) with class (when given).
func wantComponent(t *testing.T, r engine.Report, svc, comp string, st status.Status, class probe.Class, layers ...probe.Layer) {
	t.Helper()
	c := component(t, service(t, r, svc), comp)
	if c.Status != st || (class != "" && c.Error != string(class)) || (len(layers) > 0 && !oneOf(probe.Layer(c.Layer), layers...)) {
		t.Errorf("%s/%s: %s at %s, error %q (%s); want %s at %v, error %q", svc, comp, c.Status, c.Layer, c.Error, c.Detail, st, layers, class)
	}
}

// TestHealthy is the lab with no fault: everything up, the network online.
// Every other scenario's answer is measured against it.
func TestHealthy(t *testing.T) {
	every(t, nil, status.Online, status.Up)
}

// TestLossyLink: 20% of the packets on the home link lost, each at random
// both ways (a bad Wi-Fi). Nothing is down: over 30 rounds of the ten
// services, no service is reported down, partial or degraded and none
// would open an incident; each check finishes within twice the probe
// timeout. A round is one `check` run; three run at a time (each is its
// own process and engine, as three users' would be), and a time budget
// keeps the test bounded when they are slow: running short of 30 rounds
// fails it.
//
// The time bound: a round's probes and its control probes run side by
// side, each bounded by the probe timeout, so a round waits on one timeout
// at most; the second is room for what the measure also holds (the
// command's set-up, and its waits for a CPU on a loaded machine: Elapsed is
// the command's own run time, from cli.Main's start, not the process's
// start-up). A round that needs two timeouts fails it: that was the 21.4 s
// round of a `make stress` run, in which a probe that ran to its timeout
// found the controls' verdict just expired and ran them again (fixed in
// `check`: its round's verdict stands for the round; see
// TestCheckRunsTheControlsOnce).
func TestLossyLink(t *testing.T) {
	l, ctx := newLab(t)
	cfg := config(t, l, netlab.ConfigOptions{})
	if err := l.Loss(ctx, 20); err != nil {
		t.Fatal(err)
	}
	const (
		rounds  = 30
		workers = 3
		timeout = 10 * time.Second // the config's probe timeout
		budget  = 4 * time.Minute
	)
	start := time.Now()
	var (
		mu                     sync.Mutex
		done, falseDowns, late int
		slowest                time.Duration
		slowestRep             engine.Report
		verdicts               []string
		wg                     sync.WaitGroup
	)
	next := make(chan int, rounds)
	for i := range rounds {
		next <- i + 1
	}
	close(next)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range next {
				if time.Since(start) > budget {
					return
				}
				rctx, cancel := context.WithTimeout(ctx, 2*timeout+20*time.Second) // a stuck run ends
				res, err := l.Check(rctx, cfg)
				cancel()
				mu.Lock()
				done++
				mu.Unlock()
				if err != nil {
					t.Errorf("round %d: %v", round, err)
					continue
				}
				r := res.Report
				mu.Lock()
				verdicts = append(verdicts, string(r.Network))
				if res.Elapsed > slowest {
					slowest, slowestRep = res.Elapsed, r
				}
				if res.Elapsed > 2*timeout {
					late++
				}
				for _, s := range r.Services {
					if s.Status.Bad() || s.Incident {
						falseDowns++
					}
				}
				mu.Unlock()
				if res.Elapsed > 2*timeout {
					t.Errorf("round %d took %s, over twice the probe timeout", round, res.Elapsed.Round(time.Millisecond))
				}
				if !oneOf(r.Network, status.Online, status.LinkDegraded) {
					t.Errorf("round %d: network %s (%s) on a link that works, lossily", round, r.Network, r.NetworkReason)
				}
				for _, s := range r.Services {
					if s.Status.Bad() || s.Incident {
						t.Errorf("round %d: false down: %s", round, serviceLine(s))
					}
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("20%% loss: %d rounds in %s, %d false downs, %d rounds over %s (the slowest %s); network verdicts %s",
		done, time.Since(start).Round(time.Second), falseDowns, late, 2*timeout, slowest.Round(time.Millisecond), strings.Join(verdicts, " "))
	t.Logf("the slowest round: network %s, link %+v", slowestRep.Network, slowestRep.Link)
	for _, c := range slowestRep.Controls {
		t.Logf("  control %s %s %dms (%s %s)", c.Probe, c.Status, c.LatencyMS, c.Error, c.Detail)
	}
	for _, s := range slowestRep.Services {
		var slowest engine.ProbeReport
		for _, c := range s.Components {
			if c.LatencyMS > slowest.LatencyMS {
				slowest = c
			}
		}
		t.Logf("  %s %s, %d check(s), slowest component %s %dms (%s %s %s)", s.Name, s.Status, s.Checks, slowest.Name, slowest.LatencyMS, slowest.Status, slowest.Error, slowest.Detail)
	}
	if done < rounds {
		t.Errorf("only %d of %d rounds ran in %s", done, rounds, budget)
	}
	c, err := l.Counters(ctx, l.Router, "loss")
	if err == nil && len(c) == 2 && c[0] > 0 {
		t.Logf("the router dropped %d of %d packets (%.1f%%)", c[1], c[0], 100*float64(c[1])/float64(c[0]))
	}
}

// serviceLine is a service and its failing components, in one line.
func serviceLine(s engine.ServiceReport) string {
	var parts []string
	for _, c := range s.Components {
		if c.Status != status.Up {
			parts = append(parts, fmt.Sprintf("%s %s at %s %s %dms (%s)", c.Name, c.Status, c.Layer, c.Error, c.LatencyMS, c.Detail))
		}
	}
	return fmt.Sprintf("%s %s (incident %t; %s): %s", s.Name, s.Status, s.Incident, s.Reason, strings.Join(parts, "; "))
}

// TestAAAALost: only the AAAA reply of one service's name is lost, the A
// reply arrives. That service is up; if it fails, it is blamed on DNS with
// class dns_timeout, never on TCP.
func TestAAAALost(t *testing.T) {
	l, ctx := newLab(t)
	svc := netlab.ServiceNamed("Social")
	if err := l.LoseAAAA(ctx, svc.Host()); err != nil {
		t.Fatal(err)
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	s := service(t, res.Report, svc.Name)
	if s.Status != status.Up {
		t.Errorf("%s", serviceLine(s))
	}
	for _, c := range s.Components {
		if c.Status != status.Up && (c.Layer != string(probe.LayerDNS) || c.Error != string(probe.ClassDNSTimeout)) {
			t.Errorf("%s/%s blamed on %s (%s): a lost AAAA reply is DNS's (dns_timeout), never %s's", s.Name, c.Name, c.Layer, c.Error, c.Layer)
		}
	}
	wantNetwork(t, res.Report, status.Online)
	wantAll(t, res.Report, status.Up)
}

// TestIPv4BlackHole: IPv4 to the internet is black-holed, IPv6 works. The
// services are up, over IPv6.
func TestIPv4BlackHole(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.BlackHole(ctx, netlab.InternetV4); err != nil {
		t.Fatal(err)
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	wantNetwork(t, res.Report, status.Online)
	wantAll(t, res.Report, status.Up)
	wantNoIncident(t, res.Report)
	if _, v6, err := l.Hits(ctx, netlab.ServiceHost(1)); err != nil || v6 == 0 {
		t.Errorf("no request reached Mail over IPv6 (%v)", err)
	}
}

// TestIPv6BlackHole: IPv6 to the internet is black-holed, IPv4 works. The
// services are up.
func TestIPv6BlackHole(t *testing.T) {
	every(t, func(l *netlab.Lab, ctx context.Context) error { return l.BlackHole(ctx, netlab.InternetV6) }, status.Online, status.Up)
}

// TestSlowLink: the home link's round trip grows by 1.5 s. The network is
// "degraded" (your connection is slow); no service is down, degraded or
// partial, and none would open an incident.
func TestSlowLink(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.Delay(ctx, 750*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	wantNetwork(t, res.Report, status.LinkDegraded)
	for _, s := range res.Report.Services {
		if s.Status.Bad() {
			t.Errorf("%s", serviceLine(s))
		}
	}
	wantNoIncident(t, res.Report)
}

// TestOffline: the home link is down. The network is offline and every
// service unknown.
func TestOffline(t *testing.T) {
	every(t, (*netlab.Lab).LinkDown, status.Offline, status.Unknown)
}

// TestCaptivePortal: DNS answers every name with the portal, which answers
// HTTP with a redirect to its login page (200); its firewall passes
// nothing else. The network is captive and every service unknown.
func TestCaptivePortal(t *testing.T) {
	every(t, (*netlab.Lab).Captive, status.Captive, status.Unknown)
}

// TestDNSDropped: the user's resolver drops every query; IP works. The
// user's DNS is broken, and every service unknown.
func TestDNSDropped(t *testing.T) {
	every(t, func(l *netlab.Lab, ctx context.Context) error { return l.SetDNS(ctx, "drop") }, status.DNSBroken, status.Unknown)
}

// TestDNSRefused: the user's resolver answers REFUSED to every query. A
// resolver that refuses every name is the user's DNS broken, not the
// services: dns_broken, every service unknown.
func TestDNSRefused(t *testing.T) {
	every(t, func(l *netlab.Lab, ctx context.Context) error { return l.SetDNS(ctx, "refuse") }, status.DNSBroken, status.Unknown)
}

// every makes the fault (nil: none), checks, and wants the network verdict
// n, every service st and no incident.
func every(t *testing.T, fault func(*netlab.Lab, context.Context) error, n status.Network, st status.Status) {
	t.Helper()
	l, ctx := newLab(t)
	if fault != nil {
		if err := fault(l, ctx); err != nil {
			t.Fatal(err)
		}
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	wantNetwork(t, res.Report, n)
	wantAll(t, res.Report, st)
	wantNoIncident(t, res.Report)
}

// TestServiceRefused: one service's host answers every connection with a
// reset. That service is down at TCP, class refused; the others are up.
func TestServiceRefused(t *testing.T) {
	oneDown(t, "Chat", func(l *netlab.Lab, ctx context.Context, svc netlab.Service) error {
		return l.Refuse(ctx, netlab.ServiceV4(svc.N), netlab.ServiceV6(svc.N))
	}, probe.ClassRefused, probe.LayerTCP)
}

// TestServiceBlackHoled: one service's addresses are dropped on the way.
// That service is down, class timeout; the network is online.
func TestServiceBlackHoled(t *testing.T) {
	oneDown(t, "Video", func(l *netlab.Lab, ctx context.Context, svc netlab.Service) error {
		return l.BlackHole(ctx, netlab.Host(netlab.ServiceV4(svc.N)), netlab.Host(netlab.ServiceV6(svc.N)))
	}, probe.ClassTimeout, probe.LayerTCP, "Web")
}

// TestService503: one service answers 503. It is down at HTTP.
func TestService503(t *testing.T) {
	oneDown(t, "Shop", func(l *netlab.Lab, ctx context.Context, svc netlab.Service) error {
		return l.SetHTTP(ctx, svc.Host(), "503")
	}, probe.ClassHTTPStatus, probe.LayerHTTP)
}

// oneDown makes the fault on one service and wants the network online,
// that service down with the components named (every one when none is)
// failing at layer with class, and every other service up.
func oneDown(t *testing.T, name string, fault func(*netlab.Lab, context.Context, netlab.Service) error, class probe.Class, layer probe.Layer, components ...string) {
	t.Helper()
	l, ctx := newLab(t)
	svc := netlab.ServiceNamed(name)
	if err := fault(l, ctx, svc); err != nil {
		t.Fatal(err)
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	wantNetwork(t, res.Report, status.Online)
	if s := service(t, res.Report, svc.Name); s.Status != status.Down {
		t.Errorf("%s", serviceLine(s))
	}
	if len(components) == 0 {
		for _, c := range svc.Components {
			components = append(components, c.Name)
		}
	}
	for _, c := range components {
		wantComponent(t, res.Report, svc.Name, c, status.Down, class, layer)
	}
	wantAll(t, res.Report, status.Up, svc.Name)
}

// TestService429: one service answers 429 (rate limited). It is up: it
// answers, it blocks the prober.
func TestService429(t *testing.T) {
	l, ctx := newLab(t)
	svc := netlab.ServiceNamed("Maps")
	if err := l.SetHTTP(ctx, svc.Host(), "429"); err != nil {
		t.Fatal(err)
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	wantNetwork(t, res.Report, status.Online)
	wantComponent(t, res.Report, svc.Name, "Web", status.Up, probe.ClassBlocked, probe.LayerHTTP)
	wantAll(t, res.Report, status.Up)
	wantNoIncident(t, res.Report)
}

// TestPathMTUBlackHole: a link on the path has an MTU of 1280 and its
// router drops the ICMP that would say so. What the user sees (the
// answer the issue calls right, asserted here): the network stays online;
// a large response never arrives, so its probe fails at HTTP or TLS with
// a timeout; probes of small packets only (TCP connects, DNS) work.
func TestPathMTUBlackHole(t *testing.T) {
	l, ctx := newLab(t)
	if err := l.PathMTU(ctx, 1280); err != nil {
		t.Fatal(err)
	}
	res := check(t, ctx, l, config(t, l, netlab.ConfigOptions{}))
	wantNetwork(t, res.Report, status.Online)
	wantComponent(t, res.Report, "Files", "Download", status.Down, probe.ClassTimeout, probe.LayerHTTP, probe.LayerTLS)
	wantComponent(t, res.Report, "Chat", "Chat", status.Up, "")
	wantComponent(t, res.Report, "Music", "Stream", status.Up, "")
	wantComponent(t, res.Report, "Names", "DNS", status.Up, "")
	t.Logf("what the user sees:\n%s", summary(res.Report))
}
