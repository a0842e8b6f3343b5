// Package radar watches what the rest of the world says about the watched
// services: their official status pages, read every few minutes, and the
// news, read from RSS, Atom and JSON feeds in two dozen languages, each item
// run through the outage classifier. Its View of a service is what the
// engine fuses with its own probes into an incident's scope: confirmed,
// only from here, or reported elsewhere.
//
// A page that cannot be read is "unknown", never "up"; a feed that fails
// backs off on its own; neither stops the other signals.
package radar

import (
	"context"
	"log"
	"net/url"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/statuspage"
)

// maxReports bounds the news reports kept per service.
const maxReports = 200

// Options configure a Radar.
type Options struct {
	Config *config.Config
	// Classifier reads the news. Default: the built-in lexicon, compiled
	// for each poll of the feeds (4 ms) and dropped after it, so that the
	// resident agent does not carry its half megabyte between polls.
	Classifier *classify.Classifier
	Status     *statuspage.Client // default: a client with its defaults
	News       *news.Poller       // default: a poller with its defaults
	Feeds      []news.Feed        // default: Feeds(Config, Classifier)
	Now        func() time.Time
	Logf       func(string, ...any)
	// AfterPoll, if set, is called after each poll of the feeds, from Run's
	// goroutine: the resident agent returns the poll's garbage (megabytes of
	// parsed feeds) to the system there. Status pages are too small to bother.
	AfterPoll func()
}

// Radar holds the latest outside view of every watched service.
type Radar struct {
	cfg   *config.Config
	cls   *classify.Classifier
	pages *statuspage.Client
	news  *news.Poller
	feeds []news.Feed
	now   func() time.Time
	logf  func(string, ...any)
	after func()
	byID  map[string]string // classifier id -> service name

	fetches atomic.Uint64 // page fetches started, numbering them
	// newsMu makes news polls take turns: the poller skips a feed being
	// fetched, so a poll asked while another is under way (the agent's own,
	// `check`'s, a test's) would read nothing of what the feed says now.
	newsMu sync.Mutex
	// resident: Run is reading the feeds (the agent), so what a feed lists
	// at its first read is its backlog, not news (Report.Backlog). `check`
	// reads once and has nothing else to go by.
	resident atomic.Bool
	read     map[string]bool      // feeds read at least once, by URL (under newsMu)
	retry    map[string]time.Time // a failing feed's next try (under newsMu)

	mu        sync.Mutex
	svc       map[string]*outside  // by service name
	stories   stories              // when each outage report was first seen
	feedState map[string]FeedState // how each feed's last try went, by URL
	feedsRead int                  // feeds whose last try worked
}

// FeedState is how the radar's last try of one news feed went.
type FeedState struct {
	Name, URL string
	Read      time.Time // when its last read that worked began; zero: never read
	Err       string    // why its last try failed (it names the feed); "" when it worked or was not tried yet
	Retry     time.Time // a failing feed is not tried again before this
}

// outside is what the radar knows of one service.
type outside struct {
	status     *config.StatusPage // its page, nil if none
	components []string           // the page's components it maps to (none: the page as a whole)

	page    *statuspage.Page
	pageErr error
	kind    statuspage.Kind
	fetched time.Time
	// pageStarted numbers the fetch whose result the page is: a fetch that
	// started earlier and ends later (two polls overlapping) is older news
	// and is dropped.
	pageStarted uint64
	reports     []Report // newest first
}

