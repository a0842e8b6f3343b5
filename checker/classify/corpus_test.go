package classify

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/internal/corpus"
)

var (
	corpusKinds = map[string]bool{
		"outage": true, "recovery": true, "stock": true, "ban": true, "block": true, "power": true,
		"howto": true, "launch": true, "fine": true, "other": true, "working": true, "elsewhere": true,
		"explainer": true, "guide": true, "maintenance": true, "eol": true,
	}
	serviceID = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	dateRe    = regexp.MustCompile(`^(19|20)\d\d-[01]\d-[0-3]\d$`)
	eventRe   = regexp.MustCompile(`^20[12]\d-[01]\d-[0-3]\d-[a-z0-9]+(-[a-z0-9]+)*$`)
)

// TestCorpusFormat checks every line of the corpus against its README: the
// fields, their forms, labels that agree with each other, and no text given
// twice, nor one already in the labelled or held-out sets.
func TestCorpusFormat(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	seen := map[string]string{}
	for _, it := range append(loadSet(t, "labelled"), loadSet(t, "heldout")...) {
		seen[it.Text] = "the " + it.Lang + " labelled or held-out set"
	}
	for _, f := range files {
		lang := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			where := f + ":" + strconv.Itoa(n)
			var it corpus.Item
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&it); err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			if msg := checkCorpusItem(it, lang); msg != "" {
				t.Errorf("%s: %s", where, msg)
			}
			if prev, dup := seen[it.Text]; dup {
				t.Errorf("%s: the same text as %s", where, prev)
			}
			seen[it.Text] = where
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestCorpusSplit checks that every corpus item is in the part the split
// rule gives it (run `go run ../internal/corpus/split` after adding items),
// and that the sealed part shares no site and no event with what a tuner
// may read.
func TestCorpusSplit(t *testing.T) {
	set, err := corpus.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(set.Parts[corpus.Incoming]); n > 0 {
		t.Errorf("%d items in testdata/corpus/incoming: run go run ../internal/corpus/split", n)
	}
	want := corpus.Split(set.Corpus(), set.OtherSites())
	for part, items := range want {
		for _, it := range items {
			if !slices.ContainsFunc(set.Parts[part], func(o corpus.Item) bool { return o.Text == it.Text }) {
				t.Errorf("%s: belongs in the %s part", it.Where, part)
			}
		}
	}
	sites, events := map[string]bool{}, map[string]bool{}
	for _, it := range set.Train() {
		sites[it.Site], events[it.Event] = true, true
	}
	for _, it := range set.Parts[corpus.Sealed] {
		if sites[it.Site] || (it.Event != "" && events[it.Event]) {
			t.Errorf("%s: sealed, but its site %s or event %q is in the tuning data", it.Where, it.Site, it.Event)
		}
	}
}

func TestSplitRule(t *testing.T) {
	// Find, by the rule's own hash, a sealed event and a tuning event.
	var sealedEv, tuningEv string
	for i := 0; sealedEv == "" || tuningEv == ""; i++ {
		ev := fmt.Sprintf("2024-01-01-e%d", i)
		p := corpus.Split([]corpus.Item{{Event: ev, Site: "only.example"}}, nil)
		if len(p[corpus.Sealed]) == 1 {
			sealedEv = ev
		} else if len(p[corpus.Tuning]) == 1 {
			tuningEv = ev
		}
	}
	items := []corpus.Item{
		{Text: "a", Event: sealedEv, Site: "a.example"},
		{Text: "b", Event: sealedEv, Site: "shared.example"}, // its site has tuning data
		{Text: "c", Event: tuningEv, Site: "shared.example"},
		{Text: "d", Event: sealedEv, Site: "old.example"}, // a labelled set's site
	}
	p := corpus.Split(items, map[string]bool{"old.example": true})
	texts := func(part string) (s string) {
		for _, it := range p[part] {
			s += it.Text
		}
		return s
	}
	if texts(corpus.Sealed) != "a" || texts(corpus.Excluded) != "bd" || texts(corpus.Tuning) != "c" {
		t.Errorf("sealed %q, excluded %q, tuning %q; want a, bd, c", texts(corpus.Sealed), texts(corpus.Excluded), texts(corpus.Tuning))
	}
}

// checkCorpusItem says what is wrong with one item, or "".
func checkCorpusItem(it corpus.Item, lang string) string {
	u, err := url.Parse(it.Source)
	switch {
	case strings.TrimSpace(it.Text) != it.Text || it.Text == "":
		return "text empty or not trimmed"
	case len([]rune(it.Text)) > 600:
		return "text over 600 characters"
	case it.Lang != lang:
		return "lang " + it.Lang + " in " + lang + ".jsonl"
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "source is not an http(s) URL"
	case it.Site != u.Hostname():
		return "site " + it.Site + " is not the source's host " + u.Hostname()
	case it.Date != "" && !dateRe.MatchString(it.Date):
		return "date " + it.Date + " is not YYYY-MM-DD"
	case it.Event != "" && !eventRe.MatchString(it.Event):
		return "event " + it.Event + " is not YYYY-MM-DD-slug"
	case !corpusKinds[it.Kind]:
		return "unknown kind " + it.Kind
	case it.Outage != (it.Kind == "outage" || it.Kind == "recovery"):
		return "outage and kind disagree"
	case it.Recovered != (it.Kind == "recovery"):
		return "recovered and kind disagree"
	case it.Outage && len(it.Services) == 0:
		return "an outage with no service"
	case !it.Outage && len(it.Services) > 0:
		return "services on a non-outage item"
	}
	for _, s := range it.Services {
		if !serviceID.MatchString(s) {
			return "service " + s + " is not a lowercase id"
		}
	}
	return ""
}

func TestCheckCorpusItem(t *testing.T) {
	good := corpus.Item{Text: "WhatsApp is down", Lang: "en", Outage: true, Services: []string{"whatsapp"}, Kind: "outage",
		Source: "https://news.example.com/a", Site: "news.example.com", Date: "2021-10-04", Event: "2021-10-04-meta"}
	if msg := checkCorpusItem(good, "en"); msg != "" {
		t.Fatalf("a good item: %s", msg)
	}
	for _, c := range []struct {
		edit func(*corpus.Item)
		want string
	}{
		{func(i *corpus.Item) { i.Text = " WhatsApp is down" }, "text empty or not trimmed"},
		{func(i *corpus.Item) { i.Lang = "fr" }, "lang fr in en.jsonl"},
		{func(i *corpus.Item) { i.Source = "news.example.com/a" }, "source is not an http(s) URL"},
		{func(i *corpus.Item) { i.Site = "example.com" }, "site example.com is not the source's host news.example.com"},
		{func(i *corpus.Item) { i.Date = "04/10/2021" }, "date 04/10/2021 is not YYYY-MM-DD"},
		{func(i *corpus.Item) { i.Event = "meta-2021" }, "event meta-2021 is not YYYY-MM-DD-slug"},
		{func(i *corpus.Item) { i.Kind = "rumour" }, "unknown kind rumour"},
		{func(i *corpus.Item) { i.Kind = "working" }, "outage and kind disagree"},
		{func(i *corpus.Item) { i.Recovered = true }, "recovered and kind disagree"},
		{func(i *corpus.Item) { i.Services = nil }, "an outage with no service"},
		{func(i *corpus.Item) { i.Services = []string{"Kakao Talk"} }, "service Kakao Talk is not a lowercase id"},
	} {
		it := good
		it.Services = append([]string(nil), good.Services...)
		c.edit(&it)
		if got := checkCorpusItem(it, "en"); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
