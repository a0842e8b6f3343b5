package network

import (
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// How the user's own link is judged slow or lossy. The thresholds are
// relative to what the link usually does (the baseline), so that a
// satellite or mobile link that is always slow is not "degraded", and a
// home line whose round trip jumps is.
const (
	// DefaultBaseline stands for the usual round trip before any was
	// measured (`downradar check`, the agent's first minutes).
	DefaultBaseline = 100 * time.Millisecond
	// SlowMargin is the least a round trip must exceed the baseline by to be
	// slow; the margin is twice the baseline when that is more.
	SlowMargin = 500 * time.Millisecond
	// LossWindow is how far back the probes that tell loss are counted
	// (those that worked: see linkState.observe).
	LossWindow = 2 * time.Minute
	// MinLossProbes is the fewest recent probes that can tell loss, and
	// MinLossy the fewest of them that had to resend.
	MinLossProbes = 6
	MinLossy      = 3
	// LossEnter and LossLeave are the shares of recent probes that needed
	// retransmissions over which the link is losing packets, and under
	// which it is no longer (hysteresis: a link at the edge does not flap).
	// Measured in the lab (docs/netlab.md): 20% loss on every packet makes
	// about 30% of the probes that work resend (a DNS query sent again, a
	// TCP retransmission timeout); a healthy link, idle or with the CPUs
	// busy, 0 to 1 in 20.
	LossEnter = 0.15
	LossLeave = 0.08
	// baselineRuns is how many control runs the baseline remembers, at most
	// baselineAge old.
	baselineRuns = 64
	baselineAge  = 24 * time.Hour
)

// Link is what the control probes and the recent probes say about the
// user's own connection, beyond "it works".
type Link struct {
	RTT      time.Duration `json:"rtt_ns"`      // the controls' round trip now; 0 when none worked
	Baseline time.Duration `json:"baseline_ns"` // the usual round trip: the lowest of recent runs; 0 before any
	Probes   int           `json:"probes"`      // probes in the last LossWindow
	Lossy    int           `json:"lossy"`       // of those, the ones that needed retransmissions
	Slow     bool          `json:"slow"`        // RTT over SlowAbove(Baseline)
	Losing   bool          `json:"losing"`      // Lossy/Probes over LossEnter (LossLeave once losing)
}

// Degraded reports whether the link is slow or losing packets.
func (l Link) Degraded() bool { return l.Slow || l.Losing }

// SlowAbove is the round trip over which a link whose usual round trip is
// baseline (0: unknown, DefaultBaseline) is slow: baseline plus the larger
// of SlowMargin and twice the baseline. 100 ms usual: slow over 600 ms;
// 600 ms usual (satellite): slow over 1.8 s.
func SlowAbove(baseline time.Duration) time.Duration {
	if baseline <= 0 {
		baseline = DefaultBaseline
	}
	return baseline + max(SlowMargin, 2*baseline)
}

// Losing decides loss from the recent probes, with hysteresis: lossy of
// probes over LossEnter, or over LossLeave when the link was losing
// already; never on fewer than MinLossProbes probes or MinLossy lossy ones,
// nor when the lossy probes all went to one place (one overloaded server
// is not the link).
func Losing(probes, lossy, lossyTargets int, was bool) bool {
	if probes < MinLossProbes || lossy < MinLossy || lossyTargets < 2 {
		return false
	}
	share := float64(lossy) / float64(probes)
	if was {
		return share >= LossLeave
	}
	return share >= LossEnter
}

// Assess refines a base verdict (Judge's) with the link: a connection that
// works but is slow or losing packets is Degraded.
func Assess(base status.Network, l Link) status.Network {
	if base == status.Online && l.Degraded() {
		return status.LinkDegraded
	}
	return base
}

// controlRTT is the controls' round trip: the fastest TCP connect (or, for
// a DNS control, lookup) among the controls that worked without
// retransmissions, or among all that worked when each needed some; 0 when
// none worked.
func controlRTT(cs []Control) time.Duration {
	var clean, any time.Duration
	for _, c := range cs {
		r := c.Result
		if !r.OK {
			continue
		}
		rtt := r.Timings.Connect
		if c.Target.Kind == probe.KindDNS {
			rtt = r.Timings.Resolve
		}
		if rtt <= 0 {
			continue // an address literal's DNS, a proxy's connect
		}
		if any == 0 || rtt < any {
			any = rtt
		}
		if r.Retransmits == 0 && (clean == 0 || rtt < clean) {
			clean = rtt
		}
	}
	if clean > 0 {
		return clean
	}
	return any
}

// linkState is the Monitor's memory of the link: recent probes for loss,
// recent control round trips for the baseline. Safe for concurrent use.
type linkState struct {
	mu     sync.Mutex
	seed   maphash.Seed
	probes [256]probeSample // a ring; older than LossWindow is ignored
	next   int
	rtts   [baselineRuns]rttSample // a ring of control runs' round trips
	rnext  int
	losing bool // the last verdict said losing
}

type probeSample struct {
	at     time.Time
	target uint64 // a hash of the probe's target
	lossy  bool
}

type rttSample struct {
	at  time.Time
	rtt time.Duration
}

func (s *linkState) observe(now time.Time, rs []probe.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seed == (maphash.Seed{}) {
		s.seed = maphash.MakeSeed()
	}
	for _, r := range rs {
		if !r.OK {
			// A probe that failed tells nothing of loss: its queries and
			// SYNs sent again were as likely lost to an outage (the link
			// down, a black hole) as on the way; counted, they made a link
			// just back from an outage "losing packets".
			continue
		}
		s.probes[s.next] = probeSample{at: now, target: maphash.String(s.seed, r.Target), lossy: r.Retransmits > 0}
		s.next = (s.next + 1) % len(s.probes)
	}
}

// assessRTT judges the round trip from a run's controls against the
// baseline of earlier runs, then remembers this run's for later baselines.
func (s *linkState) assessRTT(now time.Time, cs []Control) Link {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := Link{RTT: controlRTT(cs)}
	for _, r := range s.rtts {
		if r.rtt > 0 && now.Sub(r.at) < baselineAge && (l.Baseline == 0 || r.rtt < l.Baseline) {
			l.Baseline = r.rtt
		}
	}
	l.Slow = l.RTT > SlowAbove(l.Baseline)
	if l.RTT > 0 {
		s.rtts[s.rnext] = rttSample{at: now, rtt: l.RTT}
		s.rnext = (s.rnext + 1) % len(s.rtts)
	}
	return l
}

// assessLoss fills in l's loss from the probes of the last LossWindow.
func (s *linkState) assessLoss(now time.Time, l Link) Link {
	s.mu.Lock()
	defer s.mu.Unlock()
	l.Probes, l.Lossy = 0, 0
	targets := map[uint64]bool{}
	for _, p := range s.probes {
		if p.at.IsZero() || now.Sub(p.at) > LossWindow {
			continue
		}
		l.Probes++
		if p.lossy {
			l.Lossy++
			targets[p.target] = true
		}
	}
	l.Losing = Losing(l.Probes, l.Lossy, len(targets), s.losing)
	s.losing = l.Losing
	return l
}

// Describe says in words how the link is degraded, with the figures: the
// round trip against the usual one (or against the threshold, before the
// usual one is known) and the share of recent checks that had to resend.
func (l Link) Describe() string {
	rtt := "round trip " + roundMS(l.RTT) + ", usually " + roundMS(l.Baseline)
	if l.Baseline <= 0 {
		rtt = "round trip " + roundMS(l.RTT) + ", over " + roundMS(SlowAbove(0))
	}
	loss := fmt.Sprintf("%d of %d recent checks had to resend", l.Lossy, l.Probes)
	switch {
	case l.Slow && l.Losing:
		return "your connection is slow and losing packets (" + rtt + "; " + loss + ")"
	case l.Slow:
		return "your connection is slow (" + rtt + ")"
	case l.Losing:
		return "your connection is losing packets (" + loss + ")"
	}
	return ""
}

func roundMS(d time.Duration) string {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}
