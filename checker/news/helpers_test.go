package news

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"time"
)

// t0 is the tests' "now".
var t0 = time.Date(2024, 3, 5, 16, 0, 0, 0, time.UTC)

// clock is a settable Now for a Poller.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// entry is one item of a feed made by rssDoc.
type entry struct {
	Title, Link, GUID, Desc, Source string
	Pub                             time.Time // zero: no pubDate
}

// rssDoc renders entries as an RSS 2.0 document.
func rssDoc(entries ...entry) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<rss version=\"2.0\"><channel><title>t</title><link>https://example.com/</link><description>d</description>\n")
	for _, e := range entries {
		b.WriteString("<item>")
		fmt.Fprintf(&b, "<title>%s</title>", html.EscapeString(e.Title))
		if e.Link != "" {
			fmt.Fprintf(&b, "<link>%s</link>", html.EscapeString(e.Link))
		}
		if e.GUID != "" {
			fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, html.EscapeString(e.GUID))
		}
		if e.Desc != "" {
			fmt.Fprintf(&b, "<description>%s</description>", html.EscapeString(e.Desc))
		}
		if e.Source != "" {
			fmt.Fprintf(&b, `<source url="https://example.com/src">%s</source>`, html.EscapeString(e.Source))
		}
		if !e.Pub.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", e.Pub.UTC().Format(time.RFC1123Z))
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// manyEntries makes n distinct entries, one a minute back from newest.
func manyEntries(prefix string, n int, newest time.Time) []entry {
	es := make([]entry, n)
	for i := range es {
		es[i] = entry{
			Title: fmt.Sprintf("%s story number %d about an outage", prefix, i),
			Link:  fmt.Sprintf("https://example.com/%s/%d", prefix, i),
			Desc:  fmt.Sprintf("<p>Users of <b>%s</b> report problems, %d.</p>", prefix, i),
			Pub:   newest.Add(-time.Duration(i) * time.Minute),
		}
	}
	return es
}
