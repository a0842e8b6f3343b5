package news

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// feedServer serves a feed document that the test can change, counting
// hits and answering conditional GETs.
type feedServer struct {
	*httptest.Server
	mu        sync.Mutex
	body      []byte
	etag      string
	lastMod   string
	status    int // non-zero: answer this instead
	header    http.Header
	hits      atomic.Int32
	sawINM    []string
	sawIMS    []string
	userAgent string
}

func newFeedServer(t *testing.T, body []byte) *feedServer {
	s := &feedServer{body: body}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userAgent = r.UserAgent()
	s.sawINM = append(s.sawINM, r.Header.Get("If-None-Match"))
	s.sawIMS = append(s.sawIMS, r.Header.Get("If-Modified-Since"))
	for k, v := range s.header {
		w.Header()[k] = v
	}
	if s.status != 0 {
		w.WriteHeader(s.status)
		return
	}
	if s.etag != "" {
		w.Header().Set("ETag", s.etag)
		if r.Header.Get("If-None-Match") == s.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if s.lastMod != "" {
		w.Header().Set("Last-Modified", s.lastMod)
		if r.Header.Get("If-Modified-Since") == s.lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write(s.body)
}

func (s *feedServer) set(f func(s *feedServer)) { s.mu.Lock(); f(s); s.mu.Unlock() }

func (s *feedServer) feed() Feed {
	return Feed{URL: s.URL + "/rss", Lang: "en", Region: "US", Name: "test"}
}

func newPoller(c *clock) *Poller { return &Poller{Now: c.Now} }

func pollOK(t *testing.T, p *Poller, feeds ...Feed) []Item {
	t.Helper()
	items, errs := p.Poll(context.Background(), feeds)
	for _, e := range errs {
		t.Errorf("feed error: %v", e)
	}
	return items
}

func TestPollConditionalGet(t *testing.T) {
	for _, mode := range []string{"etag", "last-modified"} {
		t.Run(mode, func(t *testing.T) {
			c := newClock()
			srv := newFeedServer(t, rssDoc(manyEntries("cond", 3, t0.Add(-time.Minute))...))
			if mode == "etag" {
				srv.etag = `"v1"`
			} else {
				srv.lastMod = t0.Add(-time.Hour).Format(http.TimeFormat)
			}
			p := newPoller(c)
			items := pollOK(t, p, srv.feed())
			if len(items) != 3 {
				t.Fatalf("first poll: %d items, want 3", len(items))
			}
			if it := items[0]; it.Lang != "en" || it.Region != "US" || it.Feed != srv.feed().URL {
				t.Errorf("feed fields not stamped: %+v", it)
			}
			c.Advance(MinInterval)
			if items := pollOK(t, p, srv.feed()); len(items) != 0 {
				t.Fatalf("second poll: %d items, want none (304)", len(items))
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if srv.hits.Load() != 2 {
				t.Fatalf("hits = %d", srv.hits.Load())
			}
			if srv.sawINM[0] != "" || srv.sawIMS[0] != "" {
				t.Errorf("first request sent validators %q %q", srv.sawINM[0], srv.sawIMS[0])
			}
			if mode == "etag" && srv.sawINM[1] != `"v1"` {
				t.Errorf("If-None-Match = %q", srv.sawINM[1])
			}
			if mode == "last-modified" && srv.sawIMS[1] != srv.lastMod {
				t.Errorf("If-Modified-Since = %q, want %q", srv.sawIMS[1], srv.lastMod)
			}
			if !strings.HasPrefix(srv.userAgent, "DownRadar/") {
				t.Errorf("User-Agent = %q", srv.userAgent)
			}
		})
	}
}

func TestPollReturnsOnlyNewItems(t *testing.T) {
	c := newClock()
	es := manyEntries("grow", 3, t0.Add(-10*time.Minute))
	srv := newFeedServer(t, rssDoc(es...))
	p := newPoller(c)
	if got := pollOK(t, p, srv.feed()); len(got) != 3 {
		t.Fatalf("first poll: %d", len(got))
	}
	fresh := entry{Title: "A brand new story on the outage", Link: "https://example.com/new", Pub: t0.Add(-time.Minute)}
	srv.set(func(s *feedServer) { s.body = rssDoc(append([]entry{fresh}, es...)...) })
	c.Advance(MinInterval)
	got := pollOK(t, p, srv.feed())
	if len(got) != 1 || got[0].Link != fresh.Link {
		t.Fatalf("second poll: %+v, want only the new story", got)
	}
}

func TestPollDedupeAcrossFeeds(t *testing.T) {
	c := newClock()
	a := newFeedServer(t, rssDoc(
		entry{Title: "Instagram is down around the world", Link: "https://www.news.example/ig-down?utm_source=google&id=9", Pub: t0.Add(-5 * time.Minute)},
		entry{Title: "YouTube outage hits millions of viewers - Daily Example", Source: "Daily Example", Link: "https://daily.example/yt", Pub: t0.Add(-20 * time.Minute)},
		entry{Title: "Only in feed A, a separate story", Link: "https://a.example/only", Pub: t0.Add(-30 * time.Minute)},
	))
	b := newFeedServer(t, rssDoc(
		entry{Title: "Instagram down: users cannot log in", Link: "https://news.example/ig-down?id=9&utm_medium=rss&fbclid=zz", Pub: t0.Add(-6 * time.Minute)},
		entry{Title: "YouTube outage hits millions of viewers", Link: "https://other.example/story/123", Pub: t0.Add(-15 * time.Minute)},
		entry{Title: "Only in feed B, another story", Link: "https://b.example/only", Pub: t0.Add(-40 * time.Minute)},
	))
	p := newPoller(c)
	got := pollOK(t, p, a.feed(), b.feed())
	var titles []string
	for _, it := range got {
		titles = append(titles, it.Title)
	}
	want := []string{
		"Instagram is down around the world",      // newer than B's copy of the link
		"YouTube outage hits millions of viewers", // B's, newer; A's has the same title
		"Only in feed A, a separate story",
		"Only in feed B, another story",
	}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q\nwant %q", titles, want)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Published.After(got[i-1].Published) {
			t.Errorf("not newest first at %d", i)
		}
	}
	// The same stories again, via new links or titles, in a later poll: nothing.
	c2 := newFeedServer(t, rssDoc(
		entry{Title: "Instagram is down around the world", Link: "https://mirror.example/x", Pub: t0.Add(-4 * time.Minute)},
		entry{Title: "Completely different words here", Link: "https://b.example/only?utm_content=x", Pub: t0.Add(-4 * time.Minute)},
	))
	c.Advance(MinInterval)
	if got := pollOK(t, p, c2.feed()); len(got) != 0 {
		t.Fatalf("seen stories came back: %+v", got)
	}
}

func TestPollUndatedItemReturnedOnce(t *testing.T) {
	c := newClock()
	srv := newFeedServer(t, rssDoc(entry{Title: "An undated story that stays in the feed", Link: "https://x.example/undated"}))
	p := &Poller{Now: c.Now, MaxAge: time.Hour}
	if got := pollOK(t, p, srv.feed()); len(got) != 1 || !got[0].Published.Equal(c.Now()) {
		t.Fatalf("first poll: %+v", got)
	}
	for range 18 { // three MaxAges
		c.Advance(10 * time.Minute)
		if got := pollOK(t, p, srv.feed()); len(got) != 0 {
			t.Fatalf("at %v the undated story came back", c.Now().Sub(t0))
		}
	}
}

func TestPollAgeWindowAndMaxItems(t *testing.T) {
	c := newClock()
	srv := newFeedServer(t, rssDoc(
		entry{Title: "Fresh story from one hour ago", Link: "https://x.example/1", Pub: t0.Add(-time.Hour)},
		entry{Title: "Stale story from seven hours ago", Link: "https://x.example/7", Pub: t0.Add(-7 * time.Hour)},
		entry{Title: "Story with no date at all here", Link: "https://x.example/nodate"},
	))
	p := newPoller(c)
	got := pollOK(t, p, srv.feed())
	if len(got) != 2 || got[0].Link != "https://x.example/nodate" || got[1].Link != "https://x.example/1" {
		t.Fatalf("default 6 h window: %+v", got)
	}

	many := newFeedServer(t, rssDoc(manyEntries("cap", 10, t0)...))
	p = &Poller{Now: c.Now, MaxItems: 3, MaxAge: 30 * time.Minute}
	got = pollOK(t, p, many.feed())
	if len(got) != 3 {
		t.Fatalf("MaxItems 3: %d items", len(got))
	}
	for i, it := range got {
		if want := manyEntries("cap", 10, t0)[i].Link; it.Link != want {
			t.Errorf("item %d = %s, want the newest %s", i, it.Link, want)
		}
	}
}

func TestPollSizeCap(t *testing.T) {
	c := newClock()
	body := rssDoc(manyEntries("big", 40, t0)...)
	fixed := newFeedServer(t, body)
	chunked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(body); i += 512 {
			w.Write(body[i:min(len(body), i+512)])
			w.(http.Flusher).Flush() // no Content-Length
		}
	}))
	defer chunked.Close()
	p := &Poller{Now: c.Now, MaxBytes: 1024}
	items, errs := p.Poll(context.Background(), []Feed{fixed.feed(), {URL: chunked.URL + "/chunked"}})
	if len(items) != 0 || len(errs) != 2 {
		t.Fatalf("items %d, errs %v", len(items), errs)
	}
	for _, e := range errs {
		if !errors.Is(e, ErrTooLarge) || !strings.Contains(e.Error(), e.Feed) || !strings.Contains(e.Error(), "1024") {
			t.Errorf("error %q: want ErrTooLarge naming the feed and the cap", e)
		}
	}
}

