//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/downradar/downradar/app/control"
)

// binDir holds the downradar binary under test, built once.
var (
	binDir string
	built  string
	mu     sync.Mutex
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "downradar-e2e")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles downradar, without the race detector: fyne.io/systray (v1.11, as pinned by
// Fyne 2.7) races with itself between SetIcon or ResetMenu and the D-Bus
// calls that read them (IconPixmap, GetLayout), which -race reports as a
// failure of our binary. Our own concurrency runs under -race in the unit
// tests (app/agent runs the real agent loop and engine there).
func build(tb testing.TB) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if built != "" {
		return built
	}
	p := filepath.Join(binDir, "downradar")
	args := []string{"build", "-o", p}
	if inGit() {
		// The commit goes into the binary (downradar version) as `make
		// build` puts it, whatever the machine's GOFLAGS say.
		args = append(args, "-buildvcs=true")
	}
	if out, err := exec.Command("go", append(args, "../..")...).CombinedOutput(); err != nil {
		tb.Fatalf("build downradar: %v\n%s", err, out)
	}
	built = p
	return p
}

// inGit reports whether the repository is a git checkout (a fresh clone,
// as CI has), not a tree without its history.
func inGit() bool {
	_, err := os.Stat("../../.git")
	return err == nil
}

// services are two loopback services, Alpha always up and Beta failing on demand.
type services struct {
	srv      *httptest.Server
	betaDown atomic.Bool
}

