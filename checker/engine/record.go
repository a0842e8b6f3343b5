package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/store"
)

// restore loads the incidents an earlier run left open. Those of services
// no longer configured are closed now: nobody watches them any more.
func (e *Engine) restore(ctx context.Context) (map[string]incident.State, map[string]outside, error) {
	out, exts := map[string]incident.State{}, map[string]outside{}
	if e.store == nil {
		return out, exts, nil
	}
	open, err := e.store.OpenIncidents(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("engine: restore open incidents: %w", err)
	}
	byName := map[string]config.Service{}
	for _, s := range e.cfg.Watched() {
		byName[s.Name] = s
	}
	for _, inc := range open {
		svc, ok := byName[inc.Service]
		if !ok {
			inc.End = e.now()
			if err := e.store.UpdateIncident(ctx, inc); err != nil {
				e.logf("close incident %d of unwatched %s: %v", inc.ID, inc.Service, err)
			}
			continue
		}
		if inc.Scope == store.ScopeElsewhere {
			ext := inc
			exts[svc.Name] = outside{ext: &ext}
			continue
		}
		exts[svc.Name] = outside{scope: inc.Scope}
		st := incident.Restore(e.policy(svc), incident.Open{ID: inc.ID, Start: inc.Start, Components: inc.Components, Peak: inc.Peak})
		out[svc.Name] = st
		e.mu.Lock()
		e.states[svc.Name] = serviceState{state: st}
		e.mu.Unlock()
	}
	return out, exts, nil
}

// maxPending bounds the checks waiting to be written while the store fails
// (a day of the default set at one-minute intervals).
const maxPending = 20_000

// flushLoop writes the pending checks every FlushEvery, one transaction for
// them all (rather than one per check, each taking SQLite's locks and
// writing the WAL with blocking file calls that wake threads), and once more
// when ctx ends.
func (e *Engine) flushLoop(ctx context.Context) {
	if e.store == nil {
		return
	}
	t := time.NewTicker(e.opts.FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			e.flush(ctx)
			e.journal.retry(ctx)
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			e.flush(final)
			e.journal.retry(final)
			cancel()
			if n := e.journal.pending(); n > 0 {
				e.logf("history: %d incident writes the store refused are lost on exit", n)
			}
			return
		}
	}
}

// flush writes the pending checks; on failure they stay pending.
func (e *Engine) flush(ctx context.Context) {
	e.pendingMu.Lock()
	batch := e.pending
	e.pending = nil
	e.pendingMu.Unlock()
	if len(batch) == 0 || e.try("record checks", e.store.RecordChecks(ctx, batch)) {
		return
	}
	e.pendingMu.Lock()
	e.pending = append(batch, e.pending...)
	if len(e.pending) > maxPending {
		e.pending = e.pending[len(e.pending)-maxPending:]
	}
	e.pendingMu.Unlock()
}

// record keeps the check in the store and tells OnEvent. A store error is
// logged, not fatal: the checks go on and what is stored stays.
func (e *Engine) record(ctx context.Context, svc config.Service, o observation, st incident.State, d incident.Decision, v radar.View, out *outside) incident.State {
	if e.store != nil {
		samples := make([]store.Sample, len(o.Components))
		for i, c := range o.Components {
			samples[i] = store.Sample{Service: svc.Name, Component: c.Name, At: o.At, Status: c.Status, LatencyMS: c.LatencyMS}
		}
		e.pendingMu.Lock()
		e.pending = append(e.pending, store.Check{Service: svc.Name, At: o.At, Status: o.Status, Samples: samples})
		if len(e.pending) > maxPending { // the store has been failing: keep the newest
			e.pending = e.pending[len(e.pending)-maxPending:]
		}
		e.pendingMu.Unlock()
	}
	var events []Event
	switch {
	case d.Opened:
		out.scope = out.scopeOf(v)
		if e.adopt(ctx, st.Open, out) {
			if e.store != nil {
				e.journal.updateIncident(ctx, e.incidentOf(svc.Name, *st.Open, out.scope))
			}
		} else if e.store != nil {
			inc := e.incidentOf(svc.Name, *st.Open, out.scope)
			// A refused write leaves a provisional id, saved later.
			st.Open.ID, _ = e.journal.openIncident(ctx, &inc)
		}
		inc := e.incidentOf(svc.Name, *st.Open, out.scope)
		e.addEvidence(ctx, st.Open.ID, d.Evidence)
		events = append(events, Event{Kind: EventOpened, Service: svc.Name, Status: o.Status, Incident: inc})
	case st.Open != nil:
		e.addEvidence(ctx, st.Open.ID, d.Evidence)
		if d.Escalated {
			inc := e.incidentOf(svc.Name, *st.Open, out.scope)
			if e.store != nil {
				e.journal.updateIncident(ctx, inc)
			}
			events = append(events, Event{Kind: EventEscalated, Service: svc.Name, Status: o.Status, Incident: inc})
		}
	case d.Closed != nil:
		inc := e.incidentOf(svc.Name, d.Closed.Open, out.scope)
		inc.End = d.Closed.End
		if e.store != nil {
			e.journal.updateIncident(ctx, inc)
		}
		events = append(events, Event{Kind: EventResolved, Service: svc.Name, Status: o.Status, Incident: inc})
	}
	e.mu.Lock()
	e.states[svc.Name] = serviceState{obs: o.Observation, state: st, results: o.Results}
	e.mu.Unlock()
	e.emit(Event{Kind: EventChecked, Service: svc.Name, Status: o.Status, Reason: o.Reason, Network: o.Network.Network, At: o.At})
	for _, ev := range events {
		e.emit(ev)
	}
	return st
}

func (e *Engine) incidentOf(service string, o incident.Open, scope string) store.Incident {
	if scope == "" {
		scope = store.ScopeFromHere
	}
	return store.Incident{ID: o.ID, Service: service, Components: o.Components, Start: o.Start, Peak: o.Peak, Scope: scope}
}

func (e *Engine) addEvidence(ctx context.Context, id int64, ev []incident.Evidence) {
	if e.store == nil || id == 0 {
		return
	}
	for _, x := range ev {
		e.journal.addEvidence(ctx, store.Evidence{
			IncidentID: id, At: x.At, Source: store.SourceProbe, Component: x.Component,
			Layer: x.Layer, Class: x.Class, Message: x.Message, LatencyMS: x.LatencyMS,
		})
	}
}

// try reports whether err is nil, logging a run of failures once.
func (e *Engine) try(what string, err error) bool { return e.log.note(what, err) }

// emit tells OnEvent. An incident the store refused keeps its provisional
// id (negative) in every event, so that its events still go together, and
// goes with Unsaved while it is not written.
func (e *Engine) emit(ev Event) {
	if e.opts.OnEvent == nil {
		return
	}
	if ev.Incident.ID < 0 {
		ev.Unsaved = e.journal.storedID(ev.Incident.ID) == 0
	}
	e.opts.OnEvent(ev)
}
