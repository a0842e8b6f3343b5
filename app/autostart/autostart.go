// Package autostart starts DownRadar at login through an XDG autostart
// entry: a Desktop Entry file in $XDG_CONFIG_HOME/autostart, which the
// desktop session runs when the user logs in. On Windows, the same API
// writes a value under the current user's Run registry key instead
// (autostart_windows.go, runkey.go): there dir names that key.
package autostart

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// FileName is the entry's name, after DownRadar's application id.
const FileName = "io.github.downradar.desktop"

// Exe is the binary to start at login: the downradar installed on PATH
// (by `make install` or the .deb), which stays where it is, when there is
// one; else the running one (a build in a clone, which moves with it).
func Exe() (string, error) {
	if p, err := exec.LookPath("downradar"); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return Windowed(abs), nil
		}
	}
	p, err := os.Executable()
	return Windowed(p), err
}

// Windowed is the program to start without a terminal (at login, the
// window process) for the program at p. The Windows build is two
// programs side by side (docs/windows.md): downradar.com, a console
// program, which a shell finds first (PATHEXT lists .COM before .EXE), so
// the commands print and their exit codes count; and downradar.exe, a GUI
// program, which opens no console window. For downradar.com with a
// downradar.exe beside it, Windowed is that .exe; any other p is itself.
func Windowed(p string) string {
	ext := filepath.Ext(p)
	if !strings.EqualFold(ext, ".com") {
		return p
	}
	exe := strings.TrimSuffix(p, ext) + ".exe"
	if fi, err := os.Stat(exe); err == nil && fi.Mode().IsRegular() {
		return exe
	}
	return p
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
