package classify

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/internal/corpus"
)

func loadLabelled(t testing.TB) []corpus.Item { return loadSet(t, "labelled") }

// loadSet reads testdata/<dir>/<lang>.jsonl (see testdata/labelled/README.md).
func loadSet(t testing.TB, dir string) []corpus.Item {
	t.Helper()
	items, err := corpus.ReadDir(filepath.Join("testdata", dir))
	if err != nil || len(items) == 0 {
		t.Fatalf("no labelled set: %v", err)
	}
	for _, it := range items {
		file, _, _ := strings.Cut(it.Where, ".jsonl:")
		if it.Text == "" || it.Source == "" || it.Lang != filepath.Base(file) || it.Date != "" || it.Event != "" {
			t.Fatalf("%s: text, source and a lang matching the file are required, and no date or event", it.Where)
		}
	}
	return items
}

// score counts one language's verdicts.
type score struct {
	tp, fp, fn, tn int
	servicesRight  int // among tp: the exact set of services
}

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s score) services() float64  { return ratio(s.servicesRight, s.tp) }

// counts is the confusion counts and the false-alarm rate: a figure that,
// unlike precision, does not move with the share of outage reports in the
// set.
func (s score) counts() string {
	return fmt.Sprintf("%d outage reports: %d read (%d with the exact services), %d missed; %d other texts: %d false alarms (%.1f%%)",
		s.tp+s.fn, s.tp, s.servicesRight, s.fn, s.fp+s.tn, s.fp, 100*ratio(s.fp, s.fp+s.tn))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// The floors the labelled set must clear, over all languages and in each.
const (
	floorPrecision     = 0.90
	floorRecall        = 0.85
	floorLangPrecision = 0.80
	floorLangRecall    = 0.75
)

var showMisses = flag.Bool("misses", false, "list every misclassified labelled item")

// evaluation is the classifier's score on a set.
type evaluation struct {
	items  int
	langs  []string
	by     map[string]*score
	total  score
	misses []string
	table  string
}

func evaluate(c *Classifier, items []corpus.Item) evaluation {
	ev := evaluation{by: map[string]*score{}}
	for _, it := range items {
		ev.add(c, it)
	}
	ev.finish()
	return ev
}

// add scores one item.
func (ev *evaluation) add(c *Classifier, it corpus.Item) {
	ev.items++
	{
		s := ev.by[it.Lang]
		if s == nil {
			s = &score{}
			ev.by[it.Lang] = s
		}
		got := c.Classify(it.Text)
		want := known(c, it.Services)
		isOutage := len(want) > 0
		switch {
		case got.Outage && isOutage:
			s.tp++
			ev.total.tp++
			if slices.Equal(got.Services, want) {
				s.servicesRight++
				ev.total.servicesRight++
			} else {
				ev.misses = append(ev.misses, fmt.Sprintf("%s services %v, want %v: %q %v", it.Lang, got.Services, want, it.Text, got.Matched))
			}
		case got.Outage:
			s.fp++
			ev.total.fp++
			ev.misses = append(ev.misses, fmt.Sprintf("%s false alarm (%s): %q %v", it.Lang, it.Kind, it.Text, got.Matched))
		case isOutage:
			s.fn++
			ev.total.fn++
			ev.misses = append(ev.misses, fmt.Sprintf("%s missed: %q %v %.2f", it.Lang, it.Text, got.Matched, got.Score))
		default:
			s.tn++
			ev.total.tn++
		}
	}
}

// finish makes the table.
func (ev *evaluation) finish() {
	for l := range ev.by {
		ev.langs = append(ev.langs, l)
	}
	sort.Strings(ev.langs)
	var b strings.Builder
	fmt.Fprintf(&b, "%d items, %d languages\n", ev.items, len(ev.langs))
	fmt.Fprintf(&b, "| lang | items | outage | precision | recall | services |\n|---|---|---|---|---|---|\n")
	for _, l := range ev.langs {
		s := ev.by[l]
		fmt.Fprintf(&b, "| %s | %d | %d | %.2f | %.2f | %.2f |\n", l, s.tp+s.fp+s.fn+s.tn, s.tp+s.fn, s.precision(), s.recall(), s.services())
	}
	t := ev.total
	fmt.Fprintf(&b, "| all | %d | %d | %.2f | %.2f | %.2f |\n", ev.items, t.tp+t.fn, t.precision(), t.recall(), t.services())
	ev.table = b.String()
}

// TestLabelled measures the classifier on real published headlines and
// lead sentences (testdata/labelled, with their sources) and prints
// precision, recall and service accuracy per language (its totals are in
// docs/news-and-status-pages.md).
// The lexicon was written with this set in view: TestHeldOut is the
// measure on text it never saw.
func TestLabelled(t *testing.T) {
	ev := evaluate(mustNew(t), loadLabelled(t))
	t.Log("labelled set:\n" + ev.table)
	if ev.items < 300 || len(ev.langs) < 15 {
		t.Errorf("the labelled set has %d items in %d languages; it needs at least 300 in 15", ev.items, len(ev.langs))
	}
	if p, r := ev.total.precision(), ev.total.recall(); p < floorPrecision || r < floorRecall {
		t.Errorf("overall precision %.2f, recall %.2f: below the floor (%.2f, %.2f)", p, r, floorPrecision, floorRecall)
	}
	for _, l := range ev.langs {
		s := ev.by[l]
		if s.tp+s.fn == 0 || s.tn+s.fp == 0 {
			t.Errorf("%s: the set needs both outage and non-outage items", l)
		}
		if p, r := s.precision(), s.recall(); p < floorLangPrecision || r < floorLangRecall {
			t.Errorf("%s: precision %.2f, recall %.2f: below the per-language floor (%.2f, %.2f)", l, p, r, floorLangPrecision, floorLangRecall)
		}
	}
	if *showMisses || t.Failed() {
		t.Log("misclassified:\n" + strings.Join(ev.misses, "\n"))
	}
}

// The floors of the held-out set, over all its languages (6 items each is
// too few for a floor per language).
const (
	floorHeldOutPrecision = 0.85
	floorHeldOutRecall    = 0.75
)

// TestHeldOut measures the classifier on a second set of real text,
// gathered apart from the first and never used to tune the lexicon.
func TestHeldOut(t *testing.T) {
	ev := evaluate(mustNew(t), loadSet(t, "heldout"))
	t.Log("held-out set:\n" + ev.table)
	if p, r := ev.total.precision(), ev.total.recall(); p < floorHeldOutPrecision || r < floorHeldOutRecall {
		t.Errorf("held-out precision %.2f, recall %.2f: below the floor (%.2f, %.2f)", p, r, floorHeldOutPrecision, floorHeldOutRecall)
	}
	if *showMisses || t.Failed() {
		t.Log("misclassified:\n" + strings.Join(ev.misses, "\n"))
	}
}

func mustNew(t testing.TB) *Classifier {
	t.Helper()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
