package config

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/statuspage"
)

// DefaultID is the id a service gets from its name when it sets none:
// lowercase letters and digits only ("Microsoft Teams" -> "microsoftteams").
func DefaultID(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// statusPage checks a service's status page and its kind.
func (b *builder) statusPage(key, raw string, kind *string) *StatusPage {
	sp := &StatusPage{URL: strings.TrimSpace(raw)}
	if kind != nil {
		k, err := statuspage.ParseKind(strings.TrimSpace(*kind))
		if err != nil {
			b.fail(key+".status_kind", "%v", err)
		}
		sp.Kind = k
	}
	if strings.HasPrefix(sp.URL, "statusio:") {
		if sp.Kind != "" && sp.Kind != statuspage.KindStatusIO {
			b.fail(key+".status_kind", "a statusio: page is of kind %q", statuspage.KindStatusIO)
		}
		sp.Kind = statuspage.KindStatusIO
	} else if !httpURL(sp.URL) {
		b.fail(key+".status", "%q is not an http(s) URL (like \"https://discordstatus.com\") or statusio:<page id>", raw)
	}
	if sp.Kind != "" {
		if _, err := statuspage.Endpoint(sp.Kind, sp.URL); err != nil {
			b.fail(key+".status", "%v", err)
		}
	}
	return sp
}

// news reads the [news] table.
func (b *builder) news(r rawNews) News {
	n := News{
		Builtin:  r.Builtin == nil || *r.Builtin,
		Interval: b.duration("news.interval", r.Interval, DefaultNewsInterval, MinNewsInterval, MaxNewsInterval),
		Window:   b.duration("news.window", r.Window, DefaultNewsWindow, MinNewsWindow, MaxNewsWindow),
	}
	if n.Builtin && n.Interval < news.MinInterval {
		b.fail("news.interval", "%s is too short for the built-in news search feeds (at least %s; or builtin = false)", n.Interval, news.MinInterval)
	}
	b.atMost(fmt.Sprintf("news.feed[%d]", MaxFeeds), len(r.Feed), MaxFeeds, "[[news.feed]] tables")
	for i, f := range r.Feed {
		key := fmt.Sprintf("news.feed[%d]", i)
		feed := news.Feed{URL: strings.TrimSpace(f.URL), Lang: strings.TrimSpace(f.Lang), Region: strings.ToUpper(strings.TrimSpace(f.Region)), Name: b.name(key+".name", f.Name)}
		if !httpURL(feed.URL) {
			b.fail(key+".url", "%q is not an http(s) URL of an RSS, Atom or JSON feed", f.URL)
		}
		if feed.Lang != "" && (len(feed.Lang) != 2 || strings.ToLower(feed.Lang) != feed.Lang) {
			b.fail(key+".lang", "%q is not a two-letter language code (like \"hi\")", f.Lang)
		}
		if feed.Name == "" {
			feed.Name = feed.URL
		}
		n.Feeds = append(n.Feeds, feed)
	}
	return n
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
