package news

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/downradar/downradar/checker/seeds"
)

func parseFixture(t *testing.T, name string) []Item {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	items, err := Parse("https://feeds.example.com/"+name, body, t0)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	for _, it := range items {
		if it.Feed != "https://feeds.example.com/"+name {
			t.Errorf("%s: Item.Feed = %q", name, it.Feed)
		}
	}
	return items
}

func TestParseGoogleNewsRSS(t *testing.T) {
	items := parseFixture(t, "google_news.rss")
	if len(items) != 3 {
		t.Fatalf("got %d items, want 3: %+v", len(items), items)
	}
	first := items[0]
	want := Item{
		Feed:      "https://feeds.example.com/google_news.rss",
		Lang:      "en",
		ID:        "CBMiWmh0dHBzOi8vd3d3LnJldXRlcnMuY29tL3RlY2hub2xvZ3kvbWV0YS1vdXRhZ2UtMjAyNC0wMy0wNS_SAQA",
		Link:      "https://news.google.com/rss/articles/CBMiWmh0dHBzOi8vd3d3LnJldXRlcnMuY29tL3RlY2hub2xvZ3kvbWV0YS1vdXRhZ2UtMjAyNC0wMy0wNS_SAQA?oc=5",
		Title:     "WhatsApp, Instagram and Facebook down for thousands of users",
		Summary:   "", // only the title and publisher again
		Source:    "Reuters",
		Published: time.Date(2024, 3, 5, 15, 58, 0, 0, time.UTC),
	}
	if first != want {
		t.Errorf("first item\n got %+v\nwant %+v", first, want)
	}
	// Markup and entities (escaped twice) in the title become plain text.
	if got, want := items[1].Title, `Meta outage: "We're working on it" & more updates`; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got := items[1].Summary; got != "Meta outage live updates The Verge Instagram is down CNN" {
		t.Errorf("cluster summary = %q (script must be dropped)", got)
	}
	// A publisher whose name has " - " in it is removed whole.
	if items[2].Title != "Is YouTube down? Users report problems" || items[2].Source != "Times of India - Tech" {
		t.Errorf("title/source = %q / %q", items[2].Title, items[2].Source)
	}
	// No pubDate: the time it was seen.
	if !items[2].Published.Equal(t0) {
		t.Errorf("undated item Published = %v, want %v", items[2].Published, t0)
	}
}

func TestParseAtom(t *testing.T) {
	items := parseFixture(t, "atom.xml")
	if len(items) != 3 {
		t.Fatalf("got %d items, want 3", len(items))
	}
	a := items[0]
	if a.Title != "Instagram-Störung: Nutzer melden Probleme" || a.Summary != "Seit dem Nachmittag funktioniert Instagram nicht." {
		t.Errorf("html title/summary not plain: %q / %q", a.Title, a.Summary)
	}
	if a.Link != "https://example.org/news/instagram-stoerung?utm_campaign=atom" {
		t.Errorf("relative link resolved to %q, want against the feed's site", a.Link)
	}
	if a.Source != "Beispiel Zeitung" || a.Lang != "de" {
		t.Errorf("source/lang = %q/%q", a.Source, a.Lang)
	}
	if want := time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Published = %v, want %v (published, not updated)", a.Published, want)
	}
	if want := time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC); !items[1].Published.Equal(want) {
		t.Errorf("updated-only entry Published = %v, want %v", items[1].Published, want)
	}
	if items[1].Summary != "Der Dienst läuft wieder." {
		t.Errorf("xhtml content summary = %q", items[1].Summary)
	}
	if items[2].Link != "" || items[2].ID != "tag:example.org,2024:nodate" || !items[2].Published.Equal(t0) {
		t.Errorf("javascript: link must be dropped, date defaulted: %+v", items[2])
	}
}

