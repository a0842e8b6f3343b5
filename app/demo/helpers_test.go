// The lab's TLS servers and the probes both run in the test binary, under
// the race detector, where the post-quantum key exchange (X25519MLKEM768)
// is a tenth of the CPU the replays use. Tests do without it.

//go:debug tlsmlkem=0

package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// The test pace: checks every second (the config's minimum), scripts three
// times faster than the demo (whose checks come every 2 s).
const (
	testSpeed    = 3
	testInterval = time.Second
	testTimeout  = time.Second
)

// testOptions are the lab's options at test pace.
func testOptions(logf func(string, ...any)) Options {
	return Options{Interval: testInterval, Timeout: testTimeout, Recheck: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}, Logf: logf}
}

// standIns are the components the scenarios need, for a built-in catalog
// that lacks them: stood in by .test names until the full catalog lands.
var standIns = map[Ref]string{
	{"whatsapp", "Web"}:          "https://web.whatsapp.test/",
	{"whatsapp", "Chat"}:         "tcp://e1.whatsapp.test:5222",
	{"whatsapp", "Chat (443)"}:   "tcp://e2.whatsapp.test:443",
	{"whatsapp", "Media"}:        "tls://mmg.whatsapp.test:443",
	{"whatsapp", "Registration"}: "tls://v.whatsapp.test:443",
	{"instagram", "Web"}:         "https://www.instagram.test/",
	{"instagram", "API"}:         "https://i.instagram.test/api/v1/",
	{"instagram", "Media CDN"}:   "tls://scontent.cdninstagram.test:443",
	{"facebook", "Web"}:          "https://www.facebook.test/",
	{"facebook", "Graph API"}:    "https://graph.facebook.test/",
	{"facebook", "Media CDN"}:    "tls://scontent.xx.fbcdn.test:443",
	{"messenger", "Chat"}:        "tls://edge-mqtt.facebook.test:443",
	{"messenger", "Web"}:         "https://www.messenger.test/",
	{"github", "Web"}:            "https://github.test/",
	{"github", "API"}:            "https://api.github.test/",
}

// catalog is the built-in config with every component the scenarios name
// (the real host names come from it; the tests name none).
func catalog(logf func(string, ...any)) (*config.Config, error) {
	c := config.Default()
	refs := slices.Collect(maps.Keys(standIns))
	slices.SortFunc(refs, func(a, b Ref) int {
		return cmp.Or(cmp.Compare(a.Service, b.Service), cmp.Compare(a.Component, b.Component))
	})
	for _, ref := range refs {
		i := slices.IndexFunc(c.Services, func(s config.Service) bool { return s.ID == ref.Service })
		if i < 0 {
			return nil, fmt.Errorf("the built-in catalog has no service %q", ref.Service)
		}
		svc := &c.Services[i]
		if slices.ContainsFunc(svc.Components, func(x config.Component) bool { return x.Name == ref.Component }) {
			continue
		}
		target, err := probe.Parse(standIns[ref])
		if err != nil {
			return nil, err
		}
		logf("the built-in catalog lacks %s: standing in %s", ref, target.Raw)
		svc.Components = append(svc.Components, config.Component{Name: ref.Component, Target: target})
	}
	return c, nil
}

