package statuspage

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/probe"
)

// defaultMaxBytes caps a response when Client.MaxBytes is not set.
const defaultMaxBytes = 4 << 20

// Source is one status page to fetch.
type Source struct {
	URL  string // the page, or for status.io its API URL or "statusio:<page id>"
	Kind Kind   // "" to detect
}

// Client fetches status pages: it detects kinds it is not told, sends
// conditional GETs, and caps what it reads. The zero value is ready to use.
// A Client is safe for concurrent use and must not be copied after first use.
type Client struct {
	HTTP      *http.Client     // nil: a default with timeouts
	MaxBytes  int64            // response cap; 0 means 4 MiB
	Now       func() time.Time // nil: time.Now
	UserAgent string           // "": DownRadar's

	mu      sync.Mutex
	defHTTP *http.Client
	cache   map[string]cached // by endpoint URL
	kinds   map[string]Kind   // detected kinds, by page URL
}

// cached is what a conditional GET of one endpoint needs.
type cached struct {
	kind        Kind
	etag, since string // ETag, Last-Modified
	page        *Page
	body        []byte // feeds only: their "ongoing" depends on the time
	pageURL     string
}

// Fetch gets the page's current state. When src.Kind is "" it detects the
// kind and remembers it (and forgets it when a fetch then fails, so that a
// page that changed provider is detected again); the detection's answer is
// the page when it came from the kind's endpoint, so that it is not asked
// twice. It sends If-None-Match and
// If-Modified-Since when it has an earlier response, and on 304 Not Modified
// returns the earlier Page with Fetched updated.
//
// Any failure (network, HTTP status, a response over the cap, a payload
// that does not parse) is an error naming the URL and the cause. The caller
// treats it as Unknown, never as operational.
func (c *Client) Fetch(ctx context.Context, src Source) (*Page, error) {
	kind, detected := src.Kind, false
	var first *probed
	if kind == "" {
		var err error
		if kind, first, err = c.kindOf(ctx, src.URL); err != nil {
			return nil, err
		}
		detected = true
	}
	endpoint, err := Endpoint(kind, src.URL)
	if err != nil {
		return nil, fmt.Errorf("status page %s: %w", src.URL, err)
	}
	if first != nil && first.url != endpoint {
		first = nil
	}
	p, err := c.fetch(ctx, kind, src.URL, endpoint, first)
	if err != nil && detected && ctx.Err() == nil {
		c.mu.Lock()
		delete(c.kinds, src.URL)
		c.mu.Unlock()
	}
	return p, err
}

// kindOf is the remembered kind of pageURL, or the detected one with the
// answer that told it.
func (c *Client) kindOf(ctx context.Context, pageURL string) (Kind, *probed, error) {
	c.mu.Lock()
	k, ok := c.kinds[pageURL]
	c.mu.Unlock()
	if ok {
		return k, nil, nil
	}
	return c.detect(ctx, pageURL)
}

// remember records a detected kind.
func (c *Client) remember(pageURL string, k Kind) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kinds == nil {
		c.kinds = make(map[string]Kind)
	}
	c.kinds[pageURL] = k
}

// fetch GETs one endpoint, conditionally when it can, and parses it; or
// parses first, the detection's answer from that endpoint, when there is one.
func (c *Client) fetch(ctx context.Context, kind Kind, pageURL, endpoint string, first *probed) (*Page, error) {
	c.mu.Lock()
	prev, havePrev := c.cache[endpoint]
	c.mu.Unlock()
	havePrev = havePrev && prev.kind == kind && prev.pageURL == pageURL
	hdr := http.Header{}
	if havePrev {
		if prev.etag != "" {
			hdr.Set("If-None-Match", prev.etag)
		}
		if prev.since != "" {
			hdr.Set("If-Modified-Since", prev.since)
		}
	}
	var (
		resp *http.Response
		body []byte
		err  error
	)
	if first != nil {
		resp, body = first.resp, first.body
	} else if resp, body, err = c.get(ctx, endpoint, accept(kind), hdr); err != nil {
		return nil, err
	}
	now := c.now()
	var p *Page
	switch {
	case resp.StatusCode == http.StatusNotModified && havePrev && prev.body != nil:
		if p, err = parseAt(kind, pageURL, prev.body, now); err != nil {
			return nil, fmt.Errorf("fetching %s: %w", endpoint, err)
		}
	case resp.StatusCode == http.StatusNotModified && havePrev:
		cp := *prev.page
		cp.Fetched = now
		p = &cp
	case resp.StatusCode == http.StatusNotModified:
		return nil, fmt.Errorf("fetching %s: HTTP %s to an unconditional request", endpoint, resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("fetching %s: HTTP %s", endpoint, resp.Status)
	default:
		if p, err = parseAt(kind, pageURL, body, now); err != nil {
			return nil, fmt.Errorf("fetching %s: %w", endpoint, err)
		}
		prev = cached{kind: kind, pageURL: pageURL, etag: resp.Header.Get("ETag"), since: resp.Header.Get("Last-Modified")}
		if kind == KindFeed {
			prev.body = body
		}
	}
	prev.page = p
	c.mu.Lock()
	if c.cache == nil {
		c.cache = make(map[string]cached)
	}
	if prev.etag != "" || prev.since != "" {
		c.cache[endpoint] = prev
	} else {
		delete(c.cache, endpoint)
	}
	c.mu.Unlock()
	cp := *p // the caller's copy: the cache keeps its own
	return &cp, nil
}

// get sends a GET and reads at most MaxBytes of the answer. A 200 over the
// cap is an error; another status keeps its first MaxBytes, the status being
// what matters. Errors name the URL.
func (c *Client) get(ctx context.Context, rawURL, accept string, hdr http.Header) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.userAgent())
	resp, err := c.client().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it repeats the URL
		}
		return nil, nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	limit := c.maxBytes()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, fmt.Errorf("fetching %s: reading the response: %w", rawURL, err)
	}
	if int64(len(body)) > limit {
		if resp.StatusCode == http.StatusOK {
			return nil, nil, fmt.Errorf("fetching %s: response over %s", rawURL, sizeString(limit))
		}
		body = body[:limit] // an error page: its status is the news
	}
	return resp, body, nil
}

// accept is the Accept header for a kind.
func accept(kind Kind) string {
	if kind == KindFeed {
		return "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
	}
	return "application/json, */*;q=0.5"
}

// client is the HTTP client to use: c.HTTP, or a default with timeouts.
func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.defHTTP == nil {
		t := &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true, IdleConnTimeout: 90 * time.Second}
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			t = dt.Clone()
		}
		// The probes' resolver and Happy Eyeballs: a black-holed address
		// family costs a quarter second, not the page.
		d := &probe.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		t.DialContext = d.DialContext
		t.TLSHandshakeTimeout = 10 * time.Second
		t.ResponseHeaderTimeout = 30 * time.Second
		t.MaxResponseHeaderBytes = 64 << 10
		// Pages are read every few minutes, after the idle connection has
		// closed: resume the TLS session rather than verify a chain again.
		t.TLSClientConfig = &tls.Config{ClientSessionCache: tls.NewLRUClientSessionCache(32)}
		c.defHTTP = &http.Client{Transport: t, Timeout: time.Minute}
	}
	return c.defHTTP
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return defaultMaxBytes
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	return "DownRadar/1 (+outage monitor)"
}

// sizeString writes a byte count the way people read caps: "4 MiB".
func sizeString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
