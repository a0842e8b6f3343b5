package news

import (
	"context"
	"crypto/tls"
	"errors"
	"hash/maphash"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/downradar/downradar/checker/probe"
)

// Defaults of a zero Poller.
const (
	DefaultMaxBytes = 2 << 20
	DefaultMaxAge   = 6 * time.Hour
	DefaultMaxItems = 100
	DefaultMaxSeen  = 20_000
	DefaultParallel = 4
	// DefaultUserAgent names the app and where to learn about it.
	DefaultUserAgent = "DownRadar/1 (+https://github.com/downradar/downradar)"
)

// Backoff of a failing feed: 1, 2, 4 ... minutes, at most maxBackoff; a
// server's Retry-After is honoured up to maxRetryAfter. A feed nobody has
// asked for in forgetAfter is forgotten (validators, failures).
const (
	baseBackoff   = time.Minute
	maxBackoff    = 60 * time.Minute
	maxRetryAfter = 6 * time.Hour
	forgetAfter   = 24 * time.Hour
	maxValidator  = 1024 // bytes of ETag or Last-Modified worth keeping
)

// ErrTooLarge is wrapped by the error of a response over Poller.MaxBytes.
var ErrTooLarge = errors.New("response over the size cap")

// Poller fetches feeds and returns the items it has not returned before.
// Its zero value is ready to use; it must not be copied after first use.
// Poll may be called from several goroutines: a feed being fetched by one
// call is skipped by the others.
type Poller struct {
	HTTP      *http.Client     // nil: a default client with timeouts
	MaxBytes  int64            // per response (after decompression); default 2 MiB
	MaxAge    time.Duration    // items older than this are dropped; default 6 h
	MaxItems  int              // newest items considered per feed per poll; default 100
	MaxSeen   int              // stories remembered for dedupe; default 20,000 (oldest forgotten first)
	Parallel  int              // feeds fetched at once; default 4
	Now       func() time.Time // default time.Now
	UserAgent string           // default DefaultUserAgent

	// whole makes every document parsed whole (the tests compare).
	whole bool
	// parsed counts the items parsed (the tests read it).
	parsed atomic.Int64

	mu     sync.Mutex
	feeds  map[string]*feedState // by Feed.URL
	seen   seenSet
	items  maphash.Seed // of the hashes of feedState.known
	once   sync.Once
	client *http.Client // the default one, made once
}

// feedState is what a Poller remembers of one feed between polls.
type feedState struct {
	etag, lastModified string
	failures           int
	retry              time.Time // not before
	busy               bool      // being fetched
	asked              time.Time // last Poll that listed it
	// known are the hashes of the items of the last document read, sorted,
	// when the next one may be parsed without those (see spans.go); nil
	// when it may not.
	known []uint64
}

// job is one feed to fetch in this Poll, with its validators.
type job struct {
	feed               Feed
	etag, lastModified string
	known              []uint64 // feedState.known
	seed               maphash.Seed
}

// Poll fetches the feeds that are due (not in backoff, not being fetched by
// another Poll), at most Parallel at a time, with If-None-Match and
// If-Modified-Since when the feed gave validators; 304 means nothing new.
// It returns the items not returned before, across all feeds and polls (the
// same story via two feeds, or twice, comes back once), newest first,
// within MaxAge, and one FeedError per failed feed. A failing feed backs off
// exponentially (1, 2, 4 ... 60 min, or longer when a 429/503 says
// Retry-After) and never holds up the others. Poll returns when ctx ends;
// feeds not fetched by then are reported with ctx's error and no penalty
// unless their request was under way (a feed that stalls past a deadline is
// a failing feed).
func (p *Poller) Poll(ctx context.Context, feeds []Feed) ([]Item, []*FeedError) {
	now := p.now()
	jobs := p.claim(feeds, now)
	results := make([]result, len(jobs))
	queue := make(chan int, len(jobs)) // in the order given: the first feeds go first
	for i := range jobs {
		queue <- i
	}
	close(queue)
	var wg sync.WaitGroup
	for range min(p.parallel(), len(jobs)) {
		wg.Go(func() {
			for i := range queue {
				if ctx.Err() != nil {
					results[i] = result{err: ctx.Err(), untried: true}
					continue
				}
				results[i] = p.fetch(ctx, jobs[i], now)
			}
		})
	}
	wg.Wait()
	return p.settle(ctx, jobs, results, now)
}

// claim picks the feeds that are due and marks them busy.
func (p *Poller) claim(feeds []Feed, now time.Time) []job {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.feeds == nil {
		p.feeds = map[string]*feedState{}
		p.items = maphash.MakeSeed()
	}
	var jobs []job
	for _, f := range feeds {
		if f.URL == "" {
			continue
		}
		st := p.feeds[f.URL]
		if st == nil {
			st = &feedState{}
			p.feeds[f.URL] = st
		}
		st.asked = now
		if st.busy || now.Before(st.retry) {
			continue // in backoff, being fetched, or listed twice
		}
		st.busy = true
		jobs = append(jobs, job{feed: f, etag: st.etag, lastModified: st.lastModified, known: st.known, seed: p.items})
	}
	return jobs
}

