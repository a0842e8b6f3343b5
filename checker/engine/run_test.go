package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// events collects engine events for a test to wait on.
type events struct {
	mu   sync.Mutex
	list []history.Event
	ch   chan struct{}
}

func newEvents() *events { return &events{ch: make(chan struct{}, 1000)} }

func (ev *events) add(e history.Event) {
	ev.mu.Lock()
	ev.list = append(ev.list, e)
	ev.mu.Unlock()
	ev.ch <- struct{}{}
}

// wait returns the first event matching kind and service, or fails.
func (ev *events) wait(t *testing.T, kind history.EventKind, service string, within time.Duration) history.Event {
	t.Helper()
	return ev.waitFor(t, within, func(e history.Event) bool { return e.Kind == kind && e.Service == service })
}

// waitFor returns the first event that pred accepts, or fails.
func (ev *events) waitFor(t *testing.T, within time.Duration, pred func(history.Event) bool) history.Event {
	t.Helper()
	deadline := time.After(within)
	for {
		ev.mu.Lock()
		for _, e := range ev.list {
			if pred(e) {
				ev.mu.Unlock()
				return e
			}
		}
		ev.mu.Unlock()
		select {
		case <-ev.ch:
		case <-deadline:
			t.Fatalf("no such event within %v", within)
		}
	}
}

// waitNext waits for one more event of kind and service than there are now.
func (ev *events) waitNext(t *testing.T, kind history.EventKind, service string, within time.Duration) {
	t.Helper()
	n := ev.count(kind, service)
	deadline := time.After(within)
	for ev.count(kind, service) <= n {
		select {
		case <-ev.ch:
		case <-deadline:
			t.Fatalf("no new %s event for %s within %v", kind, service, within)
		}
	}
}

// Changes are noted in the order they were decided: a verdict made before
// the last one noted (a check slower to ask) changes nothing.
func TestStaleVerdictDropped(t *testing.T) {
	cfg, p := scriptedConfig(t, 1)
	ev := newEvents()
	e := New(Options{Config: cfg, Prober: p, OnEvent: ev.add, Logf: t.Logf})
	now := time.Now()
	e.noteNetwork(network.Verdict{Network: status.Offline, At: now})
	e.noteNetwork(network.Verdict{Network: status.Online, At: now.Add(-time.Second)})
	if got := e.networkNow(); got != status.Offline {
		t.Errorf("network %s after a stale online verdict; want offline", got)
	}
	e.noteNetwork(network.Verdict{Network: status.Online, At: now.Add(time.Second)})
	if n := ev.count(history.EventNetwork, ""); n != 2 || e.networkNow() != status.Online {
		t.Errorf("%d events, network %s; want offline then online", n, e.networkNow())
	}
}

