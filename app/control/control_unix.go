//go:build !windows

package control

import (
	"fmt"
	"os"
	"syscall"
)

func defaultDir() string { return dirFrom(os.Getenv, os.TempDir(), os.Getuid()) }

// private checks the runtime dir found at dir (fi, not followed): a real
// directory owned by uid, tightened to 0700.
func private(dir string, uid int, fi os.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return fmt.Errorf("runtime dir %s is not a directory (%s): remove it, or set %s", dir, fi.Mode().Type(), DirEnv)
	case !ok:
		return fmt.Errorf("runtime dir %s: no owner known", dir)
	case int(st.Uid) != uid:
		return fmt.Errorf("runtime dir %s belongs to user %d, not to you (%d): remove it, or set %s or XDG_RUNTIME_DIR", dir, st.Uid, uid, DirEnv)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("runtime dir %s is open to others (%s) and cannot be made private: %w", dir, fi.Mode().Perm(), err)
		}
	}
	return nil
}

// errLocked is what lockFile returns when another process holds the lock.
var errLocked = syscall.EWOULDBLOCK

// lockFile takes an exclusive flock on f without waiting; it goes with f's
// descriptor (closing f, or the process ending, drops it).
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// unlockFile does nothing: closing f drops the flock.
func unlockFile(*os.File) {}
