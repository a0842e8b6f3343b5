package agent

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/notification"
	"github.com/downradar/downradar/app/tray"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

func TestPacer(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	type step struct {
		fire bool // the timer fires, else a change
		at   time.Time
		show bool
		wait time.Duration
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"the first change at once", []step{{at: t0, show: true}}},
		{"a burst: the first at once, the rest once", []step{
			{at: ms(0), show: true},
			{at: ms(10), wait: 490 * time.Millisecond},
			{at: ms(20)}, {at: ms(400)},
			{fire: true, at: ms(500), show: true},
			{at: ms(600), wait: 400 * time.Millisecond},
			{fire: true, at: ms(1000), show: true},
		}},
		{"a change after a quiet spell at once", []step{
			{at: ms(0), show: true},
			{at: ms(500), show: true},
			{at: ms(5000), show: true},
		}},
		{"a timer with nothing pending shows nothing", []step{
			{at: ms(0), show: true},
			{fire: true, at: ms(500)},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := pacer{every: 500 * time.Millisecond}
			for i, s := range tc.steps {
				if s.fire {
					if show := p.fired(s.at); show != s.show {
						t.Errorf("step %d: timer at %s: show %v, want %v", i, s.at.Sub(t0), show, s.show)
					}
					continue
				}
				show, wait := p.changed(s.at)
				if show != s.show || wait != s.wait {
					t.Errorf("step %d: change at %s: show %v, wait %s; want %v, %s", i, s.at.Sub(t0), show, wait, s.show, s.wait)
				}
			}
		})
	}
}

// fakeTray records what the agent shows.
type fakeTray struct {
	mu      sync.Mutex
	updates int
	last    tray.State
	shown   chan struct{} // a signal after each update
}

func (f *fakeTray) Update(_ *label.Words, s tray.State) {
	f.mu.Lock()
	f.updates++
	f.last = s
	f.mu.Unlock()
	select {
	case f.shown <- struct{}{}:
	default:
	}
}

func (f *fakeTray) Close() {}

// A round of checks is a burst of events, one per service: the tray shows
// them a few times a round, not once per event (that made a round cost
// O(services²): issue 14), and shows the round's end.
func TestTrayUpdatedOncePerBurst(t *testing.T) {
	const services = 300
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "catalog = false\ninterval = \"1h\"\ntimeout = \"10s\"\n[news]\nbuiltin = false\n[network]\ncontrol = [\"tcp://127.0.0.1:%s\"]\n", port)
	for i := range services {
		fmt.Fprintf(&b, "[[service]]\nname = \"S%03d\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"http://127.0.0.1:%s/%d\"\n", i, port, i)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	fake := &fakeTray{shown: make(chan struct{}, 1)}
	a := &Agent{
		opts:     Options{Flags: cli.Flags{Config: path, DataDir: dir}, Now: time.Now, Logger: log.New(os.Stderr, "", 0)},
		logf:     t.Logf,
		notifier: &sender{},
		tray:     fake,
		requests: make(chan request), actions: make(chan tray.Action, 8), opened: make(chan int64, 8), events: make(chan history.Event, 256),
	}
	var err error
	if a.cfg, err = a.opts.load(); err != nil {
		t.Fatal(err)
	}
	if a.st, err = store.Open(a.opts.Flags.StorePath()); err != nil {
		t.Fatal(err)
	}
	defer a.st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	start := time.Now()
	go func() { done <- a.loop(ctx) }()
	defer func() { cancel(); <-done }()
	for range fake.shown {
		fake.mu.Lock()
		s := fake.last
		fake.mu.Unlock()
		up := 0
		for _, svc := range s.Services {
			if svc.Status == status.Up {
				up++
			}
		}
		if up == services {
			break
		}
	}
	elapsed := time.Since(start)
	fake.mu.Lock()
	updates := fake.updates
	fake.mu.Unlock()
	// At once at the start and at the first event, then at most once per
	// trayEvery: however slow the machine, far fewer than the events.
	if limit := 2 + int(elapsed/trayEvery) + 1; updates > limit || updates >= services {
		t.Errorf("%d tray updates for %d checks in %s, want at most %d", updates, services, elapsed.Round(time.Millisecond), limit)
	}
	t.Logf("%d tray updates for %d checks in %s", updates, services, elapsed.Round(time.Millisecond))
}

// trayState says which services are muted, and follows a new config.
func TestTrayStateMarksMuted(t *testing.T) {
	cfgOf := func(muted ...string) *config.Config {
		c := &config.Config{}
		for _, name := range []string{"A", "B", "C"} {
			c.Services = append(c.Services, config.Service{Name: name, Enabled: true, Mute: strings.Contains(strings.Join(muted, ","), name)})
		}
		return c
	}
	a := &Agent{opts: Options{Now: time.Now}, planner: notification.NewPlanner(notification.Policy{})}
	for _, tc := range []struct {
		cfg  *config.Config
		want string
	}{
		{cfgOf("B"), "A:false B:true C:false"},
		{cfgOf("A", "C"), "A:true B:false C:true"}, // reloaded
		{cfgOf(), "A:false B:false C:false"},
	} {
		a.cfg = tc.cfg
		a.eng = engine.New(engine.Options{Config: tc.cfg})
		var got []string
		for _, s := range a.trayState(time.Now()).Services {
			got = append(got, fmt.Sprintf("%s:%v", s.Name, s.Muted))
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("muted: %s, want %s", strings.Join(got, " "), tc.want)
		}
	}
}
