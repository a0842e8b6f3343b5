package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExecArg(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`/usr/bin/downradar`, `/usr/bin/downradar`},
		{`/opt/Down Radar/downradar`, `"/opt/Down Radar/downradar"`},
		{`/home/o'neil/downradar`, `"/home/o'neil/downradar"`},
		{`/tmp/say "hi"/downradar`, `"/tmp/say \\"hi\\"/downradar"`},
		{`/tmp/$HOME/downradar`, `"/tmp/\\$HOME/downradar"`},
		{`/tmp/a\b/downradar`, `"/tmp/a\\\\b/downradar"`},
		{"/tmp/`x`/downradar", "\"/tmp/\\\\`x\\\\`/downradar\""},
		{`/tmp/100%/downradar`, `/tmp/100%%/downradar`},
		{`/tmp/100% sure/downradar`, `"/tmp/100%% sure/downradar"`},
		{"/tmp/line\nbreak", `"/tmp/line\nbreak"`},
		{`/tmp/a=b/downradar`, `/tmp/a=b/downradar`},
	} {
		if got := ExecArg(tc.in); got != tc.want {
			t.Errorf("ExecArg(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// unquote reads an Exec value back as a desktop session does, to check
// that quoting round-trips.
func unquote(t *testing.T, v string) string {
	t.Helper()
	v = strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t", `\r`, "\r", `\s`, " ").Replace(v)
	v = strings.ReplaceAll(v, "%%", "%")
	if !strings.HasPrefix(v, `"`) {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		if v[i] == '\\' {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func TestExecArgRoundTrips(t *testing.T) {
	for _, p := range []string{"/a b/c", `/a\b`, `/$x/"y"`, "/`cmd`", "/50%", `/\\server\$share`} {
		if got := unquote(t, ExecArg(p)); got != p {
			t.Errorf("%q came back as %q", p, got)
		}
	}
}

func TestEnableDisable(t *testing.T) {
	dir := t.TempDir() + "/autostart"
	if on, err := Enabled(dir); on || err != nil {
		t.Fatalf("enabled before anything: %v %v", on, err)
	}
	exe := "/opt/Down Radar/downradar"
	if err := Enable(dir, exe); err != nil {
		t.Fatal(err)
	}
	if on, err := Enabled(dir); !on || err != nil {
		t.Errorf("not enabled after Enable: %v", err)
	}
	data, err := os.ReadFile(Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"[Desktop Entry]\n", "Type=Application\n", "Name=DownRadar\n",
		"Exec=\"/opt/Down Radar/downradar\"\n", "Icon=io.github.downradar\n", "X-GNOME-Autostart-enabled=true\n",
		"Terminal=false\n", "NoDisplay=false\n"} {
		if !strings.Contains(string(data), line) {
			t.Errorf("entry lacks %q:\n%s", line, data)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files in the directory: %v", entries)
	}
	if err := Disable(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(Path(dir)); !os.IsNotExist(err) {
		t.Errorf("entry still there: %v", err)
	}
	if err := Disable(dir); err != nil {
		t.Errorf("disabling twice: %v", err)
	}
	if err := Enable(dir, "downradar"); err == nil {
		t.Error("a relative path was accepted")
	}
}

func TestHiddenIsDisabled(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		on   bool
	}{
		{"[Desktop Entry]\nType=Application\nExec=/usr/bin/downradar\n", true},
		{"[Desktop Entry]\nType=Application\nHidden=true\nExec=/usr/bin/downradar\n", false},
		{"[Desktop Entry]\nHidden = true\n", false},
		{"[Desktop Entry]\nX-GNOME-Autostart-enabled=false\n", false},
		{"[Desktop Entry]\nHidden=false\n[Desktop Action x]\nHidden=true\n", true},
	} {
		if err := os.WriteFile(Path(dir), []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if on, err := Enabled(dir); on != tc.on || err != nil {
			t.Errorf("%q: enabled %v (%v), want %v", tc.text, on, err, tc.on)
		}
	}
	// Enable switches a hidden entry back on.
	if err := Enable(dir, "/usr/bin/downradar"); err != nil {
		t.Fatal(err)
	}
	if on, _ := Enabled(dir); !on {
		t.Error("still off after Enable")
	}
}

// Start at login runs the downradar installed on PATH when there is one,
// not the binary of a clone that may move; else the running binary.
func TestExe(t *testing.T) {
	bin := t.TempDir()
	t.Setenv("PATH", bin)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Exe(); err != nil || got != self {
		t.Errorf("nothing installed: %q, %v; want the running binary %q", got, err, self)
	}
	installed := filepath.Join(bin, "downradar")
	if err := os.WriteFile(installed, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Exe(); err != nil || got != installed {
		t.Errorf("installed on PATH: %q, %v; want %q", got, err, installed)
	}
}
