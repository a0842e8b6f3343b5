//go:build !windows

package datadir

import (
	"os"
	"syscall"
)

// errLocked is what lockFile returns when another process holds the lock.
var errLocked = syscall.EWOULDBLOCK

// lockFile takes an exclusive flock on f without waiting; it goes with f's
// descriptor (closing f, or the process ending, drops it).
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// unlockFile does nothing: closing f drops the flock.
func unlockFile(*os.File) {}