func TestParseJSONFeed(t *testing.T) {
	items := parseFixture(t, "feed.json")
	if len(items) != 3 {
		t.Fatalf("got %d items, want 3", len(items))
	}
	if items[0].Title != "Panne géante chez Meta : Facebook & Instagram inaccessibles" {
		t.Errorf("title = %q", items[0].Title)
	}
	if items[0].Summary != "Les plateformes du groupe Meta sont inaccessibles." {
		t.Errorf("summary = %q (style must be dropped)", items[0].Summary)
	}
	if items[1].Title != "YouTube fonctionne de nouveau" {
		t.Errorf("whitespace not collapsed: %q", items[1].Title)
	}
	if items[1].ID != "2" || items[0].ID != "https://example.net/2024/03/05/panne-meta" || items[0].Lang != "fr" {
		t.Errorf("ids/lang: %+v", items[:2])
	}
	if !items[2].Published.Equal(t0) || items[2].Link != "" {
		t.Errorf("undated item: %+v", items[2])
	}
}

func TestParseRSS1(t *testing.T) {
	items := parseFixture(t, "rss1.rdf")
	if len(items) != 2 {
		t.Fatalf("got %d items, want 2", len(items))
	}
	if want := time.Date(2024, 3, 5, 8, 15, 0, 0, time.UTC); !items[0].Published.Equal(want) {
		t.Errorf("dc:date Published = %v, want %v", items[0].Published, want)
	}
	if items[0].Title != "WhatsApp è fuori uso in tutto il mondo" || items[0].Link != "https://example.com/a" || items[0].Lang != "it" {
		t.Errorf("item = %+v", items[0])
	}
	if !items[1].Published.Equal(t0) {
		t.Errorf("undated item Published = %v", items[1].Published)
	}
}

// seed is one of testdata/seeds.json: a real article of checker/seeds.
type seed struct{ File, Lang, Title, Summary string }

