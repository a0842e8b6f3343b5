package radar

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"html"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/internal/corpus"
	"github.com/downradar/downradar/checker/news"
)

// The replay: a simulated day of real news, read by the radar through its
// real code path (feeds on loopback, the poller, the built-in classifier,
// PollNews, View), with a fake clock.
//
// The news are the sealed part of the classifier's corpus
// (../classify/testdata/corpus/sealed): text from sites and events the
// classifier was never tuned on. Its real outages (events with at least 3
// outage items from at least 2 sites) break out one after another over the
// day, each with its coverage, a new article every one to five minutes;
// everything else is noise at random times: the explainers, blocks, stock
// news, bans, power cuts, maintenance, the outage reports of events too
// thin to be corroborated (each kept an hour and more away from any other
// report of its service), and the "is it down?" guides, which every feed
// returns at every poll, re-dated each time.
//
// Measured: for each real outage of a watched service, whether the
// radar said "reported elsewhere" and how many minutes after the first
// report; for every service, each "reported elsewhere" with no real outage
// of it under way (a false alarm).

const (
	replaySeed = 13 // issue 13
	// replayMaxDelay is how long after the reports that corroborate an
	// outage (two sources the classifier reads as reporting it, published
	// within the news window, and no news of its end yet) the radar must
	// say "reported elsewhere".
	replayMaxDelay = 15 * time.Minute
)

var replayDay = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// replayStrict makes every "reported elsewhere" with no real outage under
// way an error (the bar); without it they are figures.
var replayStrict = flag.Bool("replay.strict", false, "TestReplayDay: fail on any \"reported elsewhere\" with no real outage under way")

// readSealed is the classifier corpus's sealed part
// (../classify/testdata/corpus/README.md).
func readSealed(t *testing.T) []corpus.Item {
	t.Helper()
	items, err := corpus.ReadDir(filepath.Join("..", "classify", "testdata", "corpus", corpus.Sealed))
	if err != nil || len(items) == 0 {
		t.Fatalf("the sealed corpus: %v (%d items)", err, len(items))
	}
	return items
}

// article is one page of the corpus (its items of one source URL) as a
// feed carries it: the first item the title, the others the summary.
type article struct {
	id              int
	where           string // file:line of its first item
	lang, site, url string
	event           string
	title, summary  string
	outage          bool     // reports an outage (not only a recovery)
	recovery        bool     // reports a recovery only
	recovers        bool     // reports a recovery, alone or after the outage
	services        []string // of its outage items, sorted
	kind            string   // of its first item
	at              time.Time
	evergreen       bool // listed at every poll, re-dated
	direct          bool // in the direct feed (its own link, no publisher named)
}

func articles(items []corpus.Item) []*article {
	var out []*article
	by := map[string]*article{}
	for _, it := range items {
		key := it.Source + "\x00" + it.Event
		a := by[key]
		if a == nil {
			a = &article{id: len(out), where: it.Where, lang: it.Lang, site: it.Site, url: it.Source, event: it.Event, title: it.Text, kind: it.Kind}
			h := fnv.New32a()
			h.Write([]byte(it.Site))
			a.direct = h.Sum32()%4 == 0
			by[key] = a
			out = append(out, a)
		} else {
			a.summary = strings.TrimSpace(a.summary + " " + it.Text)
		}
		if it.Outage {
			if it.Recovered {
				a.recovery, a.recovers = true, true
			} else {
				a.outage = true
			}
			for _, s := range it.Services {
				if !slices.Contains(a.services, s) {
					a.services = append(a.services, s)
				}
			}
		}
	}
	for _, a := range out {
		if a.outage {
			a.recovery = false
		}
		slices.Sort(a.services)
	}
	return out
}

// realEvents are the events with at least 3 outage items from at least 2
// sites, sorted.
func realEvents(items []corpus.Item) []string {
	n, sites := map[string]int{}, map[string]map[string]bool{}
	for _, it := range items {
		if it.Event == "" || !it.Outage {
			continue
		}
		n[it.Event]++
		if sites[it.Event] == nil {
			sites[it.Event] = map[string]bool{}
		}
		sites[it.Event][it.Site] = true
	}
	var out []string
	for e, c := range n {
		if c >= 3 && len(sites[e]) >= 2 {
			out = append(out, e)
		}
	}
	sort.Strings(out)
	return out
}

