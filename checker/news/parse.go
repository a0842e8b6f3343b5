package news

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

// Caps on what one item may carry, whatever the feed sends.
const (
	maxTitleRunes   = 1000
	maxSummaryRunes = 1000
	maxSourceRunes  = 200
	maxLinkBytes    = 4096
	maxIDBytes      = 1024
)

// Parse reads one feed document (RSS 0.9x/1.0/2.0, Atom, JSON Feed) via
// gofeed. feedURL is used in errors, in Item.Feed and to resolve relative
// links; now is the time items without a date are given, and the latest
// time any item may claim (a date in the future becomes now).
func Parse(feedURL string, body []byte, now time.Time) (items []Item, err error) {
	defer func() {
		// gofeed is third-party code fed by strangers: a panic in it is a
		// bad document, not a reason to bring the app down.
		if r := recover(); r != nil {
			items, err = nil, fmt.Errorf("parsing feed %s: parser panic: %v", feedURL, r)
		}
	}()
	rt, at := &rssTranslator{}, &atomTranslator{}
	fp := gofeed.NewParser() // a Parser keeps per-document state: one per call
	fp.RSSTranslator, fp.AtomTranslator = rt, at
	doc, err := fp.Parse(bytes.NewReader(repairUTF8(body)))
	if err != nil {
		return nil, fmt.Errorf("parsing feed %s: %w", feedURL, err)
	}
	if doc == nil {
		return nil, nil
	}
	sources := rt.sources
	if doc.FeedType == "atom" {
		sources = at.sources
	}
	base, _ := url.Parse(feedURL)
	home, _ := url.Parse(cleanLink(doc.Link, base))
	google := isGoogleNews(base) || isGoogleNews(home)
	if home != nil && home.Host != "" {
		base = home // relative links are relative to the site, not to where the feed is served
	}
	lang := primaryLang(doc.Language)
	now = now.UTC()
	items = make([]Item, 0, len(doc.Items))
	for i, gi := range doc.Items {
		if gi == nil {
			continue
		}
		var source string
		if i < len(sources) {
			source = sources[i]
		}
		it := convert(gi, source, base, google, now)
		if it.Title == "" && it.Summary == "" && it.Link == "" {
			continue // nothing to show or classify
		}
		it.Feed, it.Lang = feedURL, lang
		items = append(items, it)
	}
	return items, nil
}

// repairUTF8 replaces invalid bytes in a UTF-8 document, which Go's XML
// decoder would otherwise reject whole for one stray byte in one title. A
// document that declares another encoding is left for gofeed to decode.
func repairUTF8(body []byte) []byte {
	if utf8.Valid(body) || bytes.HasPrefix(body, []byte{0xFE, 0xFF}) || bytes.HasPrefix(body, []byte{0xFF, 0xFE}) {
		return body // UTF-16 has its byte-order mark
	}
	prolog := body[:min(len(body), 256)]
	if bytes.HasPrefix(bytes.TrimLeft(prolog, " \t\r\n"), []byte("<?xml")) {
		if end := bytes.Index(prolog, []byte("?>")); end > 0 {
			decl := strings.ToLower(string(prolog[:end]))
			if i := strings.Index(decl, "encoding"); i >= 0 && !strings.Contains(decl[i:], "utf-8") && !strings.Contains(decl[i:], "utf8") {
				return body
			}
		}
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD"))
}

// convert cleans one gofeed item.
func convert(gi *gofeed.Item, source string, base *url.URL, google bool, now time.Time) Item {
	it := Item{
		Title:  plainText(gi.Title, maxTitleRunes),
		Source: plainText(source, maxSourceRunes),
		Link:   cleanLink(gi.Link, base),
	}
	if it.Link == "" && len(gi.Links) > 0 {
		it.Link = cleanLink(gi.Links[0], base)
	}
	it.Title, it.Source = splitPublisher(it.Title, it.Source, google)
	desc := gi.Description
	if strings.TrimSpace(desc) == "" {
		desc = gi.Content
	}
	it.Summary = plainText(desc, maxSummaryRunes)
	if google && (it.Summary == it.Title || it.Summary == it.Title+" "+it.Source) {
		it.Summary = "" // Google News' description of a single story is its title and publisher again
	}
	it.ID = truncateBytes(strings.TrimSpace(gi.GUID), maxIDBytes)
	if it.ID == "" {
		it.ID = it.Link
	}
	switch {
	case gi.PublishedParsed != nil && !gi.PublishedParsed.IsZero():
		it.Published = gi.PublishedParsed.UTC()
	case gi.UpdatedParsed != nil && !gi.UpdatedParsed.IsZero():
		it.Published = gi.UpdatedParsed.UTC()
	default:
		it.Published = now
	}
	if it.Published.After(now) {
		it.Published = now // a clock or time-zone error in the feed: it is news now
	}
	return it
}

// splitPublisher moves Google News' " - Publisher" title suffix into the
// source. With a source given, only that exact suffix is removed; on a
// Google News feed without one, the last " - " part is taken when short.
func splitPublisher(title, source string, google bool) (string, string) {
	if source != "" {
		if t, ok := strings.CutSuffix(title, " - "+source); ok && strings.TrimSpace(t) != "" {
			return strings.TrimSpace(t), source
		}
		return title, source
	}
	if !google {
		return title, ""
	}
	i := strings.LastIndex(title, " - ")
	if i <= 0 {
		return title, ""
	}
	pub := strings.TrimSpace(title[i+3:])
	if pub == "" || utf8.RuneCountInString(pub) > 60 {
		return title, ""
	}
	return strings.TrimSpace(title[:i]), pub
}

// cleanLink resolves raw against the feed's URL and keeps it only when it is
// an http(s) link of sane length (no javascript: or data: for the UI to open).
func cleanLink(raw string, base *url.URL) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxLinkBytes {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if s := u.String(); len(s) <= maxLinkBytes { // escaping can triple a link
		return s
	}
	return ""
}

func isGoogleNews(u *url.URL) bool {
	return u != nil && strings.EqualFold(u.Hostname(), "news.google.com")
}

// primaryLang is the ISO 639-1 part of a language tag ("en-us" -> "en"),
// or "" when there is none.
func primaryLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}

