//go:build !windows

package autostart

import (
	"os"
	"strings"
	"testing"
)

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
