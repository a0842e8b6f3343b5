package agent

import (
	"bytes"
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
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/control"
	"github.com/downradar/downradar/app/notification"
	"github.com/downradar/downradar/checker/config"
)

// sender records what the agent would show.
type sender struct {
	mu   sync.Mutex
	msgs []notification.Message
}

func (s *sender) Send(m notification.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	return nil
}

func (s *sender) Close() error { return nil }

func (s *sender) all() []notification.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]notification.Message(nil), s.msgs...)
}

// syncBuffer is a log the test reads while the agent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rig is an agent on loopback services, with no tray, a recording sender
// and a fake binary that records the windows it is asked to open.
type rig struct {
	t       *testing.T
	dir     string
	config  string
	port    string
	alpha   atomic.Bool // true: Alpha answers 503
	beta    atomic.Bool // true: Beta answers 503
	sent    *sender
	log     *syncBuffer
	code    chan int
	sockets string
}

func newRig(t *testing.T, extra string) *rig {
	r := &rig{t: t, dir: t.TempDir(), sent: &sender{}, log: &syncBuffer{}, code: make(chan int, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/alpha" && r.alpha.Load() || req.URL.Path == "/beta" && r.beta.Load() {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	}))
	t.Cleanup(srv.Close)
	_, r.port, _ = net.SplitHostPort(srv.Listener.Addr().String())
	r.config = filepath.Join(r.dir, "config.toml")
	r.sockets = filepath.Join(r.dir, "run")
	r.write(r.doc(extra))
	exe := filepath.Join(r.dir, "downradar")
	script := "#!/bin/sh\necho \"$@\" >> " + filepath.Join(r.dir, "windows.log") + "\n"
	if err := os.WriteFile(exe, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{
		Flags:    cli.Flags{Config: r.config, DataDir: r.dir},
		Exe:      exe,
		Sockets:  r.sockets,
		NoTray:   true,
		Logger:   log.New(r.log, "", 0),
		Notifier: r.sent,
		Policy:   notification.Policy{Batch: 50 * time.Millisecond, MinGap: 50 * time.Millisecond},
	}
	go func() { r.code <- Run(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.code:
		case <-time.After(10 * time.Second):
			t.Error("the agent did not stop")
		}
	})
	r.eventually("the agent answering on its socket", func() bool {
		rep, err := r.send(control.Request{Op: control.OpPing})
		return err == nil && rep.OK
	})
	return r
}

// doc is a config of Alpha and Beta on the rig's server, extra appended to Beta.
func (r *rig) doc(betaExtra string) string {
	return fmt.Sprintf(`catalog = false
interval = "1h"
timeout = "2s"
[thresholds]
fail = 2
recover = 2
recheck = ["100ms"]
[news]
builtin = false
[network]
control = ["tcp://127.0.0.1:%[1]s"]
[[service]]
name = "Alpha"
  [[service.component]]
  name = "Web"
  probe = "http://127.0.0.1:%[1]s/alpha"
[[service]]
name = "Beta"
%[2]s
  [[service.component]]
  name = "Web"
  probe = "http://127.0.0.1:%[1]s/beta"
`, r.port, betaExtra)
}

func (r *rig) write(doc string) {
	if err := os.WriteFile(r.config, []byte(doc), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) send(req control.Request) (control.Reply, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return control.Send(ctx, filepath.Join(r.sockets, "agent.sock"), req)
}

func (r *rig) eventually(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(time.Minute) // a guard against a hang, not a timing assertion
	for !cond() {
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %s; agent log:\n%s", what, r.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *rig) windows() string {
	b, _ := os.ReadFile(filepath.Join(r.dir, "windows.log"))
	return string(b)
}

func TestNotifiesAnOutageAndOpensItsWindow(t *testing.T) {
	r := newRig(t, "")
	r.beta.Store(true)
	if rep, err := r.send(control.Request{Op: control.OpCheck}); err != nil || !rep.OK {
		t.Fatalf("check: %+v %v", rep, err)
	}
	var msg notification.Message
	r.eventually(`"Beta is down"`, func() bool {
		for _, m := range r.sent.all() {
			if m.Summary == "Beta is down" {
				msg = m
				return true
			}
		}
		return false
	})
	if msg.Incident == 0 || !strings.HasPrefix(msg.Body, "Web failing since ") {
		t.Errorf("message = %+v", msg)
	}
	// What a click on it does: the window process on that incident.
	if rep, err := r.send(control.Request{Op: control.OpIncident, Incident: msg.Incident}); err != nil || !rep.OK {
		t.Fatalf("incident: %+v %v", rep, err)
	}
	want := fmt.Sprintf("window --config %s --data-dir %s --incident %d\n", r.config, r.dir, msg.Incident)
	r.eventually("the window process started on the incident", func() bool { return r.windows() == want })

	// Back up: the same notification (same key) says so.
	r.beta.Store(false)
	r.send(control.Request{Op: control.OpCheck})
	r.eventually(`"Beta is back"`, func() bool {
		for _, m := range r.sent.all() {
			if m.Summary == "Beta is back" && m.Key == msg.Key {
				return true
			}
		}
		return false
	})
}

func TestMutedServiceIsRecordedNotNotified(t *testing.T) {
	r := newRig(t, "mute = true")
	r.beta.Store(true)
	r.send(control.Request{Op: control.OpCheck})
	r.eventually("Beta's incident in the log", func() bool { return strings.Contains(r.log.String(), "Beta is down since") })
	// Then Alpha, not muted, goes down too. The agent handles the engine's
	// events in order: Alpha's incident reaches the notifications after
	// Beta's, and a notification of Beta's would be due first (or join
	// Alpha's). So once Alpha's is out, Beta's would be too.
	r.alpha.Store(true)
	r.send(control.Request{Op: control.OpCheck})
	r.eventually(`"Alpha is down"`, func() bool {
		for _, m := range r.sent.all() {
			if strings.Contains(m.Summary, "Alpha") {
				return true
			}
		}
		return false
	})
	for _, m := range r.sent.all() {
		if strings.Contains(m.Summary, "Beta") || strings.Contains(m.Body, "Beta") {
			t.Errorf("muted Beta was notified: %+v", m)
		}
	}
}

func TestReloadRefusesABadConfigAndKeepsRunning(t *testing.T) {
	r := newRig(t, "")
	good := r.doc("")
	r.write(strings.Replace(good, `interval = "1h"`, `interval = "soon"`, 1))
	rep, err := r.send(control.Request{Op: control.OpReload})
	if err != nil {
		t.Fatal(err)
	}
	wantErr := r.config + `:2: interval: "soon" is not a duration (like "60s" or "5m")`
	if rep.OK || rep.Error != wantErr {
		t.Fatalf("reload of a bad config = %+v, want the error %q", rep, wantErr)
	}
	// Said once, even when asked again.
	r.send(control.Request{Op: control.OpReload})
	var config []notification.Message
	for _, m := range r.sent.all() {
		if m.Key == "config" {
			config = append(config, m)
		}
	}
	if len(config) != 1 || config[0].Summary != "DownRadar's config was not loaded" || !strings.HasPrefix(config[0].Body, wantErr) {
		t.Errorf("config notifications = %+v", config)
	}
	// The running config still works.
	r.beta.Store(true)
	r.send(control.Request{Op: control.OpCheck})
	r.eventually("Beta's incident under the old config", func() bool { return strings.Contains(r.log.String(), "Beta is down since") })

	// A good config with a third service loads without a restart.
	r.write(good + "[[service]]\nname = \"Gamma\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"http://127.0.0.1:" + r.port + "/gamma\"\n")
	if rep, err := r.send(control.Request{Op: control.OpReload}); err != nil || !rep.OK {
		t.Fatalf("reload of a good config: %+v %v", rep, err)
	}
	if !strings.Contains(r.log.String(), "config reloaded: watching 3 services") {
		t.Errorf("log:\n%s", r.log.String())
	}
}

func TestEditedConfigFileIsReloaded(t *testing.T) {
	r := newRig(t, "")
	// As the settings window does it: switch Beta off.
	if err := config.Save(r.config, config.Changes{Services: []config.ServiceChange{{Name: "Beta", Enabled: ptr(false)}}}); err != nil {
		t.Fatal(err)
	}
	r.eventually("the agent to notice the file", func() bool {
		return strings.Contains(r.log.String(), "config reloaded: watching 1 services")
	})
}

func TestSecondAgentOpensTheFirstOnesWindow(t *testing.T) {
	r := newRig(t, "")
	var out syncBuffer
	code := Run(context.Background(), Options{
		Flags: cli.Flags{Config: r.config, DataDir: r.dir}, Sockets: r.sockets, NoTray: true,
		Logger: log.New(&out, "", 0), Notifier: &sender{},
	})
	if code != cli.ExitOK || !strings.Contains(out.String(), "already running") {
		t.Fatalf("second agent: exit %d, %q", code, out.String())
	}
	want := fmt.Sprintf("window --config %s --data-dir %s\n", r.config, r.dir)
	r.eventually("the first agent to open its history window", func() bool { return r.windows() == want })
}

func TestSilent(t *testing.T) {
	now := time.Date(2026, 11, 21, 23, 30, 0, 0, time.Local)
	quiet := &config.Quiet{From: 22 * 60, To: 7 * 60}
	for _, tc := range []struct {
		name   string
		now    time.Time
		paused time.Time
		quiet  *config.Quiet
		want   bool
	}{
		{"nothing", now, time.Time{}, nil, false},
		{"paused", now, now.Add(time.Minute), nil, true},
		{"pause over", now, now, nil, false},
		{"quiet hours", now, time.Time{}, quiet, true},
		{"outside quiet hours", now.Add(-12 * time.Hour), time.Time{}, quiet, false},
	} {
		if got := Silent(tc.now, tc.paused, tc.quiet); got != tc.want {
			t.Errorf("%s: Silent = %v", tc.name, got)
		}
	}
}

func ptr[T any](v T) *T { return &v }
