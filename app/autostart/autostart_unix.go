//go:build !windows

package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
)

// Dir is the user's autostart directory, $XDG_CONFIG_HOME/autostart.
func Dir() string { return filepath.Join(xdg.ConfigHome, "autostart") }

// Path is the entry's file in the autostart directory dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Enabled reports whether the entry in dir starts DownRadar at login: it
// exists and is not switched off by Hidden=true (or GNOME's
// X-GNOME-Autostart-enabled=false).
func Enabled(dir string) (bool, error) {
	data, err := os.ReadFile(Path(dir))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: %w", err)
	}
	keys := entryKeys(data)
	return keys["Hidden"] != "true" && keys["X-GNOME-Autostart-enabled"] != "false", nil
}

// Enable writes the entry in dir, running the program exe (an absolute
// path) at login. It replaces an entry that was switched off.
func Enable(dir, exe string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("autostart: %q is not an absolute path", exe)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+FileName+".*")
	if err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	_, err = f.WriteString(Entry(exe))
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), Path(dir))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

// Disable removes the entry from dir; there being none is not an error.
func Disable(dir string) error {
	if err := os.Remove(Path(dir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}
