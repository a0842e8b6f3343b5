package history_test

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
)

func TestDuration(t *testing.T) {
	start := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	now := start.Add(90 * time.Minute)
	open := history.Incident{Start: start}
	if !open.Ongoing() || open.Duration(now) != 90*time.Minute {
		t.Errorf("open incident: ongoing %v, duration %v; want true, 1h30m", open.Ongoing(), open.Duration(now))
	}
	ended := history.Incident{Start: start, End: start.Add(20 * time.Minute)}
	if ended.Ongoing() || ended.Duration(now) != 20*time.Minute {
		t.Errorf("ended incident: ongoing %v, duration %v; want false, 20m", ended.Ongoing(), ended.Duration(now))
	}
}

// TestPurePackagesDoNotLinkTheStore holds the reason this package exists:
// the vocabulary, the fusion and the news radar build without the store and
// its SQLite C library.
func TestPurePackagesDoNotLinkTheStore(t *testing.T) {
	for _, pkg := range []string{".", "../incident", "../radar"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasSuffix(dep, "/checker/store") || strings.Contains(dep, "sqlite") {
				t.Errorf("%s links %s", pkg, dep)
			}
		}
	}
}
