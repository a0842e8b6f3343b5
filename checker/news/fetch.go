package news

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// accept asks for feeds first, anything else last.
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// result is the outcome of fetching one feed.
type result struct {
	items              []Item   // new to this feed's document: within MaxAge, newest first, at most MaxItems
	notModified        bool     // 304
	etag, lastModified string   // validators to send next time
	known              []uint64 // the items to cut from the next document (see spans.go)
	err                error
	retryAfter         time.Time // from a 429/503, zero if none
	untried            bool      // ctx ended before the request was made
}

// fetch GETs one feed and parses it.
func (p *Poller) fetch(ctx context.Context, j job, now time.Time) result {
	f := j.feed
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return result{err: fmt.Errorf("feed %s: %w", f.URL, err)}
	}
	req.Header.Set("User-Agent", p.userAgent())
	req.Header.Set("Accept", accept)
	if j.etag != "" {
		req.Header.Set("If-None-Match", j.etag)
	}
	if j.lastModified != "" {
		req.Header.Set("If-Modified-Since", j.lastModified)
	}
	resp, err := p.httpClient().Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it would name the URL a second time
		}
		return result{err: fmt.Errorf("fetching feed %s: %w", f.URL, err)}
	}
	defer resp.Body.Close()

	switch code := resp.StatusCode; {
	case code == http.StatusNotModified:
		return result{notModified: true}
	case code < 200 || code > 299:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		r := result{err: fmt.Errorf("feed %s: HTTP %s", f.URL, resp.Status)}
		if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
			r.retryAfter = retryAfter(resp.Header.Get("Retry-After"), now)
		}
		return r
	}

	body, err := p.readBody(resp)
	if err != nil {
		return result{err: fmt.Errorf("feed %s: %w", f.URL, err)}
	}
	items, known, err := p.parse(j, body, now)
	if err != nil {
		return result{err: err} // Parse names the feed
	}
	return result{
		items:        p.window(items, f, now),
		known:        known,
		etag:         validator(resp.Header.Get("ETag")),
		lastModified: validator(resp.Header.Get("Last-Modified")),
	}
}

// parse parses a feed's document without the items it listed, byte for
// byte, the last time it was read (j.known), and says which items to cut
// next time: see spans.go.
func (p *Poller) parse(j job, body []byte, now time.Time) (items []Item, known []uint64, err error) {
	rest, hashes, cut := body, []uint64(nil), 0
	if !p.whole {
		rest, hashes, cut = cutKnown(j.seed, body, j.known)
	}
	defer func() { p.parsed.Add(int64(len(items))) }()
	items, err = Parse(j.feed.URL, rest, now)
	if cut > 0 && (err != nil || cut+len(items) > p.maxItems()) {
		// Cut, it would not read as it reads whole (a malformed document),
		// or MaxItems would cut differently: read it whole.
		cut = 0
		items, err = Parse(j.feed.URL, body, now)
	}
	if err != nil {
		return nil, nil, err
	}
	if cut+len(items) > p.maxItems() {
		return items, nil, nil // MaxItems cuts some: they may be next time's newest
	}
	for _, it := range items {
		if !it.Published.Before(now) { // undated or future: it must meet the seen-set each time
			return items, nil, nil
		}
	}
	return items, hashes, nil
}

// readBody reads the whole body, failing when it is over MaxBytes (the
// limit applies after Go's transparent gzip decoding: no bomb gets through).
func (p *Poller) readBody(resp *http.Response) ([]byte, error) {
	limit := p.maxBytes()
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w of %d bytes (Content-Length %d)", ErrTooLarge, limit, resp.ContentLength)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + 1)
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	if n > limit {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// window stamps the feed's language and region on its items and keeps the
// newest MaxItems of those within MaxAge.
func (p *Poller) window(items []Item, f Feed, now time.Time) []Item {
	oldest := now.Add(-p.maxAge())
	kept := items[:0]
	for _, it := range items {
		if it.Published.Before(oldest) {
			continue
		}
		if f.Lang != "" {
			it.Lang = f.Lang
		}
		it.Region = f.Region
		kept = append(kept, it)
	}
	slices.SortStableFunc(kept, func(a, b Item) int { return b.Published.Compare(a.Published) })
	if n := p.maxItems(); len(kept) > n {
		kept = kept[:n]
	}
	return slices.Clip(kept)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date).
func retryAfter(h string, now time.Time) time.Time {
	h = strings.TrimSpace(h)
	if h == "" {
		return time.Time{}
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return time.Time{}
		}
		return now.Add(time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second)
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t
	}
	return time.Time{}
}

// validator keeps an ETag or Last-Modified unless it is absurdly long.
func validator(v string) string {
	if len(v) > maxValidator {
		return ""
	}
	return v
}
