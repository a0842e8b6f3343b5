//go:build sharedseeds

package seeds

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The copies here are the articles of the shared seeds directory, byte for
// byte, and the same set of files. That directory is outside the
// repository (../shared/seeds, beside it, where CI keeps it), so this test
// runs only when asked: go test -tags sharedseeds ./checker/seeds/, with
// DOWNRADAR_SHARED_SEEDS naming the directory if it is elsewhere. Every
// other test is hermetic: TestCopiesMatchManifest checks the copies against
// SHA256SUMS.
func TestCopiesMatchShared(t *testing.T) {
	dir := os.Getenv("DOWNRADAR_SHARED_SEEDS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "seeds") // from checker/seeds: beside the repository
	}
	shared, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(shared) == 0 {
		t.Fatalf("-tags sharedseeds compares checker/seeds with the shared seeds, but %s holds none (%v): set DOWNRADAR_SHARED_SEEDS to their directory", dir, err)
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	var here, there []string
	for _, a := range all {
		here = append(here, a.File)
	}
	for _, p := range shared {
		there = append(there, filepath.Base(p))
	}
	if !slices.Equal(here, there) {
		t.Fatalf("seeds here %v, in %s %v", here, dir, there)
	}
	for _, a := range all {
		b, err := os.ReadFile(filepath.Join(dir, a.File))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != a.Text {
			t.Errorf("%s differs from its original in %s", a.File, dir)
		}
	}
	t.Logf("%d seeds here are byte for byte those of %s", len(all), dir)
}
