package datadir

import (
	"os"

	"golang.org/x/sys/windows"
)

// errLocked is what lockFile returns when another process holds the lock.
var errLocked = windows.ERROR_LOCK_VIOLATION

// lockRegionHigh places the byte lockFile locks: one byte far past the end
// of the file (Windows allows that). Windows enforces byte-range locks on
// reads and writes, so a lock on the file's first bytes would keep the
// next agent from reading who holds it ("PID AGENT").
const lockRegionHigh = 0x7fffffff

// lockFile takes an exclusive lock (LockFileEx) on f without waiting. It is
// dropped by unlockFile, or when the process ends.
func lockFile(f *os.File) error {
	ol := &windows.Overlapped{OffsetHigh: lockRegionHigh}
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
}

// unlockFile drops the lock before f is closed: Windows releases the lock
// of a closed handle only when it gets to it.
func unlockFile(f *os.File) {
	ol := &windows.Overlapped{OffsetHigh: lockRegionHigh}
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}
