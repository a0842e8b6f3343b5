package seeds

import (
	"os"
	"path/filepath"
	"testing"
)

// The copies here are the articles in ../shared/seeds, byte for byte.
func TestCopiesMatchShared(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	shared, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(shared) == 0 {
		t.Fatalf("no seeds in %s (the shared directory beside the repository): %v", dir, err)
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(shared) {
		t.Fatalf("%d seeds here, %d in %s", len(all), len(shared), dir)
	}
	for _, a := range all {
		b, err := os.ReadFile(filepath.Join(dir, a.File))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != a.Text {
			t.Errorf("%s differs from %s", a.File, dir)
		}
	}
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
