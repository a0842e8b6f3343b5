package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// scripted is a prober whose results the test sets per probe URL, as a
// link would make them: slow, lossy, or gone.
type scripted struct {
	mu  sync.Mutex
	res map[string]probe.Result
}

func (s *scripted) set(raw string, r probe.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Target, r.Attempts = raw, 1
	s.res[raw] = r
}

func (s *scripted) Probe(_ context.Context, t probe.Target) probe.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.res[t.Raw]
	if !ok {
		panic("no result scripted for " + t.Raw)
	}
	return r
}

var (
	fine    = probe.Result{OK: true, Reached: probe.LayerTCP, Timings: probe.Timings{Connect: 20 * time.Millisecond, Total: 20 * time.Millisecond}}
	resent  = probe.Result{OK: true, Reached: probe.LayerTCP, Retransmits: 1, Timings: probe.Timings{Connect: time.Second, Total: time.Second}}
	slowly  = probe.Result{OK: true, Reached: probe.LayerHTTP, Slow: true, Class: probe.ClassSlow, Timings: probe.Timings{Connect: 1600 * time.Millisecond, Total: 6 * time.Second}}
	late    = probe.Result{Failed: probe.LayerTLS, Reached: probe.LayerTCP, Class: probe.ClassTimeout, Message: "timeout"}
	refusal = probe.Result{Failed: probe.LayerTCP, Reached: probe.LayerDNS, Class: probe.ClassRefused, Message: "refused"}
	cut     = probe.Result{Failed: probe.LayerTCP, Class: probe.ClassUnreachable, Message: "network is unreachable"}
)

const ctrlTCP, ctrlDNS = "tcp://192.0.2.1:443", "dns://control.test"

// scriptedConfig watches n services (S1..Sn, one tcp component each) with
// two controls, and scripts every probe to work.
func scriptedConfig(t *testing.T, n int) (*config.Config, *scripted) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "catalog = false\ntimeout = \"1s\"\n[thresholds]\nrecheck = [\"10ms\", \"20ms\"]\n[network]\ncontrol = [%q, %q]\n", ctrlTCP, ctrlDNS)
	p := &scripted{res: map[string]probe.Result{}}
	p.set(ctrlTCP, fine)
	p.set(ctrlDNS, probe.Result{OK: true, Reached: probe.LayerDNS, Timings: probe.Timings{Resolve: 20 * time.Millisecond}})
	for i := 1; i <= n; i++ {
		raw := fmt.Sprintf("tcp://s%d.test:443", i)
		fmt.Fprintf(&b, "[[service]]\nname = \"S%d\"\n  [[service.component]]\n  name = \"Chat\"\n  probe = %q\n", i, raw)
		p.set(raw, fine)
	}
	c, err := config.Parse("test.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return c, p
}

func svcProbe(i int) string { return fmt.Sprintf("tcp://s%d.test:443", i) }

func byName(rep Report) map[string]ServiceReport {
	m := map[string]ServiceReport{}
	for _, s := range rep.Services {
		m[s.Name] = s
	}
	return m
}

// A link that loses packets: most probes had to resend. A service whose
// probe timed out is unknown ("losing packets"), not down; one that said
// no itself (refused) is still down.
func TestLossyLinkExcusesTimeouts(t *testing.T) {
	cfg, p := scriptedConfig(t, 6)
	p.set(ctrlTCP, resent)
	for i := 1; i <= 6; i++ {
		p.set(svcProbe(i), resent)
	}
	p.set(svcProbe(1), late)
	p.set(svcProbe(2), refusal)
	rep := New(Options{Config: cfg, Prober: p, Logf: t.Logf}).Check(context.Background(), cfg.Services)
	if rep.Network != status.LinkDegraded || !rep.Link.Losing || !strings.Contains(rep.NetworkReason, "losing packets") {
		t.Fatalf("network %s (%q), link %+v; want degraded, losing packets", rep.Network, rep.NetworkReason, rep.Link)
	}
	s := byName(rep)
	if got := s["S1"]; got.Status != status.Unknown || got.Incident || !strings.Contains(got.Reason, "losing packets") {
		t.Errorf("S1 timed out on a lossy link: %s %q incident=%v; want unknown, losing packets, no incident", got.Status, got.Reason, got.Incident)
	}
	if got := s["S2"]; got.Status != status.Down || !got.Incident {
		t.Errorf("S2 refused: %s incident=%v; want down: a refusal is the service's own answer", got.Status, got.Incident)
	}
	if got := s["S3"]; got.Status != status.Up {
		t.Errorf("S3 worked after resending: %s; want up", got.Status)
	}
}