// New builds a radar for the config's watched services.
func New(o Options) (*Radar, error) {
	cls := o.Classifier
	if cls == nil {
		c, err := classify.New()
		if err != nil {
			return nil, err
		}
		cls = c // for the feeds' queries only
	}
	if o.Status == nil {
		o.Status = &statuspage.Client{}
	}
	if o.News == nil {
		o.News = &news.Poller{Parallel: 2} // a poll's peak of memory stays small
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logf == nil {
		o.Logf = log.Printf
	}
	if o.Feeds == nil {
		o.Feeds = Feeds(o.Config, cls, o.Logf)
	}
	r := &Radar{
		cfg: o.Config, cls: o.Classifier, pages: o.Status, news: o.News, feeds: o.Feeds,
		now: o.Now, logf: o.Logf, after: o.AfterPoll, byID: map[string]string{}, svc: map[string]*outside{},
		read: map[string]bool{}, retry: map[string]time.Time{}, feedState: map[string]FeedState{},
	}
	for _, s := range o.Config.Watched() {
		r.byID[s.ID] = s.Name
		r.svc[s.Name] = &outside{status: s.Status, components: pageComponents(s)}
	}
	return r, nil
}

// FeedCount is how many feeds the radar polls.
func (r *Radar) FeedCount() int { return len(r.feeds) }

// Run reads the status pages every Config.StatusInterval and the feeds
// every Config.News.Interval, both at once to begin with, until ctx ends.
// changed is called (from Run's goroutines, one for pages and one for
// news: it must be safe for concurrent use) with each service whose view
// changed.
func (r *Radar) Run(ctx context.Context, changed func(service string)) {
	r.resident.Store(true)
	var wg sync.WaitGroup
	loop := func(every time.Duration, poll func(context.Context) []string, after func()) {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			for _, s := range poll(ctx) {
				if ctx.Err() == nil && changed != nil {
					changed(s)
				}
			}
			if after != nil {
				after()
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
	wg.Add(2)
	go loop(r.cfg.StatusInterval, r.PollPages, nil)
	go loop(r.cfg.News.Interval, r.PollNews, r.after)
	wg.Wait()
}

// Refresh reads every status page and feed once, both at the same time, as
// `downradar check` does.
func (r *Radar) Refresh(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); r.PollPages(ctx) }()
	go func() { defer wg.Done(); r.PollNews(ctx) }()
	wg.Wait()
}

// View is the outside view of a service now.
func (r *Radar) View(service string) View {
	r.mu.Lock()
	defer r.mu.Unlock()
	o := r.svc[service]
	if o == nil {
		return View{}
	}
	return r.viewOf(o)
}

func (r *Radar) viewOf(o *outside) View {
	var v View
	if sp := o.status; sp != nil {
		pv := &PageView{URL: sp.URL, Kind: o.kind, Fetched: o.fetched}
		switch {
		case o.pageErr != nil:
			pv.Err = o.pageErr.Error()
		case o.page != nil:
			rd, err := o.page.Read(o.components)
			pv.Level, pv.Description, pv.Incidents = rd.Level, rd.Description, rd.Incidents
			if err != nil {
				pv.Err = err.Error() // a mapped component the page does not list
			}
		default:
			pv.Err = "not read yet"
		}
		v.Page = pv
	}
	v.News = summarize(o.reports, r.now().Add(-r.cfg.News.Window))
	v.News.Feeds, v.News.Read = len(r.feeds), r.feedsRead
	return v
}

// FeedStates is how the last try of each feed went, in the radar's order.
func (r *Radar) FeedStates() []FeedState {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]FeedState, len(r.feeds))
	for i, f := range r.feeds {
		out[i] = r.feedState[f.URL]
		out[i].Name, out[i].URL = f.Name, f.URL
	}
	return out
}

// PollPages reads the status pages of the watched services that have one,
// each page once however many services share it, and returns the services
// whose view changed.
func (r *Radar) PollPages(ctx context.Context) []string {
	type result struct {
		services []string
		started  uint64 // see outside.pageStarted
		page     *statuspage.Page
		err      error
	}
	sources, services := pageSources(r.cfg.Watched())
	var (
		wg  sync.WaitGroup
		out = make(chan result, len(sources))
	)
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started := r.fetches.Add(1)
			p, err := r.pages.Fetch(ctx, src)
			out <- result{services[src], started, p, err}
		}()
	}
	wg.Wait()
	close(out)
	var changed []string
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	for res := range out {
		for _, service := range res.services {
			o := r.svc[service]
			if res.started < o.pageStarted {
				continue // a poll that began later (the agent's own, a test's) has said newer
			}
			o.pageStarted = res.started
			before := r.viewOf(o)
			o.fetched = now
			if res.err != nil {
				o.page, o.pageErr = nil, res.err
			} else {
				o.page, o.pageErr, o.kind = res.page, nil, res.page.Kind
			}
			after := r.viewOf(o)
			if e := after.Page.Err; e != "" && e != before.Page.Err {
				r.logf("status page of %s: %s", service, e)
			}
			if differs(before, after) {
				changed = append(changed, service)
			}
		}
	}
	sort.Strings(changed)
	return changed
}

// pageSources are the distinct status pages of services, in config order,
// and the services that use each.
func pageSources(services []config.Service) ([]statuspage.Source, map[statuspage.Source][]string) {
	var sources []statuspage.Source
	users := map[statuspage.Source][]string{}
	for _, s := range services {
		if s.Status == nil {
			continue
		}
		src := statuspage.Source{URL: s.Status.URL, Kind: s.Status.Kind}
		if _, seen := users[src]; !seen {
			sources = append(sources, src)
		}
		users[src] = append(users[src], s.Name)
	}
	return sources, users
}

