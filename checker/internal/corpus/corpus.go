// Package corpus reads the classifier's labelled text
// (checker/classify/testdata: labelled, heldout and the large corpus) and
// holds the rule that splits the corpus into a tuning part and a sealed
// test part. The classifier's tests and trainer use it, and so does the
// radar's replayed day.
//
// The sealed part is never used to tune: not by the lexicon's authors, not
// by the trainer (classify.Train is given Set.Train or a part of it). Its items
// come from events and sites that nothing in the tuning data comes from, so
// a score on it is a score on news the classifier has never seen.
package corpus

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Item is one labelled text (see testdata/corpus/README.md). The labelled
// and held-out sets lack Site, Date and Event; Load fills Site from Source.
type Item struct {
	Text      string   `json:"text"`
	Lang      string   `json:"lang"`
	Outage    bool     `json:"outage"`
	Services  []string `json:"services"`
	Recovered bool     `json:"recovered"`
	Kind      string   `json:"kind"`
	Source    string   `json:"source"`
	Site      string   `json:"site"`
	Date      string   `json:"date"`
	Event     string   `json:"event"`

	// Where is the file and line it was read from (not stored).
	Where string `json:"-"`
}

// The parts of the corpus, each a directory of testdata/corpus.
const (
	Tuning   = "tuning"
	Sealed   = "sealed"
	Excluded = "excluded" // of a sealed event, but from a site the tuning data has
	Incoming = "incoming" // gathered, not yet placed by the split
)

// SealedPercent is the share of events (and, for texts about no particular
// event, of sites) whose texts go to the sealed part.
const SealedPercent = 40

// Group is what an item is split by: its event, or its site when it is
// about no particular event. Cross-validation cuts its folds by it too.
func Group(it Item) string {
	if it.Event != "" {
		return "e:" + it.Event
	}
	return "s:" + it.Site
}

// sealedGroup reports whether the rule's hash puts a group in the sealed part.
func sealedGroup(g string) bool {
	h := sha256.Sum256([]byte(g))
	return binary.BigEndian.Uint64(h[:8])%100 < SealedPercent
}

// Split places every corpus item (whatever part it is in now) by the rule:
//   - an item whose group hashes to tuning is tuning;
//   - an item whose group hashes to sealed is sealed, unless its site also
//     has tuning data (a tuning item of the corpus, or an item of the
//     labelled or held-out sets, given as otherSites): then it is tuning
//     when it is about no particular event (its site decided) and excluded
//     when it is about an event (its event must not reach the tuning part).
//
// So the sealed part shares no site and no event with the tuning data.
// Adding items can only move items out of the sealed part, never into it.
func Split(items []Item, otherSites map[string]bool) map[string][]Item {
	tuningSites := map[string]bool{}
	for s := range otherSites {
		tuningSites[s] = true
	}
	for _, it := range items {
		if !sealedGroup(Group(it)) {
			tuningSites[it.Site] = true
		}
	}
	parts := map[string][]Item{}
	for _, it := range items {
		p := Tuning
		switch {
		case !sealedGroup(Group(it)):
		case !tuningSites[it.Site]:
			p = Sealed
		case it.Event != "":
			p = Excluded
		}
		parts[p] = append(parts[p], it)
	}
	return parts
}

// Host is a source URL's host name, as an item's Site.
func Host(source string) string {
	u, err := url.Parse(source)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// ReadDir reads every <lang>.jsonl of dir, in file-name order; a missing
// dir is empty. Unknown fields and lines that are not JSON are errors that
// name the file and line. Site is filled from Source when absent.
func ReadDir(dir string) ([]Item, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var items []Item
	for _, f := range files {
		got, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	return items, nil
}

// ReadFile reads one <lang>.jsonl file.
func ReadFile(f string) ([]Item, error) {
	data, err := os.ReadFile(f)
	if err != nil {
		return nil, err
	}
	var items []Item
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it Item
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&it); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", f, n, err)
		}
		if it.Site == "" {
			it.Site = Host(it.Source)
		}
		it.Where = fmt.Sprintf("%s:%d", f, n)
		items = append(items, it)
	}
	return items, sc.Err()
}

// WriteDir writes items as dir/<lang>.jsonl, one file per language, in the
// order given, replacing the directory's .jsonl files.
func WriteDir(dir string, items []Item) error {
	old, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	by := map[string]*bytes.Buffer{}
	for _, it := range items {
		b := by[it.Lang]
		if b == nil {
			b = &bytes.Buffer{}
			by[it.Lang] = b
		}
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	if len(by) > 0 {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	for lang, b := range by {
		if err := os.WriteFile(filepath.Join(dir, lang+".jsonl"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Set is the classifier's labelled text, read from a testdata directory.
type Set struct {
	Labelled, HeldOut []Item            // the sets the lexicon was written with
	Parts             map[string][]Item // the corpus, by part, as the files hold it
}

// Load reads testdata (the classifier's testdata directory).
func Load(testdata string) (*Set, error) {
	s := &Set{Parts: map[string][]Item{}}
	var err error
	if s.Labelled, err = ReadDir(filepath.Join(testdata, "labelled")); err != nil {
		return nil, err
	}
	if s.HeldOut, err = ReadDir(filepath.Join(testdata, "heldout")); err != nil {
		return nil, err
	}
	for _, p := range []string{Tuning, Sealed, Excluded, Incoming} {
		if s.Parts[p], err = ReadDir(filepath.Join(testdata, "corpus", p)); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// OtherSites are the sites of the labelled and held-out sets.
func (s *Set) OtherSites() map[string]bool {
	m := map[string]bool{}
	for _, it := range append(append([]Item(nil), s.Labelled...), s.HeldOut...) {
		m[it.Site] = true
	}
	return m
}

// Corpus is every corpus item, whatever part holds it.
func (s *Set) Corpus() []Item {
	var all []Item
	for _, p := range []string{Tuning, Sealed, Excluded, Incoming} {
		all = append(all, s.Parts[p]...)
	}
	return all
}

// Train is what a tuner may read: the labelled and held-out sets and the
// corpus's tuning part. Never the sealed part.
func (s *Set) Train() []Item {
	return append(append(append([]Item(nil), s.Labelled...), s.HeldOut...), s.Parts[Tuning]...)
}

// Folds is how many parts cross-validation cuts the tuning data into.
const Folds = 5

// Fold is the part of cross-validation an item falls in, 0 to Folds-1, by
// its group: an event's texts, or a site's texts about no event, stay
// together, as the split keeps them.
func Fold(it Item) int {
	h := sha256.Sum256([]byte(Group(it)))
	return int(h[0]) % Folds
}

// CrossFold cuts items for fold f of cross-validation: test is the fold,
// train the other folds without any item that shares a site or an event
// with it, so that, as the sealed part does with the tuning data, the fold
// shares none with what is trained on.
func CrossFold(items []Item, f int) (train, test []Item) {
	sites, events := map[string]bool{}, map[string]bool{}
	for _, it := range items {
		if Fold(it) == f {
			test = append(test, it)
			sites[it.Site] = true
			events[it.Event] = it.Event != ""
		}
	}
	for _, it := range items {
		if Fold(it) != f && !sites[it.Site] && !events[it.Event] {
			train = append(train, it)
		}
	}
	return train, test
}
