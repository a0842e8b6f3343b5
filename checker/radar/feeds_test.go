package radar

import (
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/news"
)

// queries are the search queries of the built-in feeds, by edition
// ("lang-REGION"); an edition's names may be split over several feeds.
func queries(t *testing.T, feeds []news.Feed) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, f := range feeds {
		u, err := url.Parse(f.URL)
		if err != nil || u.Host != "news.google.com" {
			t.Fatalf("%q", f.URL)
		}
		k := f.Lang + "-" + f.Region
		out[k] = append(out[k], u.Query().Get("q"))
	}
	return out
}

// Every built-in edition is searched: Feeds skips, without a word, an
// edition whose language has no outage words in the lexicon, so each
// edition's language must have some, and each edition must give a feed
// for the services watched by default.
func TestEveryEditionSearched(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("default.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Watched()) == 0 {
		t.Fatal("the default config watches nothing")
	}
	qs := queries(t, Feeds(cfg, cls, t.Logf))
	langs := map[string]bool{}
	for _, e := range news.Editions() {
		langs[e.Lang] = true
		words := cls.Words(e.Lang)
		if len(words) == 0 {
			t.Errorf("edition %s-%s: the lexicon has no outage words for %q", e.Lang, e.Region, e.Lang)
			continue
		}
		q := qs[e.Lang+"-"+e.Region]
		if len(q) == 0 {
			t.Errorf("edition %s-%s: no feed", e.Lang, e.Region)
			continue
		}
		// The language's first outage word is in each of its queries.
		for _, s := range q {
			if !strings.Contains(s, words[0]) {
				t.Errorf("edition %s-%s: %q lacks %q", e.Lang, e.Region, s, words[0])
			}
		}
	}
	if len(langs) < 40 {
		t.Errorf("the built-in searches cover %d languages, want at least 40", len(langs))
	}
}

// A language whose outage words are written in a script other than Latin
// has that script in scripts, so that its searches hold the services'
// names in it: a Thai search looks for "วอทส์แอป" as well as "WhatsApp".
func TestEditionScripts(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	qs := queries(t, Feeds(testConfig(t, twoServices), cls, t.Logf))
	for _, e := range news.Editions() {
		for _, w := range cls.Words(e.Lang) {
			if r := firstLetter(w); r != 0 && !unicode.Is(unicode.Latin, r) && !inScript(w, scripts[e.Lang]) {
				t.Errorf("%s: the outage word %q is in a script scripts[%q] lacks", e.Lang, w, e.Lang)
			}
		}
		q := strings.Join(qs[e.Lang+"-"+e.Region], "\n")
		for _, n := range cls.Names("whatsapp") {
			if inScript(n, scripts[e.Lang]) && !strings.Contains(q, n) {
				t.Errorf("%s-%s: the query lacks WhatsApp's name %q in the language's script", e.Lang, e.Region, n)
			}
		}
	}
	for lang, name := range map[string]string{"th": "วอทส์แอป", "he": "וואטסאפ", "ta": "வாட்ஸ்அப்", "pa": "ਵਟਸਐਪ"} {
		if !strings.Contains(strings.Join(qs[lang+"-"+regionOf(lang)], "\n"), name) {
			t.Errorf("%s: WhatsApp's name %q is not searched", lang, name)
		}
	}
}

func firstLetter(s string) rune {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return r
		}
	}
	return 0
}

// regionOf is the region of a language's first built-in edition.
func regionOf(lang string) string {
	for _, e := range news.Editions() {
		if e.Lang == lang {
			return e.Region
		}
	}
	return ""
}
