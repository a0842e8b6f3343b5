package statuspage

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// How far back a feed entry's last update can be and the entry still count
// as ongoing: a day when no status word says how it stands; a week when its
// latest update says work goes on (a multi-day incident has quiet days). An
// entry left "investigating" longer is stale, not ongoing: pages forget to
// close entries.
const (
	feedWindow  = 24 * time.Hour
	feedOngoing = 7 * 24 * time.Hour
)

// maxUpdateBody caps the text kept from one feed entry.
const maxUpdateBody = 4000

// feedDoc is an Atom feed, an RSS 2.0 channel or an RSS 1.0 (RDF) document.
type feedDoc struct {
	XMLName xml.Name
	Title   feedText    `xml:"title"`
	Links   []feedLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
	Channel struct {
		Title string     `xml:"title"`
		Links []feedLink `xml:"link"`
		Items []rssItem  `xml:"item"`
	} `xml:"channel"`
	Items []rssItem `xml:"item"` // RSS 1.0 keeps its items at the root
}

type feedText struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

// text is the element's plain text: HTML and XHTML lose their markup.
func (t feedText) text() string {
	switch t.Type {
	case "html":
		return htmlText(t.Text)
	case "xhtml":
		return htmlText(t.Inner)
	}
	return strings.TrimSpace(t.Text)
}

type feedLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     feedText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []feedLink `xml:"link"`
	Content   feedText   `xml:"content"`
	Summary   feedText   `xml:"summary"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
	Description string `xml:"description"`
	Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

// feedEntry is an Atom entry or an RSS item, reduced to what counts here.
type feedEntry struct {
	id, title, link, text string
	published, updated    time.Time
}

// parseFeed reads an Atom or RSS incident history, such as Atlassian's
// /history.atom or incident.io's /feed.atom. An entry whose latest update
// does not say Resolved, Completed or Postmortem (nor Scheduled: not begun)
// is an ongoing incident while that update is recent (feedWindow,
// feedOngoing): Maintenance when its text speaks of maintenance, Partial
// otherwise (a feed does not rate impact). With no ongoing entry the page is
// Operational. A feed lists no components.
//
// The latest update's status is read by statusWord; a title that starts with
// a status word counts too. Entries without a readable date are left out:
// nobody can tell whether they are current.
func parseFeed(base string, body []byte, now time.Time) (*Page, error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("feed: empty body")
	case trimmed[0] == '{' || trimmed[0] == '[':
		return nil, errors.New("feed: got JSON, not a feed")
	case isHTMLDocument(trimmed):
		return nil, errors.New("feed: got an HTML page, not a feed")
	}
	var f feedDoc
	if err := xml.Unmarshal(trimmed, &f); err != nil {
		return nil, fmt.Errorf("feed: invalid XML: %w", err)
	}
	var entries []feedEntry
	var name string
	var links []feedLink
	switch strings.ToLower(f.XMLName.Local) {
	case "feed":
		name, links = f.Title.text(), f.Links
		for _, e := range f.Entries {
			entries = append(entries, e.entry())
		}
	case "rss", "rdf":
		name, links = strings.TrimSpace(f.Channel.Title), f.Channel.Links
		for _, it := range append(f.Channel.Items, f.Items...) {
			entries = append(entries, it.entry())
		}
	case "html":
		return nil, errors.New("feed: got an HTML page, not a feed")
	default:
		return nil, fmt.Errorf("feed: root element <%s> is not an Atom or RSS feed", truncate(f.XMLName.Local, 64))
	}

	p := &Page{Kind: KindFeed, Name: name, URL: firstLink(base, alternate(links), base)}
	for _, e := range entries {
		if in, ok := e.incident(now); ok {
			p.Incidents = append(p.Incidents, in)
		}
	}
	p.Level = max(Operational, worstIncident(p.Incidents))
	return p, nil
}

func (e atomEntry) entry() feedEntry {
	text := e.Content.text()
	if text == "" {
		text = e.Summary.text()
	}
	fe := feedEntry{id: strings.TrimSpace(e.ID), title: e.Title.text(), link: alternate(e.Links), text: text}
	fe.updated = feedTime(e.Updated)
	fe.published = feedTime(e.Published)
	return fe
}

func (it rssItem) entry() feedEntry {
	text := htmlText(it.Encoded)
	if text == "" {
		text = htmlText(it.Description)
	}
	fe := feedEntry{id: strings.TrimSpace(it.GUID), title: strings.TrimSpace(it.Title), link: strings.TrimSpace(it.Link), text: text}
	fe.updated = feedTime(it.PubDate)
	if fe.updated.IsZero() {
		fe.updated = feedTime(it.Date)
	}
	fe.published = fe.updated
	return fe
}

// incident makes an entry an ongoing incident, if it is one.
func (e feedEntry) incident(now time.Time) (Incident, bool) {
	at := e.updated
	if at.IsZero() {
		at = e.published
	}
	word := statusWord(e.text)
	if w := statusWord(e.title); w != "" && strings.HasPrefix(strings.TrimLeft(strings.ToLower(e.title), "[( "), w) {
		word = w
	}
	window := feedWindow
	switch word {
	case "resolved", "completed", "postmortem", "scheduled":
		return Incident{}, false
	case "":
	default:
		window = feedOngoing
	}
	if at.IsZero() || at.Before(now.Add(-window)) {
		return Incident{}, false
	}
	in := Incident{
		ID:      e.id,
		Title:   e.title,
		Status:  word,
		URL:     link(e.link, e.link),
		Started: e.published,
		Updated: at,
		Level:   Partial,
		Updates: []Update{{At: at, Status: word, Body: truncate(e.text, maxUpdateBody)}},
	}
	if in.ID == "" {
		in.ID = in.URL
	}
	if in.Started.IsZero() {
		in.Started = at
	}
	if strings.Contains(strings.ToLower(e.title+" "+e.text), "maintenance") {
		in.Level = Maintenance
	}
	return in, true
}

// statusWords are the words status pages start an update with.
func statusWords() []string {
	return []string{
		"resolved", "completed", "postmortem", "scheduled",
		"investigating", "identified", "monitoring", "update", "in progress", "verifying",
	}
}

// statusWord is the status of the latest update in s, lower-cased, or "".
// It is the first status word that heads an update, as pages write them:
// followed by a dash or a colon ("Resolved - …", Atlassian's newest update
// first; "Resolved: …", Slack's) or after "Status:" (incident.io's). With
// none, it is the first one in the prose that no negation comes just before
// ("we're investigating", but not "not yet resolved"), "" if none.
func statusWord(s string) string {
	lower := strings.ToLower(s)
	if w := firstStatusWord(lower, heads); w != "" {
		return w
	}
	return firstStatusWord(lower, func(s string, i, _ int) bool { return !negated(s[:i]) })
}

// firstStatusWord is the status word that comes first in s among the
// occurrences ok accepts.
func firstStatusWord(s string, ok func(s string, i, n int) bool) string {
	best, at := "", len(s)+1
	for _, w := range statusWords() {
		for i := range wordsAt(s, w) {
			if i >= at {
				break
			}
			if ok(s, i, len(w)) {
				best, at = w, i
				break
			}
		}
	}
	return best
}

// heads reports whether the word s[i:i+n] heads an update: a dash or colon
// follows it, or "status:" comes before it.
func heads(s string, i, n int) bool {
	after := strings.TrimLeft(s[i+n:], " \t")
	for _, sep := range []string{"-", "–", "—", ":"} {
		if strings.HasPrefix(after, sep) {
			return true
		}
	}
	return strings.HasSuffix(strings.TrimRight(s[:i], " \t"), "status:")
}

// negated reports whether the last words of before deny what follows:
// "not (yet) resolved", "hasn't been resolved", "yet to be resolved".
func negated(before string) bool {
	words := strings.FieldsFunc(before, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	for _, w := range words[max(0, len(words)-3):] {
		switch {
		case w == "not", w == "no", w == "never", w == "yet", w == "until", w == "unless",
			strings.HasSuffix(w, "n't"), strings.HasSuffix(w, "n’t"):
			return true
		}
	}
	return false
}

// wordsAt yields the index of each occurrence of w in s that stands as a
// word of its own.
func wordsAt(s, w string) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for off := 0; ; {
			i := strings.Index(s[off:], w)
			if i < 0 {
				return
			}
			i += off
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+len(w):])
			if !unicode.IsLetter(before) && !unicode.IsLetter(after) && !yield(i) {
				return
			}
			off = i + len(w)
		}
	}
}

// alternate is the human link among links: rel="alternate" or no rel, an
// href or (RSS) the element's text.
func alternate(links []feedLink) string {
	for _, l := range links {
		if l.Rel != "" && l.Rel != "alternate" {
			continue
		}
		if h := strings.TrimSpace(l.Href); h != "" {
			return h
		}
		if t := strings.TrimSpace(l.Text); t != "" {
			return t
		}
	}
	return ""
}

// feedTime reads the date formats feeds use; a date it cannot read is zero.
func feedTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{
		time.RFC3339, time.RFC1123Z, time.RFC1123,
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05 -0700", time.RFC822Z, time.RFC822,
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// isHTMLDocument reports whether b is an HTML page rather than XML: a
// doctype or an <html> root, after any XML declaration.
func isHTMLDocument(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 512)])
	if bytes.HasPrefix(head, []byte("<?xml")) {
		if i := bytes.Index(head, []byte("?>")); i >= 0 {
			head = bytes.TrimSpace(head[i+2:])
		}
	}
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// htmlText is the text of an HTML fragment: block tags become spaces,
// inline ones vanish, entities are decoded, runs of space collapse.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break // an unclosed tag: drop the rest
		}
		if !inlineTag(s[i+1 : i+j]) {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// inlineTag reports whether a tag (its text between < and >) is one that
// sits inside a line of text.
func inlineTag(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(tag, " \t\n/"); i >= 0 {
		tag = tag[:i]
	}
	switch strings.ToLower(tag) {
	case "a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "sub", "sup", "u", "var":
		return true
	}
	return false
}

// truncate cuts s to at most n bytes at a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
