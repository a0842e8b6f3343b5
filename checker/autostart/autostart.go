// Package autostart starts DownRadar at login through an XDG autostart
// entry: a Desktop Entry file in $XDG_CONFIG_HOME/autostart, which the
// desktop session runs when the user logs in.
package autostart

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
)

// FileName is the entry's name, after DownRadar's application id.
const FileName = "io.github.downradar.desktop"

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

// Exe is the binary to start at login: the downradar installed on PATH
// (by `make install` or the .deb), which stays where it is, when there is
// one; else the running one (a build in a clone, which moves with it).
func Exe() (string, error) {
	if p, err := exec.LookPath("downradar"); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return abs, nil
		}
	}
	return os.Executable()
}

// Entry is the Desktop Entry text that runs exe.
func Entry(exe string) string {
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=DownRadar\n" +
		"Comment=Watch the services you use and tell you when they are down\n" +
		"Exec=" + ExecArg(exe) + "\n" +
		"Icon=io.github.downradar\n" +
		"Terminal=false\n" +
		"NoDisplay=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// ExecArg writes arg for an Exec key as the Desktop Entry specification
// wants: quoted when it holds a reserved character, with ", `, $ and \
// escaped inside the quotes, % doubled so it is no field code, and then the
// escapes of any string value (\\, \n, \t, \r) on top.
func ExecArg(arg string) string {
	if arg != "" && !strings.ContainsAny(arg, " \t\n\r\"'\\><~|&;$*?#()`") {
		return escapeValue(strings.ReplaceAll(arg, "%", "%%"))
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range arg {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		case '%':
			b.WriteByte('%')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return escapeValue(b.String())
}

// escapeValue applies the general escapes of string values.
func escapeValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

// entryKeys reads the keys of the [Desktop Entry] group.
func entryKeys(data []byte) map[string]string {
	keys := map[string]string{}
	group := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			group = strings.Trim(line, "[]")
		case group == "Desktop Entry":
			if k, v, ok := strings.Cut(line, "="); ok {
				keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return keys
}
