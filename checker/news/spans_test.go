package news

import (
	"context"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestItemSpans(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string // the spans' text; nil with ok false
		ok        bool
	}{
		{"rss", `<?xml version="1.0"?><rss><channel><title>t</title><item><title>a</title></item> <item><title>b</title></item></channel></rss>`,
			[]string{"<item><title>a</title></item>", "<item><title>b</title></item>"}, true},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:lang="en"><title>a</title></entry></feed>`,
			[]string{`<entry xml:lang="en"><title>a</title></entry>`}, true},
		{"a '>' in an attribute", `<rss><channel><item a="x>y"><title>a</title></item ></channel></rss>`,
			[]string{`<item a="x>y"><title>a</title></item >`}, true},
		{"CDATA and comments are text", `<rss><channel><item><description><![CDATA[<item>x</item> </entry>]]></description><!-- </item> --></item></channel></rss>`,
			[]string{`<item><description><![CDATA[<item>x</item> </entry>]]></description><!-- </item> --></item>`}, true},
		{"RSS 1.0's <items> is not an item", `<rdf:RDF><channel><items><rdf:Seq><rdf:li resource="x"/></rdf:Seq></items></channel><item rdf:about="x"><title>a</title></item></rdf:RDF>`,
			[]string{`<item rdf:about="x"><title>a</title></item>`}, true},
		{"an empty item", `<rss><channel><item/><item></item></channel></rss>`, []string{"<item/>", "<item></item>"}, true},
		{"prefixed items are left to the parser", `<rss><channel><rss:item><title>a</title></rss:item></channel></rss>`, nil, true},
		{"no items", `<rss><channel><title>t</title></channel></rss>`, nil, true},
		{"nested", `<rss><channel><item><item>a</item></item></channel></rss>`, nil, false},
		{"entry inside an item", `<rss><channel><item><entry>a</entry></item></channel></rss>`, nil, false},
		{"not closed", `<rss><channel><item><title>a</title></channel></rss>`, nil, false},
		{"closed, not open", `<rss><channel></item></channel></rss>`, nil, false},
		{"an unterminated CDATA", `<rss><channel><item><![CDATA[x</item></channel></rss>`, nil, false},
		{"an unterminated tag", `<rss><channel><item`, nil, false},
		{"JSON", `{"items": [{"content_html": "<item>x</item>"}]}`, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spans, ok := itemSpans([]byte(tc.doc))
			var got []string
			for _, s := range spans {
				got = append(got, tc.doc[s[0]:s[1]])
			}
			if ok != tc.ok || !slices.Equal(got, tc.want) {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestCutKnown(t *testing.T) {
	seed := maphash.MakeSeed()
	doc := []byte(`<rss><channel><title>t</title><item>a</item><item>b</item><lastBuildDate>x</lastBuildDate><item>c</item></channel></rss>`)
	rest, hashes, cut := cutKnown(seed, doc, nil)
	if string(rest) != string(doc) || cut != 0 || len(hashes) != 3 || !slices.IsSorted(hashes) {
		t.Fatalf("nothing known: %q, %d cut, hashes %v", rest, cut, hashes)
	}
	// b changed; a and c did not: they are cut, what lies between them stays.
	doc2 := []byte(`<rss><channel><title>t</title><item>a</item><item>B</item><lastBuildDate>y</lastBuildDate><item>c</item><item>d</item></channel></rss>`)
	rest, hashes2, cut := cutKnown(seed, doc2, hashes)
	if want := `<rss><channel><title>t</title><item>B</item><lastBuildDate>y</lastBuildDate><item>d</item></channel></rss>`; string(rest) != want || cut != 2 {
		t.Fatalf("got %q (%d cut), want %q", rest, cut, want)
	}
	if len(hashes2) != 4 {
		t.Errorf("hashes of the new document: %d", len(hashes2))
	}
}

// TestPollParsesOnlyChangedItems: a feed read again lists its stories
// again; only what changed is parsed.
func TestPollParsesOnlyChangedItems(t *testing.T) {
	c := newClock()
	es := manyEntries("again", 20, t0.Add(-10*time.Minute))
	srv := newFeedServer(t, rssDoc(es...))
	p := newPoller(c)
	if got := pollOK(t, p, srv.feed()); len(got) != 20 || p.parsed.Load() != 20 {
		t.Fatalf("first poll: %d items, %d parsed", len(got), p.parsed.Load())
	}
	fresh := entry{Title: "A brand new story on the outage", Link: "https://example.com/new", Pub: t0.Add(-time.Minute)}
	srv.set(func(s *feedServer) { s.body = rssDoc(append([]entry{fresh}, es...)...) })
	c.Advance(MinInterval)
	got := pollOK(t, p, srv.feed())
	if len(got) != 1 || got[0].Link != fresh.Link || p.parsed.Load() != 21 {
		t.Fatalf("second poll: %+v, %d parsed in all; want the new story, 21 parsed", got, p.parsed.Load())
	}
	c.Advance(MinInterval)
	if got := pollOK(t, p, srv.feed()); len(got) != 0 || p.parsed.Load() != 21 {
		t.Fatalf("third poll: %d items, %d parsed in all; want none, 21", len(got), p.parsed.Load())
	}
	// A document with an undated item is parsed whole each time: the
	// seen-set must see that item at each poll.
	srv.set(func(s *feedServer) {
		s.body = rssDoc(append([]entry{{Title: "An undated story", Link: "https://example.com/u"}}, es...)...)
	})
	for range 2 {
		c.Advance(MinInterval)
		pollOK(t, p, srv.feed())
	}
	if n := p.parsed.Load(); n != 21+1+21 {
		t.Errorf("%d parsed in all, want 43 (the new undated item, then its document whole)", n)
	}
}

// TestPollCutHidesNoNewStory runs two Pollers over the same changing
// feeds, one parsing every document whole, and compares what each poll
// returns. The feeds list stories that come and go, change, come back with
// a new date, lack a date or have one in the future, run past MaxItems, and
// sometimes are not feeds at all. Each story not returned before comes
// from both alike; they may differ on a story returned before, once the
// seen-set forgot it (see spans.go).
func TestPollCutHidesNoNewStory(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := newClock()
	story := func(i int) entry {
		e := entry{
			Title: fmt.Sprintf("Story %d: WhatsApp down for users, %d", i, i%7),
			Link:  fmt.Sprintf("https://example.com/s/%d", i),
			Pub:   c.Now().Add(-time.Duration(i%40) * time.Minute),
		}
		switch i % 11 {
		case 3:
			if i%5 == 0 {
				e.Pub = time.Time{} // undated
			}
		case 5:
			e.Link = "" // the title alone keys it
		case 7:
			e.Title = fmt.Sprintf("Story %d again, now under another link", i-7)
			e.Link = fmt.Sprintf("https://mirror.example/%d", i)
		}
		return e
	}
	const nFeeds = 4
	servers := make([]*feedServer, nFeeds)
	feeds := make([]Feed, nFeeds)
	for i := range servers {
		servers[i] = newFeedServer(t, nil)
		feeds[i] = servers[i].feed()
	}
	cut := &Poller{Now: c.Now, MaxItems: 12, MaxAge: 2 * time.Hour}
	whole := &Poller{Now: c.Now, MaxItems: 12, MaxAge: 2 * time.Hour, whole: true}
	next, again := 0, 0
	returned := map[string]bool{} // the keys of the stories returned so far
	lists := make([][]entry, nFeeds)
	for round := range 100 {
		for f := range lists {
			// Drop a few, edit one, add a few; sometimes serve garbage.
			var l []entry
			for _, e := range lists[f] {
				if rng.IntN(5) != 0 {
					l = append(l, e)
				}
			}
			if len(l) > 0 && rng.IntN(4) == 0 {
				l[rng.IntN(len(l))].Desc = fmt.Sprintf("edited in round %d", round)
			}
			for range rng.IntN(4) {
				l = append(l, story(next))
				next++
			}
			if rng.IntN(10) == 0 && len(l) > 0 {
				l = append(l, story(rng.IntN(next))) // an old one back
			}
			if rng.IntN(40) == 0 { // in the future
				l = append(l, entry{Title: fmt.Sprintf("From the future %d", round), Link: fmt.Sprintf("https://example.com/f/%d", round), Pub: c.Now().Add(time.Hour)})
			}
			lists[f] = l
			body := rssDoc(l...)
			if rng.IntN(20) == 0 {
				body = []byte("<html>not a feed</html>")
			}
			servers[f].set(func(s *feedServer) { s.body = body })
		}
		a, _ := cut.Poll(context.Background(), feeds)
		b, _ := whole.Poll(context.Background(), feeds)
		// Each story never returned before comes back from both alike.
		for _, pair := range [][2][]Item{{a, b}, {b, a}} {
			other := map[string]bool{}
			for _, it := range pair[1] {
				other[itemKey(it)] = true
			}
			for _, it := range pair[0] {
				link, title := Key(it)
				switch {
				case other[itemKey(it)]:
				case returned[link] || returned[title]:
					again++
				default:
					t.Fatalf("round %d: a story never returned before came from one Poller only: %+v\ncut:   %+v\nwhole: %+v", round, it, a, b)
				}
			}
		}
		for _, it := range append(a, b...) {
			link, title := Key(it)
			returned[link], returned[title] = link != "", title != ""
		}
		c.Advance(10 * time.Minute)
	}
	t.Logf("stories returned again by one Poller only: %d", again)
	if 4*cut.parsed.Load() >= 3*whole.parsed.Load() {
		t.Errorf("cut parsed %d items, whole %d: little was cut", cut.parsed.Load(), whole.parsed.Load())
	}
}

func itemKey(it Item) string {
	return strings.Join([]string{it.Feed, it.Link, it.Title, it.Summary, it.Published.Format(time.RFC3339)}, "|")
}