// The same timeout on a clean link is the service's: down, an incident.
func TestCleanLinkBlamesTimeouts(t *testing.T) {
	cfg, p := scriptedConfig(t, 6)
	p.set(svcProbe(1), late)
	rep := New(Options{Config: cfg, Prober: p, Logf: t.Logf}).Check(context.Background(), cfg.Services)
	if rep.Network != status.Online || rep.Link.Losing || rep.Link.Slow {
		t.Fatalf("network %s, link %+v; want online", rep.Network, rep.Link)
	}
	if got := byName(rep)["S1"]; got.Status != status.Down || !got.Incident {
		t.Errorf("S1 timed out on a clean link: %s incident=%v; want down, incident", got.Status, got.Incident)
	}
}

// A link whose round trip jumped: controls connect in 1.6 s. Services that
// work slowly are up, not degraded, and open nothing.
func TestSlowLinkExcusesSlowness(t *testing.T) {
	cfg, p := scriptedConfig(t, 3)
	p.set(ctrlTCP, slowly)
	p.set(ctrlDNS, probe.Result{OK: true, Reached: probe.LayerDNS, Timings: probe.Timings{Resolve: 1600 * time.Millisecond}})
	for i := 1; i <= 3; i++ {
		p.set(svcProbe(i), slowly)
	}
	rep := New(Options{Config: cfg, Prober: p, Logf: t.Logf}).Check(context.Background(), cfg.Services)
	if rep.Network != status.LinkDegraded || !rep.Link.Slow || !strings.Contains(rep.NetworkReason, "slow") {
		t.Fatalf("network %s (%q), link %+v; want degraded, slow", rep.Network, rep.NetworkReason, rep.Link)
	}
	for _, s := range rep.Services {
		if s.Status != status.Up || s.Incident {
			t.Errorf("%s: %s incident=%v; want up: the link is slow, not the service", s.Name, s.Status, s.Incident)
		}
	}
}

// excuse is pure: what each kind of component becomes on a degraded link.
func TestExcuse(t *testing.T) {
	v := network.Verdict{Network: status.LinkDegraded, Link: network.Link{Losing: true, Probes: 10, Lossy: 5}}
	cases := []struct {
		name string
		res  []probe.Result
		st   []status.Status
		want status.Status
	}{
		{"timeout", []probe.Result{late}, []status.Status{status.Down}, status.Unknown},
		{"dns timeout", []probe.Result{{Failed: probe.LayerDNS, Class: probe.ClassDNSTimeout}}, []status.Status{status.Down}, status.Unknown},
		{"slow", []probe.Result{slowly}, []status.Status{status.Degraded}, status.Up},
		{"refused", []probe.Result{refusal}, []status.Status{status.Down}, status.Down},
		{"503 beside a timeout", []probe.Result{{Failed: probe.LayerHTTP, Class: probe.ClassHTTPStatus}, late}, []status.Status{status.Down, status.Down}, status.Down},
		{"up beside a timeout", []probe.Result{fine, late}, []status.Status{status.Up, status.Down}, status.Up},
	}
	for _, c := range cases {
		var o observation
		o.Results = c.res
		for i, st := range c.st {
			o.Components = append(o.Components, incidentComponent(fmt.Sprint(i), st))
		}
		o.Status = status.Combine(c.st)
		o.excuse(v)
		if o.Status != c.want {
			t.Errorf("%s: %s, want %s", c.name, o.Status, c.want)
		}
		if c.want != c.st[0] && c.want != status.Down && o.Reason != v.Reason() {
			t.Errorf("%s: reason %q, want the link's", c.name, o.Reason)
		}
	}
}

// The agent and headless log each change of the network once, and tell it
// as an event: offline, then back online when a service answers again.
func TestNetworkChangesToldOnce(t *testing.T) {
	cfg, p := scriptedConfig(t, 2)
	cfg.Interval = 50 * time.Millisecond
	for i := range cfg.Services {
		cfg.Services[i].Interval = cfg.Interval
	}
	var logMu sync.Mutex
	var lines []string
	logf := func(f string, a ...any) {
		logMu.Lock()
		lines = append(lines, fmt.Sprintf(f, a...))
		logMu.Unlock()
	}
	ev := newEvents()
	// Offline: every probe fails to leave the machine.
	for _, raw := range []string{ctrlTCP, ctrlDNS, svcProbe(1), svcProbe(2)} {
		p.set(raw, cut)
	}
	start(t, Options{Config: cfg, Prober: p, OnEvent: ev.add, Logf: logf, NetTTL: time.Millisecond})
	off := ev.wait(t, history.EventNetwork, "", 5*time.Second)
	if off.Network != status.Offline || off.Reason != "you are offline" {
		t.Fatalf("first network event %+v; want offline", off)
	}
	// Several more offline checks tell nothing new.
	for range 3 {
		ev.waitNext(t, history.EventChecked, "S1", 5*time.Second)
	}
	// Back: the probes work again.
	for _, raw := range []string{ctrlTCP, svcProbe(1), svcProbe(2)} {
		p.set(raw, fine)
	}
	p.set(ctrlDNS, probe.Result{OK: true, Reached: probe.LayerDNS, Timings: probe.Timings{Resolve: 20 * time.Millisecond}})
	ev.waitFor(t, 5*time.Second, func(e history.Event) bool { return e.Kind == history.EventNetwork && e.Network == status.Online })
	if n := ev.count(history.EventNetwork, ""); n != 2 {
		t.Errorf("%d network events; want 2 (offline, online)", n)
	}
	logMu.Lock()
	defer logMu.Unlock()
	var told []string
	for _, l := range lines {
		if strings.HasPrefix(l, "network: ") {
			told = append(told, l)
		}
	}
	if want := []string{"network: offline (you are offline)", "network: online"}; strings.Join(told, "|") != strings.Join(want, "|") {
		t.Errorf("logged %q; want %q", told, want)
	}
}