func TestPollBackoff(t *testing.T) {
	c := newClock()
	good := newFeedServer(t, rssDoc(manyEntries("good", 1, t0)...))
	bad := newFeedServer(t, nil)
	bad.status = http.StatusInternalServerError
	p := newPoller(c)
	feeds := []Feed{bad.feed(), good.feed()}

	poll := func(wantBadHits int32, wantFailures int, wantRetry time.Duration) {
		t.Helper()
		_, errs := p.Poll(context.Background(), feeds)
		if got := bad.hits.Load(); got != wantBadHits {
			t.Fatalf("bad server hits = %d, want %d", got, wantBadHits)
		}
		if len(errs) != 1 || errs[0].Feed != bad.feed().URL {
			t.Fatalf("errs = %v", errs)
		}
		if e := errs[0]; e.Failures != wantFailures || !e.Retry.Equal(c.Now().Add(wantRetry)) && wantRetry >= 0 {
			t.Fatalf("failures %d retry %v; want %d, now+%v", e.Failures, e.Retry, wantFailures, wantRetry)
		}
	}
	poll(1, 1, time.Minute)
	// Before Retry: the bad feed is not fetched (nor reported), the good one is.
	c.Advance(59 * time.Second)
	if _, errs := p.Poll(context.Background(), feeds); len(errs) != 0 {
		t.Fatalf("errs = %v", errs)
	}
	if bad.hits.Load() != 1 || good.hits.Load() != 2 {
		t.Fatalf("hits bad %d good %d", bad.hits.Load(), good.hits.Load())
	}
	c.Advance(time.Second)
	poll(2, 2, 2*time.Minute)
	c.Advance(2 * time.Minute)
	poll(3, 3, 4*time.Minute)
	if good.hits.Load() != 4 {
		t.Errorf("good feed hits = %d, want every poll", good.hits.Load())
	}
	c.Advance(4 * time.Minute)
	if e := poll1Err(t, p, feeds); !strings.Contains(e, "HTTP 500") || !strings.Contains(e, bad.feed().URL) {
		t.Errorf("error %q does not name the feed and the status", e)
	}

	// Recovery resets the count.
	bad.set(func(s *feedServer) { s.status = 0; s.body = rssDoc(manyEntries("back", 1, c.Now())...) })
	c.Advance(8 * time.Minute)
	if items, errs := p.Poll(context.Background(), feeds); len(errs) != 0 || len(items) != 1 {
		t.Fatalf("after recovery: items %d errs %v", len(items), errs)
	}
	if st := p.feeds[bad.feed().URL]; st.failures != 0 || !st.retry.IsZero() {
		t.Errorf("state after recovery: %+v", st)
	}
}

