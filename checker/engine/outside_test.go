package engine

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

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/seeds"
	"github.com/downradar/downradar/checker/store"
)

// outsideWorld is a status page and a news feed on loopback whose contents
// a test switches.
type outsideWorld struct {
	page, feed *httptest.Server
	summary    atomic.Value // string: the page's /api/v2/summary.json
	rss        atomic.Value // string: the feed
	pageFails  atomic.Bool  // the page answers 500
}

func newOutside(t *testing.T) *outsideWorld {
	t.Helper()
	o := &outsideWorld{}
	o.summary.Store(summary(time.Now(), false))
	o.rss.Store(rss(nil))
	o.page = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if o.pageFails.Load() || r.URL.Path != "/api/v2/summary.json" {
			http.Error(rw, "boom", http.StatusInternalServerError)
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		fmt.Fprint(rw, o.summary.Load())
	}))
	t.Cleanup(o.page.Close)
	o.feed = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(rw, o.rss.Load())
	}))
	t.Cleanup(o.feed.Close)
	return o
}

// summary is an Atlassian Statuspage summary: all operational, or the
// WhatsApp Web component in a major outage with an incident started at.
func summary(at time.Time, outage bool) string {
	ts := at.UTC().Format(time.RFC3339)
	comp, indicator, desc, incidents := "operational", "none", "All Systems Operational", "[]"
	if outage {
		comp, indicator, desc = "major_outage", "major", "Major System Outage"
		incidents = fmt.Sprintf(`[{"id": "inc1", "name": "WhatsApp Web logins failing", "status": "investigating", "impact": "major",
  "created_at": %[1]q, "updated_at": %[1]q, "started_at": %[1]q, "monitoring_at": null, "resolved_at": null,
  "shortlink": "http://stspg.test/inc1", "page_id": "wa",
  "components": [{"id": "web", "name": "Web", "status": "major_outage"}],
  "incident_updates": [{"id": "u1", "status": "investigating", "body": "Users see \"service unavailable\" when they log in.",
    "created_at": %[1]q, "updated_at": %[1]q, "display_at": %[1]q, "incident_id": "inc1"}]}]`, ts)
	}
	return fmt.Sprintf(`{"page": {"id": "wa", "name": "WhatsApp", "url": "http://status.whatsapp.test", "time_zone": "Etc/UTC", "updated_at": %q},
"status": {"indicator": %q, "description": %q},
"components": [{"id": "web", "name": "Web", "status": %q, "position": 1, "group": false, "group_id": null, "page_id": "wa", "only_show_if_degraded": false}],
"incidents": %s, "scheduled_maintenances": []}`, ts, indicator, desc, comp, incidents)
}

type feedItem struct {
	title, summary, link string
	source               string // the publisher, "" for none
	at                   time.Time
}