func startLab(t *testing.T) *services {
	l := &services{}
	l.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/beta" && l.betaDown.Load() {
			http.Error(w, "service unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	}))
	t.Cleanup(l.srv.Close)
	return l
}

// writeConfig puts the lab's services in the session's default config path.
func (d *desktop) writeConfig(l *services) string {
	_, port, _ := net.SplitHostPort(l.srv.Listener.Addr().String())
	conf := fmt.Sprintf(`# written by the end-to-end test
catalog = false
interval = "1h"
timeout = "3s"
[thresholds]
fail = 2
recover = 2
recheck = ["1s"]
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
  [[service.component]]
  name = "Web"
  probe = "http://127.0.0.1:%[1]s/beta"
`, port)
	path := filepath.Join(d.dir, "config", "downradar", "config.toml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		d.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		d.t.Fatal(err)
	}
	return path
}

// item is the StatusNotifierItem of a process.
type item struct {
	d    *desktop
	name string
}

func (it item) tooltip() string {
	v, err := it.d.bus.Object(it.name, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.ToolTip")
	if err != nil {
		return ""
	}
	// (icon name, icon pixmaps, title, description)
	fields, ok := v.Value().([]any)
	if !ok || len(fields) < 3 {
		return ""
	}
	title, _ := fields[2].(string)
	return title
}

// menuItem finds a menu item by its label and returns its id.
func (it item) menuItem(label string) (int32, bool) {
	var rev uint32
	var layout []any
	call := it.d.bus.Object(it.name, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil || call.Store(&rev, &layout) != nil {
		return 0, false
	}
	return findItem(layout, label)
}

// findItem walks a dbusmenu layout (ia{sv}av) for a label.
func findItem(node []any, label string) (int32, bool) {
	if len(node) < 3 {
		return 0, false
	}
	id, _ := node[0].(int32)
	props, _ := node[1].(map[string]dbus.Variant)
	if l, ok := props["label"]; ok && l.Value() == label {
		return id, true
	}
	children, _ := node[2].([]dbus.Variant)
	for _, c := range children {
		if sub, ok := c.Value().([]any); ok {
			if id, ok := findItem(sub, label); ok {
				return id, true
			}
		}
	}
	return 0, false
}

// click sends the dbusmenu "clicked" event to the item labelled label.
func (it item) click(label string) {
	it.d.t.Helper()
	var id int32
	it.d.eventually(10*time.Second, "a menu item "+label, func() bool {
		var ok bool
		id, ok = it.menuItem(label)
		return ok
	})
	call := it.d.bus.Object(it.name, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil {
		it.d.t.Fatalf("click %q: %v", label, call.Err)
	}
}

// notification is one entry of `dunstctl history`.
type notification struct {
	App, Summary, Body, DefaultAction string
}

func (d *desktop) history() []notification {
	out, err := d.run("dunstctl", "history")
	if err != nil {
		d.t.Fatal(err)
	}
	var h struct {
		Data [][]map[string]struct {
			Data any `json:"data"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		d.t.Fatalf("dunstctl history: %v\n%s", err, out)
	}
	var ns []notification
	for _, group := range h.Data {
		for _, n := range group {
			s := func(k string) string { v, _ := n[k].Data.(string); return v }
			ns = append(ns, notification{App: s("appname"), Summary: s("summary"), Body: s("body"), DefaultAction: s("default_action_name")})
		}
	}
	return ns
}

func (d *desktop) displayed() int {
	out, err := d.run("dunstctl", "count", "displayed")
	if err != nil {
		return 0
	}
	var n int
	fmt.Sscan(strings.TrimSpace(out), &n)
	return n
}

// windowMapped reports whether a window with exactly this title is mapped.
func (d *desktop) windowMapped(title string) bool {
	out, err := d.run("xwininfo", "-name", title)
	return err == nil && strings.Contains(out, "Map State: IsViewable")
}

func TestAgentEndToEnd(t *testing.T) {
	d := startDesktop(t, true)
	l := startLab(t)
	d.writeConfig(l)

	bin := build(t)
	t.Cleanup(func() { killWindows(bin) })
	agent := d.start("agent", bin)
	d.agent = agent
	it := item{d: d, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", agent.Process.Pid)}
	// The tray icon appears on the bus, and the tray host knows it.
	d.waitName(it.name, 30*time.Second)
	d.eventually(20*time.Second, "the tray host to register the icon", func() bool {
		v, err := d.bus.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").GetProperty("org.kde.StatusNotifierWatcher.RegisteredStatusNotifierItems")
		items, _ := v.Value().([]string)
		return err == nil && len(items) > 0
	})
	// The first round: both up.
	d.eventually(30*time.Second, `the tooltip "2 up"`, func() bool { return it.tooltip() == "DownRadar: 2 up" })

	// Beta breaks. Nothing is due for an hour, so only "Check now" finds it.
	l.betaDown.Store(true)
	it.click("Check now")
	d.eventually(30*time.Second, "a notification on screen", func() bool { return d.displayed() > 0 })
	if tip := it.tooltip(); !strings.HasPrefix(tip, "DownRadar: Beta down for ") || !strings.HasSuffix(tip, " · 1 up") {
		t.Errorf("tooltip with Beta down = %q", tip)
	}
	if _, ok := it.menuItem("Check now"); !ok {
		t.Error("menu lost its commands")
	}

	// A click on the notification (its default action) opens the incident.
	start := time.Now()
	if _, err := d.run("dunstctl", "action", "0"); err != nil {
		t.Fatal(err)
	}
	title := "DownRadar — Beta incident #1"
	d.eventually(30*time.Second, "the window "+title, func() bool { return d.windowMapped(title) })
	t.Logf("notification click to mapped window (cold start of the window process): %s", time.Since(start).Round(time.Millisecond))

	// Notifications stay until acted upon: close them so dunst lists them.
	if _, err := d.run("dunstctl", "close-all"); err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, n := range d.history() {
		if n.Summary == "Beta is down" {
			found = true
			if n.App != "DownRadar" || n.DefaultAction != "default" || !strings.HasPrefix(n.Body, "Web failing since ") {
				t.Errorf("notification = %+v", n)
			}
		}
	}
	if !found {
		t.Errorf("no \"Beta is down\" in dunst's history: %+v", d.history())
	}

	// A second `downradar` does not start another agent: it opens the window.
	out, err := d.run(bin)
	if err != nil || !strings.Contains(out, "already running") {
		d.dumpAgent()
		t.Fatalf("second downradar: %v\n%s", err, out)
	}
	// "History…" from the tray reuses the window process.
	it.click("History…")
	time.Sleep(time.Second)
	if n := countWindowProcesses(bin); n != 1 {
		t.Errorf("%d window processes, want 1", n)
	}

	// Beta recovers: the resolution is notified.
	l.betaDown.Store(false)
	it.click("Check now")
	d.eventually(30*time.Second, `the tooltip "2 up" again`, func() bool { return it.tooltip() == "DownRadar: 2 up" })
	d.eventually(30*time.Second, `"Beta is back"`, func() bool {
		d.run("dunstctl", "close-all")
		for _, n := range d.history() {
			if n.Summary == "Beta is back" {
				return true
			}
		}
		return false
	})

	// Paused for an hour: Beta fails again, the tray says so, dunst gets nothing.
	it.click("For 1 hour")
	d.eventually(10*time.Second, "the tooltip to say paused", func() bool {
		return strings.HasSuffix(it.tooltip(), "· notifications paused until "+time.Now().Add(time.Hour).Format("15:04")) ||
			strings.HasSuffix(it.tooltip(), "· notifications paused until "+time.Now().Add(time.Hour-time.Minute).Format("15:04"))
	})
	before := len(d.history())
	l.betaDown.Store(true)
	it.click("Check now")
	d.eventually(30*time.Second, "Beta down while paused", func() bool { return strings.HasPrefix(it.tooltip(), "DownRadar: Beta down") })
	time.Sleep(4 * time.Second) // longer than a notification's batch window
	if n := d.displayed(); n != 0 {
		t.Errorf("%d notifications shown while paused", n)
	}
	if after := len(d.history()); after != before {
		t.Errorf("dunst got %d notifications while paused", after-before)
	}
	it.click("Resume")
	d.eventually(10*time.Second, "the pause to end", func() bool { return !strings.Contains(it.tooltip(), "paused") })

	// Quit from the tray ends the agent.
	it.click("Quit DownRadar")
	done := make(chan error, 1)
	go func() { done <- agent.Wait() }()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
			t.Errorf("agent exit: %v", err)
		}
	case <-time.After(15 * time.Second):
		agent.Process.Signal(syscall.SIGQUIT) // its goroutines, in the output below
		<-done
		d.agent = nil
		t.Error("the agent did not quit from the tray")
	}
}

// killWindows ends the window processes of bin and waits for them to go.
func killWindows(bin string) {
	exec.Command("pkill", "-f", "-x", bin+" window.*").Run()
	for i := 0; i < 50 && countWindowProcesses(bin) > 0; i++ {
		time.Sleep(100 * time.Millisecond)
	}
}

// countWindowProcesses counts running `downradar window` processes of this test's binary.
func countWindowProcesses(bin string) int {
	out, _ := exec.Command("pgrep", "-f", "-x", bin+" window.*").Output()
	return len(strings.Fields(string(out)))
}

// Without a tray host (GNOME without its extension), the agent says so
// once, opens the history window at start, and still notifies.
func TestAgentWithoutTrayHost(t *testing.T) {
	d := startDesktop(t, false)
	l := startLab(t)
	d.writeConfig(l)
	bin := build(t)
	t.Cleanup(func() { killWindows(bin) })
	var out syncBuffer
	agent := exec.Command(bin)
	agent.Env, agent.Stdout, agent.Stderr, agent.WaitDelay = d.env, &out, &out, 2*time.Second
	if err := agent.Start(); err != nil {
		t.Fatal(err)
	}
	d.agent = agent
	t.Cleanup(func() {
		agent.Process.Kill()
		agent.Wait()
		if t.Failed() {
			t.Logf("--- agent output:\n%s", out.String())
		}
	})
	d.eventually(30*time.Second, "the history window at start", func() bool { return d.windowMapped("DownRadar — history") })
	if n := strings.Count(out.String(), "this desktop has no system tray"); n != 1 {
		t.Errorf("the missing tray is said %d times, want once", n)
	}
	l.betaDown.Store(true)
	sock := filepath.Join(d.dir, "run", "downradar", "agent.sock")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if rep, err := control.Send(ctx, sock, control.Request{Op: control.OpCheck}); err != nil || !rep.OK {
		t.Fatalf("check through the socket: %+v %v", rep, err)
	}
	d.eventually(30*time.Second, "a notification without a tray", func() bool { return d.displayed() > 0 })
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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
