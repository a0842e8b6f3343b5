package radar

import (
	"slices"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/statuspage"
)

// View is what the rest of the world says about one service now.
type View struct {
	Page *PageView // nil: the service has no status page
	News NewsView
}

// PageView is the service's status page as last read.
type PageView struct {
	URL         string
	Kind        statuspage.Kind // detected when the config gave none; "" until known
	Level       statuspage.Level
	Description string // the page's summary for the service's components, e.g. "Voice: Partial Outage"
	// Err is why the page says nothing of the service: it could not be
	// read, or it lists no component the service maps to. Level is then
	// Unknown.
	Err       string
	Fetched   time.Time
	Incidents []statuspage.Incident // ongoing, touching the service's components or naming none
}

// NewsView sums up the outage reports in the news window.
type NewsView struct {
	Items int // distinct outage reports (not recoveries) in the window, stale ones included
	// Sources is how many distinct sources (see SourceOf) the outage reports
	// that are news (Report.Fresh) and name the service surely (not
	// Report.Unsure) come from.
	Sources   int
	Stale     int      // reports in the window that are not news (not Report.Fresh)
	Unsure    int      // fresh outage reports not counted as sources (Report.Unsure)
	Recovered int      // reports of its recovery in the window
	Languages []string // of the outage reports, sorted
	Regions   []string // of the outage reports, sorted ("" left out)
	Reports   []Report // every report in the window, newest first
	// Feeds is how many feeds the radar reads; Read how many of them its
	// last try read. With none read the news are unknown (Known), not quiet.
	Feeds, Read int
}

// Known reports whether the news say anything: some feed was read.
func (n NewsView) Known() bool { return n.Read > 0 }

// State is the news' state in a word: "off" (no feeds), "unknown" (no feed
// could be read) or "read".
func (n NewsView) State() string {
	switch {
	case n.Feeds == 0:
		return "off"
	case !n.Known():
		return "unknown"
	}
	return "read"
}

// Report is one news item that the classifier read as an outage report of
// the service, or of its recovery.
type Report struct {
	At        time.Time // published
	Title     string
	Link      string
	Lang      string
	Region    string
	Source    string // the publisher, when the feed names it
	Feed      string // the feed's name
	Recovered bool
	Matched   []string
	Score     float64 // the classifier's belief that the text reports an outage
	// Named is the classifier's belief that the text says this service
	// failed, among those it names (classify.Result.Named).
	Named float64
	// Unsure: Named is under MinNamed; the report is shown, and does not
	// count as a source of the service's outage.
	Unsure bool
	// FirstSeen is when the radar first saw the story (by link or title),
	// in this poll or an earlier one.
	FirstSeen time.Time
	// Evergreen: the story was first seen more than a news window before
	// the feeds returned it this time. It is old news re-dated, or a page
	// the feeds list poll after poll ("is WhatsApp down? how to check").
	Evergreen bool
	// Backlog: a running radar read it in its first read of the feed, which
	// holds whatever the feed was listing then, pages listed for days
	// included: whether it is news cannot be told.
	Backlog bool
}

// Fresh reports whether the report is news: neither evergreen nor from
// the backlog. Only fresh reports corroborate an outage; the others are
// shown, and counted as Stale.
func (r Report) Fresh() bool { return !r.Evergreen && !r.Backlog }

// PageReports reports whether the status page says the service is in
// trouble (degraded, partial or major; maintenance is not an outage).
func (v View) PageReports() bool { return v.Page != nil && v.Page.Level.Outage() }

// NewsReports reports whether the news say the service is down: fresh
// outage reports in the window from at least MinNewsSources distinct
// sources, and the latest fresh report not a recovery.
func (v View) NewsReports() bool {
	if v.News.Sources < MinNewsSources {
		return false
	}
	for _, r := range v.News.Reports {
		if r.Fresh() {
			return !r.Recovered
		}
	}
	return true
}

