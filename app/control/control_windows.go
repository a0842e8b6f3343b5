package control

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// defaultDir is $DOWNRADAR_RUNTIME_DIR, else downradar under the user's
// temp dir (GetTempPath: %TMP%, normally %LOCALAPPDATA%\Temp, which is the
// user's own). The sockets are AF_UNIX sockets, which Windows has had since
// Windows 10 1803 and Go's net package supports there.
func defaultDir() string {
	if d := os.Getenv(DirEnv); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "downradar")
}

// private checks the runtime dir found at dir (fi, not followed). Windows
// has no uid and no mode bits to tighten: the directory lies in the user's
// profile, whose ACL already keeps other users out; it must be a real
// directory (not a reparse point, such as a junction or a link).
func private(dir string, _ int, fi os.FileInfo) error {
	if !fi.IsDir() {
		return fmt.Errorf("runtime dir %s is not a directory (%s): remove it, or set %s", dir, fi.Mode().Type(), DirEnv)
	}
	return nil
}

// errLocked is what lockFile returns when another process holds the lock.
var errLocked = windows.ERROR_LOCK_VIOLATION

// lockRegionHigh places the byte lockFile locks: one byte far past the end
// of the file (Windows allows that), so the lock, which Windows enforces
// on reads and writes, never stands in the way of the file's contents.
const lockRegionHigh = 0x7fffffff

// lockFile takes an exclusive lock (LockFileEx) on f without waiting. It is
// dropped by unlockFile, or when the process ends.
func lockFile(f *os.File) error {
	ol := &windows.Overlapped{OffsetHigh: lockRegionHigh}
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
}

// unlockFile drops the lock before f is closed: Windows releases the lock
// of a closed handle only "when the system gets to it".
func unlockFile(f *os.File) {
	ol := &windows.Overlapped{OffsetHigh: lockRegionHigh}
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}