// settle records each feed's outcome, then merges the new items through the
// seen-set.
func (p *Poller) settle(ctx context.Context, jobs []job, results []result, now time.Time) ([]Item, []*FeedError) {
	var items []Item
	var errs []*FeedError
	for i := range results {
		items = append(items, results[i].items...)
	}
	// Newest first; among equals, the order of the feeds given.
	slices.SortStableFunc(items, func(a, b Item) int { return b.Published.Compare(a.Published) })

	p.mu.Lock()
	defer p.mu.Unlock()
	for i, r := range results {
		st := p.feeds[jobs[i].feed.URL]
		st.busy = false
		if r.err == nil {
			st.failures, st.retry = 0, time.Time{}
			if !r.notModified {
				st.etag, st.lastModified, st.known = r.etag, r.lastModified, r.known
			}
			continue
		}
		if !r.untried && !errors.Is(ctx.Err(), context.Canceled) {
			st.failures++
			st.retry = now.Add(backoff(st.failures))
			if ra := r.retryAfter; !ra.IsZero() {
				if limit := now.Add(maxRetryAfter); ra.After(limit) {
					ra = limit
				}
				st.retry = later(st.retry, ra)
			}
		}
		errs = append(errs, &FeedError{Feed: jobs[i].feed.URL, Err: r.err, Failures: st.failures, Retry: st.retry})
	}

	p.seen.prune(now, p.maxSeen())
	expires := now.Add(p.maxAge())
	fresh := items[:0]
	for _, it := range items {
		link, title := Key(it)
		undated := it.Published.Equal(now) // Parse's stand-in for a missing date
		if !p.seen.check(link, title, expires, undated) {
			fresh = append(fresh, it)
		}
	}
	clear(items[len(fresh):]) // let go of the duplicates' strings
	p.seen.prune(now, p.maxSeen())
	for u, st := range p.feeds {
		if !st.busy && now.Sub(st.asked) > forgetAfter {
			delete(p.feeds, u)
		}
	}
	if len(fresh) == 0 {
		fresh = nil
	}
	return fresh, errs
}

// backoff is the wait after n consecutive failures.
func backoff(n int) time.Duration {
	if n <= 0 {
		return 0
	}
	if n > 7 {
		return maxBackoff
	}
	return min(maxBackoff, baseBackoff<<(n-1))
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) maxBytes() int64 {
	if p.MaxBytes > 0 {
		return p.MaxBytes
	}
	return DefaultMaxBytes
}

func (p *Poller) maxAge() time.Duration {
	if p.MaxAge > 0 {
		return p.MaxAge
	}
	return DefaultMaxAge
}

func (p *Poller) maxItems() int {
	if p.MaxItems > 0 {
		return p.MaxItems
	}
	return DefaultMaxItems
}

func (p *Poller) maxSeen() int {
	if p.MaxSeen > 0 {
		return p.MaxSeen
	}
	return DefaultMaxSeen
}

func (p *Poller) parallel() int {
	if p.Parallel > 0 {
		return p.Parallel
	}
	return DefaultParallel
}

func (p *Poller) userAgent() string {
	if p.UserAgent != "" {
		return p.UserAgent
	}
	return DefaultUserAgent
}

// httpClient is p.HTTP, else a client with timeouts at every phase so that
// one stalled feed cannot hold a slot for long even without a deadline.
func (p *Poller) httpClient() *http.Client {
	if p.HTTP != nil {
		return p.HTTP
	}
	p.once.Do(func() {
		// The probes' resolver and Happy Eyeballs: a black-holed address
		// family costs a quarter second, not the feed.
		dialer := &probe.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
		p.client = &http.Client{
			Timeout: 60 * time.Second,
			Transport: &http.Transport{
				Proxy:             http.ProxyFromEnvironment,
				DialContext:       dialer.DialContext,
				ForceAttemptHTTP2: true,
				// The feeds are read every 10 minutes, long after the idle
				// connection closed: resume the TLS session instead of a
				// full handshake with its certificate chain each time.
				TLSClientConfig:        &tls.Config{ClientSessionCache: tls.NewLRUClientSessionCache(32)},
				TLSHandshakeTimeout:    10 * time.Second,
				ResponseHeaderTimeout:  30 * time.Second,
				IdleConnTimeout:        90 * time.Second,
				MaxIdleConnsPerHost:    DefaultParallel,
				MaxResponseHeaderBytes: 64 << 10,
			},
		}
	})
	return p.client
}