// PollNews reads the feeds that are due, classifies the new items, and
// returns the services whose view changed.
func (r *Radar) PollNews(ctx context.Context) []string {
	r.newsMu.Lock()
	defer r.newsMu.Unlock()
	if len(r.feeds) == 0 {
		return nil
	}
	start := r.now()
	items, errs := r.news.Poll(ctx, r.feeds)
	// A feed not read before gives its backlog, when the radar runs.
	backlog := map[string]bool{}
	if r.resident.Load() {
		for _, f := range r.feeds {
			backlog[f.URL] = !r.read[f.URL]
		}
	}
	defer r.markRead(start, errs)
	cls := r.cls
	if cls == nil && len(items) > 0 {
		c, err := classify.New()
		if err != nil {
			r.logf("news: %v", err)
			return nil
		}
		cls = c
	}
	for _, e := range errs {
		if e.Failures == 1 || e.Failures%10 == 0 {
			r.logf("%v", e)
		}
	}
	names := map[string]string{}
	for _, f := range r.feeds {
		names[f.URL] = f.Name
	}
	changed := map[string]bool{}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	since := now.Add(-r.cfg.News.Window)
	for _, it := range items {
		res := cls.Classify(it.Title + "\n" + it.Summary)
		if !res.Outage {
			continue
		}
		var first time.Time // when the story was first seen, once it is a watched service's
		for k, id := range res.Services {
			service, ok := r.byID[id]
			if !ok {
				continue
			}
			if first.IsZero() {
				first = r.stories.sight(it, now)
			}
			o := r.svc[service]
			rep := Report{
				At: it.Published, Title: it.Title, Link: it.Link, Lang: it.Lang, Region: it.Region,
				Source: it.Source, Feed: names[it.Feed], Recovered: res.Recovered, Matched: res.Matched, Score: res.Score, Named: res.Named[k], Unsure: res.Named[k] < MinNamed,
				FirstSeen: first, Evergreen: evergreen(first, now, r.cfg.News.Window), Backlog: backlog[it.Feed],
			}
			i, _ := slices.BinarySearchFunc(o.reports, rep, func(a, b Report) int { return b.At.Compare(a.At) })
			o.reports = slices.Insert(o.reports, i, rep)
			if len(o.reports) > maxReports {
				o.reports = o.reports[:maxReports]
			}
			if !rep.At.Before(since) {
				changed[service] = true
			}
		}
	}
	// Forget reports past the window; a service whose last one just left it
	// has changed too.
	for name, o := range r.svc {
		n := len(o.reports)
		for n > 0 && o.reports[n-1].At.Before(since) {
			n--
		}
		if n < len(o.reports) {
			o.reports = o.reports[:n]
			changed[name] = true
		}
	}
	r.stories.prune(now)
	return keys(changed)
}

// markRead records which feeds a poll that began at start has read: those
// that neither failed nor were waiting out a failure; and each feed's
// state, the failures' errors kept.
func (r *Radar) markRead(start time.Time, errs []*news.FeedError) {
	failed := map[string]*news.FeedError{}
	for _, e := range errs {
		failed[e.Feed] = e
		r.retry[e.Feed] = e.Retry
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.feedsRead = 0
	for _, f := range r.feeds {
		st := r.feedState[f.URL]
		switch e := failed[f.URL]; {
		case e != nil:
			st.Err, st.Retry = e.Err.Error(), e.Retry
		case !start.Before(r.retry[f.URL]):
			r.read[f.URL] = true
			delete(r.retry, f.URL)
			st = FeedState{Read: start}
		}
		// else: waiting out a failure, whose error stands
		r.feedState[f.URL] = st
		if st.Err == "" && !st.Read.IsZero() {
			r.feedsRead++
		}
	}
}

// pageComponents are the status page components a service maps to (none:
// the page as a whole).
func pageComponents(s config.Service) []string {
	var names []string
	for _, c := range s.Components {
		names = append(names, c.StatusComponents...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// differs reports whether two views of a service differ in what matters to
// an incident: the verdicts, the page's level, or new reports or updates.
func differs(a, b View) bool {
	if a.Reports() != b.Reports() || a.News.Items != b.News.Items || a.News.Sources != b.News.Sources || a.News.Recovered != b.News.Recovered {
		return true
	}
	if (a.Page == nil) != (b.Page == nil) {
		return true
	}
	if a.Page == nil {
		return false
	}
	return a.Page.Level != b.Page.Level || a.Page.Err != b.Page.Err || updates(a.Page) != updates(b.Page)
}

func updates(p *PageView) int {
	n := 0
	for _, i := range p.Incidents {
		n += len(i.Updates) + 1
	}
	return n
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// httpOnly keeps a link only if it is http or https: links come from
// outside, and the history window opens them in a browser.
func httpOnly(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return raw
}