func loadSeeds(t *testing.T) []seed {
	t.Helper()
	b, err := os.ReadFile("testdata/seeds.json")
	if err != nil {
		t.Fatal(err)
	}
	var s []seed
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseSeeds(t *testing.T) {
	seeds := loadSeeds(t)
	plain := parseFixture(t, "seeds.rss")
	google := parseFixture(t, "seeds_gnews.rss")
	if len(plain) != len(seeds) || len(google) != len(seeds) {
		t.Fatalf("items: %d and %d, want %d", len(plain), len(google), len(seeds))
	}
	for i, s := range seeds {
		if plain[i].Title != s.Title || plain[i].Summary != s.Summary {
			t.Errorf("%s (%s): got %q / %q", s.File, s.Lang, plain[i].Title, plain[i].Summary)
		}
		if google[i].Title != s.Title || google[i].Source != "Seed Publisher "+s.Lang {
			t.Errorf("%s (%s) Google style: title %q source %q", s.File, s.Lang, google[i].Title, google[i].Source)
		}
		// The two feeds carry the same story under different links: one key matches.
		_, t1 := Key(plain[i])
		_, t2 := Key(google[i])
		if t1 == "" || t1 != t2 {
			t.Errorf("%s: title keys %q and %q", s.File, t1, t2)
		}
	}
}

// The fixtures are made of the seed articles kept in the repository
// (checker/seeds, checked there against their checksums and, when asked,
// against the originals in ../shared/seeds): one item per seed, in order,
// titled with its first line, summarised with one of its paragraphs.
func TestSeedFixturesMatchSeeds(t *testing.T) {
	all, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	fixtures := loadSeeds(t)
	if len(fixtures) != len(all) {
		t.Fatalf("%d seed fixtures, %d seeds in checker/seeds", len(fixtures), len(all))
	}
	for i, s := range fixtures {
		a := all[i]
		if s.File != a.File || s.Lang != a.Lang {
			t.Errorf("fixture %d is %s (%s), the seed %s (%s)", i, s.File, s.Lang, a.File, a.Lang)
			continue
		}
		first, _, _ := strings.Cut(a.Text, "\n")
		if strings.TrimSpace(first) != s.Title || s.Summary == "" || !strings.Contains(a.Text, s.Summary) {
			t.Errorf("%s: fixture no longer matches the seed", s.File)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	const u = "https://feeds.example.com/broken"
	for name, body := range map[string][]byte{
		"html page": mustRead(t, "testdata/invalid.xml"),
		"empty":     nil,
		"truncated": []byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>x`),
		"json":      []byte(`{"not": "a feed"`),
	} {
		items, err := Parse(u, body, t0)
		if err == nil {
			t.Errorf("%s: no error, %d items", name, len(items))
			continue
		}
		if !strings.Contains(err.Error(), u) {
			t.Errorf("%s: error %q does not name the feed", name, err)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseFutureDateIsNow(t *testing.T) {
	items, err := Parse("u", rssDoc(entry{Title: "from the future, a story", Link: "https://a.example/x", Pub: t0.Add(3 * time.Hour)}), t0)
	if err != nil || len(items) != 1 {
		t.Fatal(items, err)
	}
	if !items[0].Published.Equal(t0) {
		t.Errorf("Published = %v, want now", items[0].Published)
	}
}

func TestPlainText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"  plain \n\t text  ", "plain text"},
		{"<p>One</p><p>Two</p>", "One Two"},
		{"Whats<b>App</b> down", "WhatsApp down"},
		{"a &amp; b &lt;c&gt; &eacute; &#x1F600; &nbsp;end", "a & b <c> é 😀 end"},
		{"&lt;b&gt;double&lt;/b&gt; escaped &amp;amp;", "double escaped &"},
		{"<script>alert('x')</script>safe<style>p{}</style>", "safe"},
		{"5 < 6 and 7 > 3", "5 < 6 and 7 > 3"},
		{"AT&T outage", "AT&T outage"},
		{"bad \xff\xfe utf8", "bad \ufffd\ufffd utf8"},
		{"evil\u202Eoverride\u200b\x00\x07", "eviloverride"},
		{"मेरा\u200Cनाम", "मेरा\u200Cनाम"},
		{"<a href='x'>unclosed", "unclosed"},
	} {
		if got := plainText(c.in, 1000); got != c.want {
			t.Errorf("plainText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := strings.Repeat("ä b ", 1000)
	if got := plainText("<p>"+long+"</p>", 1000); utf8.RuneCountInString(got) > 1000 || !strings.HasPrefix(long, got) {
		t.Errorf("cap: %d runes", utf8.RuneCountInString(got))
	}
}

func TestSplitPublisher(t *testing.T) {
	for _, c := range []struct {
		title, source string
		google        bool
		wantT, wantS  string
	}{
		{"Story - Reuters", "Reuters", false, "Story", "Reuters"},
		{"Story - Reuters", "", true, "Story", "Reuters"},
		{"Story - Reuters", "", false, "Story - Reuters", ""},
		{"Story - part two - CNN", "", true, "Story - part two", "CNN"},
		{"Story without suffix", "BBC", true, "Story without suffix", "BBC"},
		{" - Reuters", "Reuters", true, " - Reuters", "Reuters"},
	} {
		gotT, gotS := splitPublisher(c.title, c.source, c.google)
		if gotT != c.wantT || gotS != c.wantS {
			t.Errorf("splitPublisher(%q, %q, %v) = %q, %q; want %q, %q", c.title, c.source, c.google, gotT, gotS, c.wantT, c.wantS)
		}
	}
}

func TestParseEncodings(t *testing.T) {
	// A stray byte in a UTF-8 feed costs one character, not the feed.
	items, err := Parse("u", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><item><title>Caf\xe9 down</title></item></channel></rss>"), t0)
	if err != nil || len(items) != 1 || items[0].Title != "Caf\ufffd down" {
		t.Errorf("stray byte: %+v, %v", items, err)
	}
	// A declared legacy encoding is decoded, not "repaired".
	items, err = Parse("u", []byte("<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><item><title>Caf\xe9 down</title></item></channel></rss>"), t0)
	if err != nil || len(items) != 1 || items[0].Title != "Café down" {
		t.Errorf("windows-1252: %+v, %v", items, err)
	}
}
