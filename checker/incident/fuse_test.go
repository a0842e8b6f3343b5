package incident

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// fakeWorld is a status page and the news, as Fuse reads them.
type fakeWorld struct {
	reports bool
	latest  time.Time // the newest report
	peak    status.Status
	first   time.Time // the first report
	comps   []string
}

func (w fakeWorld) Reports() bool                 { return w.reports }
func (w fakeWorld) ReportsSince(t time.Time) bool { return w.reports && w.latest.After(t) }
func (w fakeWorld) Peak() status.Status           { return w.peak }
func (w fakeWorld) Components() []string          { return w.comps }
func (w fakeWorld) FirstReport(now time.Time) time.Time {
	if w.first.IsZero() || w.first.After(now) {
		return now
	}
	return w.first
}

var (
	fuseT0     = time.Date(2021, 10, 4, 15, 39, 0, 0, time.UTC)
	window     = 2 * time.Hour
	quiet      = 3 * time.Minute
	quietW     = fakeWorld{}
	fusePolicy = Policy{Fail: 1, Recover: 1, Interval: time.Minute}
	reports    = func(at time.Time, peak status.Status) fakeWorld {
		return fakeWorld{reports: true, latest: at, peak: peak, first: at, comps: []string{"Web"}}
	}
)

// kinds sums up actions as "open:probe", "emit:probe:opened"...
func kinds(acts []Action) []string {
	var out []string
	target := map[Target]string{TargetProbe: "probe", TargetExt: "ext"}
	event := map[Event]string{Opened: "opened", Escalated: "escalated", Confirmed: "confirmed", Resolved: "resolved"}
	for _, a := range acts {
		switch a.Kind {
		case ActOpen:
			out = append(out, "open:"+target[a.Target])
		case ActUpdate:
			out = append(out, "update:"+target[a.Target])
		case ActEvidence:
			out = append(out, "evidence:"+target[a.Target])
		case ActAttach:
			out = append(out, "attach:"+target[a.Target])
		case ActEmit:
			out = append(out, "emit:"+target[a.Target]+":"+event[a.Event])
		}
	}
	return out
}

// fuser steps Step and Fuse together, as the engine does, giving each
// incident opened an id as the store would.
type fuser struct {
	t      *testing.T
	s      State
	f      Fusion
	nextID int64
}

func (z *fuser) check(at time.Time, st status.Status, w World) []Action {
	z.t.Helper()
	o := Observation{At: at, Status: st}
	if st.Bad() {
		o.Components = []Component{{Name: "Web", Status: st, Layer: "tcp", Class: "refused"}}
	}
	s, d := Step(fusePolicy, z.s, o)
	var ext history.Incident
	if z.f.Ext != nil {
		ext = *z.f.Ext
	}
	var open Open
	if s.Open != nil {
		open = *s.Open
	}
	f, s2, acts := Fuse(z.f, s, d, o, w, window, quiet)
	if (z.f.Ext != nil && !reflect.DeepEqual(*z.f.Ext, ext)) || (s.Open != nil && !reflect.DeepEqual(*s.Open, open)) {
		z.t.Fatal("Fuse changed its caller's state")
	}
	s = s2
	for _, a := range acts {
		if a.Kind != ActOpen {
			continue
		}
		z.nextID++
		if a.Target == TargetProbe {
			s.Open.ID = z.nextID
		} else {
			f.Ext.ID = z.nextID
		}
	}
	z.s, z.f = s, f
	return acts
}

func wantActs(t *testing.T, step string, acts []Action, want ...string) {
	t.Helper()
	if got := kinds(acts); !slices.Equal(got, want) {
		t.Errorf("%s: actions %v, want %v", step, got, want)
	}
}

// A probe incident is "from here" until the world reports the outage,
// then confirmed for good; what the world says joins its timeline from
// the news window before its start; once it ends, what the world said
// before opens nothing.
func TestFuseProbeIncidentConfirmed(t *testing.T) {
	z := &fuser{t: t}
	acts := z.check(fuseT0, status.Down, quietW)
	wantActs(t, "probes fail", acts, "open:probe", "evidence:probe", "emit:probe:opened", "attach:probe")
	if acts[0].Incident.Scope != history.ScopeFromHere || z.f.Scope != history.ScopeFromHere {
		t.Errorf("scope %v / %v, want from here", acts[0].Incident.Scope, z.f.Scope)
	}
	if since := acts[3].Since; !since.Equal(fuseT0.Add(-window)) {
		t.Errorf("attach since %v, want the news window before the start", since)
	}

	w := reports(fuseT0.Add(time.Minute), status.Down)
	acts = z.check(fuseT0.Add(time.Minute), status.Down, w)
	wantActs(t, "the world reports it", acts, "evidence:probe", "update:probe", "emit:probe:confirmed", "attach:probe")
	if r := acts[1].Incident; r.Scope != history.ScopeConfirmed || r.ID != 1 {
		t.Errorf("confirmed record %+v, want incident 1 confirmed", r)
	}

	acts = z.check(fuseT0.Add(2*time.Minute), status.Down, quietW)
	wantActs(t, "the world goes quiet", acts, "evidence:probe", "attach:probe")
	if z.f.Scope != history.ScopeConfirmed {
		t.Errorf("scope %v after the world went quiet, want confirmed for good", z.f.Scope)
	}

	end := fuseT0.Add(3 * time.Minute)
	acts = z.check(end, status.Up, w)
	wantActs(t, "the probes succeed", acts, "update:probe", "emit:probe:resolved")
	if r := acts[0].Incident; !r.End.Equal(end) || r.Scope != history.ScopeConfirmed || r.ID != 1 {
		t.Errorf("resolved record %+v, want incident 1 ended at %v, confirmed", r, end)
	}
	if z.f.Scope != "" || !z.f.After.Equal(end) {
		t.Errorf("after the end: %+v, want no scope and After %v", z.f, end)
	}

	// The same reports, still in the news window: about the incident that
	// ended, not a new one.
	acts = z.check(end.Add(time.Minute), status.Up, w)
	wantActs(t, "old reports after the end", acts)
	// A report after the end is news.
	acts = z.check(end.Add(2*time.Minute), status.Up, reports(end.Add(90*time.Second), status.Partial))
	wantActs(t, "a new report", acts, "open:ext", "attach:ext", "emit:ext:opened")
}

