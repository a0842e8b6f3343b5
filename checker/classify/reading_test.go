package classify

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// secondReading is one text of the tuning data labelled again by a second
// reader who saw the text (and its date) alone, not the first labels:
// testdata/corpus/second-reading.jsonl, keyed by the text's hash.
type secondReading struct {
	SHA       string   `json:"sha"` // the text's SHA-256, first 8 bytes in hex
	Outage    bool     `json:"outage"`
	Services  []string `json:"services"`
	Recovered bool     `json:"recovered"`
	Kind      string   `json:"kind"`
	Doubt     string   `json:"doubt"` // why the call was hard, if it was
}

func textSHA(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// TestSecondReading measures how far two readers agree on the tuning
// data's labels: the second reading of a sample against the corpus's
// labels, read as the classifier's task is scored (an outage report of a
// catalog service, and which). It is what the labels themselves are worth:
// a score on them cannot mean more than their readers' agreement. Every
// second reading must be of a tuning text (never of the sealed part).
func TestSecondReading(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "corpus", "second-reading.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := mustNew(t)
	set := loadCorpus(t)
	tuning := map[string]int{} // text hash -> index in Train
	train := set.Train()
	for i, it := range train {
		tuning[textSHA(it.Text)] = i
	}
	sealed := map[string]bool{}
	for _, p := range []string{"sealed", "excluded"} {
		for _, it := range set.Parts[p] {
			sealed[textSHA(it.Text)] = true
		}
	}
	var s score
	n, line := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line++
		var r secondReading
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("second-reading.jsonl:%d: %v", line, err)
		}
		i, ok := tuning[r.SHA]
		switch {
		case sealed[r.SHA]:
			t.Fatalf("second-reading.jsonl:%d: a text of the sealed part", line)
		case !ok:
			t.Fatalf("second-reading.jsonl:%d: no tuning text has hash %s", line, r.SHA)
		case !corpusKinds[r.Kind] || r.Outage != (r.Kind == "outage" || r.Kind == "recovery") || !r.Outage && len(r.Services) > 0:
			t.Fatalf("second-reading.jsonl:%d: labels that disagree (%+v)", line, r)
		}
		n++
		first, second := known(c, train[i].Services), known(c, r.Services)
		switch {
		case len(first) > 0 && len(second) > 0:
			s.tp++
			if slices.Equal(first, second) {
				s.servicesRight++
			}
		case len(second) > 0:
			s.fp++
		case len(first) > 0:
			s.fn++
		default:
			s.tn++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	agree := ratio(s.tp+s.tn, n)
	// Cohen's kappa: agreement beyond what chance gives readers who say
	// "outage" as often as these do.
	p1, p2 := ratio(s.tp+s.fn, n), ratio(s.tp+s.fp, n)
	chance := p1*p2 + (1-p1)*(1-p2)
	kappa := (agree - chance) / (1 - chance)
	t.Logf("second reading of %d tuning texts: the readers agree on %.1f%% (kappa %.2f) whether a text reports an outage of a catalog service; the second reader, scored as the classifier is against the corpus's labels: precision %.2f, recall %.2f, services %.2f\n%s",
		n, 100*agree, kappa, s.precision(), s.recall(), s.services(), s.counts())
	if n < 500 {
		t.Errorf("%d second readings, want the sample of 500 or more", n)
	}
}
