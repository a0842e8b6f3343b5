package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer is a log the test reads while the agent writes it.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// headlessRun is a `downradar headless` running on its own goroutine.
type headlessRun struct {
	t    *testing.T
	log  *logBuffer
	code chan int
	stop context.CancelFunc
}

func startHeadless(t *testing.T, args ...string) *headlessRun {
	ctx, cancel := context.WithCancel(context.Background())
	h := &headlessRun{t: t, log: &logBuffer{}, code: make(chan int, 1), stop: cancel}
	go func() { h.code <- Main(ctx, append([]string{"headless"}, args...), nil, &bytes.Buffer{}, h.log) }()
	t.Cleanup(func() { h.exit() })
	return h
}

// waitFor waits until the log has want after from bytes, and returns where it ends.
func (h *headlessRun) waitFor(from int, want string) int {
	h.t.Helper()
	deadline := time.Now().Add(time.Minute) // a guard against a hang, not a timing assertion
	for {
		log := h.log.String()
		if i := strings.Index(log[from:], want); i >= 0 {
			return from + i + len(want)
		}
		select {
		case code := <-h.code:
			h.t.Fatalf("headless exited %d before %q:\n%s", code, want, log)
		default:
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no %q in the log:\n%s", want, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// exit stops the agent and returns its exit code.
func (h *headlessRun) exit() int {
	h.stop()
	select {
	case code := <-h.code:
		h.code <- code // for a second call
		return code
	case <-time.After(time.Minute):
		h.t.Fatal("headless did not stop")
		return -1
	}
}

// Two agents on one history record every incident twice: the second is
// refused, naming the directory and the first; another directory is free.
func TestHeadlessOnePerDataDir(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
	data := filepath.Join(t.TempDir(), "data")
	first := startHeadless(t, "--config", cfg, "--data-dir", data)
	first.waitFor(0, "watching 4 services")

	// Refused at once; the timeout only ends a second agent that was not.
	guard, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var errb logBuffer
	code := Main(guard, []string{"headless", "--config", cfg, "--data-dir", data}, nil, &bytes.Buffer{}, &errb)
	errs := errb.String()
	want := fmt.Sprintf("downradar: another agent (headless, pid %d) already keeps its history in %s: two would record every incident twice; stop it, or give this one another --data-dir\n", os.Getpid(), data)
	if code != ExitError || errs != want {
		t.Errorf("second agent on %s: exit %d\n got %q\nwant %q", data, code, errs, want)
	}

	other := startHeadless(t, "--config", cfg, "--data-dir", filepath.Join(t.TempDir(), "data"))
	other.waitFor(0, "watching 4 services")
	if code := other.exit(); code != ExitOK {
		t.Errorf("an agent on another data dir: exit %d\n%s", code, other.log.String())
	}
	if code := first.exit(); code != ExitOK {
		t.Errorf("first agent: exit %d\n%s", code, first.log.String())
	}
}

// An edited config is reloaded; a bad, empty or deleted one is refused,
// said why, and the agent goes on with the running one.
func TestHeadlessReloadsItsConfig(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
	good, _ := os.ReadFile(cfg)
	h := startHeadless(t, "--config", cfg, "--data-dir", t.TempDir())
	at := h.waitFor(0, "watching 4 services")

	os.WriteFile(cfg, []byte("intervl = \"60s\"\n"), 0o600)
	at = h.waitFor(at, "config not loaded, the running one stays: "+cfg+`:1: intervl: unknown key "intervl"`)

	// An editor's truncate, its content 1.5 s later.
	os.WriteFile(cfg, nil, 0o600)
	at = h.waitFor(at, "config not loaded, the running one stays: config: "+cfg+" is empty (still being written?)")
	os.Remove(cfg)
	at = h.waitFor(at, "config not loaded, the running one stays: config: "+cfg+" is gone")

	// Back, with one service fewer.
	doc := strings.Replace(string(good), "[[service]]\nname = \"GitHub\"", "[[service]]\nname = \"GitHub\"\nenabled = false", 1)
	os.WriteFile(cfg, []byte(doc), 0o600)
	h.waitFor(at, "config reloaded: watching 3 services")
	if code := h.exit(); code != ExitOK {
		t.Errorf("exit %d\n%s", code, h.log.String())
	}
	if log := h.log.String(); strings.Count(log, "config reloaded") != 1 {
		t.Errorf("a refused file was loaded:\n%s", log)
	}
}

// The network's changes are logged, as the tray shows them.
func TestHeadlessLogsTheNetwork(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf(`"tcp://%s", "dns://silent.test", "http://silent.test/generate_204"`, l.closed), l.services())
	h := startHeadless(t, "--config", cfg, "--data-dir", t.TempDir())
	h.waitFor(0, "network: offline")
}
