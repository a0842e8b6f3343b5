package statuspage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/downradar/downradar/checker/status"
)

// testNow is the time the fixtures describe: 2025-06-10 12:00 UTC.
var testNow = time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC)

// fixture reads testdata/<path>.
func fixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dump writes a page as lines a test can compare, one thing per line.
func dump(p *Page) string {
	var b strings.Builder
	fmt.Fprintf(&b, "page %s %q %s %s %q\n", p.Kind, p.Name, p.URL, p.Level, p.Description)
	for _, c := range p.Components {
		name := c.Name
		if c.Group != "" {
			name = c.Group + "/" + c.Name
		}
		fmt.Fprintf(&b, "component %q id=%s %s (%s)\n", name, c.ID, c.Level, c.Raw)
	}
	for _, in := range p.Incidents {
		fmt.Fprintf(&b, "incident %s %s %q status=%s impact=%s\n", in.ID, in.Level, in.Title, in.Status, in.Impact)
		fmt.Fprintf(&b, "  url=%s started=%s updated=%s components=%q\n", in.URL, stamp(in.Started), stamp(in.Updated), in.Components)
		for _, u := range in.Updates {
			fmt.Fprintf(&b, "  update %s %s %q\n", stamp(u.At), u.Status, truncate(u.Body, 40))
		}
	}
	return b.String()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// diffLines shows where two dumps part.
func diffLines(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s\n\nfull output:\n%s", i+1, gl, wl, got)
		}
	}
	return ""
}

// parseCase is one fixture and the page it must give.
type parseCase struct {
	file string   // under testdata/
	base string   // the page URL given to Parse
	want string   // dump of the page
	gone []string // incident IDs that must be left out (resolved, completed, not started)
}

func (tc parseCase) run(t *testing.T, kind Kind) {
	t.Run(filepath.Base(tc.file), func(t *testing.T) {
		p, err := parseAt(kind, tc.base, fixture(t, tc.file), testNow)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffLines(dump(p), tc.want); d != "" {
			t.Error(d)
		}
		if p.Kind != kind || !p.Fetched.Equal(testNow) {
			t.Errorf("kind %q fetched %v, want %q %v", p.Kind, p.Fetched, kind, testNow)
		}
		for _, in := range p.Incidents {
			switch strings.ToLower(in.Status) {
			case "resolved", "postmortem", "completed":
				t.Errorf("incident %s is %s but listed as ongoing", in.ID, in.Status)
			}
			for _, id := range tc.gone {
				if in.ID == id {
					t.Errorf("incident %s is over but listed", id)
				}
			}
		}
		if strings.Contains(tc.file, "maintenance") && (p.Level != Maintenance || p.Level.Outage() || p.Level.Status() != status.Up) {
			t.Errorf("a page under maintenance is %v (outage %v, status %v), want maintenance, no outage, up", p.Level, p.Level.Outage(), p.Level.Status())
		}
		checkPage(t, p)
	})
}

// checkPage checks what must hold for every parsed page, whatever the input.
func checkPage(t testing.TB, p *Page) {
	t.Helper()
	if !p.Level.valid() {
		t.Errorf("page level %d out of range", p.Level)
	}
	for _, c := range p.Components {
		if !c.Level.valid() {
			t.Errorf("component %q level %d out of range", c.Name, c.Level)
		}
		checkText(t, c.ID, c.Name, c.Group, c.Raw)
	}
	checkText(t, p.Name, p.URL, p.Description)
	for _, in := range p.Incidents {
		if !in.Level.valid() {
			t.Errorf("incident %s level %d out of range", in.ID, in.Level)
		}
		if in.Level == Maintenance && (in.Level.Outage() || in.Level.Status() != status.Up) {
			t.Errorf("maintenance %s counts as an outage", in.ID)
		}
		checkText(t, append([]string{in.ID, in.Title, in.Status, in.Impact, in.URL}, in.Components...)...)
		for _, u := range in.Updates {
			checkText(t, u.Status, u.Body)
		}
		for i := 1; i < len(in.Updates); i++ {
			if in.Updates[i].At.After(in.Updates[i-1].At) {
				t.Errorf("incident %s: updates not newest first at %d", in.ID, i)
			}
		}
	}
}

// checkText checks that texts from a payload are valid UTF-8.
func checkText(t testing.TB, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8 in %q", truncate(s, 40))
		}
	}
}
