package metrics

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// served is the names of the metrics the collector describes.
func served() map[string]bool {
	ch := make(chan *prometheus.Desc, 64)
	NewCollector().Describe(ch)
	close(ch)
	names := map[string]bool{}
	fq := regexp.MustCompile(`fqName: "([^"]+)"`)
	for d := range ch {
		names[fq.FindStringSubmatch(d.String())[1]] = true
	}
	return names
}

// The docs name only metrics the agent serves (a renamed metric would
// leave an alert that never fires), and docs/monitoring.md describes every
// one of them.
func TestDocsNameTheMetricsServed(t *testing.T) {
	names := served()
	docs := filepath.Join("..", "..", "docs")
	files := []string{filepath.Join(docs, "monitoring.md")}
	more, err := filepath.Glob(filepath.Join(docs, "monitoring", "*"))
	if err != nil || len(more) < 4 {
		t.Fatalf("docs/monitoring: %v %v", more, err)
	}
	files = append(files, more...)
	mention := regexp.MustCompile(`\b(?:probe|downradar)_[a-z_]+\b`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mention.FindAllString(string(b), -1) {
			if !names[m] && !strings.HasSuffix(m, "_") {
				t.Errorf("%s names %s, which is not served", f, m)
			}
		}
	}
	page, _ := os.ReadFile(files[0])
	for name := range names {
		if !strings.Contains(string(page), "| `"+name+"` |") {
			t.Errorf("docs/monitoring.md has no row for %s", name)
		}
	}
}
