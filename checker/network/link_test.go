package network

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

func TestSlowAbove(t *testing.T) {
	for _, c := range []struct{ base, want time.Duration }{
		{0, 600 * time.Millisecond}, // unknown: DefaultBaseline 100 ms + 500 ms
		{20 * time.Millisecond, 520 * time.Millisecond},
		{250 * time.Millisecond, 750 * time.Millisecond},
		{600 * time.Millisecond, 1800 * time.Millisecond}, // satellite: 3 × its usual
	} {
		if got := SlowAbove(c.base); got != c.want {
			t.Errorf("SlowAbove(%v) = %v, want %v", c.base, got, c.want)
		}
	}
}

func TestLosing(t *testing.T) {
	for _, c := range []struct {
		probes, lossy, targets int
		was, want              bool
	}{
		{20, 10, 5, false, true},  // half resent: losing
		{20, 3, 3, false, true},   // 15%: the threshold
		{40, 5, 4, false, false},  // 12.5%: not yet
		{40, 5, 4, true, true},    // but it stays losing until under 8%
		{40, 3, 3, true, false},   // 7.5%: no longer
		{20, 19, 1, false, false}, // all from one place: that server, not the link
		{5, 5, 5, false, false},   // too few probes to tell
		{10, 2, 2, false, false},  // 20%, but two probes are not enough
		{0, 0, 0, true, false},
	} {
		if got := Losing(c.probes, c.lossy, c.targets, c.was); got != c.want {
			t.Errorf("Losing(%d probes, %d lossy, %d targets, was %v) = %v, want %v", c.probes, c.lossy, c.targets, c.was, got, c.want)
		}
	}
}

func TestControlRTT(t *testing.T) {
	tcp, name := target(t, "tcp://192.0.2.1:443"), target(t, "dns://example.org")
	conn := func(d time.Duration, resent int) probe.Result {
		return probe.Result{OK: true, Retransmits: resent, Timings: probe.Timings{Connect: d}}
	}
	look := probe.Result{OK: true, Timings: probe.Timings{Resolve: 30 * time.Millisecond}}
	for _, c := range []struct {
		name string
		cs   []Control
		want time.Duration
	}{
		{"fastest clean", []Control{{tcp, conn(80*time.Millisecond, 0)}, {name, look}}, 30 * time.Millisecond},
		{"a resent one is not a round trip", []Control{{tcp, conn(10*time.Millisecond, 1)}, {tcp, conn(90*time.Millisecond, 0)}}, 90 * time.Millisecond},
		{"all resent: the fastest", []Control{{tcp, conn(1100*time.Millisecond, 1)}, {tcp, conn(1050*time.Millisecond, 2)}}, 1050 * time.Millisecond},
		{"failed ones do not count", []Control{{tcp, probe.Result{Timings: probe.Timings{Connect: time.Millisecond}}}}, 0},
	} {
		if got := controlRTT(c.cs); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		l    Link
		want string
	}{
		{Link{}, ""},
		{Link{RTT: 1600 * time.Millisecond, Baseline: 40 * time.Millisecond, Slow: true}, "your connection is slow (round trip 1.6s, usually 40ms)"},
		{Link{RTT: 1600 * time.Millisecond, Slow: true}, "your connection is slow (round trip 1.6s, over 600ms)"},
		{Link{Probes: 30, Lossy: 12, Losing: true}, "your connection is losing packets (12 of 30 recent checks had to resend)"},
		{Link{RTT: 900 * time.Millisecond, Baseline: 50 * time.Millisecond, Slow: true, Probes: 8, Lossy: 4, Losing: true},
			"your connection is slow and losing packets (round trip 900ms, usually 50ms; 4 of 8 recent checks had to resend)"},
	} {
		if got := c.l.Describe(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.l, got, c.want)
		}
	}
}

// scriptedProber answers each target with the result set for it.
type scriptedProber struct {
	mu  sync.Mutex
	res map[string]probe.Result
}

func (p *scriptedProber) Probe(_ context.Context, t probe.Target) probe.Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.res[t.Raw]
	r.Target, r.Attempts = t.Raw, 1
	return r
}