// Reports reports whether the world outside says the service is down.
func (v View) Reports() bool { return v.PageReports() || v.NewsReports() }

// Since is the view without what was said before t: news reports older
// than t, and status page incidents that started before it. A page that
// reports trouble with no incident listed keeps its level. The engine
// uses it so that the reports of an outage that just ended do not open
// another incident.
func (v View) Since(t time.Time) View {
	if t.IsZero() {
		return v
	}
	out := View{}
	if v.Page != nil {
		p := *v.Page
		p.Incidents = nil
		for _, inc := range v.Page.Incidents {
			if !inc.Started.Before(t) {
				p.Incidents = append(p.Incidents, inc)
			}
		}
		if len(v.Page.Incidents) > 0 && len(p.Incidents) == 0 {
			p.Level = statuspage.Operational // its trouble is the incident that ended
		}
		out.Page = &p
	}
	out.News = summarize(v.News.Reports, t)
	out.News.Feeds, out.News.Read = v.News.Feeds, v.News.Read
	return out
}

// summarize sums up the reports (newest first) published at or after
// since. It is the whole of the news' side of the verdict, and pure.
func summarize(reports []Report, since time.Time) NewsView {
	var n NewsView
	langs, regions, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range reports {
		if r.At.Before(since) {
			break
		}
		n.Reports = append(n.Reports, r)
		if !r.Fresh() {
			n.Stale++
		}
		if r.Recovered {
			n.Recovered++
			continue
		}
		n.Items++
		switch {
		case r.Fresh() && r.Unsure:
			n.Unsure++
		case r.Fresh():
			sources[SourceOf(r)] = true
		}
		if r.Lang != "" {
			langs[r.Lang] = true
		}
		if r.Region != "" {
			regions[r.Region] = true
		}
	}
	n.Sources = len(sources)
	n.Languages, n.Regions = keys(langs), keys(regions)
	return n
}

// Scope is where an incident is seen, from what this machine's probes say
// (bad: the service fails from here) and what the world says:
// history.ScopeConfirmed when both agree, history.ScopeFromHere when only the
// probes fail, history.ScopeElsewhere when only the world reports it, and ""
// when nobody does.
func Scope(probesBad bool, v View) history.Scope {
	switch {
	case probesBad && v.Reports():
		return history.ScopeConfirmed
	case probesBad:
		return history.ScopeFromHere
	case v.Reports():
		return history.ScopeElsewhere
	}
	return ""
}

// Evidence is what the view has to add to an incident's timeline since a
// time: the page's incident updates and the news reports, oldest first.
func (v View) Evidence(since time.Time) []history.Evidence {
	var out []history.Evidence
	if v.Page != nil {
		for _, inc := range v.Page.Incidents {
			for _, u := range inc.Updates {
				if u.At.Before(since) {
					continue
				}
				msg := u.Body
				if u.Status != "" {
					msg = u.Status + ": " + u.Body
				}
				out = append(out, history.Evidence{
					At: u.At, Source: history.SourceStatusPage, Title: inc.Title, URL: httpOnly(inc.URL),
					Message: msg, Class: inc.Level.String(),
				})
			}
		}
	}
	for _, r := range v.News.Reports {
		if r.At.Before(since) {
			continue
		}
		class := "outage"
		if r.Recovered {
			class = "recovery"
		}
		msg := r.Source
		if msg == "" {
			msg = r.Feed
		}
		out = append(out, history.Evidence{
			At: r.At, Source: history.SourceNews, Title: r.Title, URL: httpOnly(r.Link), Lang: r.Lang,
			Class: class, Message: msg,
		})
	}
	slices.SortStableFunc(out, func(a, b history.Evidence) int { return a.At.Compare(b.At) })
	return out
}

// EvidenceKey identifies an outside item in a timeline, so that it is
// added once.
func EvidenceKey(e history.Evidence) string {
	return string(e.Source) + "\x00" + e.At.UTC().Format(time.RFC3339Nano) + "\x00" + e.Title + "\x00" + e.URL
}