func (ev *events) count(kind history.EventKind, service string) int {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	n := 0
	for _, e := range ev.list {
		if e.Kind == kind && (service == "" || e.Service == service) {
			n++
		}
	}
	return n
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// start runs an engine until the test ends (or stop is called).
func start(t *testing.T, o Options) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e := New(o)
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(guard):
				t.Errorf("Run did not return within %v after its context ended", guard)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func TestRunOpensRecordsAndClosesIncident(t *testing.T) {
	w := newWorld(t)
	cfg := steady(w.config(t, nil, service("WhatsApp", "Web", "http://ok.test:"+w.webPort+"/flip", "Chat", "tcp://ok.test:"+w.webPort)))
	st := openStore(t, t.TempDir())
	defer st.Close()
	ev := newEvents()
	w.failing.Store(true)
	began := time.Now()
	stop := start(t, Options{Config: cfg, Prober: w.prober(cfg), Store: st, OnEvent: ev.add, Grace: noGrace, Logf: t.Logf})

	opened := ev.nth(t, history.EventOpened, "WhatsApp", 1)
	if opened.Incident.ID == 0 || opened.Status != status.Partial {
		t.Fatalf("opened: %+v", opened)
	}
	w.failing.Store(false)
	resolved := ev.nth(t, history.EventResolved, "WhatsApp", 1)
	stop()

	inc, err := st.Incident(context.Background(), opened.Incident.ID)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Ongoing() || !inc.End.Equal(resolved.Incident.End) || inc.Peak != status.Partial || inc.Scope != history.ScopeFromHere {
		t.Errorf("stored incident: %+v", inc)
	}
	if len(inc.Components) != 1 || inc.Components[0] != "Web" {
		t.Errorf("affected components = %v, want [Web] (Chat kept working)", inc.Components)
	}
	if inc.Start.Before(began.Add(-time.Second)) || !inc.Start.Before(inc.End) {
		t.Errorf("start %v end %v", inc.Start, inc.End)
	}
	if len(inc.Evidence) < 2 {
		t.Fatalf("evidence: %+v", inc.Evidence)
	}
	for _, e := range inc.Evidence {
		if e.Source != "probe" || e.Component != "Web" || e.Layer != "http" || e.Class != "http_status" || e.Message == "" {
			t.Errorf("evidence row: %+v", e)
		}
	}
	// The first evidence is the first failure, which dates the incident.
	if !inc.Evidence[0].At.Equal(inc.Start) {
		t.Errorf("incident starts %v, first evidence %v", inc.Start, inc.Evidence[0].At)
	}
	lat, err := st.Latencies(context.Background(), "WhatsApp", "Chat", began.Add(-time.Minute), 0)
	if err != nil || len(lat) < 3 {
		t.Errorf("latency samples: %d, %v", len(lat), err)
	}
	days, err := st.Uptime(context.Background(), "WhatsApp", 1, time.Now())
	if err != nil || len(days) != 1 || days[0].Partial < 2 || days[0].Up < 2 {
		t.Errorf("uptime tally: %+v, %v", days, err)
	}
}

func TestRunOfflineOpensNothing(t *testing.T) {
	w := newWorld(t)
	cfg := w.config(t, []string{"tcp://" + w.closed, "dns://silent.test"}, service("WhatsApp", "Web", "https://silent.test/"))
	st := openStore(t, t.TempDir())
	defer st.Close()
	ev := newEvents()
	stop := start(t, Options{Config: cfg, Prober: w.prober(cfg), Store: st, OnEvent: ev.add, NetTTL: time.Millisecond, Logf: t.Logf})
	for range 4 {
		e := ev.nth(t, history.EventChecked, "WhatsApp", 1)
		if e.Status != status.Unknown || e.Reason != "you are offline" {
			t.Fatalf("offline check: %+v", e)
		}
		ev.mu.Lock()
		ev.list = nil
		ev.mu.Unlock()
	}
	stop()
	if n := ev.count(history.EventOpened, ""); n != 0 {
		t.Errorf("%d incidents opened while offline", n)
	}
	if incs, total, _ := st.Incidents(context.Background(), store.Query{}); total != 0 {
		t.Errorf("stored incidents while offline: %+v", incs)
	}
}

func TestRunRestoresOpenIncidentAfterRestart(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	cfg := steady(w.config(t, nil, service("Instagram", "Web", "http://ok.test:"+w.webPort+"/flip")+service("Retired", "Web", "dns://ok.test")))
	st := openStore(t, dir)
	started := time.Now().Add(-time.Hour).UTC().Truncate(time.Millisecond)
	inc := history.Incident{Service: "Instagram", Components: []string{"Web"}, Start: started, Peak: status.Down}
	if _, err := st.OpenIncident(context.Background(), &inc); err != nil {
		t.Fatal(err)
	}
	gone := history.Incident{Service: "Unwatched", Components: []string{"Web"}, Start: started, Peak: status.Down}
	if _, err := st.OpenIncident(context.Background(), &gone); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st = openStore(t, dir) // a new process: nothing in memory
	defer st.Close()
	ev := newEvents()
	w.failing.Store(true)
	stop := start(t, Options{Config: cfg, Prober: w.prober(cfg), Store: st, OnEvent: ev.add, Grace: noGrace, Logf: t.Logf})
	// Two failing checks: the second one's event comes after all the first
	// one did (a check tells it was made, then what it opened).
	ev.nth(t, history.EventChecked, "Instagram", 2)
	if n := ev.count(history.EventOpened, "Instagram"); n != 0 {
		t.Fatalf("the restored incident must continue, not open anew")
	}
	w.failing.Store(false)
	res := ev.nth(t, history.EventResolved, "Instagram", 1)
	stop()
	if res.Incident.ID != inc.ID || !res.Incident.Start.Equal(started) {
		t.Errorf("resolved %+v, want id %d from %v", res.Incident, inc.ID, started)
	}
	got, _ := st.Incident(context.Background(), gone.ID)
	if got.Ongoing() {
		t.Errorf("an incident of a service no longer watched is closed at start")
	}
}

// slowProber counts probes in flight.
type slowProber struct {
	inner        Prober
	now, highest atomic.Int32
}

type Prober interface {
	Probe(ctx context.Context, t probe.Target) probe.Result
}

func (s *slowProber) Probe(ctx context.Context, t probe.Target) probe.Result {
	if t.Kind != probe.KindDNS || t.Host != "ok.test" { // a control probe: not under the services' bound
		return s.inner.Probe(ctx, t)
	}
	n := s.now.Add(1)
	defer s.now.Add(-1)
	for {
		h := s.highest.Load()
		if n <= h || s.highest.CompareAndSwap(h, n) {
			break
		}
	}
	time.Sleep(20 * time.Millisecond)
	return s.inner.Probe(ctx, t)
}

func TestConcurrencyIsBounded(t *testing.T) {
	w := newWorld(t)
	var svcs string
	for i := range 12 {
		svcs += service("S"+string(rune('A'+i)), "A", "dns://ok.test", "B", "dns://ok.test", "C", "dns://ok.test")
	}
	cfg := steady(w.config(t, nil, svcs))
	cfg.Concurrency = 4
	sp := &slowProber{inner: w.prober(cfg)}
	e := New(Options{Config: cfg, Prober: sp})
	rep := e.Check(context.Background(), cfg.Services)
	for _, s := range rep.Services {
		if s.Status != status.Up {
			t.Errorf("%s: %s", s.Name, s.Status)
		}
	}
	if h := sp.highest.Load(); h > 4 || h < 2 {
		t.Errorf("at most %d probes ran at once, want 2..4", h)
	}
}

func TestWakeFromSleepGrace(t *testing.T) {
	w := newWorld(t)
	cfg := steady(w.config(t, nil, service("Gmail", "Web", "http://ok.test:"+w.webPort+"/flip")))
	var offset atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	ev := newEvents()
	w.failing.Store(true)
	start(t, Options{Config: cfg, Prober: w.prober(cfg), Now: now, Grace: 600 * time.Millisecond, OnEvent: ev.add, Logf: t.Logf})
	ev.nth(t, history.EventChecked, "Gmail", 1)
	offset.Store(int64(8 * time.Hour)) // the lid closes overnight
	woke := time.Now()
	opened := ev.nth(t, history.EventOpened, "Gmail", 1)
	if el := time.Since(woke); el < 500*time.Millisecond {
		t.Errorf("an incident opened %v after waking, inside the grace period", el)
	}
	ev.mu.Lock()
	var graceChecks int
	for _, e := range ev.list {
		if e.Kind == history.EventChecked && e.Status == status.Unknown && e.Reason != "" {
			graceChecks++
		}
	}
	ev.mu.Unlock()
	if graceChecks == 0 || opened.Incident.Peak != status.Down {
		t.Errorf("checks inside the grace period should be unknown with a reason (%d), then the incident opens: %+v", graceChecks, opened)
	}
}

func TestCheckNowRunsARoundAtOnce(t *testing.T) {
	w := newWorld(t)
	cfg := steady(w.config(t, nil, service("GitHub", "Web", "dns://ok.test")))
	cfg.Services[0].Interval = time.Hour
	ev := newEvents()
	e := New(Options{Config: cfg, Prober: w.prober(cfg), OnEvent: ev.add, Logf: t.Logf})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	ev.nth(t, history.EventChecked, "GitHub", 1) // the first check, within a few seconds of start
	if snap := e.Snapshot(); len(snap) != 1 || snap[0].Status != status.Up || snap[0].At.IsZero() {
		t.Fatalf("snapshot after the first check: %+v", snap)
	}
	e.CheckNow()
	ev.nth(t, history.EventChecked, "GitHub", 2) // the guard is much shorter than the hour
}

// The checks' samples and tallies are written in batches, every FlushEvery
// and when Run ends; none is lost.
func TestRunWritesChecksInBatches(t *testing.T) {
	for _, every := range []time.Duration{time.Hour, 300 * time.Millisecond} {
		t.Run(every.String(), func(t *testing.T) {
			w := newWorld(t)
			cfg := steady(w.config(t, nil, service("WhatsApp", "Web", w.okHTTPS+"/")+service("Gmail", "Web", w.okHTTPS+"/")))
			st := openStore(t, t.TempDir())
			defer st.Close()
			stored := func(svc string) int {
				got, err := st.Latencies(context.Background(), svc, "", time.Time{}, 0)
				if err != nil {
					t.Fatal(err)
				}
				return len(got)
			}
			ev := newEvents()
			stop := start(t, Options{Config: cfg, Prober: w.prober(cfg), Store: st, OnEvent: ev.add, FlushEvery: every, Logf: t.Logf})
			ev.nth(t, history.EventChecked, "WhatsApp", 3)
			ev.nth(t, history.EventChecked, "Gmail", 3)
			if every == time.Hour {
				if running := stored("WhatsApp") + stored("Gmail"); running != 0 {
					t.Errorf("%d samples written before the first flush", running)
				}
			} else { // the checks go on meanwhile: look after each
				ev.until(t, fmt.Sprintf("samples written while running, with a flush every %v", every), func([]history.Event) bool {
					return stored("WhatsApp")+stored("Gmail") > 0
				})
			}
			stop()
			for _, svc := range []string{"WhatsApp", "Gmail"} {
				if got, want := stored(svc), ev.count(history.EventChecked, svc); got != want {
					t.Errorf("%s: %d samples stored for %d checks", svc, got, want)
				}
				days, err := st.Uptime(context.Background(), svc, 1, time.Now())
				if err != nil || days[0].Up != ev.count(history.EventChecked, svc) {
					t.Errorf("%s: tally %+v (%v) for %d checks", svc, days, err, ev.count(history.EventChecked, svc))
				}
			}
		})
	}
}

// jumpProber moves the wall clock while a probe of target is in flight,
// once armed: the lid closed and opened during a check.
type jumpProber struct {
	network.Prober
	target string
	armed  atomic.Bool
	jump   func()
}

func (j *jumpProber) Probe(ctx context.Context, t probe.Target) probe.Result {
	r := j.Prober.Probe(ctx, t)
	if t.Raw == j.target && j.armed.CompareAndSwap(true, false) {
		j.jump()
	}
	return r
}

// With rounds every service may be checking when the clock jumps; the jump
// is still seen, and the failure of that check is not blamed on the service.
func TestWakeDuringACheck(t *testing.T) {
	w := newWorld(t)
	target := "http://ok.test:" + w.webPort + "/flip"
	cfg := steady(w.config(t, nil, service("Gmail", "Web", target)))
	var offset atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	var jumped atomic.Int64
	jp := &jumpProber{Prober: w.prober(cfg), target: target, jump: func() {
		offset.Store(int64(8 * time.Hour))
		jumped.Store(time.Now().UnixNano())
	}}
	ev := newEvents()
	start(t, Options{Config: cfg, Prober: jp, Now: now, Grace: 600 * time.Millisecond, OnEvent: ev.add, Logf: t.Logf})
	ev.nth(t, history.EventChecked, "Gmail", 1)
	w.failing.Store(true)
	jp.armed.Store(true)
	opened := ev.nth(t, history.EventOpened, "Gmail", 1)
	if el := time.Since(time.Unix(0, jumped.Load())); el < 500*time.Millisecond {
		t.Errorf("an incident opened %v after a jump during a check, inside the grace period", el)
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	var during *history.Event
	for i, e := range ev.list {
		if e.Kind == history.EventChecked && !e.At.Before(time.Unix(0, jumped.Load()).Add(8*time.Hour-time.Second)) {
			during = &ev.list[i]
			break
		}
	}
	if during == nil || during.Status != status.Unknown || !strings.Contains(during.Reason, "woke up") {
		t.Errorf("the check the jump happened in: %+v, want unknown because the computer woke up", during)
	}
	if opened.Incident.Peak != status.Down {
		t.Errorf("after the grace period: %+v", opened.Incident)
	}
}
