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

func TestWindowed(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"downradar.com", "downradar.exe", "alone.com", "DownRadar.COM", "DownRadar.exe"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.exe"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"downradar.com", "downradar.exe"}, // the console program: its GUI twin
		{"downradar.exe", "downradar.exe"},
		{"alone.com", "alone.com"}, // no twin: itself
		{"DownRadar.COM", "DownRadar.exe"},
		{"dir.com", "dir.com"}, // a directory is no program
		{"downradar", "downradar"},
	} {
		if got := Windowed(filepath.Join(dir, tc.in)); got != filepath.Join(dir, tc.want) {
			t.Errorf("Windowed(%s) = %s, want %s", tc.in, filepath.Base(got), tc.want)
		}
	}
}
