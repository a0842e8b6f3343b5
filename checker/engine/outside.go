package engine

import (
	"context"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// outside is one service's fusion of its probes with what the world says
// (status page, news), owned by the service's loop.
//
//   - While a probe incident is open, its scope is "from_here" until the
//     world reports the outage too, then "confirmed" for good; the page's
//     updates and the news reports join its timeline.
//   - While the probes succeed and the world reports an outage, an incident
//     of scope "reported_elsewhere" is open, with that evidence; it ends
//     once the world has been quiet for QuietFor.
//   - If the probes then fail, the probe incident takes that incident over:
//     one incident, confirmed, dated from the first report.
type outside struct {
	ext        *store.Incident // an incident only the world reports, open
	quietSince time.Time       // when the world went quiet about ext
	scope      string          // of the open probe incident
	attached   map[string]bool // radar.EvidenceKey of what its timeline holds
	// after is when the last incident ended: what the world said before it
	// was about that one, and opens no new incident.
	after time.Time
}

// view is the radar's view of a service; empty without a radar.
func (e *Engine) view(service string) radar.View {
	if e.opts.Radar == nil {
		return radar.View{}
	}
	return e.opts.Radar.View(service)
}

// scopeOf is the scope of the open probe incident after this check.
func (out *outside) scopeOf(v radar.View) string {
	if out.scope == store.ScopeConfirmed || v.Reports() {
		return store.ScopeConfirmed
	}
	return store.ScopeFromHere
}

// fuse runs after a check has been recorded: it follows the world's view of
// the service into the open incident, or into one of its own.
func (e *Engine) fuse(ctx context.Context, svc config.Service, o observation, st incident.State, d incident.Decision, v radar.View, out *outside) {
	if e.opts.Radar == nil {
		return
	}
	switch {
	case st.Open != nil:
		if scope := out.scopeOf(v); scope != out.scope {
			out.scope = scope
			inc := e.incidentOf(svc.Name, *st.Open, scope)
			if e.store != nil {
				e.journal.updateIncident(ctx, inc)
			}
			e.emit(Event{Kind: EventConfirmed, Service: svc.Name, Status: o.Status, Incident: inc})
		}
		e.attach(ctx, st.Open.ID, v, st.Open.Start.Add(-e.cfg.News.Window), out)
	case d.Closed != nil:
		out.scope, out.attached, out.after = "", nil, o.At
	case out.ext != nil:
		if v.Reports() {
			out.quietSince = time.Time{}
			e.attach(ctx, out.ext.ID, v, out.ext.Start.Add(-e.cfg.News.Window), out)
			if peak := peakOf(v); peak.Rank() > out.ext.Peak.Rank() {
				out.ext.Peak = peak
				e.saveExt(ctx, out.ext)
				e.emit(Event{Kind: EventEscalated, Service: svc.Name, Status: o.Status, Incident: *out.ext})
			}
			return
		}
		if out.quietSince.IsZero() {
			out.quietSince = o.At
		}
		if o.At.Sub(out.quietSince) >= e.quietFor() {
			ended := *out.ext
			ended.End = out.quietSince
			e.saveExt(ctx, &ended)
			out.ext, out.quietSince, out.attached, out.after = nil, time.Time{}, nil, o.At
			e.emit(Event{Kind: EventResolved, Service: svc.Name, Status: o.Status, Incident: ended})
		}
	case o.Status == status.Up && v.Since(out.after).Reports():
		inc := store.Incident{Service: svc.Name, Start: firstReport(v, o.At), Peak: peakOf(v), Scope: store.ScopeElsewhere}
		if v.Page != nil {
			for _, pi := range v.Page.Incidents {
				inc.Components = append(inc.Components, pi.Components...)
			}
		}
		if e.store != nil {
			// A refused write leaves a provisional id, saved later.
			if id, _ := e.journal.openIncident(ctx, &inc); id == 0 {
				return // the engine is stopping
			}
		}
		out.ext, out.quietSince, out.attached = &inc, time.Time{}, nil
		e.attach(ctx, inc.ID, v, inc.Start.Add(-e.cfg.News.Window), out)
		e.emit(Event{Kind: EventOpened, Service: svc.Name, Status: o.Status, Incident: inc})
	}
}

// adopt lets a probe incident that has just opened take over the incident
// the world was already reporting: same id, dated from the first report.
func (e *Engine) adopt(ctx context.Context, open *incident.Open, out *outside) bool {
	if out.ext == nil {
		return false
	}
	open.ID = out.ext.ID
	if out.ext.Start.Before(open.Start) {
		open.Start = out.ext.Start
	}
	out.ext, out.quietSince = nil, time.Time{}
	return true
}

func (e *Engine) saveExt(ctx context.Context, inc *store.Incident) {
	if e.store != nil {
		e.journal.updateIncident(ctx, *inc)
	}
}

// attach adds to an incident's timeline what the world said since a time
// and the timeline does not hold yet.
func (e *Engine) attach(ctx context.Context, id int64, v radar.View, since time.Time, out *outside) {
	if e.store == nil || id == 0 {
		return
	}
	if out.attached == nil {
		out.attached = map[string]bool{}
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

// peakOf is how bad the world says it is: the status page's level when it
// reports one, else partial (the news say down, but it works from here).
func peakOf(v radar.View) status.Status {
	if v.PageReports() {
		return v.Page.Level.Status()
	}
	return status.Partial
}

// firstReport is when the world first reported the outage, at most now.
func firstReport(v radar.View, now time.Time) time.Time {
	first := now
	for _, x := range v.Evidence(time.Time{}) {
		if x.Class != "recovery" && x.At.Before(first) {
			first = x.At
		}
	}
	return first.UTC().Truncate(time.Millisecond)
}
