package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// diskFullChild is set in the environment of the test binary that
// TestFullDisk runs in a mount namespace of its own.
const diskFullChild = "DOWNRADAR_TEST_DISK_FULL_CHILD"

// TestFullDisk fills a real file system under the history (a 4 MiB tmpfs,
// mounted in a private mount namespace: root only) while a service fails:
// the incident is announced as not saved, the failing writes are logged
// once, not at every check, and once space is back the incident and its
// evidence are in the history, and its end too.
func TestFullDisk(t *testing.T) {
	if os.Getenv(diskFullChild) != "" {
		fullDiskRun(t)
		return
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("TestFullDisk must run under CI: it needs root to mount a tmpfs in a mount namespace")
		}
		t.Skip("not root: mounting a tmpfs in a mount namespace needs root (CI runs it)")
	}
	ctx := context.Background()
	if dl, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-10*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFullDisk$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), diskFullChild+"=1")
	// Go makes / private in the new namespace: the mount stays in it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the run on a full disk failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestFullDisk") {
		t.Fatalf("the run on a full disk did not pass:\n%s", out)
	}
	t.Logf("the run on a full disk:\n%s", out)
}

// fullDiskRun is TestFullDisk inside its mount namespace.
func fullDiskRun(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=4m,mode=0700"); err != nil {
		t.Fatalf("mount a tmpfs on %s: %v", dir, err)
	}
	defer syscall.Unmount(dir, 0)
	st := openStore(t, dir)
	defer st.Close()
	filler := filepath.Join(dir, "filler")
	fill(t, filler)

	var mu sync.Mutex
	var logged []string
	saved := make(chan struct{}, 1)
	logf := func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		t.Log(line)
		mu.Lock()
		logged = append(logged, line)
		mu.Unlock()
		if strings.Contains(line, "incident writes the store had refused") {
			select {
			case saved <- struct{}{}:
			default:
			}
		}
	}

	w := newWorld(t)
	cfg := steady(w.config(t, nil, service("WhatsApp", "Web", "http://ok.test:"+w.webPort+"/flip")))
	ev := newEvents()
	w.failing.Store(true)
	stop := start(t, Options{Config: cfg, Prober: w.prober(cfg), Store: st, OnEvent: ev.add, Grace: noGrace, Logf: logf, FlushEvery: 100 * time.Millisecond})

	opened := ev.nth(t, history.EventOpened, "WhatsApp", 1)
	if !opened.Unsaved || opened.Incident.ID >= 0 {
		t.Fatalf("opened on a full disk: Unsaved %v, id %d; want Unsaved and a provisional id", opened.Unsaved, opened.Incident.ID)
	}
	// Ten more checks, and the flushes meanwhile, on the full disk.
	ev.checkedSince(t, "WhatsApp", time.Now(), 10)
	if list, _, err := st.Incidents(context.Background(), store.Query{}); err != nil || len(list) != 0 {
		t.Fatalf("the history holds %d incidents on a full disk (err %v); the test's disk is not full", len(list), err)
	}
	mu.Lock()
	failures := map[string]int{}
	for _, l := range logged {
		if i := strings.Index(l, ": "); i > 0 && strings.Contains(l, "(retried;") {
			failures[l[:i]]++
		}
	}
	mu.Unlock()
	if len(failures) == 0 {
		t.Fatal("nothing logged about the writes the full disk refused")
	}
	for what, n := range failures {
		if n != 1 {
			t.Errorf("%q logged %d times over ten checks, want once", what, n)
		}
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	select {
	case <-saved:
	case <-time.After(guard):
		t.Fatalf("the refused writes were not saved within %v of the disk having room", guard)
	}
	list, _, err := st.Incidents(context.Background(), store.Query{})
	if err != nil || len(list) != 1 || list[0].Service != "WhatsApp" {
		t.Fatalf("history after the disk has room: %+v, %v; want the WhatsApp incident", list, err)
	}
	w.failing.Store(false)
	resolved := ev.nth(t, history.EventResolved, "WhatsApp", 1)
	stop()
	if resolved.Unsaved || resolved.Incident.ID != opened.Incident.ID {
		t.Errorf("resolved: Unsaved %v, id %d; want saved, with the id its events began with (%d)", resolved.Unsaved, resolved.Incident.ID, opened.Incident.ID)
	}
	inc, err := st.Incident(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Ongoing() || len(inc.Evidence) < 2 {
		t.Errorf("stored incident: ongoing %v, %d evidence; want it ended, with the evidence gathered on the full disk and after", inc.Ongoing(), len(inc.Evidence))
	}
}

// fill writes path until the file system is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill %s: %v", path, err)
			}
			return
		}
	}
}