// replayFeeds serves the day's articles as the feeds show them at the fake
// clock's time: replaySearches Google News-like searches, the languages
// shared among them (links through news.google.com, the publisher in
// <source>), and one direct feed (the articles' own links, no publisher),
// each listing what was published in the hour before (Google's when:1h),
// newest first.
type replayFeeds struct {
	now atomic.Int64          // unix nanoseconds
	by  map[string][]*article // feed path -> its articles
}

// replaySearches is how many search feeds the replay serves: fewer than
// the languages, to keep the day short under the race detector.
const replaySearches = 8

func (f *replayFeeds) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	now := time.Unix(0, f.now.Load()).UTC()
	path := strings.TrimPrefix(r.URL.Path, "/")
	list, ok := f.by[path]
	if !ok {
		http.NotFound(rw, r)
		return
	}
	google := path != "direct.rss"
	var b strings.Builder
	home := "http://direct.test/"
	if google {
		home = "https://news.google.com/?q=" + strings.TrimSuffix(path, ".rss")
	}
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>replay</title><link>%s</link><description>replay</description>`, home)
	type shown struct {
		a  *article
		at time.Time
	}
	var items []shown
	for _, a := range list {
		at := a.at
		if a.evergreen {
			at = now.Add(-2 * time.Minute) // re-dated at every poll
		}
		if at.After(now) || !at.After(now.Add(-time.Hour)) {
			continue
		}
		items = append(items, shown{a, at})
	}
	slices.SortStableFunc(items, func(x, y shown) int { return y.at.Compare(x.at) })
	for _, s := range items {
		a := s.a
		if google {
			fmt.Fprintf(&b, `<item><title>%s - %s</title><link>https://news.google.com/rss/articles/R%d?oc=5</link><guid isPermaLink="false">R%d</guid><pubDate>%s</pubDate><description>%s</description><source url="https://%s">%s</source></item>`,
				html.EscapeString(a.title), html.EscapeString(a.site), a.id, a.id, s.at.Format(time.RFC1123Z), html.EscapeString(a.summary), html.EscapeString(a.site), html.EscapeString(a.site))
		} else {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>`,
				html.EscapeString(a.title), html.EscapeString(a.url), s.at.Format(time.RFC1123Z), html.EscapeString(a.summary))
		}
	}
	b.WriteString("</channel></rss>")
	rw.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprint(rw, b.String())
}

// span is when a service's real outage is under way: from its first
// report to an interval after its last report left the window.
type span struct{ from, to time.Time }

func (s span) holds(t time.Time) bool { return !t.Before(s.from) && !t.After(s.to) }

// schedule places the articles on the day: the real events one after
// another, 45 to 75 minutes apart (a service's outages never overlapping),
// their coverage a new article every 1 to 5 minutes (those that also tell
// the recovery last) and the recoveries 10 to 30 minutes after;
// the outage reports of other events and of no event alone, away from any
// other report of their services; the guides at every poll; the rest at
// random. It returns the articles of each real event and how many noise
// outage reports found no place.
func schedule(arts []*article, real []string, rng *rand.Rand, window, interval time.Duration) (byEvent map[string][]*article, end time.Time, dropped int) {
	isReal := map[string]bool{}
	for _, e := range real {
		isReal[e] = true
	}
	byEvent = map[string][]*article{}
	for _, a := range arts {
		if isReal[a.event] {
			byEvent[a.event] = append(byEvent[a.event], a)
		}
	}
	// busy[s]: the times around which another report of s must not fall.
	busy := map[string][]span{}
	guard := window + interval
	order := slices.Clone(real)
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	cursor := replayDay.Add(30 * time.Minute)
	end = replayDay.Add(24 * time.Hour) // a day, or until the last outage's news are out
	for _, e := range order {
		evs := byEvent[e]
		// The outage reports and what else was said meanwhile, then the
		// reports that tell the outage and its end, then the recoveries.
		var outages, both, recoveries []*article
		for _, a := range evs {
			switch {
			case a.recovery:
				recoveries = append(recoveries, a)
			case a.recovers:
				both = append(both, a)
			default:
				outages = append(outages, a)
			}
		}
		rng.Shuffle(len(outages), func(i, j int) { outages[i], outages[j] = outages[j], outages[i] })
		rng.Shuffle(len(both), func(i, j int) { both[i], both[j] = both[j], both[i] })
		outages = append(outages, both...)
		// The first start from the cursor at which none of its services is busy.
		start := cursor
		for {
			clash := false
			for _, a := range evs {
				for _, s := range a.services {
					for _, b := range busy[s] {
						if !start.After(b.to.Add(guard)) && !start.Before(b.from.Add(-guard)) {
							clash, start = true, b.to.Add(guard+time.Minute)
						}
					}
				}
			}
			if !clash {
				break
			}
		}
		at := start
		for _, a := range outages {
			a.at = at
			at = at.Add(time.Minute + time.Duration(rng.IntN(240))*time.Second)
		}
		for _, a := range recoveries {
			at = at.Add(10*time.Minute + time.Duration(rng.IntN(20*60))*time.Second)
			a.at = at
		}
		for _, a := range evs {
			for _, s := range a.services {
				busy[s] = append(busy[s], span{start, at})
			}
		}
		cursor = start.Add(45*time.Minute + time.Duration(rng.IntN(30*60))*time.Second)
		if at.Add(window).After(end) {
			end = at.Add(window)
		}
	}
	for _, a := range arts {
		if isReal[a.event] {
			continue
		}
		switch {
		case a.kind == "guide":
			a.evergreen = true
		case a.outage || a.recovery:
			placed := false
			for range 200 {
				t := replayDay.Add(time.Duration(rng.Int64N(int64(end.Sub(replayDay)))))
				free := true
				for _, s := range a.services {
					for _, b := range busy[s] {
						if !t.Before(b.from.Add(-guard)) && !t.After(b.to.Add(guard)) {
							free = false
						}
					}
				}
				if free {
					a.at, placed = t, true
					for _, s := range a.services {
						busy[s] = append(busy[s], span{t, t})
					}
					break
				}
			}
			if !placed {
				a.at = time.Time{} // not in the replay
				dropped++
			}
		default:
			a.at = replayDay.Add(time.Duration(rng.Int64N(int64(end.Sub(replayDay)))))
		}
	}
	return byEvent, end, dropped
}

// pairResult is what became of one service's real outage in one event.
type pairResult struct {
	event, service string
	sites          int       // distinct sites whose coverage names the service
	watched        bool      // the classifier knows the service
	first          time.Time // its first report
	until          time.Time // an interval after its last report left the window
	corroborated   time.Time // when two sources the radar read as reporting it were in the window; zero: never
}

func TestReplayDay(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	f := replay(t, "the sealed corpus", readSealed(t), cls, false)
	report := t.Logf
	if *replayStrict {
		report = t.Errorf
	}
	for _, al := range f.thin {
		report("\"reported elsewhere\" with one real report and a misread one: %s", al)
	}
	for _, al := range f.false {
		report("false \"reported elsewhere\": %s", al)
	}
}

// TestReplayTuning replays the tuning data as five days, one per fold of
// cross-validation (corpus.CrossFold), each read by a classifier trained
// without the fold's sites and events and whose lexicon lacks the entries
// only the fold's texts match (classify.TrainBlind): days read as the
// sealed day is, by a classifier that has never seen them, to tune the
// radar's rules on, since the sealed day must not be. Unlike the sealed
// day's, its alarms are listed with their texts.
func TestReplayTuning(t *testing.T) {
	set, err := corpus.Load(filepath.Join("..", "classify", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	var sum replayFigures
	for f := range corpus.Folds {
		train, test := corpus.CrossFold(set.Train(), f)
		var day []corpus.Item
		for _, it := range test {
			if it.Site != "" && strings.Contains(it.Where, "/corpus/") {
				day = append(day, it)
			}
		}
		cls, _, err := classify.TrainBlind(train, test)
		if err != nil {
			t.Fatal(err)
		}
		fig := replay(t, fmt.Sprintf("fold %d of the tuning corpus", f), day, cls, true)
		sum.add(fig)
	}
	t.Logf("the five tuning days: %s", sum.summary())
	for _, al := range sum.thin {
		t.Logf("\"reported elsewhere\" with one real report and a misread one: %s", al)
	}
	for _, al := range sum.false {
		t.Logf("false \"reported elsewhere\": %s", al)
	}
}

// replayFigures are what one replayed day measured.
type replayFigures struct {
	events, recognisable, recorded int     // real events; of watched services, read in 2 sources; recorded
	outages, recordedOutages       int     // (event, service) pairs recognisable, and recorded
	thin, false                    []alarm // by the radar's rule
	rules                          []ruleSum
}

// ruleSum is what one rule said over a day: its alarms with no real
// outage under way, and the recognisable outages it recorded.
type ruleSum struct {
	name                  string
	thin, false, recorded int
}

func (f *replayFigures) add(g replayFigures) {
	f.events += g.events
	f.recognisable += g.recognisable
	f.recorded += g.recorded
	f.outages += g.outages
	f.recordedOutages += g.recordedOutages
	f.thin = append(f.thin, g.thin...)
	f.false = append(f.false, g.false...)
	for i, r := range g.rules {
		if i == len(f.rules) {
			f.rules = append(f.rules, ruleSum{name: r.name})
		}
		f.rules[i].thin += r.thin
		f.rules[i].false += r.false
		f.rules[i].recorded += r.recorded
	}
}

func (f replayFigures) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "real outages (events) %d, recognisable %d, recorded %d (by event and service: %d of %d)", f.events, f.recognisable, f.recorded, f.recordedOutages, f.outages)
	for _, r := range f.rules {
		fmt.Fprintf(&b, "\nrule %q: \"reported elsewhere\" with no real outage under way: %d with one real report and a misread one, %d with none; recognisable outages (event, service) recorded: %d of %d",
			r.name, r.thin, r.false, r.recorded, f.outages)
	}
	return b.String()
}

// replay plays items as one day read by cls and returns its figures; name
// says which items in the log. showText: the alarms carry the texts behind
// them (never for the sealed part).
func replay(t *testing.T, name string, items []corpus.Item, cls *classify.Classifier, showText bool) replayFigures {
	t.Helper()
	real := realEvents(items)
	arts := articles(items)
	cfgDoc := "[news]\nbuiltin = false\n"
	watched := cls.Services()
	for _, id := range watched {
		cfgDoc += fmt.Sprintf("[[service]]\nname = %q\nid = %q\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://%s.test/\"\n", id, id, id)
	}
	cfg := testConfig(t, cfgDoc)
	window, interval := cfg.News.Window, cfg.News.Interval
	rng := rand.New(rand.NewPCG(replaySeed, 0))
	byEvent, end, dropped := schedule(arts, real, rng, window, interval)

	// The feeds.
	feeds := &replayFeeds{by: map[string][]*article{}}
	feeds.now.Store(replayDay.UnixNano())
	inReplay := 0
	for _, a := range arts {
		if a.at.IsZero() && !a.evergreen {
			continue
		}
		inReplay++
		h := fnv.New32a()
		h.Write([]byte(a.lang))
		path := fmt.Sprintf("search-%d.rss", h.Sum32()%replaySearches)
		if a.direct {
			path = "direct.rss"
		}
		feeds.by[path] = append(feeds.by[path], a)
	}
	srv := httptest.NewServer(feeds)
	defer srv.Close()
	var nf []news.Feed
	for _, p := range slices.Sorted(maps.Keys(feeds.by)) {
		nf = append(nf, news.Feed{URL: srv.URL + "/" + p, Name: "replay " + p})
	}
	clock := func() time.Time { return time.Unix(0, feeds.now.Load()).UTC() }
	r, err := New(Options{Config: cfg, Classifier: cls, Feeds: nf, Now: clock, News: &news.Poller{Now: clock, Parallel: 4}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	r.resident.Store(true) // the agent's radar, as Run makes it

	// Where each link came from, by its canonical form (the feeds' parser
	// cleans links).
	linkKey := func(l string) string { k, _ := news.Key(news.Item{Link: l}); return k }
	byKey := map[string]*article{}
	for _, a := range arts {
		byKey[linkKey(fmt.Sprintf("https://news.google.com/rss/articles/R%d?oc=5", a.id))] = a
		if a.direct {
			byKey[linkKey(a.url)] = a
		}
	}
	byLink := func(l string) *article { return byKey[linkKey(l)] }
	// The real outages: each service the coverage of a real event names.
	spans := map[string][]span{} // service -> its real outages
	pairs := map[[2]string]*pairResult{}
	for _, e := range real {
		sites := map[[2]string]map[string]bool{}
		for _, a := range byEvent[e] {
			if !a.outage && !a.recovery {
				continue
			}
			for _, s := range a.services {
				k := [2]string{e, s}
				p := pairs[k]
				if p == nil {
					p = &pairResult{event: e, service: s, watched: slices.Contains(watched, s), first: a.at}
					pairs[k] = p
					sites[k] = map[string]bool{}
				}
				if a.outage {
					sites[k][siteOf(a.site)] = true
				}
				if a.at.Before(p.first) {
					p.first = a.at
				}
			}
		}
		for k, p := range pairs {
			if k[0] != e {
				continue
			}
			p.sites = len(sites[k])
			last := p.first
			for _, a := range byEvent[e] {
				if slices.Contains(a.services, p.service) && a.at.After(last) {
					last = a.at
				}
			}
			p.until = last.Add(window + interval)
			spans[p.service] = append(spans[p.service], span{p.first, p.until})
		}
	}

	// The day, poll by poll, judged by the radar's rule and, for comparison,
	// by the rules it replaced (2 outage reports in the window, whatever their
	// source or age, the newest not a recovery; 2 sources, each report one
	// however unsure the classifier that it names the service as failing)
	// and by a stricter one (3 sources).
	type recognised struct {
		at        time.Time
		source    string
		recovered bool // read as a recovery
	}
	seen := map[[2]string][]recognised{} // (event, service) -> its fresh reports as the radar read them
	seenLink := map[string]bool{}
	rules := []*ruleFigures{
		{name: "2 sources, fresh reports only, named surely", fresh: true, says: func(v View) bool { return Scope(false, v) == history.ScopeElsewhere }},
		{name: "before: 2 reports", says: func(v View) bool {
			return v.News.Items >= 2 && (len(v.News.Reports) == 0 || !v.News.Reports[0].Recovered)
		}},
		// The rule before MinNamed: every report a source, however unsure
		// the classifier that it names the service as failing.
		{name: "2 sources, however sure", fresh: true, says: func(v View) bool {
			rs := slices.Clone(v.News.Reports)
			for i := range rs {
				rs[i].Unsure = false
			}
			v.News = summarize(rs, time.Time{})
			return v.NewsReports()
		}},
		// A stricter rule, for comparison: what a third source would buy.
		{name: "3 sources, fresh reports only, named surely", fresh: true, says: func(v View) bool {
			return v.News.Sources >= 3 && v.NewsReports()
		}},
	}
	for _, rl := range rules {
		rl.on, rl.recorded = map[string]bool{}, map[[2]string]time.Time{}
	}
	polls := 0
	guidesFresh, guidesStale := 0, map[string]bool{} // the guides' reports: as news, and not
	ctx := context.Background()
	for now := replayDay; !now.After(end.Add(window + interval)); now = now.Add(interval) {
		feeds.now.Store(now.UnixNano())
		r.PollNews(ctx)
		polls++
		for _, s := range watched {
			v := r.View(s)
			for _, rp := range v.News.Reports {
				a := byLink(rp.Link)
				if a == nil {
					t.Fatalf("a report with a link the replay never served")
				}
				if a.evergreen {
					if rp.Fresh() {
						guidesFresh++
					} else {
						guidesStale[fmt.Sprint(a.id, s)] = true
					}
				}
				if k := rp.Link + "\x00" + s; !seenLink[k] && rp.Fresh() {
					seenLink[k] = true
					pk := [2]string{a.event, s}
					if pairs[pk] != nil {
						seen[pk] = append(seen[pk], recognised{rp.At, SourceOf(rp), rp.Recovered})
					}
				}
			}
			for _, rl := range rules {
				says := rl.says(v)
				if says {
					for k, p := range pairs {
						if k[1] == s && rl.recorded[k].IsZero() && (span{p.first, p.until}).holds(now) {
							rl.recorded[k] = now
						}
					}
				}
				if says && !rl.on[s] {
					rl.episodes++
					real := false
					for _, sp := range spans[s] {
						real = real || sp.holds(now)
					}
					// Behind it: the outage reports in the window that the
					// rule counts; is one of them a real report of the
					// service's outage?
					al := alarm{service: s, at: now}
					for _, rp := range v.News.Reports {
						if !rp.Recovered && (rp.Fresh() || !rl.fresh) {
							a := byLink(rp.Link)
							from := a.where
							if showText {
								from += " " + strconv.Quote(a.title)
							}
							al.from = append(al.from, from)
							al.thin = al.thin || slices.Contains(a.services, s)
						}
					}
					switch {
					case real:
					case al.thin:
						rl.thin = append(rl.thin, al)
					default:
						rl.false = append(rl.false, al)
						if len(spans[s]) == 0 {
							rl.silent++
						}
					}
				}
				rl.on[s] = says
			}
		}
	}

	// When each outage was corroborated, by its own coverage as the radar
	// read it: the first time a report makes outage reports from 2 sources
	// in the window before it, the newest report not a recovery, and so
	// still at the next poll (news of its end that come before that poll
	// leave nothing to say).
	corroborates := func(rs []recognised, at time.Time) bool {
		srcs := map[string]bool{}
		var newest *recognised
		for i, x := range rs {
			if x.at.After(at) || x.at.Before(at.Add(-window)) {
				continue
			}
			if newest == nil || !x.at.Before(newest.at) {
				newest = &rs[i]
			}
			if !x.recovered {
				srcs[x.source] = true
			}
		}
		return len(srcs) >= MinNewsSources && newest != nil && !newest.recovered
	}
	for k, p := range pairs {
		rs := seen[k]
		slices.SortStableFunc(rs, func(a, b recognised) int { return a.at.Compare(b.at) })
		for _, x := range rs {
			if x.at.Before(p.first) {
				// A misread before the outage's first real report may
				// count toward its corroboration, never date it.
				continue
			}
			poll := replayDay.Add((x.at.Sub(replayDay) + interval - 1).Truncate(interval))
			if corroborates(rs, x.at) && corroborates(rs, poll) {
				p.corroborated = x.at
				break
			}
		}
	}

	// The figures.
	rule := rules[0]
	var list []*pairResult
	for _, p := range pairs {
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b *pairResult) int {
		return strings.Compare(a.event+"\x00"+a.service, b.event+"\x00"+b.service)
	})
	minutes := func(d time.Duration) string { return fmt.Sprintf("%.0f", d.Minutes()) }
	var fig replayFigures
	var (
		b                                            strings.Builder
		outages, thin, unwatched, unrecognised, recd int
		delays, corrDelays                           []time.Duration
		missed                                       []string
	)
	type eventFig struct {
		recognisable, recorded int
		delay                  time.Duration // of its first recorded outage, from the event's first report
	}
	evs := map[string]*eventFig{}
	evFirst := map[string]time.Time{}
	for _, p := range list {
		if f, ok := evFirst[p.event]; !ok || p.first.Before(f) {
			evFirst[p.event] = p.first
		}
	}
	fmt.Fprintf(&b, "%-24s %-12s %5s %5s %12s %8s  %s\n", "event", "service", "sites", "read", "corroborated", "recorded", "delay in minutes, from the first report / from corroboration")
	for _, p := range list {
		ef := evs[p.event]
		if ef == nil {
			ef = &eventFig{delay: -1}
			evs[p.event] = ef
		}
		read := map[string]bool{}
		for _, x := range seen[[2]string{p.event, p.service}] {
			read[x.source] = true
		}
		recorded := rule.recorded[[2]string{p.event, p.service}]
		state := ""
		switch {
		case p.sites < 2:
			thin++
			state = "one site in the corpus"
		case !p.watched:
			unwatched++
			state = "not a service the classifier knows"
		default:
			outages++
			if p.corroborated.IsZero() {
				unrecognised++
				state = "not recognisable: the classifier read it in fewer than 2 sources within a window (before news of its end)"
				break
			}
			ef.recognisable++
			if recorded.IsZero() {
				missed = append(missed, p.event+" "+p.service+": never reported")
				state = "MISSED"
				break
			}
			recd++
			ef.recorded++
			d, cd := recorded.Sub(p.first), recorded.Sub(p.corroborated)
			delays, corrDelays = append(delays, d), append(corrDelays, cd)
			if ed := recorded.Sub(evFirst[p.event]); ef.delay < 0 || ed < ef.delay {
				ef.delay = ed
			}
			state = minutes(d) + " / " + minutes(cd)
			if cd > replayMaxDelay {
				missed = append(missed, fmt.Sprintf("%s %s: reported %s min after it was corroborated", p.event, p.service, minutes(cd)))
			}
		}
		corr, rec := "-", "-"
		if !p.corroborated.IsZero() {
			corr = p.corroborated.Format("15:04:05")
		}
		if !recorded.IsZero() {
			rec = recorded.Format("15:04")
		}
		fmt.Fprintf(&b, "%-24s %-12s %5d %5d %12s %8s  %s\n", p.event, p.service, p.sites, len(read), corr, rec, state)
	}
	evRecognisable, evRecorded := 0, 0
	var evDelays []time.Duration
	for _, e := range real {
		if ef := evs[e]; ef != nil && ef.recognisable > 0 {
			evRecognisable++
			if ef.recorded > 0 {
				evRecorded++
				evDelays = append(evDelays, ef.delay)
			}
		}
	}
	silent := 0 // watched services with no real outage in the replay
	for _, s := range watched {
		if len(spans[s]) == 0 {
			silent++
		}
	}
	guides := 0
	for _, a := range arts {
		if a.evergreen {
			guides++
		}
	}
	t.Logf("replay of %s: %d items, %d articles over %s (%d outage reports left out: no room away from their services' other reports), %d watched services, %d polls %s apart, window %s, seed %d",
		name, len(items), inReplay, end.Sub(replayDay).Round(time.Hour), dropped, len(watched), polls, interval, window, replaySeed)
	t.Logf("per outage (event, service):\n%s", b.String())
	t.Logf("real outages (events): %d; of watched services and corroborable by the classifier: %d; recorded: %d; delay from the event's first report: median %s, max %s min",
		len(real), evRecognisable, evRecorded, minutes(median(evDelays)), minutes(maxOf(evDelays)))
	t.Logf("outages (event, service) of watched services named by 2+ sites: %d; not recognisable: %d; recorded: %d (delay from the first report: median %s, max %s min; from corroboration: median %s, max %s min); besides, %d named by one site, %d of services the classifier lacks",
		outages, unrecognised, recd, minutes(median(delays)), minutes(maxOf(delays)), minutes(median(corrDelays)), minutes(maxOf(corrDelays)), thin, unwatched)
	for _, rl := range rules {
		recorded := 0
		for k, p := range pairs {
			if !p.corroborated.IsZero() && p.watched && p.sites >= 2 && !rl.recorded[k].IsZero() {
				recorded++
			}
		}
		t.Logf("rule %q: \"reported elsewhere\" %d times: %d for a real outage under way; %d for an outage one real report covers (no real outage), with a report the classifier misread; %d false, no real report behind it (%d for the %d watched services with no real outage in the replay); recognisable outages recorded: %d of %d",
			rl.name, rl.episodes, rl.episodes-len(rl.thin)-len(rl.false), len(rl.thin), len(rl.false), rl.silent, silent, recorded, outages-unrecognised)
		fig.rules = append(fig.rules, ruleSum{name: rl.name, thin: len(rl.thin), false: len(rl.false), recorded: recorded})
	}
	t.Logf("the %d guides, listed at every poll and re-dated: read as a service's outage report %d times (guide, service), never as news: %v",
		guides, len(guidesStale), guidesFresh == 0)
	if guidesFresh > 0 {
		t.Errorf("a guide listed at every poll counted as news %d times", guidesFresh)
	}
	for _, m := range missed {
		t.Errorf("%s: real outage not recorded within %s of its corroboration: %s", name, replayMaxDelay, m)
	}
	if evRecognisable == 0 || recd == 0 {
		t.Errorf("%s: no real outage was recognisable: the replay measured nothing", name)
	}
	fig.events, fig.recognisable, fig.recorded = len(real), evRecognisable, evRecorded
	fig.outages, fig.recordedOutages = outages-unrecognised, recd
	fig.thin, fig.false = rule.thin, rule.false
	return fig
}

// alarm is a "reported elsewhere" with no real outage under way.
type alarm struct {
	service string
	at      time.Time
	from    []string // file:line of the outage reports behind it (and their titles, when shown)
	thin    bool     // one of them is a real report of the service's outage
}

func (a alarm) String() string {
	return fmt.Sprintf("%s at %s, from %s", a.service, a.at.Format("15:04"), strings.Join(a.from, ", "))
}

// ruleFigures are what a rule said over the day.
type ruleFigures struct {
	name        string
	says        func(View) bool // "reported elsewhere"
	fresh       bool            // it counts only fresh reports
	on          map[string]bool // by service, at the last poll
	episodes    int             // times it began to say it
	thin, false []alarm
	silent      int                     // false alarms of services with no real outage in the replay
	recorded    map[[2]string]time.Time // (event, service) -> first poll that said it during the outage
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func maxOf(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return slices.Max(ds)
}
