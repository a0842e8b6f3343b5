// Package version says which build of DownRadar this is: the release
// (Release, kept in step with FyneApp.toml's Version by a test) and the git
// commit the binary was built from, which the Go toolchain stamps into every
// binary built in a git checkout (`go build`, `make build`, `make deb`).
package version

import (
	"runtime/debug"
	"strings"
)

// Release is this release's version number, as FyneApp.toml, the Debian
// package and the AppStream metainfo give it.
const Release = "0.1.0"

// String is the version as `downradar version` and the settings window say
// it: "0.1.0 (git 7fcbc80, 2026-12-02)", "0.1.0 (git 7fcbc80, modified)" for
// a build with uncommitted changes, "0.1.0" when the build recorded no
// commit (a build outside git, or with -buildvcs=false).
func String() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Release
	}
	return describe(Release, info.Settings)
}

// describe is String over the build settings the toolchain recorded.
func describe(release string, settings []debug.BuildSetting) string {
	var rev, at string
	modified := false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return release
	}
	parts := []string{"git " + rev[:min(len(rev), 7)]}
	if modified {
		parts = append(parts, "modified")
	} else if len(at) >= len("2006-01-02") {
		parts = append(parts, at[:len("2006-01-02")])
	}
	return release + " (" + strings.Join(parts, ", ") + ")"
}
