package classify

import (
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/internal/corpus"
)

func loadCorpus(t testing.TB) *corpus.Set {
	t.Helper()
	set, err := corpus.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestTuning scores the classifier on the corpus's tuning part: the text a
// tuner may look at (-misses lists its errors).
func TestTuning(t *testing.T) {
	ev := evaluate(mustNew(t), loadCorpus(t).Parts[corpus.Tuning])
	t.Log("tuning part:\n" + ev.table)
	// The model was trained on these: a training figure, only a floor
	// against a model or lexicon that no longer learns them (today 1.00,
	// 0.93).
	if p, r := ev.total.precision(), ev.total.recall(); p < 0.95 || r < 0.85 {
		t.Errorf("tuning precision %.2f, recall %.2f: below the floor (0.95, 0.85)", p, r)
	}
	if *showMisses {
		t.Log("misclassified:\n" + strings.Join(ev.misses, "\n"))
	}
}

// TestSealed scores the classifier on the corpus's sealed part: text from
// sites and events that nothing it was made from comes from. Its table is
// docs/news-and-status-pages.md's. It never lists the items it got wrong: nobody tunes on them.
func TestSealed(t *testing.T) {
	ev := evaluate(mustNew(t), loadCorpus(t).Parts[corpus.Sealed])
	t.Log("sealed part:\n" + ev.table + ev.total.counts())
	if ev.items < 500 {
		t.Errorf("the sealed part has %d items; it needs at least 500", ev.items)
	}
	// Floors a little under today's figures (0.85, 0.85, 0.89 on 1,816
	// items, 2026-12-03), so that a change that loses ground fails; issue
	// 13's targets (0.95, 0.90, 0.95) are not reached yet
	// (docs/news-and-status-pages.md, "Measured on text it has never seen").
	if p, r, s := ev.total.precision(), ev.total.recall(), ev.total.services(); p < 0.82 || r < 0.82 || s < 0.86 {
		t.Errorf("sealed precision %.2f, recall %.2f, services %.2f: below the floor (0.82, 0.82, 0.86)", p, r, s)
	}
}
