package agent

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/app/control"
)

// fakeWindow, set in the environment, makes this test binary a stand-in
// for the window process that the launcher starts: it notes its start in
// the directory the variable names, listens on the window socket after a
// moment (a real one takes a second to build its window), notes each
// request, and exits once the test says so. With fakeWindowFail it says why
// it cannot open a window and exits 1, as `downradar window` does without
// a display.
const (
	fakeWindow     = "DOWNRADAR_TEST_FAKE_WINDOW"
	fakeWindowFail = "DOWNRADAR_TEST_FAKE_WINDOW_FAIL"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(fakeWindow); dir != "" {
		os.Exit(fakeWindowMain(dir))
	}
	// The tests read English, whatever the locale they run in.
	os.Setenv("LC_ALL", "C")
	os.Exit(m.Run())
}

func fakeWindowMain(dir string) int {
	if os.Getenv(fakeWindowFail) != "" {
		fmt.Fprintln(os.Stderr, "downradar window: no display: neither DISPLAY nor WAYLAND_DISPLAY is set")
		return 1
	}
	note := func(file, line string) {
		f, err := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err == nil {
			fmt.Fprintln(f, line)
			f.Close()
		}
	}
	note("starts", fmt.Sprint(os.Getpid()))
	note("requests", "from its arguments") // the request it was started with
	// It listens once the test says so (a real one takes a second to build
	// its window): every request made before then must wait for it.
	if !waitFile(filepath.Join(dir, "listen")) {
		return 1
	}
	srv, err := control.Listen(filepath.Join(dir, "window.sock"), func(r control.Request) control.Reply {
		note("requests", string(r.Op))
		return control.Reply{OK: true}
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Close()
	waitFile(filepath.Join(dir, "done")) // until the test is done with it
	return 0
}

// waitFile waits for the test to create path (a minute at most: a guard
// against a test that died).
func waitFile(path string) bool {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func lineCount(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

// Thirty clicks in a burst start one window process, which shows every
// one of them once it listens (they started seventeen).
func TestLauncherStartsOneWindowProcess(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(fakeWindow, dir)
	t.Cleanup(func() { os.WriteFile(filepath.Join(dir, "done"), nil, 0o600) })
	var logged logLines
	l := &launcher{exe: os.Args[0], sock: filepath.Join(dir, "window.sock"), logf: logged.logf, out: &logged}
	for range 30 {
		if err := l.open(control.Request{Op: control.OpHistory}); err != nil {
			t.Fatal(err)
		}
	}
	// All thirty asked before the window process listens.
	if err := os.WriteFile(filepath.Join(dir, "listen"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute) // a guard against a hang only
	for lineCount(t, filepath.Join(dir, "requests")) < 30 {
		if time.Now().After(deadline) {
			t.Fatalf("the window process showed %d of 30 requests; log:\n%s", lineCount(t, filepath.Join(dir, "requests")), logged.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := lineCount(t, filepath.Join(dir, "starts")); n != 1 {
		t.Errorf("%d window processes started for 30 requests, want 1", n)
	}
}

// A window process that cannot open a window says why, and the agent
// passes that on in its log.
func TestLauncherSaysWhyNoWindowOpened(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(fakeWindow, dir)
	t.Setenv(fakeWindowFail, "1")
	var logged logLines
	l := &launcher{exe: os.Args[0], sock: filepath.Join(dir, "window.sock"), logf: logged.logf, out: &logged}
	if err := l.open(control.Request{Op: control.OpHistory}); err != nil {
		t.Fatal(err)
	}
	want := "no window opened: downradar window: no display"
	select {
	case <-logged.waitFor(want):
	case <-time.After(time.Minute): // a guard against a hang only
		t.Fatalf("the agent's log does not say why no window opened; it holds:\n%s", logged.String())
	}
}

// logLines collects log lines and what a process wrote, and signals a line.
type logLines struct {
	mu    sync.Mutex
	b     strings.Builder
	wants map[string]chan struct{}
}

func (l *logLines) logf(format string, args ...any) {
	l.Write([]byte(fmt.Sprintf(format, args...) + "\n"))
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Write(p)
	for want, ch := range l.wants {
		if strings.Contains(l.b.String(), want) {
			close(ch)
			delete(l.wants, want)
		}
	}
	return len(p), nil
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor is closed once the log holds want.
func (l *logLines) waitFor(want string) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	ch := make(chan struct{})
	if strings.Contains(l.b.String(), want) {
		close(ch)
		return ch
	}
	if l.wants == nil {
		l.wants = map[string]chan struct{}{}
	}
	l.wants[want] = ch
	return ch
}
