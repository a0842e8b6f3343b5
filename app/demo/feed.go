package demo

import (
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/lab"
)

// Feed is the lab's news: one RSS feed per language of the known stories
// (as the built-in news search has one feed per edition, so that each
// report keeps its language), and a page per published story.
type Feed struct {
	port  *lab.Port
	srv   *http.Server
	base  string
	now   func() time.Time
	langs []string

	mu    sync.Mutex
	items []FeedItem // in order of publication
}

// notModified answers 304 when the client has version v already (an ETag),
// and otherwise sets the ETag: pollers then parse only what changed.
func notModified(w http.ResponseWriter, r *http.Request, v int) bool {
	etag := fmt.Sprintf(`"v%d"`, v)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	w.Header().Set("ETag", etag)
	return false
}

// publisher names who published the story, as Google News' <source> does
// (the radar counts distinct sources): the site of its source, or the seed.
func (s Story) publisher() string {
	if u, err := url.Parse(s.Source); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return s.Source
}

// FeedItem is a story as the lab published it.
type FeedItem struct {
	Story
	At   time.Time // its publication date
	Link string    // its page on the lab
}

func startFeed(now func() time.Time) (*Feed, error) {
	all, err := Stories()
	if err != nil {
		return nil, err
	}
	f := &Feed{now: now}
	for _, s := range all {
		if !slices.Contains(f.langs, s.Lang) {
			f.langs = append(f.langs, s.Lang)
		}
	}
	slices.Sort(f.langs)
	if f.port, err = lab.ListenPort(); err != nil {
		return nil, fmt.Errorf("demo: news feed: %w", err)
	}
	f.base = "http://" + f.port.Addr().String()
	f.srv = &http.Server{Handler: f, ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(f.port)
	return f, nil
}

func (f *Feed) close() { f.srv.Close() }

// Languages are the languages the lab has a feed for, sorted.
func (f *Feed) Languages() []string { return slices.Clone(f.langs) }

// URL is the feed of one language.
func (f *Feed) URL(lang string) string { return f.base + "/" + lang + ".rss" }

// Publish adds the stories to their languages' feeds, dated now.
func (f *Feed) Publish(stories ...Story) error {
	for _, s := range stories {
		if !slices.Contains(f.langs, s.Lang) {
			return fmt.Errorf("demo: no lab feed in language %q (story %s)", s.Lang, s.ID)
		}
	}
	at := f.now().UTC().Truncate(time.Second)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range stories {
		f.items = append(f.items, FeedItem{Story: s, At: at, Link: f.base + "/news/" + s.ID})
	}
	return nil
}

// Items are the stories published so far, oldest first.
func (f *Feed) Items() []FeedItem {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.items)
}

// ServeHTTP serves /<lang>.rss and /news/<id>.
func (f *Feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	if lang, ok := strings.CutSuffix(p, ".rss"); ok && slices.Contains(f.langs, lang) {
		if notModified(w, r, len(f.Items())) {
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, f.rss(lang))
		return
	}
	if id, ok := strings.CutPrefix(p, "news/"); ok {
		for _, it := range f.Items() {
			if it.ID == id {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprintf(w, "<!doctype html><html lang=%q><title>%s</title><h1>%s</h1><p>%s</p><p>Published at %s</p>\n",
					it.Lang, html.EscapeString(it.Title), html.EscapeString(it.Title), html.EscapeString(it.Summary), html.EscapeString(it.Source))
				return
			}
		}
	}
	http.NotFound(w, r)
}

// rss is one language's feed, newest first.
func (f *Feed) rss(lang string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<rss version="2.0"><channel><title>DownRadar lab news (%s)</title><link>%s/</link><description>Real reports of real outages, replayed by the DownRadar lab</description><language>%s</language>`+"\n",
		lang, f.base, lang)
	items := f.Items()
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		if it.Lang != lang {
			continue
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><description>%s</description><pubDate>%s</pubDate><source url=\"%s\">%s</source></item>\n",
			html.EscapeString(it.Title), html.EscapeString(it.Link), html.EscapeString(it.Link), html.EscapeString(it.Summary), it.At.Format(time.RFC1123Z),
			html.EscapeString(it.Link), html.EscapeString(it.publisher()))
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}
