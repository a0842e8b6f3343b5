package autostart

import (
	"errors"
	"fmt"
	"path/filepath"

	"golang.org/x/sys/windows/registry"
)

// Dir is the registry key, under HKEY_CURRENT_USER, whose values Windows
// runs at login: RunKey. (The name is the XDG API's; dir is a key here.)
func Dir() string { return RunKey }

// Path is DownRadar's value under the key dir, as regedit shows it.
func Path(dir string) string { return `HKEY_CURRENT_USER\` + dir + `\` + ValueName }

// Enabled reports whether the value under dir starts DownRadar at login: it
// is there, not empty, and not switched off in Task Manager's Startup tab
// (the StartupApproved value).
func Enabled(dir string) (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, dir, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: %s: %w", dir, err)
	}
	defer k.Close()
	cmd, _, err := k.GetStringValue(ValueName)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: %s: %w", Path(dir), err)
	}
	if cmd == "" {
		return false, nil
	}
	a, err := registry.OpenKey(registry.CURRENT_USER, approvedKeyFor(dir), registry.QUERY_VALUE)
	if err != nil {
		return true, nil // nothing recorded: on
	}
	defer a.Close()
	data, _, err := a.GetBinaryValue(ValueName)
	if err != nil {
		return true, nil
	}
	return approvedOn(data), nil
}

// Enable writes the value under dir, running the program exe (an absolute
// path) at login. It replaces an entry that was switched off.
func Enable(dir, exe string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("autostart: %q is not an absolute path", exe)
	}
	k, _, err := registry.CreateKey(registry.CURRENT_USER, dir, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("autostart: %s: %w", dir, err)
	}
	defer k.Close()
	if err := k.SetStringValue(ValueName, RunCommand(exe)); err != nil {
		return fmt.Errorf("autostart: %s: %w", Path(dir), err)
	}
	return forgetApproval(dir)
}

// Disable removes the value from dir; there being none is not an error.
func Disable(dir string) error {
	k, err := registry.OpenKey(registry.CURRENT_USER, dir, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("autostart: %s: %w", dir, err)
	}
	defer k.Close()
	if err := k.DeleteValue(ValueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("autostart: %s: %w", Path(dir), err)
	}
	return forgetApproval(dir)
}

// forgetApproval removes what Task Manager recorded of the entry, so that
// a value written anew is on.
func forgetApproval(dir string) error {
	a, err := registry.OpenKey(registry.CURRENT_USER, approvedKeyFor(dir), registry.SET_VALUE)
	if err != nil {
		return nil // no key: nothing recorded
	}
	defer a.Close()
	if err := a.DeleteValue(ValueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("autostart: %s: %w", approvedKeyFor(dir), err)
	}
	return nil
}
