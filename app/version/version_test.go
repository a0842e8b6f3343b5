package version

import (
	"os"
	"regexp"
	"runtime/debug"
	"testing"
)

func TestDescribe(t *testing.T) {
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "7fcbc80a1b2c3d4e5f60718293a4b5c6d7e8f901"}
	at := debug.BuildSetting{Key: "vcs.time", Value: "2026-12-02T19:08:01Z"}
	for _, tc := range []struct {
		name     string
		settings []debug.BuildSetting
		want     string
	}{
		{"a commit", []debug.BuildSetting{rev, at, {Key: "vcs.modified", Value: "false"}}, "0.1.0 (git 7fcbc80, 2026-12-02)"},
		{"uncommitted changes", []debug.BuildSetting{rev, at, {Key: "vcs.modified", Value: "true"}}, "0.1.0 (git 7fcbc80, modified)"},
		{"no commit recorded", []debug.BuildSetting{{Key: "-buildvcs", Value: "false"}}, "0.1.0"},
		{"a short revision", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}, "0.1.0 (git abc)"},
	} {
		if got := describe("0.1.0", tc.settings); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The release is said the same everywhere: FyneApp.toml (which `fyne
// package` reads) and the AppStream metainfo's newest release agree with
// Release.
func TestReleaseInStep(t *testing.T) {
	for _, f := range []struct{ path, pattern string }{
		{"../../FyneApp.toml", `(?m)^Version = "([^"]+)"`},
		{"../../assets/io.github.downradar.metainfo.xml", `<release version="([^"]+)"`},
	} {
		b, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(f.pattern).FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: no version found (%s)", f.path, f.pattern)
		} else if string(m[1]) != Release {
			t.Errorf("%s says %s, version.Release %s: keep them in step", f.path, m[1], Release)
		}
	}
}