// poll1Err polls once more and returns the bad feed's error text.
func poll1Err(t *testing.T, p *Poller, feeds []Feed) string {
	t.Helper()
	_, errs := p.Poll(context.Background(), feeds)
	if len(errs) != 1 {
		t.Fatalf("errs = %v", errs)
	}
	return errs[0].Error()
}

func TestPollBackoffCap(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 6: 32 * time.Minute, 7: time.Hour, 8: time.Hour, 1000: time.Hour} {
		if got := backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestPollRetryAfter(t *testing.T) {
	c := newClock()
	secs := newFeedServer(t, nil)
	secs.status, secs.header = http.StatusTooManyRequests, http.Header{"Retry-After": {"600"}}
	date := newFeedServer(t, nil)
	date.status, date.header = http.StatusServiceUnavailable, http.Header{"Retry-After": {t0.Add(20 * time.Minute).Format(http.TimeFormat)}}
	short := newFeedServer(t, nil)
	short.status, short.header = http.StatusTooManyRequests, http.Header{"Retry-After": {"5"}}
	huge := newFeedServer(t, nil)
	huge.status, huge.header = http.StatusTooManyRequests, http.Header{"Retry-After": {"99999999"}}
	p := newPoller(c)
	_, errs := p.Poll(context.Background(), []Feed{secs.feed(), date.feed(), short.feed(), huge.feed()})
	want := map[string]time.Duration{
		secs.feed().URL:  10 * time.Minute,
		date.feed().URL:  20 * time.Minute,
		short.feed().URL: time.Minute, // the backoff is longer
		huge.feed().URL:  maxRetryAfter,
	}
	if len(errs) != len(want) {
		t.Fatalf("errs = %v", errs)
	}
	for _, e := range errs {
		if !e.Retry.Equal(t0.Add(want[e.Feed])) {
			t.Errorf("%s: Retry %v, want now+%v", e.Feed, e.Retry, want[e.Feed])
		}
	}
	c.Advance(10*time.Minute + time.Second)
	p.Poll(context.Background(), []Feed{secs.feed(), date.feed()})
	if secs.hits.Load() != 2 || date.hits.Load() != 1 {
		t.Errorf("hits after 10 min: %d (want 2), %d (want 1)", secs.hits.Load(), date.hits.Load())
	}
}

// deadline is a context whose deadline passes when the test says so: the
// deadline comes at a known point of the poll, whatever the machine's load.
type deadline struct {
	context.Context
	done chan struct{}
}

func newDeadline() *deadline {
	return &deadline{Context: context.Background(), done: make(chan struct{})}
}

func (d *deadline) expire()               { close(d.done) }
func (d *deadline) Done() <-chan struct{} { return d.done }
func (d *deadline) Err() error {
	select {
	case <-d.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func TestPollContextDeadline(t *testing.T) {
	c := newClock()
	release := make(chan struct{})
	ctx := newDeadline()
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx.expire() // the good feed, first in line, is read; this one stalls past the deadline
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer stalled.Close()
	defer close(release)
	good := newFeedServer(t, rssDoc(manyEntries("good", 2, t0)...))
	p := &Poller{Now: c.Now, Parallel: 1}
	type out struct {
		items []Item
		errs  []*FeedError
	}
	done := make(chan out, 1)
	go func() {
		items, errs := p.Poll(ctx, []Feed{good.feed(), {URL: stalled.URL + "/stall"}, {URL: stalled.URL + "/never"}})
		done <- out{items, errs}
	}()
	var o out
	select {
	case o = <-done:
	case <-time.After(30 * time.Second): // a hang guard, not a timing assertion
		t.Fatal("Poll did not return after its context ended")
	}
	if len(o.items) != 2 {
		t.Errorf("good feed's items: %d, want 2", len(o.items))
	}
	byFeed := map[string]*FeedError{}
	for _, e := range o.errs {
		byFeed[e.Feed] = e
	}
	st, nv := byFeed[stalled.URL+"/stall"], byFeed[stalled.URL+"/never"]
	if st == nil || nv == nil || !errors.Is(st, context.DeadlineExceeded) || !errors.Is(nv, context.DeadlineExceeded) {
		t.Fatalf("errs = %v", o.errs)
	}
	// The stalled request counts as a failure; the feed never tried does not.
	if st.Failures != 1 || nv.Failures != 0 {
		t.Errorf("failures: stalled %d (want 1), untried %d (want 0)", st.Failures, nv.Failures)
	}
}

func TestPollParallelAndDuplicates(t *testing.T) {
	c := newClock()
	var inFlight, peak atomic.Int32
	body := rssDoc(manyEntries("par", 1, t0)...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		w.Write(body)
	}))
	defer srv.Close()
	var feeds []Feed
	for i := range 12 {
		feeds = append(feeds, Feed{URL: srv.URL + "/f" + string(rune('a'+i))})
	}
	feeds = append(feeds, feeds[0]) // listed twice: fetched once
	p := &Poller{Now: c.Now, Parallel: 3}
	items := pollOK(t, p, feeds...)
	if peak.Load() > 3 {
		t.Errorf("%d requests at once, Parallel is 3", peak.Load())
	}
	if len(items) != 1 { // the same story in every feed
		t.Errorf("items = %d, want 1", len(items))
	}
}

func TestPollPrune(t *testing.T) {
	c := newClock()
	srv := newFeedServer(t, nil)
	p := &Poller{Now: c.Now, MaxAge: time.Hour}
	for round := range 30 {
		srv.set(func(s *feedServer) { s.body = rssDoc(manyEntries(fmt.Sprint("round", round), 20, c.Now())...) })
		if got := pollOK(t, p, srv.feed()); len(got) != 20 {
			t.Fatalf("round %d: %d items", round, len(got))
		}
		// Entries live one MaxAge: at 10-minute polls, at most 7 rounds' worth.
		if n := p.seen.len(); n > 7*20 {
			t.Fatalf("round %d: %d entries remembered", round, n)
		}
		c.Advance(10 * time.Minute)
	}
	// A hard cap holds whatever the age window.
	p = &Poller{Now: c.Now, MaxSeen: 50}
	srv.set(func(s *feedServer) { s.body = rssDoc(manyEntries("cap", 100, c.Now())...) })
	if got := pollOK(t, p, srv.feed()); len(got) != 100 {
		t.Fatalf("%d items", len(got))
	}
	if p.seen.len() > 50 || len(p.seen.links) > 50 || len(p.seen.titles) > 50 {
		t.Errorf("MaxSeen 50: %d entries, %d links, %d titles", p.seen.len(), len(p.seen.links), len(p.seen.titles))
	}
	// Feeds nobody asks for any more are forgotten.
	c.Advance(forgetAfter + time.Minute)
	other := newFeedServer(t, rssDoc())
	pollOK(t, p, other.feed())
	if _, ok := p.feeds[srv.feed().URL]; ok || len(p.feeds) != 1 {
		t.Errorf("feed states: %d", len(p.feeds))
	}
}

func TestFeedError(t *testing.T) {
	inner := errors.New("boom")
	e := &FeedError{Feed: "https://f.example/rss", Err: inner, Failures: 2, Retry: t0}
	if !errors.Is(e, inner) || !strings.Contains(e.Error(), "boom") || !strings.Contains(e.Error(), "2") {
		t.Errorf("FeedError = %q", e)
	}
	var err error = e
	var fe *FeedError
	if !errors.As(err, &fe) || fe.Feed != "https://f.example/rss" {
		t.Error("errors.As")
	}
}
