package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// netStore opens a store for the network tests.
func netStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// lines collects log lines, safe for the engine's goroutines.
type lines struct {
	mu   sync.Mutex
	list []string
}

func (l *lines) logf(f string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, fmt.Sprintf(f, a...))
}

func (l *lines) with(prefix string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.list {
		if strings.HasPrefix(s, prefix) {
			out = append(out, s)
		}
	}
	return out
}

// fastConfig is scriptedConfig checked every 50 ms, every probe failing
// to leave the machine (offline).
func fastConfig(t *testing.T, n int) (*scripted, Options) {
	t.Helper()
	cfg, p := scriptedConfig(t, n)
	cfg.Interval = 50 * time.Millisecond
	for i := range cfg.Services {
		cfg.Services[i].Interval = cfg.Interval
	}
	for _, raw := range []string{ctrlTCP, ctrlDNS, svcProbe(1), svcProbe(2)} {
		p.set(raw, cut)
	}
	return p, Options{Config: cfg, Prober: p, NetTTL: time.Millisecond}
}

func backOnline(p *scripted) {
	for _, raw := range []string{ctrlTCP, svcProbe(1), svcProbe(2)} {
		p.set(raw, fine)
	}
	p.set(ctrlDNS, probe.Result{OK: true, Reached: probe.LayerDNS, Timings: probe.Timings{Resolve: 20 * time.Millisecond}})
}

// The history keeps the network's periods as the engine tells them:
// offline from its first verdict, online from the one that said it was back.
func TestNetworkPeriodsRecorded(t *testing.T) {
	p, o := fastConfig(t, 2)
	st := netStore(t)
	ev := newEvents()
	var log lines
	o.Store, o.OnEvent, o.Logf = st, ev.add, log.logf
	before := time.Now().Add(-time.Second)
	stop := start(t, o)
	off := ev.wait(t, history.EventNetwork, "", 5*time.Second)
	ps, err := st.NetworkPeriods(context.Background(), before, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Network != status.Offline || !ps[0].Ongoing() || ps[0].Reason != off.Reason {
		t.Fatalf("while offline: %+v; want one ongoing offline period, %q", ps, off.Reason)
	}
	backOnline(p)
	ev.waitFor(t, 5*time.Second, func(e history.Event) bool { return e.Kind == history.EventNetwork && e.Network == status.Online })
	ps, err = st.NetworkPeriods(context.Background(), before, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Network != status.Offline || ps[0].Ongoing() || ps[1].Network != status.Online || !ps[1].Ongoing() || !ps[0].End.Equal(ps[1].Start) {
		t.Fatalf("back online: %+v; want offline, then online from its end", ps)
	}
	stop()
	ps, err = st.NetworkPeriods(context.Background(), before, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps { // (a period of no length, as the online one may be here, is not listed)
		if p.Ongoing() {
			t.Errorf("after the engine stopped: %+v; want every period ended (nobody watches)", ps)
		}
	}
	if errs := log.with("record the network"); len(errs) != 0 {
		t.Errorf("store errors: %q", errs)
	}
}

// A period an earlier run left open (the agent was stopped while offline)
// ends at this run's first verdict, even an online one that is not told.
func TestFirstVerdictEndsAPeriodLeftOpen(t *testing.T) {
	p, o := fastConfig(t, 2)
	backOnline(p)
	p.set(svcProbe(1), refusal) // a failure: the network is asked, and is online
	st := netStore(t)
	left := time.Now().Add(-time.Hour)
	if err := st.RecordNetwork(context.Background(), left, status.Offline, "you are offline"); err != nil {
		t.Fatal(err)
	}
	ev := newEvents()
	o.Store, o.OnEvent, o.Logf = st, ev.add, t.Logf
	start(t, o)
	ev.waitFor(t, 5*time.Second, func(e history.Event) bool { return e.Kind == history.EventChecked && e.Network == status.Online })
	ps, err := st.NetworkPeriods(context.Background(), left, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Network != status.Offline || ps[0].Ongoing() || ps[1].Network != status.Online {
		t.Fatalf("periods %+v; want the old offline one ended, then online", ps)
	}
	if n := ev.count(history.EventNetwork, ""); n != 0 {
		t.Errorf("%d network events; a first verdict online is not told", n)
	}
}

// A store that fails is logged with the change it could not keep, once
// per change, not once per check.
func TestNetworkStoreErrorLoggedOncePerChange(t *testing.T) {
	p, o := fastConfig(t, 2)
	st := netStore(t)
	ev := newEvents()
	var log lines
	o.Store, o.OnEvent, o.Logf = st, ev.add, log.logf
	start(t, o)
	ev.wait(t, history.EventNetwork, "", 5*time.Second)
	st.Close() // every write fails from now on
	backOnline(p)
	ev.waitFor(t, 5*time.Second, func(e history.Event) bool { return e.Kind == history.EventNetwork && e.Network == status.Online })
	for range 3 { // more checks, online: nothing more to keep
		ev.waitNext(t, history.EventChecked, "S1", 5*time.Second)
	}
	errs := log.with("record the network's change")
	if len(errs) != 1 {
		t.Errorf("logged %q; want the one change that failed", errs)
	}
}
