// Package incident decides, check by check, when a service's trouble becomes
// an incident and when the incident ends. Step is a pure function over
// State: no clock, no I/O, so every streak can be tested step by step.
//
// A first bad check does not open an incident: it asks for quick re-checks
// (Policy.Recheck, about 5 s and 15 s later) instead of waiting a full
// interval. Policy.Fail consecutive bad checks open one, dated from the first
// of them; Policy.Recover consecutive good checks close it, dated from the
// first of those. A check whose verdict is unknown (the user's own network is
// down, or the machine just woke) moves neither streak.
//
// Fuse (fuse.go), the step after Step, folds what the world says (the
// status page, the news) into the incidents: their scope, the incident the
// world alone reports, its adoption by a probe incident; it too is pure and
// returns the writes and events for the engine to carry out.
package incident

import (
	"slices"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// Policy holds the thresholds of one service.
type Policy struct {
	Fail     int             // consecutive bad checks that open an incident (>= 1)
	Recover  int             // consecutive good checks that close it (>= 1)
	Recheck  []time.Duration // delays of quick re-checks while a streak is short of its threshold
	Interval time.Duration   // the normal delay between checks
}

// Component is what one probe found about one component in a check.
type Component struct {
	Name      string
	Status    status.Status
	Layer     string // the layer that failed, or the last reached
	Class     string // the error class
	Message   string
	LatencyMS int64
}

// Observation is one check of a service.
type Observation struct {
	At         time.Time
	Status     status.Status // the service's status; Unknown freezes the streaks
	Components []Component
	Reason     string // why the status is unknown, if it is
}

// Evidence is one failing probe, for an incident's timeline.
type Evidence struct {
	At        time.Time
	Component string
	Layer     string
	Class     string
	Message   string
	LatencyMS int64
}

// Open describes the incident in progress.
type Open struct {
	ID         int64 // the store's id, set by the caller once saved
	Start      time.Time
	Components []string // affected components, sorted
	Peak       status.Status
}

// State is a service's hysteresis state between checks.
type State struct {
	Failures  int        // consecutive bad checks
	Successes int        // consecutive good checks
	FirstBad  time.Time  // first check of the current bad streak
	FirstGood time.Time  // first check of the current good streak
	Pending   []Evidence // evidence of a bad streak that has not opened an incident yet
	Open      *Open      // the incident in progress, if any
}

// Decision is what a step asks the caller to do.
type Decision struct {
	Next      time.Duration // when to check this service again
	Opened    bool          // an incident opened (State.Open is new)
	Escalated bool          // the open incident got worse, or spread to another component
	Closed    *Closed       // the incident ended
	Evidence  []Evidence    // evidence to add to the open (or just opened) incident
}

// Closed is an incident that has just ended.
type Closed struct {
	Open
	End time.Time
}

// Step folds one observation into the state.
func Step(p Policy, s State, o Observation) (State, Decision) {
	d := Decision{Next: p.Interval}
	// Copy what Step changes, so the caller's State is never aliased.
	s.Pending = slices.Clone(s.Pending)
	if s.Open != nil {
		o := *s.Open
		o.Components = slices.Clone(o.Components)
		s.Open = &o
	}
	switch {
	case o.Status.Bad():
		s.Successes, s.FirstGood = 0, time.Time{}
		s.Failures++
		if s.Failures == 1 {
			s.FirstBad = o.At
		}
		ev := evidence(o)
		if s.Open == nil {
			s.Pending = append(s.Pending, ev...)
			if s.Failures < p.Fail {
				d.Next = recheck(p, s.Failures)
				return s, d
			}
			s.Open = &Open{Start: s.FirstBad, Peak: o.Status}
			for _, e := range s.Pending {
				s.Open.Components = addSorted(s.Open.Components, e.Component)
			}
			d.Opened, d.Evidence, s.Pending = true, s.Pending, nil
			return s, d
		}
		before := len(s.Open.Components)
		for _, e := range ev {
			s.Open.Components = addSorted(s.Open.Components, e.Component)
		}
		if o.Status.Rank() > s.Open.Peak.Rank() || len(s.Open.Components) > before {
			d.Escalated = true
		}
		s.Open.Peak = status.Worst(s.Open.Peak, o.Status)
		d.Evidence = ev
	case o.Status == status.Up:
		s.Failures, s.FirstBad, s.Pending = 0, time.Time{}, nil
		s.Successes++
		if s.Successes == 1 {
			s.FirstGood = o.At
		}
		if s.Open == nil {
			return s, d
		}
		if s.Successes < p.Recover {
			d.Next = recheck(p, s.Successes)
			return s, d
		}
		d.Closed = &Closed{Open: *s.Open, End: s.FirstGood}
		s.Open = nil
	}
	// Unknown: nothing moves; check again at the normal pace.
	return s, d
}

// recheck is the delay after the n-th check of a streak short of its threshold.
func recheck(p Policy, n int) time.Duration {
	if n >= 1 && n <= len(p.Recheck) {
		return p.Recheck[n-1]
	}
	return p.Interval
}

// evidence lists the components that were not up in o.
func evidence(o Observation) []Evidence {
	var ev []Evidence
	for _, c := range o.Components {
		if !c.Status.Bad() {
			continue
		}
		ev = append(ev, Evidence{At: o.At, Component: c.Name, Layer: c.Layer, Class: c.Class, Message: c.Message, LatencyMS: c.LatencyMS})
	}
	return ev
}

func addSorted(list []string, name string) []string {
	i, found := slices.BinarySearch(list, name)
	if found {
		return list
	}
	return slices.Insert(list, i, name)
}

// Restore rebuilds the state of a service whose incident was open when the
// agent stopped: it stays open until Recover good checks close it.
func Restore(p Policy, o Open) State {
	return State{Failures: p.Fail, FirstBad: o.Start, Open: &o}
}
