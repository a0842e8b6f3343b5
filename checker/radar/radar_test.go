package radar

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/statuspage"
)

var t0 = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// report is a report published min minutes after t0 by a paper of the
// language (one source per language).
func report(min int, recovered bool, lang string) Report {
	return Report{At: t0.Add(time.Duration(min) * time.Minute), Title: fmt.Sprintf("report %d", min), Lang: lang, Source: "Daily " + lang, Recovered: recovered}
}

func TestScope(t *testing.T) {
	quiet := View{Page: &PageView{Level: statuspage.Operational}}
	unknown := View{Page: &PageView{Level: statuspage.Unknown, Err: "HTTP 500"}}
	maint := View{Page: &PageView{Level: statuspage.Maintenance}}
	page := View{Page: &PageView{Level: statuspage.Partial}}
	news := View{News: NewsView{Items: 2, Sources: 2, Reports: []Report{report(2, false, "hi"), report(1, false, "fr")}}}
	one := View{News: NewsView{Items: 1, Sources: 1, Reports: []Report{report(1, false, "fr")}}}
	oneSource := View{News: NewsView{Items: 2, Sources: 1, Reports: []Report{report(2, false, "fr"), report(1, false, "fr")}}}
	backAgain := View{News: NewsView{Items: 2, Sources: 2, Recovered: 1, Reports: []Report{report(3, true, "fr"), report(2, false, "hi"), report(1, false, "fr")}}}
	for _, tc := range []struct {
		name      string
		probesBad bool
		v         View
		want      history.Scope
	}{
		{"nobody", false, View{}, ""},
		{"page quiet", false, quiet, ""},
		{"page unknown is not trouble", false, unknown, ""},
		{"maintenance is not an outage", false, maint, ""},
		{"probes alone", true, quiet, history.ScopeFromHere},
		{"probes and an unreadable page", true, unknown, history.ScopeFromHere},
		{"probes and the page", true, page, history.ScopeConfirmed},
		{"probes and the news", true, news, history.ScopeConfirmed},
		{"one report is not enough", true, one, history.ScopeFromHere},
		{"nor two from one source", true, oneSource, history.ScopeFromHere},
		{"the newest report is a recovery", true, backAgain, history.ScopeFromHere},
		{"the page alone", false, page, history.ScopeElsewhere},
		{"the news alone", false, news, history.ScopeElsewhere},
	} {
		if got := Scope(tc.probesBad, tc.v); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSince(t *testing.T) {
	v := View{
		Page: &PageView{Level: statuspage.Major, Incidents: []statuspage.Incident{{Title: "old", Started: t0}}},
		News: NewsView{Items: 3, Reports: []Report{report(30, false, "fr"), report(20, false, "hi"), report(5, false, "ar")}},
	}
	after := v.Since(t0.Add(10 * time.Minute))
	if after.PageReports() || after.Page.Level != statuspage.Operational || len(after.Page.Incidents) != 0 {
		t.Errorf("the page's trouble was the incident that ended: %+v", after.Page)
	}
	if after.News.Items != 2 || !slices.Equal(after.News.Languages, []string{"fr", "hi"}) || !after.NewsReports() {
		t.Errorf("news since: %+v", after.News)
	}
	// A page in trouble that lists no incident keeps its level.
	bare := View{Page: &PageView{Level: statuspage.Degraded}}
	if !bare.Since(t0).PageReports() {
		t.Error("a degraded page with no incident listed")
	}
	if got := v.Since(time.Time{}); got.News.Items != 3 || !got.PageReports() {
		t.Error("Since(zero) is the view itself")
	}
}

func TestEvidence(t *testing.T) {
	v := View{
		Page: &PageView{Incidents: []statuspage.Incident{{
			Title: "API down", URL: "javascript:alert(1)", Level: statuspage.Major,
			Updates: []statuspage.Update{{At: t0.Add(2 * time.Minute), Status: "identified", Body: "Fixing."}, {At: t0.Add(-time.Hour), Status: "investigating", Body: "Old."}},
		}}},
		News: NewsView{Reports: []Report{{At: t0.Add(time.Minute), Title: "GitHub down", Link: "https://news.test/1", Lang: "en", Source: "Daily"}, {At: t0.Add(3 * time.Minute), Title: "GitHub back", Recovered: true, Feed: "feed"}}},
	}
	got := v.Evidence(t0)
	if len(got) != 3 {
		t.Fatalf("%d items: %+v", len(got), got)
	}
	want := []history.Evidence{
		{At: t0.Add(time.Minute), Source: history.SourceNews, Title: "GitHub down", URL: "https://news.test/1", Lang: "en", Class: "outage", Message: "Daily"},
		{At: t0.Add(2 * time.Minute), Source: history.SourceStatusPage, Title: "API down", URL: "", Class: "major_outage", Message: "identified: Fixing."},
		{At: t0.Add(3 * time.Minute), Source: history.SourceNews, Title: "GitHub back", Class: "recovery", Message: "feed"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("evidence, oldest first, unsafe links dropped:\n got %+v\nwant %+v", got, want)
	}
	if EvidenceKey(got[0]) == EvidenceKey(got[2]) {
		t.Error("keys collide")
	}
}

func testConfig(t testing.TB, doc string) *config.Config {
	t.Helper()
	c, err := config.Parse("t.toml", []byte("catalog = false\n"+doc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const twoServices = `
[[service]]
name = "WhatsApp"
  [[service.component]]
  name = "Web"
  probe = "https://web.whatsapp.test/"
[[service]]
name = "Microsoft Teams"
id = "teams"
  [[service.component]]
  name = "Web"
  probe = "https://teams.test/"
`

// The built-in searches: one per edition (more when a query is too long),
// each with the watched services' Latin names and those in its script.
func TestFeeds(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	feeds := Feeds(testConfig(t, twoServices), cls, t.Logf)
	langs := map[string]bool{}
	for _, f := range feeds {
		langs[f.Lang] = true
		u, err := url.Parse(f.URL)
		if err != nil || u.Host != "news.google.com" {
			t.Fatalf("%q", f.URL)
		}
		q := u.Query().Get("q")
		if !strings.Contains(q, "whatsapp") || !strings.Contains(q, "microsoft teams") || !strings.HasSuffix(q, "when:1h") {
			t.Errorf("%s: query %q", f.Name, q)
		}
		switch f.Lang {
		case "hi":
			if !strings.Contains(q, "व्हाट्सएप") || strings.Contains(q, "واتساب") {
				t.Errorf("hi: %q", q)
			}
		case "ar":
			if !strings.Contains(q, "واتساب") || strings.Contains(q, "व्हाट्सएप") {
				t.Errorf("ar: %q", q)
			}
		case "de":
			if !strings.Contains(q, "störung") {
				t.Errorf("de: %q", q)
			}
		}
	}
	if len(langs) < 21 {
		t.Errorf("%d languages: %v", len(langs), langs)
	}
	off := testConfig(t, "[news]\nbuiltin = false\n  [[news.feed]]\n  url = \"https://feeds.test/x\"\n"+twoServices)
	if got := Feeds(off, cls, t.Logf); len(got) != 1 || got[0].URL != "https://feeds.test/x" {
		t.Errorf("builtin = false: %+v", got)
	}
}

// A query that passes Google's limit is split by names.
func TestSearchesSplit(t *testing.T) {
	var names []string
	for i := range 150 {
		names = append(names, fmt.Sprintf("service number %d", i))
	}
	e := news.Editions()[0]
	feeds := searches(e, names, []string{"down", "outage"}, t.Logf)
	if len(feeds) < 2 {
		t.Fatalf("%d feeds for 150 long names", len(feeds))
	}
	seen := 0
	for _, f := range feeds {
		if len(f.URL) > 2000 {
			t.Errorf("%d bytes", len(f.URL))
		}
		seen += strings.Count(f.URL, "service+number") + strings.Count(f.URL, "service%20number")
	}
	if seen != 150 {
		t.Errorf("%d names searched, want 150", seen)
	}
}

// PollNews reads a feed, keeps the outage reports of watched services (by
// id), and forgets them once out of the window.
func TestPollNews(t *testing.T) {
	now := t0
	items := []struct{ title, at string }{
		{"WhatsApp down for thousands of users", "0"},
		{"واتساب لا يعمل: عطل يضرب التطبيق", "1"},
		{"Microsoft Teams outage hits offices", "2"},
		{"Instagram is down", "3"},                  // not watched
		{"Meta shares down 5% after earnings", "4"}, // a trap
		{"WhatsApp is back up after the outage", "5"},
	}
	var body atomic.Value
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.test/</link><description>d</description>`)
	for i, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>http://news.test/%d</link><pubDate>%s</pubDate></item>",
			html.EscapeString(it.title), i, now.Add(-time.Duration(10-i)*time.Minute).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	body.Store(b.String())
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { fmt.Fprint(rw, body.Load()) }))
	defer srv.Close()
	cfg := testConfig(t, "[news]\nbuiltin = false\n"+twoServices)
	clock := func() time.Time { return now }
	r, err := New(Options{Config: cfg, Feeds: []news.Feed{{URL: srv.URL, Name: "lab", Lang: "xx"}}, Now: clock, News: &news.Poller{Now: clock}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	changed := r.PollNews(context.Background())
	if !slices.Equal(changed, []string{"Microsoft Teams", "WhatsApp"}) {
		t.Errorf("changed %v", changed)
	}
	wa := r.View("WhatsApp").News
	if wa.Items != 2 || wa.Recovered != 1 || len(wa.Reports) != 3 || !wa.Reports[0].Recovered || !slices.Equal(wa.Languages, []string{"xx"}) {
		t.Errorf("WhatsApp: %+v", wa)
	}
	if v := r.View("WhatsApp"); v.NewsReports() {
		t.Error("the newest WhatsApp report is its recovery")
	}
	for _, rp := range wa.Reports {
		// The classifier's belief that the text names WhatsApp as failing,
		// and whether it counts.
		if rp.Named < 0 || rp.Named > 1 || rp.Unsure != (rp.Named < MinNamed) {
			t.Errorf("%q: named %v, unsure %v (MinNamed %v)", rp.Title, rp.Named, rp.Unsure, MinNamed)
		}
	}
	if teams := r.View("Microsoft Teams").News; teams.Items != 1 {
		t.Errorf("Teams (id teams): %+v", teams)
	}
	if got := r.PollNews(context.Background()); len(got) != 0 {
		t.Errorf("nothing new: changed %v", got)
	}
	now = now.Add(2 * time.Hour) // past the window
	if got := r.PollNews(context.Background()); !slices.Equal(got, []string{"Microsoft Teams", "WhatsApp"}) {
		t.Errorf("the reports left the window: changed %v", got)
	}
	if v := r.View("WhatsApp"); len(v.News.Reports) != 0 {
		t.Errorf("%+v", v.News)
	}
	if v := r.View("Nobody"); v.Page != nil || v.News.Items != 0 {
		t.Error("an unknown service has an empty view")
	}
}

// PollPages reads each page once; one that fails is unknown with its error,
// and a change of level is a change.
func TestPollPages(t *testing.T) {
	var level atomic.Value
	level.Store("operational")
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v2/summary.json" {
			http.NotFound(rw, r)
			return
		}
		fmt.Fprintf(rw, `{"page": {"id": "p", "name": "P", "url": "http://p.test", "time_zone": "Etc/UTC", "updated_at": "2026-11-21T12:00:00Z"},
"status": {"indicator": "none", "description": "x"},
"components": [{"id": "c", "name": "Voice", "status": %q, "position": 1, "group": false, "group_id": null, "page_id": "p", "only_show_if_degraded": false},
 {"id": "d", "name": "Chat", "status": "operational", "position": 2, "group": false, "group_id": null, "page_id": "p", "only_show_if_degraded": false}],
"incidents": [], "scheduled_maintenances": []}`, level.Load())
	}))
	defer srv.Close()
	cfg := testConfig(t, fmt.Sprintf(`[news]
builtin = false
[[service]]
name = "Discord"
status = %q
  [[service.component]]
  name = "Voice"
  probe = "tls://gateway.discord.test:443"
  status_components = ["Voice"]
[[service]]
name = "Slack"
status = "http://127.0.0.1:1"
status_kind = "atlassian"
  [[service.component]]
  name = "Web"
  probe = "https://slack.test/"
`, srv.URL))
	r, err := New(Options{Config: cfg, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	if v := r.View("Discord"); v.Page == nil || v.Page.Err != "not read yet" || v.PageReports() {
		t.Errorf("before any read: %+v", v.Page)
	}
	if got := r.PollPages(context.Background()); !slices.Equal(got, []string{"Discord", "Slack"}) {
		t.Errorf("first read: changed %v", got)
	}
	d := r.View("Discord").Page
	if d.Kind != statuspage.KindAtlassian || d.Level != statuspage.Operational || d.Err != "" || d.Description != "Voice: Operational" {
		t.Errorf("Discord: %+v", d)
	}
	s := r.View("Slack").Page
	if s.Level != statuspage.Unknown || !strings.Contains(s.Err, "127.0.0.1:1") {
		t.Errorf("Slack, unreachable: %+v", s)
	}
	if got := r.PollPages(context.Background()); len(got) != 0 {
		t.Errorf("nothing changed: %v", got)
	}
	level.Store("major_outage")
	if got := r.PollPages(context.Background()); !slices.Equal(got, []string{"Discord"}) {
		t.Errorf("Voice went down: changed %v", got)
	}
	if v := r.View("Discord"); !v.PageReports() || v.Page.Level != statuspage.Major {
		t.Errorf("%+v", v.Page)
	}
	// The description is the service's components', not the page's ("x").
	if d := r.View("Discord").Page.Description; d != "Voice: Major Outage" {
		t.Errorf("description %q, want Voice's", d)
	}
}

// Two polls that overlap (the agent's own and one asked for) each read the
// page; the one that began later says what is newer, whichever ends last.
func TestOverlappingPollsKeepTheNewerPage(t *testing.T) {
	first := make(chan struct{})   // the first request has arrived
	release := make(chan struct{}) // let it answer
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 { // the older read: all operational, answered last
			close(first)
			<-release
			fmt.Fprint(rw, `{"page": {"id": "p", "name": "P", "url": "http://p.test", "time_zone": "Etc/UTC", "updated_at": "2026-11-21T12:00:00Z"},
"status": {"indicator": "none", "description": "x"}, "components": [], "incidents": [], "scheduled_maintenances": []}`)
			return
		}
		http.Error(rw, "boom", http.StatusInternalServerError) // the newer read: the page fails
	}))
	defer srv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	cfg := testConfig(t, fmt.Sprintf(`[news]
builtin = false
[[service]]
name = "Discord"
status = %q
status_kind = "atlassian"
  [[service.component]]
  name = "Voice"
  probe = "tls://gateway.discord.test:443"
`, srv.URL))
	r, err := New(Options{Config: cfg, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	older := make(chan struct{})
	go func() { r.PollPages(context.Background()); close(older) }()
	<-first
	r.PollPages(context.Background()) // the newer poll, done while the older waits
	if p := r.View("Discord").Page; p.Err == "" {
		t.Fatalf("after the newer poll: %+v, want its error", p)
	}
	close(release)
	<-older
	if p := r.View("Discord").Page; p.Err == "" || p.Level != statuspage.Unknown {
		t.Errorf("after the older poll ended: %+v; want the newer poll's error kept", p)
	}
}

// A news poll asked while another is fetching the feed waits for it, then
// reads the feed itself: it learns what the feed says now, not nothing.
func TestOverlappingNewsPollsReadTheFeed(t *testing.T) {
	feed := func(titles ...string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.test/</link><description>d</description>`)
		for i, title := range titles {
			fmt.Fprintf(&b, "<item><title>%s</title><link>http://news.test/%d</link><pubDate>%s</pubDate></item>", title, i, t0.Add(-time.Minute).Format(time.RFC1123Z))
		}
		return b.String() + "</channel></rss>"
	}
	var body atomic.Value
	body.Store(feed())
	first := make(chan struct{})
	release := make(chan struct{})
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		content := body.Load().(string) // what the feed says when asked
		if n.Add(1) == 1 {
			close(first)
			<-release
		}
		fmt.Fprint(rw, content)
	}))
	defer srv.Close()
	cfg := testConfig(t, "[news]\nbuiltin = false\n"+twoServices)
	clock := func() time.Time { return t0 }
	r, err := New(Options{Config: cfg, Feeds: []news.Feed{{URL: srv.URL, Name: "lab", Lang: "en"}}, Now: clock, News: &news.Poller{Now: clock}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	older := make(chan struct{})
	go func() { r.PollNews(context.Background()); close(older) }()
	<-first                                                  // the older poll is reading the feed as it was: empty
	body.Store(feed("WhatsApp down for thousands of users")) // then the news comes
	newer := make(chan []string, 1)
	go func() { newer <- r.PollNews(context.Background()) }()
	close(release)
	<-older
	if got := <-newer; !slices.Equal(got, []string{"WhatsApp"}) {
		t.Errorf("the newer poll changed %v; want WhatsApp (requests made: %d)", got, n.Load())
	}
	if wa := r.View("WhatsApp").News; wa.Items != 1 {
		t.Errorf("WhatsApp: %+v", wa)
	}
}
