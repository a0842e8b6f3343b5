//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/downradar/downradar/app/version"
)

// environ is the test's environment without the variables named, with
// those given (KEY=VALUE) added.
func environ(drop []string, add ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, d := range drop {
			keep = keep && k != d
		}
		if keep {
			out = append(out, kv)
		}
	}
	return append(out, add...)
}

// run runs the binary with args in env and returns its exit code and what
// it wrote on stderr.
func runBin(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(build(t), args...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stderr.String()
}

// In the C locale of Debian's and Ubuntu's containers (C.UTF-8), no
// command prints Fyne's "Error parsing user locale C".
func TestNoFyneNoiseInTheCLocale(t *testing.T) {
	locales := []string{"LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"}
	for _, env := range [][]string{
		{"LANG=C.UTF-8"}, {"LC_ALL=C.UTF-8"}, {"LANG=C"}, {"LANG=POSIX.UTF-8"}, {},
	} {
		for _, args := range [][]string{{"help"}, {"catalog"}, {"classify", "--help"}} {
			_, stderr := runBin(t, environ(locales, env...), args...)
			if strings.Contains(stderr, "Fyne error") || strings.Contains(stderr, "locale") {
				t.Errorf("%v downradar %s: stderr has Fyne's noise:\n%s", env, strings.Join(args, " "), stderr)
			}
		}
	}
}

// `downradar version` and `--version` print the release and the commit the
// binary was built from, on stdout, and exit 0; they open no display and
// need no config.
func TestVersion(t *testing.T) {
	git := ""
	if inGit() {
		git = ` \(git [0-9a-f]{7}, ([0-9]{4}-[0-9]{2}-[0-9]{2}|modified)\)`
	}
	want := regexp.MustCompile(`^downradar ` + regexp.QuoteMeta(version.Release) + git + `\n$`)
	for _, arg := range []string{"version", "--version"} {
		cmd := exec.Command(build(t), arg)
		cmd.Env = environ([]string{"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"}, "XDG_CONFIG_HOME=/nonexistent")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("downradar %s: %v", arg, err)
		}
		if !want.Match(out) {
			t.Errorf("downradar %s: %q, want %s", arg, out, want)
		}
	}
}

// Without a display, `downradar window` says so and exits 1, with no Go
// stack trace; on a display that cannot be opened too.
func TestWindowWithoutDisplay(t *testing.T) {
	home := t.TempDir()
	base := environ([]string{"DISPLAY", "WAYLAND_DISPLAY", "HOME", "XDG_RUNTIME_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"},
		"HOME="+home, "XDG_RUNTIME_DIR="+t.TempDir(), "LANG=C.UTF-8")
	for _, c := range []struct {
		env  []string
		want string
	}{
		{nil, "downradar window: no display: neither DISPLAY nor WAYLAND_DISPLAY is set"},
		{[]string{"DISPLAY=:987"}, `downradar window: cannot open a window on the display ":987" (DISPLAY)`},
	} {
		code, stderr := runBin(t, append(base, c.env...), "window", "--data-dir", t.TempDir())
		if code != 1 || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
			t.Errorf("%v downradar window: exit %d, stderr:\n%s\nwant exit 1 and %q, no stack trace", c.env, code, stderr, c.want)
		}
	}
}
