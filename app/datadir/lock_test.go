package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestOneAgentPerDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := Acquire(dir, "headless")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, "tray")
	var busy *BusyError
	if !errors.As(err, &busy) || busy.PID != os.Getpid() || busy.Agent != "headless" {
		t.Fatalf("second agent on %s: %v", dir, err)
	}
	want := fmt.Sprintf("another agent (headless, pid %d) already keeps its history in %s: two would record every incident twice; stop it, or give this one another --data-dir", os.Getpid(), dir)
	if err.Error() != want {
		t.Errorf("\n got %s\nwant %s", err, want)
	}
	// Another directory is free.
	other, err := Acquire(filepath.Join(t.TempDir(), "data"), "tray")
	if err != nil {
		t.Fatalf("another data dir: %v", err)
	}
	other.Release()
	// Once released, the directory is free again, and says its new holder.
	first.Release()
	first.Release()
	again, err := Acquire(dir, "tray")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	defer again.Release()
	if _, err := Acquire(dir, "headless"); !errors.As(err, &busy) || busy.Agent != "tray" {
		t.Errorf("the holder's word was not rewritten: %v", err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data dir %v %v", fi.Mode(), err)
	}
}

func TestBusyWithoutWord(t *testing.T) {
	if got := (&BusyError{Dir: "/d"}).Error(); got != "another agent already keeps its history in /d: two would record every incident twice; stop it, or give this one another --data-dir" {
		t.Error(got)
	}
	f, _ := os.CreateTemp(t.TempDir(), "lock")
	f.WriteString("garbage\x1b\n")
	f.Seek(0, 0)
	if pid, agent := holder(f); pid != 0 || agent != "" {
		t.Errorf("holder of a garbled file: %d %q", pid, agent)
	}
}
