//go:build e2e

// Package e2e runs DownRadar end to end on a real desktop session: an X
// server (Xvfb), a session bus (dbus-daemon), a real notification daemon
// (dunst) and a real tray host (gtk-sni-tray-standalone), all started by
// the test, with the agent watching services on loopback. `make deps`
// installs them; the test fails, naming the missing tool, without them.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// desktop is one test's session.
type desktop struct {
	t       testing.TB
	dir     string
	env     []string // the session's environment for child processes
	display string
	bus     *dbus.Conn
	agent   *exec.Cmd // when set, a failure dumps its goroutines (SIGQUIT) into the log
}

// need fails the test when a tool is missing.
func need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: run `make deps` (Debian packages xvfb, dbus, dunst, xdotool, x11-utils, haskell-gtk-sni-tray-utils)", tool)
		}
	}
}

// startDesktop starts Xvfb, a session bus, dunst and, with tray, a tray host.
func startDesktop(t testing.TB, tray bool) *desktop {
	t.Helper()
	need(t, "Xvfb", "dbus-daemon", "dunst", "dunstctl", "xdotool", "xwininfo")
	if tray {
		need(t, "gtk-sni-tray-standalone")
	}
	d := &desktop{t: t, dir: t.TempDir()}
	for _, sub := range []string{"run", "config", "data", "cache"} {
		if err := os.MkdirAll(filepath.Join(d.dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	d.display = d.startX()
	addr := d.startBus()
	d.env = append(os.Environ(),
		"DISPLAY="+d.display,
		"DBUS_SESSION_BUS_ADDRESS="+addr,
		"XDG_RUNTIME_DIR="+filepath.Join(d.dir, "run"),
		"XDG_CONFIG_HOME="+filepath.Join(d.dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(d.dir, "data"),
		"XDG_CACHE_HOME="+filepath.Join(d.dir, "cache"),
		"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", // English, whatever the machine's locale
		"NO_AT_BRIDGE=1",
	)
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatalf("connect to the test's bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	d.bus = conn
	d.startDunst()
	if tray {
		d.startTrayHost()
	}
	return d
}

// startTrayHost starts gtk-sni-tray-standalone with its own watcher and
// waits for the watcher's name. Now and then it exits at once instead:
// its host asks its watcher, on another connection of the same process,
// to register it before the watcher has exported its object, gets
// UnknownObject, and dies on a forced pattern ("Just host <- Host.build",
// app/Main.hs); seen once in a CI run of TestAgentSpeaksTheLocale. A host
// that exits before the name appears is started again, at most 3 times.
func (d *desktop) startTrayHost() {
	d.t.Helper()
	for attempt := 1; attempt <= 3; attempt++ {
		cmd := exec.Command("gtk-sni-tray-standalone", "--watcher", "--bottom", "--end", "-s", "40")
		cmd.Env = d.env
		out := &syncBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			d.t.Fatalf("tray host: %v", err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		d.t.Cleanup(func() {
			cmd.Process.Kill()
			<-done
			if d.t.Failed() {
				d.t.Logf("--- tray host output:\n%s", out.String())
			}
		})
		deadline := time.After(20 * time.Second)
		for {
			if d.hasName("org.kde.StatusNotifierWatcher") {
				return
			}
			select {
			case <-done:
				d.t.Logf("the tray host exited at start (attempt %d): %s", attempt, strings.TrimSpace(out.String()))
			case <-deadline:
				d.t.Fatalf("timed out after 20s waiting for the tray host's StatusNotifierWatcher")
			case <-time.After(100 * time.Millisecond):
				continue
			}
			break
		}
	}
	d.t.Fatalf("the tray host exited at start 3 times")
}

// startX starts Xvfb on a free display and returns it.
func (d *desktop) startX() string {
	r, w, err := os.Pipe()
	if err != nil {
		d.t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		d.t.Fatalf("Xvfb: %v", err)
	}
	w.Close()
	d.t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		d.t.Fatalf("Xvfb did not say its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// startBus starts a session bus and returns its address.
func (d *desktop) startBus() string {
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		d.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		d.t.Fatalf("dbus-daemon: %v", err)
	}
	d.t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		d.t.Fatalf("dbus-daemon did not say its address: %v", err)
	}
	return strings.TrimSpace(addr)
}

// startDunst runs dunst with notifications that stay until acted upon.
func (d *desktop) startDunst() {
	rc := filepath.Join(d.dir, "dunstrc")
	conf := "[global]\n    font = DejaVu Sans 11\n    width = 360\n    origin = top-right\n    offset = 12x12\n    frame_width = 1\n    frame_color = \"#3b4b5b\"\n" +
		"[urgency_low]\n    timeout = 0\n    background = \"#f4f6f8\"\n    foreground = \"#1b2a38\"\n" +
		"[urgency_normal]\n    timeout = 0\n    background = \"#ffffff\"\n    foreground = \"#1b2a38\"\n" +
		"[urgency_critical]\n    timeout = 0\n    background = \"#fff0f0\"\n    foreground = \"#1b2a38\"\n"
	if err := os.WriteFile(rc, []byte(conf), 0o600); err != nil {
		d.t.Fatal(err)
	}
	d.start("dunst", "dunst", "-config", rc)
	d.waitName("org.freedesktop.Notifications", 20*time.Second)
}

// start runs a session program until the test ends, its output in the log on failure.
func (d *desktop) start(name, prog string, args ...string) *exec.Cmd {
	cmd := exec.Command(prog, args...)
	cmd.Env = d.env
	cmd.WaitDelay = 2 * time.Second // children (the window process) may hold its output open
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		d.t.Fatalf("%s: %v", name, err)
	}
	d.t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if d.t.Failed() {
			d.t.Logf("--- %s output:\n%s", name, out.String())
		}
	})
	return cmd
}

// run runs a command in the session and returns its output.
func (d *desktop) run(prog string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = d.env
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w: %s", prog, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// waitName waits until a well-known name has an owner on the bus.
func (d *desktop) waitName(name string, timeout time.Duration) {
	d.t.Helper()
	d.eventually(timeout, "the name "+name+" on the session bus", func() bool { return d.hasName(name) })
}

// hasName reports whether a process owns name on the session bus.
func (d *desktop) hasName(name string) bool {
	var has bool
	return d.bus.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has) == nil && has
}

// eventually polls cond until it holds or the timeout passes.
func (d *desktop) eventually(timeout time.Duration, what string, cond func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			d.dumpAgent()
			d.t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// dumpAgent asks the agent for its goroutines (Go prints them on SIGQUIT).
func (d *desktop) dumpAgent() {
	if d.agent != nil && d.agent.ProcessState == nil {
		d.agent.Process.Signal(syscall.SIGQUIT)
		time.Sleep(2 * time.Second)
	}
}