// While the probes succeed and the world reports an outage, an incident of
// its own opens, dated from the first report, with the page's components;
// it escalates with the world's level, and ends once the world has been
// quiet for the quiet period, dated from when it went quiet.
func TestFuseReportedElsewhere(t *testing.T) {
	z := &fuser{t: t}
	first := fuseT0.Add(-10 * time.Minute)
	w := reports(fuseT0, status.Partial)
	w.first = first
	acts := z.check(fuseT0, status.Up, w)
	wantActs(t, "the world reports", acts, "open:ext", "attach:ext", "emit:ext:opened")
	r := acts[0].Incident
	if r.Scope != history.ScopeElsewhere || !r.Start.Equal(first) || r.Peak != status.Partial || !slices.Equal(r.Components, []string{"Web"}) {
		t.Errorf("opened %+v, want reported elsewhere from %v, partial, Web", r, first)
	}
	if z.f.Ext == nil || z.f.Ext.ID != 1 {
		t.Fatalf("ext %+v, want incident 1", z.f.Ext)
	}

	w.peak = status.Down
	acts = z.check(fuseT0.Add(time.Minute), status.Up, w)
	wantActs(t, "the page says down", acts, "attach:ext", "update:ext", "emit:ext:escalated")
	if r := acts[1].Incident; r.Peak != status.Down || r.ID != 1 {
		t.Errorf("escalated %+v, want incident 1 down", r)
	}

	quietAt := fuseT0.Add(2 * time.Minute)
	wantActs(t, "quiet", z.check(quietAt, status.Up, quietW))
	// A report in the quiet period starts it again.
	wantActs(t, "a report again", z.check(quietAt.Add(time.Minute), status.Up, w), "attach:ext")
	quietAt = quietAt.Add(2 * time.Minute)
	wantActs(t, "quiet again", z.check(quietAt, status.Up, quietW))
	wantActs(t, "quiet, short of the period", z.check(quietAt.Add(quiet-time.Second), status.Up, quietW))
	acts = z.check(quietAt.Add(quiet), status.Up, quietW)
	wantActs(t, "quiet for the period", acts, "update:ext", "emit:ext:resolved")
	if r := acts[0].Incident; !r.End.Equal(quietAt) || r.ID != 1 {
		t.Errorf("ended %+v, want incident 1 ended at %v, when the world went quiet", r, quietAt)
	}
	if z.f.Ext != nil || !z.f.After.Equal(quietAt.Add(quiet)) {
		t.Errorf("after the end: %+v", z.f)
	}
}

// When the probes fail while the world reports an outage, the probe
// incident takes that incident over: its id, dated from the first report,
// confirmed; nothing new is written as opened.
func TestFuseProbeAdoptsReported(t *testing.T) {
	z := &fuser{t: t}
	first := fuseT0.Add(-5 * time.Minute)
	w := reports(fuseT0, status.Partial)
	w.first = first
	z.check(fuseT0, status.Up, w)
	acts := z.check(fuseT0.Add(time.Minute), status.Down, w)
	wantActs(t, "the probes fail", acts, "update:probe", "evidence:probe", "emit:probe:opened", "attach:probe")
	r := acts[0].Incident
	if r.ID != 1 || !r.Start.Equal(first) || r.Scope != history.ScopeConfirmed {
		t.Errorf("adopted %+v, want incident 1 from %v, confirmed", r, first)
	}
	if z.f.Ext != nil || z.s.Open == nil || z.s.Open.ID != 1 {
		t.Errorf("after adopting: ext %+v, open %+v", z.f.Ext, z.s.Open)
	}
}

// Probes that succeed while the world is quiet, and unknown checks, do
// nothing; a check whose status is not up never opens an incident of the
// world's (an unknown verdict says nothing about the service).
func TestFuseQuiet(t *testing.T) {
	z := &fuser{t: t}
	wantActs(t, "up, quiet", z.check(fuseT0, status.Up, quietW))
	wantActs(t, "unknown, reported", z.check(fuseT0.Add(time.Minute), status.Unknown, reports(fuseT0, status.Down)))
}

// Without a status page or news (a nil World) only the probe incident's
// actions come: no timeline of the world's, no scope but "from here".
func TestFuseWithoutWorld(t *testing.T) {
	z := &fuser{t: t}
	wantActs(t, "probes fail", z.check(fuseT0, status.Down, nil), "open:probe", "evidence:probe", "emit:probe:opened")
	wantActs(t, "worse", z.check(fuseT0.Add(time.Minute), status.Down, nil), "evidence:probe")
	acts := z.check(fuseT0.Add(2*time.Minute), status.Up, nil)
	wantActs(t, "probes succeed", acts, "update:probe", "emit:probe:resolved")
	if acts[0].Incident.Scope != history.ScopeFromHere {
		t.Errorf("scope %v, want from here", acts[0].Incident.Scope)
	}
}