func (p *scriptedProber) set(raw string, r probe.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.res[raw] = r
}

// The monitor learns the usual round trip from its runs: the same 700 ms
// is slow after runs at 40 ms, and not slow on a link that was always so.
func TestMonitorSlowAgainstBaseline(t *testing.T) {
	const raw = "tcp://192.0.2.1:443"
	connect := func(d time.Duration) probe.Result {
		return probe.Result{OK: true, Reached: probe.LayerTCP, Timings: probe.Timings{Connect: d}}
	}
	p := &scriptedProber{res: map[string]probe.Result{raw: connect(40 * time.Millisecond)}}
	m := &Monitor{Targets: []probe.Target{target(t, raw)}, Prober: p}
	if v := m.Run(context.Background()); v.Network != status.Online || v.Link.RTT != 40*time.Millisecond || v.Link.Baseline != 0 {
		t.Fatalf("first run: %s, link %+v", v.Network, v.Link)
	}
	p.set(raw, connect(700*time.Millisecond))
	v := m.Run(context.Background())
	if v.Network != status.LinkDegraded || !v.Link.Slow || v.Link.Baseline != 40*time.Millisecond {
		t.Fatalf("700 ms after 40 ms: %s, link %+v; want degraded, slow", v.Network, v.Link)
	}
	if r := v.Reason(); r != "your connection is slow (round trip 700ms, usually 40ms)" {
		t.Errorf("reason %q", r)
	}

	always := &Monitor{Targets: []probe.Target{target(t, raw)}, Prober: &scriptedProber{res: map[string]probe.Result{raw: connect(600 * time.Millisecond)}}}
	always.Run(context.Background())
	if v := always.Run(context.Background()); v.Network != status.Online || v.Link.Slow {
		t.Errorf("a link always at 600 ms: %s, link %+v; want online", v.Network, v.Link)
	}
}

// Loss is read from the probes the engine observed, afresh at each Check
// even while the controls' verdict is reused.
func TestMonitorLossFromObservedProbes(t *testing.T) {
	const raw = "tcp://192.0.2.1:443"
	p := &scriptedProber{res: map[string]probe.Result{raw: {OK: true, Timings: probe.Timings{Connect: 30 * time.Millisecond}}}}
	m := &Monitor{Targets: []probe.Target{target(t, raw)}, Prober: p, TTL: time.Hour}
	if v := m.Check(context.Background()); v.Network != status.Online {
		t.Fatalf("clean: %s", v.Network)
	}
	var rs []probe.Result
	for i := range 8 {
		rs = append(rs, probe.Result{OK: true, Attempts: 1, Target: fmt.Sprintf("tcp://s%d.test:443", i), Retransmits: i % 2})
	}
	var failed []probe.Result // an outage's probes sent everything again, and failed: not loss
	for i := range 20 {
		failed = append(failed, probe.Result{Attempts: 1, Target: fmt.Sprintf("tcp://s%d.test:443", i), Retransmits: 3, Class: probe.ClassDNSTimeout})
	}
	m.Observe(failed)
	if v := m.Check(context.Background()); v.Network != status.Online || v.Link.Probes != 1 {
		t.Fatalf("after failed probes: %s, link %+v; want online, only the control counted", v.Network, v.Link)
	}
	m.Observe(rs) // 4 of 8 resent, from 4 places
	v := m.Check(context.Background())
	if v.Network != status.LinkDegraded || !v.Link.Losing || v.Link.Probes != 9 || v.Link.Lossy != 4 {
		t.Fatalf("after lossy probes: %s, link %+v; want degraded, 4 of 9 lossy", v.Network, v.Link)
	}
	clean := make([]probe.Result, 50)
	for i := range clean {
		clean[i] = probe.Result{OK: true, Attempts: 1, Target: fmt.Sprintf("tcp://s%d.test:443", i%8)}
	}
	m.Observe(clean) // 4 of 59: under LossLeave
	if v := m.Check(context.Background()); v.Network != status.Online || v.Link.Losing {
		t.Errorf("after clean probes: %s, link %+v; want online", v.Network, v.Link)
	}
}