// rss is an RSS 2.0 document of the items.
func rss(items []feedItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outage news</title><link>http://news.test/</link><description>test</description>`)
	for _, it := range items {
		source := ""
		if it.source != "" {
			source = fmt.Sprintf(`<source url="http://news.test/">%s</source>`, html.EscapeString(it.source))
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><description>%s</description><pubDate>%s</pubDate>%s</item>",
			html.EscapeString(it.title), html.EscapeString(it.link), html.EscapeString(it.link), html.EscapeString(it.summary), it.at.UTC().Format(time.RFC1123Z), source)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// seedItems are the seed articles that keep accepts, as feed items
// published a second apart from at, each by its own publisher (the news
// count distinct sources).
func seedItems(t *testing.T, at time.Time, keep func(seeds.Article) bool) []feedItem {
	t.Helper()
	all, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	var out []feedItem
	for _, a := range all {
		if keep(a) {
			out = append(out, feedItem{title: a.Title, summary: a.Lead, link: "http://news.test/" + a.File, source: "Seed " + a.Lang, at: at.Add(time.Duration(len(out)) * time.Second)})
		}
	}
	return out
}

func all(seeds.Article) bool { return true }

func about(service string) func(seeds.Article) bool {
	return func(a seeds.Article) bool { return slices.Contains(a.Services, service) }
}

// fusion is an engine watching WhatsApp (its Web component on /flip) with a
// radar on the loopback page and feed; the test polls the radar itself.
type fusion struct {
	w     *world
	out   *outsideWorld
	radar *radar.Radar
	eng   *Engine
	st    *store.Store
	ev    *events
}

func startFusion(t *testing.T) *fusion { return startFusionWith(t, nil) }

// startFusionWith lets before write to the store before the engine starts.
func startFusionWith(t *testing.T, before func(*store.Store)) *fusion {
	t.Helper()
	w, out := newWorld(t), newOutside(t)
	// status goes in [[service]], before its components; status_components in the component.
	svc := strings.Replace(service("WhatsApp", "Web", "http://ok.test:"+w.webPort+"/flip"), "name = \"WhatsApp\"\n",
		fmt.Sprintf("name = \"WhatsApp\"\nstatus = %q\nstatus_kind = \"atlassian\"\n", out.page.URL), 1) + "  status_components = [\"Web\"]\n"
	cfg := steady(w.config(t, nil, "[news]\nbuiltin = false\n"+svc))
	r, err := radar.New(radar.Options{Config: cfg, Feeds: []news.Feed{{URL: out.feed.URL, Name: "loopback news"}}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	// The feed read once, empty, before the engine runs the radar: what a
	// test puts in it later is news, not the backlog of a first read.
	r.PollNews(context.Background())
	f := &fusion{w: w, out: out, radar: r, st: openStore(t, t.TempDir()), ev: newEvents()}
	if before != nil {
		before(f.st)
	}
	f.eng = New(Options{Config: cfg, Prober: w.prober(cfg), Store: f.st, OnEvent: f.ev.add, Radar: r, QuietFor: 300 * time.Millisecond, Grace: noGrace, Logf: t.Logf})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.eng.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return f
}

// poll reads the page and the feed, and kicks the services that changed.
// It returns when it is done: the checks after that time see what it read.
func (f *fusion) poll() (done time.Time) {
	ctx := context.Background()
	for _, s := range append(f.radar.PollPages(ctx), f.radar.PollNews(ctx)...) {
		f.eng.Kick(s)
	}
	return time.Now()
}

func (f *fusion) incidents(t *testing.T) []history.Incident {
	t.Helper()
	incs, _, err := f.st.Incidents(context.Background(), store.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return incs
}

func (f *fusion) incident(t *testing.T, id int64) history.Incident {
	t.Helper()
	inc, err := f.st.Incident(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func countSource(inc history.Incident, source history.Source) (n int, langs map[string]bool) {
	langs = map[string]bool{}
	for _, e := range inc.Evidence {
		if e.Source == source {
			n++
			langs[e.Lang] = true
		}
	}
	return n, langs
}

// The "done": the probes fail, the seeds arrive through a local
// feed and the status page reports it: one confirmed incident with that
// evidence. When it ends, the news still in the window open nothing more.
func TestSeedsAndStatusPageConfirmProbeIncident(t *testing.T) {
	f := startFusion(t)
	f.ev.nth(t, history.EventChecked, "WhatsApp", 1)
	f.poll()

	f.w.failing.Store(true)
	opened := f.ev.nth(t, history.EventOpened, "WhatsApp", 1)
	if opened.Incident.Scope != history.ScopeFromHere {
		t.Fatalf("the world is quiet: scope %q, want from_here", opened.Incident.Scope)
	}

	now := time.Now()
	f.out.summary.Store(summary(now.Add(-time.Minute), true))
	f.out.rss.Store(rss(seedItems(t, now.Add(-2*time.Minute), all)))
	wantNews := len(seedItems(t, now, about("whatsapp"))) // the seeds about WhatsApp: the Arabic one is Instagram's
	f.poll()
	confirmed := f.ev.nth(t, history.EventConfirmed, "WhatsApp", 1)
	if confirmed.Incident.ID != opened.Incident.ID || confirmed.Incident.Scope != history.ScopeConfirmed {
		t.Fatalf("confirmed %+v, want incident %d confirmed", confirmed.Incident, opened.Incident.ID)
	}
	// Evidence lands on the next check; the open incident is checked every
	// 200 ms. Look after each check.
	var inc history.Incident
	f.ev.until(t, "the page's update and the news in the incident's timeline", func([]history.Event) bool {
		inc = f.incident(t, opened.Incident.ID)
		pages, _ := countSource(inc, history.SourceStatusPage)
		newsN, _ := countSource(inc, history.SourceNews)
		return pages >= 1 && newsN >= wantNews
	})
	pages, _ := countSource(inc, history.SourceStatusPage)
	newsN, langs := countSource(inc, history.SourceNews)
	if inc.Scope != history.ScopeConfirmed || pages != 1 || newsN != wantNews || wantNews != 4 {
		t.Fatalf("incident #%d %s: %d status updates, %d news items; want confirmed, 1, %d (of 4)", inc.ID, inc.Scope, pages, newsN, wantNews)
	}
	if len(langs) != 1 || !langs[""] {
		t.Errorf("languages %v: the loopback feed names none, and none is made up", langs)
	}
	for _, e := range inc.Evidence {
		if e.Source == history.SourceNews && (e.Title == "" || !strings.HasPrefix(e.URL, "http://news.test/")) {
			t.Errorf("news evidence without its title or link: %+v", e)
		}
		if e.Source == history.SourceStatusPage && (e.Title != "WhatsApp Web logins failing" || e.URL != "http://stspg.test/inc1" || !strings.Contains(e.Message, "service unavailable")) {
			t.Errorf("status evidence: %+v", e)
		}
	}
	// No evidence twice, however many checks ran: three more, each adding
	// what the world says and the timeline lacks.
	f.ev.checkedSince(t, "WhatsApp", time.Now(), 3)
	if again := f.incident(t, inc.ID); len(again.Evidence) != len(inc.Evidence)+countProbe(again, inc) {
		t.Errorf("evidence grew from %d to %d with only probe failures to add", len(inc.Evidence), len(again.Evidence))
	}

	f.w.failing.Store(false)
	resolved := f.ev.nth(t, history.EventResolved, "WhatsApp", 1)
	if resolved.Incident.Scope != history.ScopeConfirmed {
		t.Errorf("resolved as %q", resolved.Incident.Scope)
	}
	// Several checks with the news still in the window, after a poll that
	// read them again.
	f.ev.checkedSince(t, "WhatsApp", f.poll(), 3)
	if incs := f.incidents(t); len(incs) != 1 {
		t.Errorf("%d incidents, want the one confirmed: %+v", len(incs), incs)
	}
}

// countProbe is how many probe evidence items b has beyond a.
func countProbe(b, a history.Incident) int {
	nb, _ := countSource(b, history.SourceProbe)
	na, _ := countSource(a, history.SourceProbe)
	return nb - na
}

// The status page reports an outage while the probes succeed: an incident
// "reported elsewhere", with the page's update, ended once the page is
// quiet again.
func TestReportedElsewhere(t *testing.T) {
	f := startFusion(t)
	f.ev.nth(t, history.EventChecked, "WhatsApp", 1)
	f.out.summary.Store(summary(time.Now(), true))
	f.poll()
	opened := f.ev.nth(t, history.EventOpened, "WhatsApp", 1)
	if opened.Incident.Scope != history.ScopeElsewhere || opened.Incident.Peak != "down" {
		t.Fatalf("opened %+v, want reported_elsewhere, down (the page's major outage)", opened.Incident)
	}
	if n, _ := countSource(f.incident(t, opened.Incident.ID), history.SourceStatusPage); n != 1 {
		t.Errorf("%d status updates in the timeline, want 1", n)
	}
	f.out.summary.Store(summary(time.Now(), false))
	f.poll()
	resolved := f.ev.nth(t, history.EventResolved, "WhatsApp", 1)
	if resolved.Incident.ID != opened.Incident.ID || resolved.Incident.End.IsZero() {
		t.Fatalf("resolved %+v", resolved.Incident)
	}
	if got := f.incident(t, opened.Incident.ID); got.Ongoing() || got.Scope != history.ScopeElsewhere {
		t.Errorf("stored %+v", got)
	}
}

// The world reports first; then the probes fail too: the probe incident
// takes the reported one over. One incident, confirmed, dated from the
// first report.
func TestProbeIncidentAdoptsReportedOne(t *testing.T) {
	f := startFusion(t)
	f.ev.nth(t, history.EventChecked, "WhatsApp", 1)
	first := time.Now().Add(-30 * time.Second).UTC().Truncate(time.Second)
	// The seeds reporting WhatsApp alone down (Bengali 2025, Italian), the first at first.
	f.out.rss.Store(rss(seedItems(t, first, func(a seeds.Article) bool { return slices.Equal(a.Services, []string{"whatsapp"}) })))
	f.poll()
	ext := f.ev.nth(t, history.EventOpened, "WhatsApp", 1)
	if ext.Incident.Scope != history.ScopeElsewhere || ext.Incident.Peak != "partial" || !ext.Incident.Start.Equal(first) {
		t.Fatalf("opened %+v, want reported_elsewhere, partial (news only), from %v", ext.Incident, first)
	}
	f.w.failing.Store(true)
	// The probe incident opens (its history.EventOpened comes after the store has
	// it), taking the reported one over.
	f.ev.nth(t, history.EventOpened, "WhatsApp", 2)
	incs := f.incidents(t)
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1: %+v", len(incs), incs)
	}
	if inc := incs[0]; inc.ID != ext.Incident.ID || inc.Scope != history.ScopeConfirmed || !inc.Start.Equal(first) || inc.Peak != "down" || len(inc.Components) != 1 {
		t.Errorf("incident %+v, want #%d confirmed from %v, down, its component", inc, ext.Incident.ID, first)
	}
}

// Traps in the news, and a page that cannot be read, open nothing: the
// page is "unknown", not "up", and not "down" either.
func TestTrapsAndUnreadablePageStayQuiet(t *testing.T) {
	f := startFusion(t)
	f.ev.nth(t, history.EventChecked, "WhatsApp", 1)
	now := time.Now()
	f.out.rss.Store(rss([]feedItem{
		{title: "Meta shares down 5% as WhatsApp ad revenue disappoints", link: "http://news.test/1", at: now},
		{title: "WhatsApp bans 2 million accounts in India", link: "http://news.test/2", at: now},
		{title: "Power outage in Madrid: WhatsApp flooded with messages", link: "http://news.test/3", at: now},
		{title: "How to check if WhatsApp is down", link: "http://news.test/4", at: now},
		{title: "Turkey blocks WhatsApp; users cannot access the app", link: "http://news.test/5", at: now},
	}))
	f.out.pageFails.Store(true)
	// Checks that saw what the poll read: a kick at once, then a round.
	f.ev.checkedSince(t, "WhatsApp", f.poll(), 2)
	if incs := f.incidents(t); len(incs) != 0 {
		t.Fatalf("traps opened %+v", incs)
	}
	v := f.radar.View("WhatsApp")
	if v.Page == nil || v.Page.Err == "" || v.Page.Level.Outage() || v.Page.Level.String() != "unknown" {
		t.Errorf("page view %+v: want unknown with its error", v.Page)
	}
	if v.News.Items != 0 {
		t.Errorf("news %+v", v.News)
	}
}

// An incident reported elsewhere survives a restart: the new engine takes
// it up, and ends it when the world is quiet.
func TestReportedElsewhereRestored(t *testing.T) {
	var id int64
	f := startFusionWith(t, func(st *store.Store) {
		inc := history.Incident{Service: "WhatsApp", Start: time.Now().Add(-time.Hour).UTC().Truncate(time.Millisecond), Peak: "partial", Scope: history.ScopeElsewhere}
		var err error
		if id, err = st.OpenIncident(context.Background(), &inc); err != nil {
			t.Fatal(err)
		}
	})
	f.poll()
	resolved := f.ev.nth(t, history.EventResolved, "WhatsApp", 1)
	if resolved.Incident.ID != id || resolved.Incident.Scope != history.ScopeElsewhere {
		t.Fatalf("resolved %+v, want #%d", resolved.Incident, id)
	}
	if incs := f.incidents(t); len(incs) != 1 || incs[0].Ongoing() {
		t.Errorf("%+v", incs)
	}
}
