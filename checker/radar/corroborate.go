package radar

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"

	"github.com/downradar/downradar/checker/news"
)

// MinNewsSources is how many distinct sources (publishers, or sites) must
// report an outage in the news window for the news to say a service is
// down: one article can be wrong, and one site can say it ten times.
const MinNewsSources = 2

// MinNamed is how sure the classifier must be that a report's text says
// this service failed (classify.Result.Named) for the report to count as
// one of its sources. A text that names several services is read as an
// outage report of each one the classifier believes failed, or else of
// the likeliest; "users flocked to X during the Facebook outage" may so
// come out as a report of X too, and two such misreadings a few minutes
// apart would say that X is down. Below MinNamed the report is shown, not
// counted. Chosen on the replayed tuning days (TestReplayTuning): no
// outage recorded later or missed, fewer false alarms; see
// docs/news-and-status-pages.md.
const MinNamed = 0.7

// SourceOf is who published a report, for counting distinct sources: the
// publisher the feed names (Google News' <source>), else the site of the
// link (its registrable domain: edition.cnn.com and www.cnn.com are one),
// else the feed. Case, spacing and a leading "www." do not count; a
// publisher named by its host ("www.nu.nl") is its site ("nu.nl").
func SourceOf(r Report) string {
	if name := strings.ToLower(strings.Join(strings.Fields(r.Source), " ")); name != "" {
		if site := siteOf(name); site != "" && !strings.Contains(name, " ") {
			return site
		}
		return strings.TrimPrefix(name, "www.")
	}
	if u, err := url.Parse(r.Link); err == nil {
		if site := siteOf(u.Hostname()); site != "" {
			return site
		}
	}
	return "feed " + r.Feed
}

// siteOf is a host's registrable domain ("bbc.co.uk" for "www.bbc.co.uk"),
// the host itself when it has none (an address, "localhost"), "" for what
// is not a host name.
func siteOf(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || strings.ContainsAny(host, " /:@") {
		return ""
	}
	if !strings.Contains(host, ".") {
		return host
	}
	if site, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return site
	}
	return strings.TrimPrefix(host, "www.")
}

// Stories kept in the radar's memory: a story is forgotten once no feed has
// returned it for storyMemory (much longer than the poller's own memory of
// 6 hours, after which a page the feeds keep listing comes back as new), and
// at most maxStories are kept, the least recently seen dropped first.
const (
	storyMemory = 48 * time.Hour
	maxStories  = 20_000
)

// stories remembers when the radar first saw each outage report, by the
// story's link and by its title (news.Key), so that a page the feeds return
// poll after poll, re-dated each time ("is WhatsApp down? how to check"), or
// an old article re-dated, is known for what it is: not news of now.
type stories struct {
	by map[string]*sighting // "l"+link key, "t"+title key
}

type sighting struct {
	first, last time.Time
}

// sight records that the feeds returned the item at now and returns when
// its story was first seen (now for a new one).
func (s *stories) sight(it news.Item, now time.Time) (first time.Time) {
	if s.by == nil {
		s.by = map[string]*sighting{}
	}
	link, title := news.Key(it)
	var keys []string
	if link != "" {
		keys = append(keys, "l"+link)
	}
	if title != "" {
		keys = append(keys, "t"+title)
	}
	first = now
	for _, k := range keys {
		if old := s.by[k]; old != nil && old.first.Before(first) {
			first = old.first
		}
	}
	for _, k := range keys {
		s.by[k] = &sighting{first: first, last: now}
	}
	return first
}

// prune forgets the stories not seen since storyMemory before now, then the
// least recently seen ones while there are more than maxStories.
func (s *stories) prune(now time.Time) {
	for k, v := range s.by {
		if now.Sub(v.last) > storyMemory {
			delete(s.by, k)
		}
	}
	for len(s.by) > maxStories {
		var oldest time.Time
		for _, v := range s.by {
			if oldest.IsZero() || v.last.Before(oldest) {
				oldest = v.last
			}
		}
		// Every story last seen then goes at once: one pass per poll
		// forgotten, not per story.
		for k, v := range s.by {
			if !v.last.After(oldest) {
				delete(s.by, k)
			}
		}
	}
}

// evergreen reports whether a story first seen at first and returned again
// at now is old news: first seen more than a news window before.
func evergreen(first, now time.Time, window time.Duration) bool {
	return now.Sub(first) > window
}