// truncateBytes cuts s to at most n bytes on a rune boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// rssTranslator is gofeed's RSS translator that also keeps each item's
// <source> (the publisher, in Google News), which gofeed.Item lacks, and
// skips gofeed's search for an image in each item's HTML: two full HTML
// parses per item, most of the time and memory Parse spends, for a field
// nobody here reads. (gofeed looks no further once an item's iTunes
// extension names an image, so each item gets a copy of its extension
// that does, for the time of the translation.)
type rssTranslator struct {
	gofeed.DefaultRSSTranslator
	sources []string // by item index
}

func (t *rssTranslator) Translate(feed any) (*gofeed.Feed, error) {
	rf, ok := feed.(*rss.Feed)
	if !ok {
		return t.DefaultRSSTranslator.Translate(feed)
	}
	saved := make([]*ext.ITunesItemExtension, len(rf.Items))
	for i, ri := range rf.Items {
		if ri == nil {
			continue
		}
		saved[i] = ri.ITunesExt
		stand := ext.ITunesItemExtension{}
		if ri.ITunesExt != nil {
			stand = *ri.ITunesExt // its summary and author still count
		}
		stand.Image = "-"
		ri.ITunesExt = &stand
	}
	f, err := t.DefaultRSSTranslator.Translate(feed)
	for i, ri := range rf.Items {
		if ri != nil {
			ri.ITunesExt = saved[i]
		}
	}
	if err != nil {
		return nil, err
	}
	if len(rf.Items) != len(f.Items) {
		return f, nil
	}
	t.sources = make([]string, len(rf.Items))
	for i, ri := range rf.Items {
		if ri == nil || f.Items[i] == nil {
			continue
		}
		f.Items[i].ITunesExt, f.Items[i].Image = saved[i], nil
		if ri.Source != nil {
			t.sources[i] = ri.Source.Title
		}
	}
	return f, nil
}

// atomTranslator keeps each entry's <source><title>.
type atomTranslator struct {
	gofeed.DefaultAtomTranslator
	sources []string
}

func (t *atomTranslator) Translate(feed any) (*gofeed.Feed, error) {
	f, err := t.DefaultAtomTranslator.Translate(feed)
	if err != nil {
		return nil, err
	}
	if af, ok := feed.(*atom.Feed); ok && len(af.Entries) == len(f.Items) {
		t.sources = make([]string, len(af.Entries))
		for i, e := range af.Entries {
			if e != nil && e.Source != nil {
				t.sources[i] = e.Source.Title
			}
		}
	}
	return f, nil
}
