package radar

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/seeds"
)

func TestSourceOf(t *testing.T) {
	for _, tc := range []struct {
		r    Report
		want string
	}{
		{Report{Source: "The Verge", Link: "https://news.google.com/rss/articles/CBMi1"}, "the verge"},
		{Report{Source: "  the   VERGE ", Link: "https://news.google.com/rss/articles/CBMi2"}, "the verge"},
		{Report{Source: "www.NU.nl"}, "nu.nl"},
		{Report{Source: "am.al-ain.com"}, "al-ain.com"},
		{Report{Link: "https://www.bbc.co.uk/news/technology-1"}, "bbc.co.uk"},
		{Report{Link: "https://edition.cnn.com/2021/10/04/tech/facebook-down"}, "cnn.com"},
		{Report{Link: "https://www.cnn.com/x"}, "cnn.com"},
		{Report{Link: "http://127.0.0.1:8080/news/1"}, "127.0.0.1"},
		{Report{Link: "https://news.google.com/rss/articles/CBMi3"}, "google.com"}, // a Google link with no publisher: Google
		{Report{Feed: "lab"}, "feed lab"},
		{Report{}, "feed "},
	} {
		if got := SourceOf(tc.r); got != tc.want {
			t.Errorf("SourceOf(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

// rep is an outage report min minutes after t0 from a source; old marks it
// evergreen.
func rep(min int, source string, recovered, old bool) Report {
	return Report{At: t0.Add(time.Duration(min) * time.Minute), Title: fmt.Sprintf("%s %d", source, min), Source: source, Recovered: recovered, Evergreen: old}
}

// backlog is a report from a feed's first read.
func backlog(min int, source string) Report {
	r := rep(min, source, false, false)
	r.Backlog = true
	return r
}

// unsure is a report whose text the classifier is unsure names the
// service as failing (Report.Unsure).
func unsure(min int, source string) Report {
	r := rep(min, source, false, false)
	r.Named, r.Unsure = MinNamed/2, true
	return r
}

// summarize, step by step: what counts, and when the news say down.
func TestSummarizeCorroboration(t *testing.T) {
	type want struct {
		items, sources, stale, recovered int
		down                             bool
	}
	for _, tc := range []struct {
		name    string
		reports []Report // newest first
		want    want
	}{
		{"nothing", nil, want{}},
		{"one report", []Report{rep(5, "A", false, false)}, want{1, 1, 0, 0, false}},
		{"one source saying it three times", []Report{rep(9, "A", false, false), rep(7, "a", false, false), rep(5, "A", false, false)}, want{3, 1, 0, 0, false}},
		{"two sources", []Report{rep(9, "B", false, false), rep(5, "A", false, false)}, want{2, 2, 0, 0, true}},
		{"two sources, the newest a recovery", []Report{rep(12, "C", true, false), rep(9, "B", false, false), rep(5, "A", false, false)}, want{2, 2, 0, 1, false}},
		{"two sources, then an outage after the recovery", []Report{rep(15, "D", false, false), rep(12, "C", true, false), rep(9, "B", false, false), rep(5, "A", false, false)}, want{3, 3, 0, 1, true}},
		{"an evergreen page alone", []Report{rep(9, "Guide", false, true)}, want{1, 0, 1, 0, false}},
		{"two evergreen pages", []Report{rep(9, "Guide", false, true), rep(8, "Other guide", false, true)}, want{2, 0, 2, 0, false}},
		{"an evergreen page and one report", []Report{rep(9, "Guide", false, true), rep(5, "A", false, false)}, want{2, 1, 1, 0, false}},
		{"an evergreen page and two reports", []Report{rep(9, "Guide", false, true), rep(7, "B", false, false), rep(5, "A", false, false)}, want{3, 2, 1, 0, true}},
		{"an evergreen recovery is not the latest word", []Report{rep(9, "Guide", true, true), rep(7, "B", false, false), rep(5, "A", false, false)}, want{2, 2, 1, 1, true}},
		{"an evergreen page of a source that also reports now", []Report{rep(9, "A", false, true), rep(7, "A", false, false)}, want{2, 1, 1, 0, false}},
		{"a report before the window", []Report{rep(9, "B", false, false), rep(-5, "A", false, false)}, want{1, 1, 0, 0, false}},
		{"the backlog of two feeds", []Report{backlog(9, "A"), backlog(8, "B")}, want{2, 0, 2, 0, false}},
		{"the backlog and one new report", []Report{rep(19, "C", false, false), backlog(9, "A"), backlog(8, "B")}, want{3, 1, 2, 0, false}},
		{"the backlog and two new reports", []Report{rep(20, "D", false, false), rep(19, "C", false, false), backlog(9, "A"), backlog(8, "B")}, want{4, 2, 2, 0, true}},
		{"one report and one unsure of the service", []Report{unsure(9, "B"), rep(5, "A", false, false)}, want{2, 1, 0, 0, false}},
		{"two reports unsure of the service", []Report{unsure(9, "B"), unsure(5, "A")}, want{2, 0, 0, 0, false}},
		{"two reports and one unsure", []Report{unsure(9, "C"), rep(7, "B", false, false), rep(5, "A", false, false)}, want{3, 2, 0, 0, true}},
	} {
		n := summarize(tc.reports, t0)
		got := want{n.Items, n.Sources, n.Stale, n.Recovered, View{News: n}.NewsReports()}
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// Unsure reports are counted apart, fresh ones only; a source with a sure
// report counts however unsure its others.
func TestSummarizeUnsure(t *testing.T) {
	old := unsure(8, "D")
	old.Evergreen = true
	n := summarize([]Report{unsure(9, "C"), old, rep(7, "B", false, false), rep(5, "A", false, false), unsure(3, "A"), unsure(-5, "E")}, t0)
	if n.Items != 5 || n.Sources != 2 || n.Unsure != 2 || n.Stale != 1 || !(View{News: n}).NewsReports() {
		t.Errorf("%+v", n)
	}
}

// The seed articles, the outages DownRadar must catch, each count as a
// source of every service they report: the classifier names each surely.
func TestSeedsNameTheirServicesSurely(t *testing.T) {
	c, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	all, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		res := c.Classify(a.Title + "\n" + a.Lead)
		if !slices.Equal(res.Services, a.Services) {
			t.Errorf("%s: services %v, want %v", a.File, res.Services, a.Services)
			continue
		}
		for i, s := range res.Services {
			if res.Named[i] < MinNamed {
				t.Errorf("%s: %s named with belief %v, under MinNamed (%v): it would not count as a source", a.File, s, res.Named[i], MinNamed)
			}
		}
	}
}

// The story memory, step by step.
func TestStories(t *testing.T) {
	var s stories
	guide := news.Item{Link: "https://guides.test/is-whatsapp-down?utm_source=rss", Title: "Is WhatsApp down right now? How to check"}
	if first := s.sight(guide, t0); !first.Equal(t0) {
		t.Fatalf("a new story: first seen %v", first)
	}
	// Back an hour later, by the same link without its tracking.
	if first := s.sight(news.Item{Link: "https://www.guides.test/is-whatsapp-down/"}, t0.Add(time.Hour)); !first.Equal(t0) {
		t.Errorf("same link: first seen %v, want %v", first, t0)
	}
	// By its title alone, under another link.
	if first := s.sight(news.Item{Link: "https://mirror.test/1", Title: "Is WhatsApp down right now? — How to check"}, t0.Add(2*time.Hour)); !first.Equal(t0) {
		t.Errorf("same title: first seen %v, want %v", first, t0)
	}
	// The mirror's link is now known as that story too.
	if first := s.sight(news.Item{Link: "https://mirror.test/1"}, t0.Add(3*time.Hour)); !first.Equal(t0) {
		t.Errorf("the mirror's link: first seen %v, want %v", first, t0)
	}
	other := news.Item{Link: "https://news.test/2", Title: "WhatsApp down for thousands of users"}
	if first := s.sight(other, t0.Add(3*time.Hour)); !first.Equal(t0.Add(3 * time.Hour)) {
		t.Errorf("another story: first seen %v", first)
	}
	// Kept while the feeds return it (its title last at +2h); forgotten
	// storyMemory after the last time.
	s.prune(t0.Add(2*time.Hour + storyMemory))
	if first := s.sight(guide, t0.Add(2*time.Hour+storyMemory)); !first.Equal(t0) {
		t.Errorf("seen storyMemory ago: first seen %v, want %v", first, t0)
	}
	late := t0.Add(2*time.Hour + 2*storyMemory + time.Second)
	s.prune(late)
	if len(s.by) != 0 {
		t.Errorf("%d keys left after everything expired", len(s.by))
	}
	if first := s.sight(other, late); !first.Equal(late) {
		t.Errorf("a forgotten story is new: first seen %v", first)
	}
	// At most maxStories keys, the least recently seen dropped first.
	var b stories
	for i := range maxStories + 10 {
		b.sight(news.Item{Link: fmt.Sprintf("https://news.test/%d", i)}, t0.Add(time.Duration(i)*time.Second))
	}
	b.prune(t0.Add(time.Duration(maxStories+10) * time.Second))
	if len(b.by) != maxStories {
		t.Errorf("%d keys, want %d", len(b.by), maxStories)
	}
	if _, ok := b.by["lnews.test/0"]; ok {
		t.Error("the oldest story kept")
	}
	if _, ok := b.by[fmt.Sprintf("lnews.test/%d", maxStories+9)]; !ok {
		t.Error("the newest story dropped")
	}
}

// Through PollNews: pages a feed lists at every poll, re-dated each time,
// count while they are news, then never again; real reports from two
// other sources do.
func TestPollNewsEvergreen(t *testing.T) {
	now := t0
	var items atomic.Value // []entry, each published one minute before the poll
	items.Store([]entry{{"WhatsApp down for thousands of users", "Guides A"}, {"WhatsApp outage: users cannot send messages", "Guides B"}})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprint(rw, rssOf(items.Load().([]entry), now.Add(-time.Minute), func(entry) bool { return true }))
	}))
	defer srv.Close()
	cfg := testConfig(t, "[news]\nbuiltin = false\n"+twoServices)
	clock := func() time.Time { return now }
	r, err := New(Options{Config: cfg, Feeds: []news.Feed{{URL: srv.URL, Name: "lab", Lang: "en"}}, Now: clock, News: &news.Poller{Now: clock}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	step := newsSteps(t, r, &now)
	// A radar read once (as `check` does) cannot tell: two sources it has
	// never seen. A running one can: see TestPollNewsBacklog.
	step("first poll", newsWant{2, 2, 0, true})
	now = now.Add(time.Hour)
	step("an hour on: the poller returns nothing new", newsWant{0, 0, 0, false})
	// The poller forgets after 6 hours and returns them as new, re-dated.
	now = t0.Add(6*time.Hour + 10*time.Minute)
	step("back as new after the poller forgot them", newsWant{2, 0, 2, false})
	items.Store(append(items.Load().([]entry), entry{"WhatsApp not working: messages fail to send worldwide", "Daily C"}))
	now = now.Add(10 * time.Minute)
	step("one real report beside them", newsWant{3, 1, 2, false})
	items.Store(append(items.Load().([]entry), entry{"WhatsApp down for users across Europe", "Daily D"}))
	now = now.Add(10 * time.Minute)
	step("a second source", newsWant{4, 2, 2, true})
	wa := r.View("WhatsApp").News
	for _, rp := range wa.Reports {
		if old := strings.HasPrefix(rp.Source, "Guides"); rp.Evergreen != old || old && !rp.FirstSeen.Equal(t0) {
			t.Errorf("%s: evergreen %v, first seen %v", rp.Source, rp.Evergreen, rp.FirstSeen)
		}
	}
	if !slices.IsSortedFunc(wa.Reports, func(a, b Report) int { return b.At.Compare(a.At) }) {
		t.Error("reports not newest first")
	}
}

// A running radar takes what a feed lists at its first read for its
// backlog: no news, whatever the dates say. A feed that fails at first
// gives its backlog at its first good read.
func TestPollNewsBacklog(t *testing.T) {
	now := t0
	var items atomic.Value // []entry, each published one minute before the poll
	items.Store([]entry{{"WhatsApp down for thousands of users", "Guides A"}, {"WhatsApp outage: users cannot send messages", "Guides B"}})
	var failing atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		late := r.URL.Path == "/late"
		if late && failing.Load() {
			http.Error(rw, "boom", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(rw, rssOf(items.Load().([]entry), now.Add(-time.Minute), func(e entry) bool { return late == strings.HasPrefix(e.source, "Late") }))
	}))
	defer srv.Close()
	cfg := testConfig(t, "[news]\nbuiltin = false\n"+twoServices)
	clock := func() time.Time { return now }
	feeds := []news.Feed{{URL: srv.URL + "/main", Name: "main"}, {URL: srv.URL + "/late", Name: "late"}}
	r, err := New(Options{Config: cfg, Feeds: feeds, Now: clock, News: &news.Poller{Now: clock}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	r.resident.Store(true) // as Run does
	failing.Store(true)
	items.Store(append(items.Load().([]entry), entry{"WhatsApp not working: messages fail to send worldwide", "Late C"}))
	step := newsSteps(t, r, &now)
	step("first read: the backlog of the feed that answered", newsWant{2, 0, 2, false})
	failing.Store(false)
	now = now.Add(30 * time.Second)
	step("the failing feed waits out its backoff", newsWant{2, 0, 2, false})
	now = now.Add(time.Minute)
	step("its first good read: its backlog", newsWant{3, 0, 3, false})
	items.Store(append(items.Load().([]entry), entry{"WhatsApp down for users across Europe", "Daily D"}))
	now = now.Add(10 * time.Minute)
	step("one new report", newsWant{4, 1, 3, false})
	items.Store(append(items.Load().([]entry), entry{"WhatsApp outage hits millions of users", "Late E"}))
	now = now.Add(10 * time.Minute)
	step("another, in the feed that was late", newsWant{5, 2, 3, true})
}

// entry is one story a lab feed lists: its title and its publisher.
type entry struct{ title, source string }

// rssOf is an RSS feed of the entries keep accepts, each published at, its
// publisher named in <source> as Google News does.
func rssOf(entries []entry, at time.Time, keep func(entry) bool) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.test/</link><description>d</description>`)
	for _, e := range entries {
		if keep(e) {
			fmt.Fprintf(&b, "<item><title>%s</title><link>http://news.test/%s</link><pubDate>%s</pubDate><source url=\"http://news.test/\">%s</source></item>",
				html.EscapeString(e.title), strings.ReplaceAll(e.source, " ", "-"), at.Format(time.RFC1123Z), e.source)
		}
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// newsWant is what a step of the news expects of WhatsApp's view.
type newsWant struct {
	items, sources, stale int
	down                  bool
}

// newsSteps returns a step: poll the news, then compare WhatsApp's view
// with what the step wants.
func newsSteps(t *testing.T, r *Radar, now *time.Time) func(name string, w newsWant) {
	return func(name string, w newsWant) {
		t.Helper()
		r.PollNews(context.Background())
		v := r.View("WhatsApp")
		if got := (newsWant{v.News.Items, v.News.Sources, v.News.Stale, v.NewsReports()}); got != w {
			t.Errorf("%s (at +%v): %+v, want %+v", name, now.Sub(t0), got, w)
		}
	}
}