func incidentComponent(name string, st status.Status) incident.Component {
	return incident.Component{Name: name, Status: st}
}

// Behind a captive portal only a verified TLS handshake proves a service
// answered: a name that resolves (to the portal), a port it accepts and a
// plain HTTP page (its sign-in page) are unknown, not up.
func TestCaptivePortalDistrustsPlainProbes(t *testing.T) {
	const portal204 = "http://portal-check.test/generate_204"
	doc := fmt.Sprintf(`catalog = false
timeout = "1s"
[network]
control = [%q, %q]
[[service]]
name = "Names"
  [[service.component]]
  name = "DNS"
  probe = "dns://names.test"
  [[service.component]]
  name = "Web"
  probe = "http://names.test/"
[[service]]
name = "Chat"
  [[service.component]]
  name = "Chat"
  probe = "tcp://chat.test:5222"
[[service]]
name = "Mail"
  [[service.component]]
  name = "TLS"
  probe = "tls://mail.test:443"
`, ctrlTCP, portal204)
	cfg, err := config.Parse("test.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	p := &scripted{res: map[string]probe.Result{}}
	p.set(ctrlTCP, fine)
	p.set(portal204, probe.Result{Reached: probe.LayerHTTP, Failed: probe.LayerHTTP, Class: probe.ClassHTTPStatus, HTTPStatus: 200})
	p.set("dns://names.test", probe.Result{OK: true, Reached: probe.LayerDNS})
	p.set("http://names.test/", probe.Result{OK: true, Reached: probe.LayerHTTP, HTTPStatus: 200})
	p.set("tcp://chat.test:5222", fine)
	p.set("tls://mail.test:443", probe.Result{OK: true, Reached: probe.LayerTLS})

	// downradar check: the round's verdict is captive.
	rep := New(Options{Config: cfg, Prober: p, Logf: t.Logf}).Check(context.Background(), cfg.Services)
	if rep.Network != status.Captive {
		t.Fatalf("network %s; want captive", rep.Network)
	}
	want := map[string]status.Status{"Names": status.Unknown, "Chat": status.Unknown, "Mail": status.Up}
	for name, st := range want {
		if got := byName(rep)[name]; got.Status != st || (st == status.Unknown && got.Reason != network.Reason(status.Captive)) {
			t.Errorf("check: %s %s %q; want %s", name, got.Status, got.Reason, st)
		}
	}

	// The agent: once the network is known captive, each check says so.
	cfg.Interval = 50 * time.Millisecond
	for i := range cfg.Services {
		cfg.Services[i].Interval = cfg.Interval
	}
	p.set("tls://mail.test:443", probe.Result{Failed: probe.LayerTLS, Reached: probe.LayerTCP, Class: probe.ClassCertMismatch})
	ev := newEvents()
	start(t, Options{Config: cfg, Prober: p, OnEvent: ev.add, Logf: t.Logf, NetTTL: time.Millisecond})
	ev.waitFor(t, 5*time.Second, func(e history.Event) bool { return e.Kind == history.EventNetwork && e.Network == status.Captive })
	ev.waitNext(t, history.EventChecked, "Names", 5*time.Second)
	got := ev.waitFor(t, 5*time.Second, func(e history.Event) bool {
		return e.Kind == history.EventChecked && e.Service == "Names" && e.Status != status.Up
	})
	if got.Status != status.Unknown {
		t.Errorf("agent: Names %s behind the portal; want unknown", got.Status)
	}
	if n := ev.count(history.EventOpened, ""); n != 0 {
		t.Errorf("%d incidents opened behind a captive portal", n)
	}
}
