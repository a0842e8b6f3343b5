package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/incident"
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
		if inc.Scope == history.ScopeElsewhere {
			ext := inc
			exts[svc.Name] = outside{fusion: incident.Fusion{Ext: &ext}}
			continue
		}
		exts[svc.Name] = outside{fusion: incident.Fusion{Scope: inc.Scope}}
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

// queueCheck queues the check for the store's next batch (flushLoop).
func (e *Engine) queueCheck(svc config.Service, o observation) {
	if e.store == nil {
		return
	}
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

func (e *Engine) addEvidence(ctx context.Context, id int64, ev []incident.Evidence) {
	if e.store == nil || id == 0 {
		return
	}
	for _, x := range ev {
		e.journal.addEvidence(ctx, history.Evidence{
			IncidentID: id, At: x.At, Source: history.SourceProbe, Component: x.Component,
			Layer: x.Layer, Class: x.Class, Message: x.Message, LatencyMS: x.LatencyMS,
		})
	}
}

// try reports whether err is nil, logging a run of failures once.
func (e *Engine) try(what string, err error) bool { return e.log.note(what, err) }

// emit tells OnEvent. An incident the store refused keeps its provisional
// id (negative) in every event, so that its events still go together, and
// goes with Unsaved while it is not written.
func (e *Engine) emit(ev history.Event) {
	if e.opts.OnEvent == nil {
		return
	}
	if ev.Incident.ID < 0 {
		ev.Unsaved = e.journal.storedID(ev.Incident.ID) == 0
	}
	e.opts.OnEvent(ev)
}
