package engine

import (
	"context"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
)

// outside is one service's fusion of its probes with what the world says
// (status page, news), owned by the service's loop: the pure state that
// incident.Fuse steps (its rules are there), and which of the world's
// evidence an incident's timeline already holds.
type outside struct {
	fusion     incident.Fusion
	attachedID int64           // the incident attached describes
	attached   map[string]bool // radar.EvidenceKey of what its timeline holds
}

// view is the radar's view of a service; empty without a radar.
func (e *Engine) view(service string) radar.View {
	if e.opts.Radar == nil {
		return radar.View{}
	}
	return e.opts.Radar.View(service)
}

// settle carries a check's consequences out after incident.Step: the check
// is queued for the store, incident.Fuse says what becomes of the incidents,
// and its actions are applied here, in one place, in order: the writes to
// the history first, then the check's event and the incidents' events.
// A store error is logged, not fatal: the checks go on and what is stored
// stays.
func (e *Engine) settle(ctx context.Context, svc config.Service, o observation, st incident.State, d incident.Decision, out *outside) incident.State {
	e.queueCheck(svc, o)
	v := e.view(svc.Name)
	var w incident.World
	if e.opts.Radar != nil {
		w = worldView{v}
	}
	f, st, acts := incident.Fuse(out.fusion, st, d, o.Observation, w, e.cfg.News.Window, e.quietFor())
	// The ids of the incidents the actions are about; an incident this
	// check opens gets its id from its write.
	var ids [2]int64
	if st.Open != nil {
		ids[incident.TargetProbe] = st.Open.ID
	}
	if f.Ext != nil {
		ids[incident.TargetExt] = f.Ext.ID
	}
	// incidentOf is the incident an action writes or tells of, whole.
	incidentOf := func(a incident.Action) history.Incident {
		inc := a.Incident
		if inc.ID == 0 {
			inc.ID = ids[a.Target]
		}
		inc.Service = svc.Name
		if inc.Scope == "" {
			inc.Scope = history.ScopeFromHere
		}
		return inc
	}
	var events []history.Event
apply:
	for _, a := range acts {
		switch a.Kind {
		case incident.ActOpen:
			if e.store == nil {
				continue
			}
			inc := incidentOf(a)
			// A refused write leaves a provisional id, saved later.
			id, _ := e.journal.openIncident(ctx, &inc)
			if id == 0 && a.Target == incident.TargetExt {
				f.Ext = nil // the engine is stopping
				break apply
			}
			ids[a.Target] = id
			if a.Target == incident.TargetProbe {
				st.Open.ID = id
			} else {
				f.Ext.ID = id
			}
		case incident.ActUpdate:
			if e.store != nil {
				e.journal.updateIncident(ctx, incidentOf(a))
			}
		case incident.ActEvidence:
			e.addEvidence(ctx, ids[a.Target], a.Evidence)
		case incident.ActAttach:
			e.attach(ctx, ids[a.Target], v, a.Since, out)
		case incident.ActEmit:
			events = append(events, history.Event{Kind: eventKinds[a.Event], Service: svc.Name, Status: o.Status, Incident: incidentOf(a)})
		}
	}
	out.fusion = f
	e.mu.Lock()
	e.states[svc.Name] = serviceState{obs: o.Observation, state: st, results: o.Results}
	e.mu.Unlock()
	e.emit(history.Event{Kind: history.EventChecked, Service: svc.Name, Status: o.Status, Reason: o.Reason, Network: o.Network.Network, At: o.At})
	for _, ev := range events {
		e.emit(ev)
	}
	return st
}

// eventKinds are the engine's events for the fusion's.
var eventKinds = map[incident.Event]history.EventKind{
	incident.Opened: history.EventOpened, incident.Escalated: history.EventEscalated,
	incident.Confirmed: history.EventConfirmed, incident.Resolved: history.EventResolved,
}

// attach adds to an incident's timeline what the world said since a time
// and the timeline does not hold yet.
func (e *Engine) attach(ctx context.Context, id int64, v radar.View, since time.Time, out *outside) {
	if e.store == nil || id == 0 {
		return
	}
	if out.attached == nil || out.attachedID != id {
		out.attachedID, out.attached = id, map[string]bool{}
		if old, err := e.journal.incident(ctx, id); e.try("read evidence", err) {
			for _, x := range old.Evidence {
				out.attached[radar.EvidenceKey(x)] = true
			}
		}
	}
	for _, x := range v.Evidence(since) {
		k := radar.EvidenceKey(x)
		if out.attached[k] {
			continue
		}
		x.IncidentID = id
		e.journal.addEvidence(ctx, x) // written now, or kept and written later
		out.attached[k] = true
	}
}

// quietFor is how long the world must be quiet before an incident it alone
// reported ends.
func (e *Engine) quietFor() time.Duration {
	if e.opts.QuietFor > 0 {
		return e.opts.QuietFor
	}
	return e.cfg.StatusInterval
}

// worldView is the radar's view as incident.Fuse reads it.
type worldView struct{ v radar.View }

func (w worldView) Reports() bool                 { return w.v.Reports() }
func (w worldView) ReportsSince(t time.Time) bool { return w.v.Since(t).Reports() }

// Peak is the status page's level when it reports one, else partial (the
// news say down, but it works from here).
func (w worldView) Peak() status.Status {
	if w.v.PageReports() {
		return w.v.Page.Level.Status()
	}
	return status.Partial
}

// FirstReport is the earliest evidence that is not a recovery, at most now.
func (w worldView) FirstReport(now time.Time) time.Time {
	first := now
	for _, x := range w.v.Evidence(time.Time{}) {
		if x.Class != "recovery" && x.At.Before(first) {
			first = x.At
		}
	}
	return first.UTC().Truncate(time.Millisecond)
}

// Components are those of the status page's incidents.
func (w worldView) Components() []string {
	if w.v.Page == nil {
		return nil
	}
	var c []string
	for _, pi := range w.v.Page.Incidents {
		c = append(c, pi.Components...)
	}
	return c
}
