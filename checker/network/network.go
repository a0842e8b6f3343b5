// Package network answers "is it them or you?": it runs control probes
// against several independent targets and judges the user's own connection
// as online, offline, behind a captive portal, with local DNS broken, or
// degraded (it works, but slowly or losing packets, judged against the
// link's usual round trip and the recent probes' retransmissions). It also
// notices a wall-clock jump (the machine slept) so that the checks of
// the first moments after waking do not open incidents.
package network

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// Control is one control probe and what it found.
type Control struct {
	Target probe.Target
	Result probe.Result
}

// Judge decides the network verdict from the control results:
//   - captive: an HTTP control (which must answer 204) got another answer;
//   - online: a control by name worked, or one by address worked while
//     names did not all fail at DNS;
//   - dns_broken: controls by address work but every control by name
//     fails to resolve;
//   - offline: nothing worked.
func Judge(cs []Control) status.Network {
	var okIP, okName bool
	var names, namesDNSFailed int
	for _, c := range cs {
		r := c.Result
		if c.Target.Kind == probe.KindHTTP && r.Failed == probe.LayerHTTP && r.HTTPStatus != 0 {
			return status.Captive
		}
		_, err := netip.ParseAddr(c.Target.Host)
		byName := err != nil
		if byName {
			names++
			if r.Failed == probe.LayerDNS {
				namesDNSFailed++
			}
		}
		if r.OK {
			if byName {
				okName = true
			} else {
				okIP = true
			}
		}
	}
	switch {
	case okName:
		return status.Online
	case okIP && names > 0 && namesDNSFailed == names:
		return status.DNSBroken
	case okIP:
		return status.Online
	}
	return status.Offline
}

// Reason says in words why services are unknown under a network verdict.
func Reason(n status.Network) string {
	switch n {
	case status.Offline:
		return "you are offline"
	case status.Captive:
		return "a captive portal (a sign-in page) intercepts your connection"
	case status.DNSBroken:
		return "your own DNS resolver is not answering"
	case status.LinkDegraded:
		return "your connection is slow or losing packets"
	}
	return ""
}

// Reason says in words why services are unknown under v, with the link's
// figures when it is degraded.
func (v Verdict) Reason() string {
	if v.Network == status.LinkDegraded {
		if d := v.Link.Describe(); d != "" {
			return d
		}
	}
	return Reason(v.Network)
}

// Prober runs one probe; *probe.Prober satisfies it.
type Prober interface {
	Probe(ctx context.Context, t probe.Target) probe.Result
}

// Monitor runs the control probes, at most once per TTL however many
// services ask at once, and keeps what the link usually does (see Link).
type Monitor struct {
	Targets []probe.Target
	Prober  Prober
	Timeout time.Duration // bound on one round of control probes
	TTL     time.Duration // how long a verdict is reused

	mu       sync.Mutex
	last     Verdict
	inflight chan struct{}
	link     linkState
}

// Verdict is a network verdict with its evidence.
type Verdict struct {
	Network  status.Network
	At       time.Time
	Controls []Control
	Link     Link // the link's round trip and loss, as far as measured

	base status.Network // Judge's verdict on the controls, before the link's
}

// Observe notes what probes of services found about the link (their
// retransmissions), so that a verdict can tell a lossy link.
func (m *Monitor) Observe(rs []probe.Result) {
	m.link.observe(time.Now(), rs)
}

// Summary is a one-line account of the controls, for logs and evidence.
func (v Verdict) Summary() string {
	ok := 0
	for _, c := range v.Controls {
		if c.Result.OK {
			ok++
		}
	}
	s := fmt.Sprintf("network %s: %d of %d control probes worked", v.Network, ok, len(v.Controls))
	if d := v.Link.Describe(); d != "" {
		s += "; " + d
	}
	return s
}

// Check returns a verdict whose controls are no older than TTL, running
// them if needed; the link's loss is judged afresh from the latest probes
// (see Observe) at each call.
func (m *Monitor) Check(ctx context.Context) Verdict {
	v := m.controls(ctx)
	if v.base == "" { // cancelled while waiting for another run
		return v
	}
	v.Link = m.link.assessLoss(time.Now(), v.Link)
	v.Network = Assess(v.base, v.Link)
	return v
}

// controls returns the verdict of the latest run no older than TTL, or
// runs the controls, once however many ask at once.
func (m *Monitor) controls(ctx context.Context) Verdict {
	for {
		m.mu.Lock()
		if !m.last.At.IsZero() && time.Since(m.last.At) < m.TTL {
			v := m.last
			m.mu.Unlock()
			return v
		}
		if wait := m.inflight; wait != nil {
			m.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return Verdict{Network: status.Offline, At: time.Now()}
			}
		}
		done := make(chan struct{})
		m.inflight = done
		m.mu.Unlock()

		v := m.run(ctx)
		m.mu.Lock()
		m.last, m.inflight = v, nil
		m.mu.Unlock()
		close(done)
		return v
	}
}

// Run runs every control probe now, concurrently, and judges them with the
// link's round trip and loss.
func (m *Monitor) Run(ctx context.Context) Verdict {
	v := m.run(ctx)
	v.Link = m.link.assessLoss(time.Now(), v.Link)
	v.Network = Assess(v.base, v.Link)
	return v
}

// run runs the controls and judges their round trip (not yet the loss).
func (m *Monitor) run(ctx context.Context) Verdict {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cs := make([]Control, len(m.Targets))
	var wg sync.WaitGroup
	for i, t := range m.Targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cs[i] = Control{Target: t, Result: m.Prober.Probe(ctx, t)}
		}()
	}
	wg.Wait()
	now := time.Now()
	rs := make([]probe.Result, len(cs))
	for i, c := range cs {
		rs[i] = c.Result
	}
	m.link.observe(now, rs)
	base := Judge(cs)
	return Verdict{Network: base, base: base, At: now, Controls: cs, Link: m.link.assessRTT(now, cs)}
}

// Slept reports whether the wall clock moved more than twice interval past
// what was expected between two readings: the machine was suspended (the
// monotonic clock, which timers use, stops during suspend) or the clock
// jumped. prev and now must be wall-clock readings (t.Round(0)).
func Slept(prev, now time.Time, expected, interval time.Duration) bool {
	if prev.IsZero() {
		return false
	}
	off := now.Sub(prev) - expected
	return off > 2*interval || off < -2*interval
}