// startLab starts a lab on the catalog, closed when the test ends.
func startLab(t *testing.T, o Options) *Lab {
	t.Helper()
	c, err := catalog(t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Start(c, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

// replay is the real engine, store and radar on a lab.
type replay struct {
	lab    *Lab
	cfg    *config.Config
	st     *store.Store
	events *events
	stop   func()
	close  func()
}

// startReplay starts a lab, and an engine with its store and radar on it,
// and waits until every service has been checked up. close undoes it all.
func startReplay(dir string, o Options) (_ *replay, err error) {
	var undo []func()
	r := &replay{events: &events{}, close: func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	cat, err := catalog(o.Logf)
	if err != nil {
		return nil, err
	}
	if r.lab, err = Start(cat, o); err != nil {
		return nil, err
	}
	undo = append(undo, r.lab.Close)
	if r.cfg, err = r.lab.Config(); err != nil {
		return nil, err
	}
	r.lab.Tune(r.cfg)
	r.cfg.Timeout = steadyTimeout // the probes the lab makes hang end at testTimeout: see hangingProber
	if r.st, err = store.Open(filepath.Join(dir, "history.db")); err != nil {
		return nil, err
	}
	undo = append(undo, func() { r.st.Close() })
	rad, err := radar.New(radar.Options{Config: r.cfg, Now: r.lab.Now, Logf: o.Logf})
	if err != nil {
		return nil, err
	}
	eng := engine.New(engine.Options{
		Config: r.cfg, Prober: hangingProber{r.lab.Prober(r.cfg), r.lab}, Store: r.st, Now: r.lab.Now, Radar: rad,
		Grace: 10 * time.Second, NetTTL: r.cfg.Interval / 2, OnEvent: r.events.add, Logf: o.Logf,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { eng.Run(ctx); close(done) }()
	var once sync.Once
	r.stop = func() { once.Do(func() { cancel(); <-done }) }
	undo = append(undo, r.stop)
	// Steady before the script: every service checked and up (the deadline
	// guards against a hang; a loaded machine gets all the time it needs).
	deadline := time.Now().Add(2 * time.Minute)
	for _, s := range r.cfg.Watched() {
		for !r.events.any(func(e history.Event) bool {
			return e.Kind == history.EventChecked && e.Service == s.Name && e.Status == status.Up
		}) {
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("%s never checked up on the lab:\n%s", s.Name, r.events.dump())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	time.Sleep(r.cfg.Interval) // let the other replays' start-up burst pass too
	return r, nil
}

// play plays the scenario at a speed, each step held until the engine has
// seen what the scenario says the earlier ones did (see hold), stops the
// engine and checks the history.
func (r *replay) play(rec *recorder, sc Scenario, speed float64) bool {
	played, err := sc.Script.Play(context.Background(), r.lab, speed, Hooks{Before: r.hold(sc)})
	r.stop()
	if err != nil {
		rec.Errorf("%v\nevents:\n%s", err, r.events.dump())
		return false
	}
	if err := sc.Verify(context.Background(), r.st, r.lab, played, r.events.checks); err != nil {
		rec.Errorf("%v\nevents:\n%s", err, r.events.dump())
		return false
	}
	return true
}

// incidents are a service's incidents, with their evidence.
func (r *replay) incidents(service string) ([]history.Incident, error) {
	incs, _, err := r.st.Incidents(context.Background(), store.Query{Service: service})
	if err != nil {
		return nil, err
	}
	for i := range incs {
		if incs[i], err = r.st.Incident(context.Background(), incs[i].ID); err != nil {
			return nil, err
		}
	}
	return incs, nil
}

// holdLimit is how long a step may be held: a watchdog against an engine
// that never sees what it should, not a pace.
const holdLimit = 2 * time.Minute

// hold holds each step of sc, and its end, until the engine has seen what
// the scenario says the steps before did (see awaited): the script's pace
// is the demo's, and a loaded machine checks more slowly than that pace
// assumes. A scenario without incidents (a false alarm) is never held: its
// timing (a wake's grace period, a blip) is what it tests.
func (r *replay) hold(sc Scenario) func(context.Context, time.Duration) error {
	return func(ctx context.Context, at time.Duration) error {
		timeout := time.NewTimer(holdLimit)
		defer timeout.Stop()
		for {
			changed := r.events.changed()
			what, err := r.awaited(ctx, sc, at)
			if err != nil || what == "" {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-timeout.C:
				return fmt.Errorf("held at %s for %s: %s never came", fmtOffset(at), holdLimit, what)
			case <-changed:
			}
		}
	}
}

// awaited says what the engine has yet to do before the step at offset at
// may run ("" when nothing): every expected incident that ended before it
// ended; every one that the step ends seen at its expected scope, with the
// status page's report when the lab's page reports the service, and with
// every story about the service published while it was open.
func (r *replay) awaited(ctx context.Context, sc Scenario, at time.Duration) (string, error) {
	names, expected := r.lab.expectations(sc)
	for _, name := range names {
		for i, w := range expected[name] {
			if what, err := r.awaitedOne(ctx, name, i, w.x, at); what != "" || err != nil {
				return what, err
			}
		}
	}
	return "", nil
}

// awaitedOne is what awaited waits for of name's i-th expected incident x.
func (r *replay) awaitedOne(ctx context.Context, name string, i int, x Expect, at time.Duration) (string, error) {
	switch {
	case x.End < at:
		if r.events.count(name, history.EventResolved) <= i {
			return fmt.Sprintf("the end of %s's incident %d", name, i+1), nil
		}
	case x.End == at:
		inc, ok := r.events.incident(name, i)
		if !ok || inc.Scope != x.Scope {
			return fmt.Sprintf("%s's incident %d at scope %s (now %q)", name, i+1, x.Scope, inc.Scope), nil
		}
		full, err := r.st.Incident(ctx, inc.ID)
		if err != nil {
			return "", err
		}
		if p := r.lab.Page(); p != nil && p.Reports(x.Service) && countEvidence(full, history.SourceStatusPage) == 0 {
			return fmt.Sprintf("the status page's report in %s's incident %d", name, i+1), nil
		}
		for _, it := range r.lab.Feed().Items() {
			if slices.Contains(it.Services, x.Service) && !it.At.Before(full.Start.Truncate(time.Second)) &&
				!slices.ContainsFunc(full.Evidence, func(e history.Evidence) bool { return e.Title == it.Title }) {
				return fmt.Sprintf("the story %q in %s's incident %d", it.Title, name, i+1), nil
			}
		}
	}
	return "", nil
}

// events records the engine's events.
type events struct {
	mu     sync.Mutex
	list   []history.Event
	change chan struct{} // closed at the next event
}

func (e *events) add(ev history.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, ev)
	if e.change != nil {
		close(e.change)
		e.change = nil
	}
}

// changed is closed at the next event.
func (e *events) changed() <-chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.change == nil {
		e.change = make(chan struct{})
	}
	return e.change
}

// count is how many events of a kind the service had.
func (e *events) count(service string, kind history.EventKind) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.list {
		if ev.Service == service && ev.Kind == kind {
			n++
		}
	}
	return n
}

// incident is the service's i-th incident (from 0) as its last event
// told it; false before it opened.
func (e *events) incident(service string, i int) (history.Incident, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var id int64
	var inc history.Incident
	found := false
	for _, ev := range e.list {
		if ev.Service != service || ev.Kind == history.EventChecked || ev.Kind == history.EventNetwork {
			continue
		}
		if ev.Kind == history.EventOpened {
			if i--; i == -1 {
				id, found = ev.Incident.ID, true
			}
		}
		if found && ev.Incident.ID == id {
			inc = ev.Incident
		}
	}
	return inc, found
}

// checks are when each check of the service ended, in order.
func (e *events) checks(service string) []time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []time.Time
	for _, ev := range e.list {
		if ev.Service == service && ev.Kind == history.EventChecked {
			out = append(out, ev.At)
		}
	}
	return out
}

func (e *events) any(f func(history.Event) bool) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.list, f)
}

// dump lists the events other than good checks, for a failure's message.
func (e *events) dump() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var b []byte
	for _, ev := range e.list {
		if ev.Kind == history.EventChecked && ev.Status == status.Up {
			continue
		}
		b = append(b, (ev.At.Format("15:04:05.000") + " " + string(ev.Kind) + " " + ev.Service + " " + string(ev.Status) + " " + ev.Reason + " " + string(ev.Network) + "\n")...)
	}
	return string(b)
}
