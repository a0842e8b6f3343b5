package seeds

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"testing"
)

// The copies here are the articles as they were copied, byte for byte:
// SHA256SUMS (`sha256sum *.txt`) lists every one with its checksum. A seed
// added, dropped or edited must update it, on purpose. The comparison with
// the originals in ../shared/seeds, beside the repository, is
// TestCopiesMatchShared (shared_test.go, -tags sharedseeds).
func TestCopiesMatchManifest(t *testing.T) {
	want := manifest(t)
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		sum, ok := want[a.File]
		if !ok {
			t.Errorf("%s is not in SHA256SUMS", a.File)
			continue
		}
		if got := fmt.Sprintf("%x", sha256.Sum256([]byte(a.Text))); got != sum {
			t.Errorf("%s: sha256 %s, SHA256SUMS says %s", a.File, got, sum)
		}
		delete(want, a.File)
	}
	for name := range want {
		t.Errorf("%s is in SHA256SUMS but not here", name)
	}
}

// manifest reads SHA256SUMS: file name to checksum.
func manifest(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || name == "" {
			t.Fatalf("SHA256SUMS:%d: %q is not \"<sha256>  <file>\"", i+1, line)
		}
		sums[name] = sum
	}
	if len(sums) == 0 {
		t.Fatal("SHA256SUMS lists no seed")
	}
	return sums
}

func TestTitleAndLead(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Title == "" || len([]rune(a.Lead)) < 100 || a.Lead == a.Title || len(a.Services) == 0 {
			t.Errorf("%s: title %q, lead %q, services %v", a.File, a.Title, a.Lead, a.Services)
		}
	}
	const long = "A lead that is long enough to count as one, because it goes on for more than a hundred characters in all."
	title, lead := titleAndLead("Title\n\nshort\n\nTitle\n\n" + long + "\n\n" + long + " Again.\n")
	if title != "Title" || lead != long {
		t.Errorf("title %q, lead %q", title, lead)
	}
}
