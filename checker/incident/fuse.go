package incident

import (
	"slices"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// The fusion of a service's probes with what the world (its status page,
// the news) says of it, as a pure step beside Step: Fuse takes the state
// and what one check brought, and returns the new state and the actions
// (writes to the history, events) for the caller to carry out, in order.
//
//   - While a probe incident is open, its scope is "from here" until the
//     world reports the outage too, then "confirmed" for good; what the world
//     says joins its timeline.
//   - While the probes succeed and the world reports an outage, an incident
//     "reported elsewhere" is open, with that evidence; it ends once the
//     world has been quiet for the caller's quiet period.
//   - If the probes then fail, the probe incident takes that incident over
//     (it adopts it): one incident, confirmed, dated from the first report.
//   - What the world said before an incident ended was about that one: it
//     opens no new incident.

// World is what the status page and the news say of a service at one
// check. A caller with no such sources passes a nil World to Fuse.
type World interface {
	// Reports says whether the world reports an outage now.
	Reports() bool
	// ReportsSince is Reports counting only what was said after t.
	ReportsSince(t time.Time) bool
	// Peak is how bad the world says it is.
	Peak() status.Status
	// FirstReport is when the world first reported the outage, at most now.
	FirstReport(now time.Time) time.Time
	// Components are the components the status page names as affected.
	Components() []string
}

// Fusion is a service's fusion state between checks.
type Fusion struct {
	Scope      history.Scope     // of the open probe incident; "" when none is open
	Ext        *history.Incident // an incident only the world reports, open (its Service left to the caller)
	QuietSince time.Time         // when the world went quiet about Ext
	After      time.Time         // when the last incident ended
}

// Target is the incident an action is about.
type Target int

// The targets.
const (
	TargetProbe Target = iota // the probe incident (State.Open, or the one just closed)
	TargetExt                 // the incident only the world reports (Fusion.Ext, or the one just ended)
)

// ActionKind is what an action asks for.
type ActionKind int

// The kinds of action.
const (
	// ActOpen writes Incident as a new incident; the caller sets the id it
	// gets on the target in the returned state (State.Open.ID, Fusion.Ext.ID)
	// and uses it for the later actions on that target whose Incident.ID is 0.
	ActOpen     ActionKind = iota
	ActUpdate              // write Incident over its incident
	ActEvidence            // add Evidence (the probes') to the target's timeline
	ActAttach              // add what the world said since Since to the target's timeline
	ActEmit                // tell of Event, about Incident
)

// Event is what an ActEmit tells of.
type Event int

// The events.
const (
	Opened Event = iota
	Escalated
	Confirmed
	Resolved
)

// Action is one thing for the caller to do.
type Action struct {
	Kind     ActionKind
	Target   Target
	Incident history.Incident // ActOpen, ActUpdate, ActEmit; ID 0 for one this step opens, Service left to the caller
	Evidence []Evidence       // ActEvidence
	Since    time.Time        // ActAttach
	Event    Event            // ActEmit
}

// Fuse folds one check, already folded into the probe state by Step (s and
// d are Step's results, o its observation), and the world's view w (nil:
// no status page nor news) into the fusion state f. window is how far
// before an incident's start what the world said joins its timeline;
// quiet how long the world must be quiet before an incident it alone
// reported ends.
func Fuse(f Fusion, s State, d Decision, o Observation, w World, window, quiet time.Duration) (Fusion, State, []Action) {
	if s.Open != nil { // copy what Fuse changes
		open := *s.Open
		s.Open = &open
	}
	if f.Ext != nil {
		ext := *f.Ext
		f.Ext = &ext
	}
	var acts []Action
	act := func(a Action) { acts = append(acts, a) }
	probe := func(open Open) history.Incident {
		return history.Incident{ID: open.ID, Start: open.Start, Components: slices.Clone(open.Components), Peak: open.Peak, Scope: f.Scope}
	}
	// The probe incident.
	switch {
	case d.Opened:
		f.Scope = scopeOf(f.Scope, w)
		if f.Ext != nil { // adopt the incident the world was reporting
			s.Open.ID = f.Ext.ID
			if f.Ext.Start.Before(s.Open.Start) {
				s.Open.Start = f.Ext.Start
			}
			f.Ext, f.QuietSince = nil, time.Time{}
			act(Action{Kind: ActUpdate, Target: TargetProbe, Incident: probe(*s.Open)})
		} else {
			act(Action{Kind: ActOpen, Target: TargetProbe, Incident: probe(*s.Open)})
		}
		if len(d.Evidence) > 0 {
			act(Action{Kind: ActEvidence, Target: TargetProbe, Evidence: d.Evidence})
		}
		act(Action{Kind: ActEmit, Target: TargetProbe, Event: Opened, Incident: probe(*s.Open)})
	case s.Open != nil:
		if len(d.Evidence) > 0 {
			act(Action{Kind: ActEvidence, Target: TargetProbe, Evidence: d.Evidence})
		}
		if d.Escalated {
			act(Action{Kind: ActUpdate, Target: TargetProbe, Incident: probe(*s.Open)})
			act(Action{Kind: ActEmit, Target: TargetProbe, Event: Escalated, Incident: probe(*s.Open)})
		}
	case d.Closed != nil:
		r := probe(d.Closed.Open)
		r.End = d.Closed.End
		act(Action{Kind: ActUpdate, Target: TargetProbe, Incident: r})
		act(Action{Kind: ActEmit, Target: TargetProbe, Event: Resolved, Incident: r})
	}
	if w == nil {
		return f, s, acts
	}
	// What the world says.
	switch {
	case s.Open != nil:
		if scope := scopeOf(f.Scope, w); scope != f.Scope {
			f.Scope = scope
			act(Action{Kind: ActUpdate, Target: TargetProbe, Incident: probe(*s.Open)})
			act(Action{Kind: ActEmit, Target: TargetProbe, Event: Confirmed, Incident: probe(*s.Open)})
		}
		act(Action{Kind: ActAttach, Target: TargetProbe, Since: s.Open.Start.Add(-window)})
	case d.Closed != nil:
		f.Scope, f.After = "", o.At
	case f.Ext != nil:
		if w.Reports() {
			f.QuietSince = time.Time{}
			act(Action{Kind: ActAttach, Target: TargetExt, Since: f.Ext.Start.Add(-window)})
			if peak := w.Peak(); peak.Rank() > f.Ext.Peak.Rank() {
				f.Ext.Peak = peak
				act(Action{Kind: ActUpdate, Target: TargetExt, Incident: *f.Ext})
				act(Action{Kind: ActEmit, Target: TargetExt, Event: Escalated, Incident: *f.Ext})
			}
			break
		}
		if f.QuietSince.IsZero() {
			f.QuietSince = o.At
		}
		if o.At.Sub(f.QuietSince) >= quiet {
			ended := *f.Ext
			ended.End = f.QuietSince
			f.Ext, f.QuietSince, f.After = nil, time.Time{}, o.At
			act(Action{Kind: ActUpdate, Target: TargetExt, Incident: ended})
			act(Action{Kind: ActEmit, Target: TargetExt, Event: Resolved, Incident: ended})
		}
	case o.Status == status.Up && w.ReportsSince(f.After):
		ext := history.Incident{Start: w.FirstReport(o.At), Components: w.Components(), Peak: w.Peak(), Scope: history.ScopeElsewhere}
		f.Ext, f.QuietSince = &ext, time.Time{}
		act(Action{Kind: ActOpen, Target: TargetExt, Incident: ext})
		act(Action{Kind: ActAttach, Target: TargetExt, Since: ext.Start.Add(-window)})
		act(Action{Kind: ActEmit, Target: TargetExt, Event: Opened, Incident: ext})
	}
	return f, s, acts
}

// scopeOf is the scope of the open probe incident after a check: Confirmed
// once the world has reported the outage, for good.
func scopeOf(was history.Scope, w World) history.Scope {
	if was == history.ScopeConfirmed || (w != nil && w.Reports()) {
		return history.ScopeConfirmed
	}
	return history.ScopeFromHere
}
