// Package datadir keeps one agent per data directory. Two agents (two
// `downradar headless`, or one beside the tray agent) writing one history
// record every incident twice; so each agent holds a lock on a file beside
// the history database while it runs, and a second is refused with the
// directory and the process that holds it.
package datadir

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFile is the lock's name in the data directory.
const LockFile = "agent.lock"

// Lock is a data directory held by this process.
type Lock struct{ f *os.File }

// BusyError says which agent already holds a data directory.
type BusyError struct {
	Dir   string
	PID   int    // 0 when the holder did not say
	Agent string // what the holder said it is ("headless", "tray"), "" if unknown
}

func (e *BusyError) Error() string {
	who := "another agent"
	switch {
	case e.PID != 0 && e.Agent != "":
		who = fmt.Sprintf("another agent (%s, pid %d)", e.Agent, e.PID)
	case e.PID != 0:
		who = fmt.Sprintf("another agent (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s already keeps its history in %s: two would record every incident twice; stop it, or give this one another --data-dir", who, e.Dir)
}

// Acquire takes dir (created 0700 if missing) for this process, which says
// it is agent ("headless", "tray"). It fails with a *BusyError when a live
// process holds it. The lock goes with the process: a crash leaves nothing
// to clean up.
func Acquire(dir, agent string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	if err := lockFile(f); err != nil {
		defer f.Close()
		if errors.Is(err, errLocked) {
			busy := &BusyError{Dir: dir}
			busy.PID, busy.Agent = holder(f)
			return nil, busy
		}
		return nil, fmt.Errorf("data dir: lock %s: %w", path, err)
	}
	// Who holds it, for the next one to say. Best effort: the lock is the flock
	// (on Windows, a byte locked far past these: see lock_windows.go).
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("%d %s\n", os.Getpid(), agent)), 0)
	}
	return &Lock{f: f}, nil
}

// holder reads what the process holding the lock wrote: "PID AGENT".
func holder(f *os.File) (int, string) {
	b, _ := io.ReadAll(io.LimitReader(f, 128))
	pid, agent, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 {
		return 0, ""
	}
	return n, strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, agent)
}

// Release lets the directory go; it may be called more than once.
func (l *Lock) Release() {
	if l != nil && l.f != nil {
		unlockFile(l.f) // Windows; closing drops a flock
		l.f.Close()
		l.f = nil
	}
}
