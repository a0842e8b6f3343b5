package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// errTooManyRedirects stops a redirect chain longer than MaxRedirects.
var errTooManyRedirects = errors.New("too many redirects")

// httpProbe fetches t.URL with bounded attempts and redirects. The DNS layer
// is resolved first, separately, so its time is always measured (unless a
// proxy resolves for us); the phases of the last attempt come from httptrace.
// The retransmissions on every connection are added last, once the body
// is read and the connections closed (r is named for that).
func (p *Prober) httpProbe(ctx context.Context, t Target) (r Result) {
	proxyURL, err := p.proxyFor(t.URL)
	if err != nil {
		r.fail(LayerNone, ClassProxy, fmt.Errorf("proxy settings: %w", err))
		return r
	}
	var addrs []netip.Addr
	if proxyURL == nil {
		var ok bool
		if addrs, ok = p.resolve(ctx, t, &r); !ok {
			return r
		}
	}
	tr := &httpTrace{}
	defer func() { r.Retransmits += tr.retransmits() }()
	client := p.retryClient(t, addrs, tr)
	req, err := retryablehttp.NewRequestWithContext(httptrace.WithClientTrace(ctx, tr.clientTrace()), http.MethodGet, t.URL.String(), nil)
	if err != nil {
		r.fail(LayerHTTP, ClassError, err)
		return r
	}
	req.Header.Set("User-Agent", p.userAgent())
	resp, err := client.Do(req)
	defer client.HTTPClient.CloseIdleConnections()
	var cutDial error // the connect the deadline cut, which the transport leaves behind
	if err != nil && errors.Is(err, ctx.Err()) {
		cutDial = tr.awaitDial()
	}

	tr.mu.Lock()
	r.Attempts, r.Addr, r.CertExpiry, r.Resumed = tr.attempts, tr.addr, tr.certExpiry, tr.resumed
	r.Dials = append(r.Dials, tr.dials...)
	r.Timings.Connect = span(tr.connStart, tr.connDone)
	r.Timings.TLS = span(tr.tlsStart, tr.tlsDone)
	r.Timings.Processing = span(tr.wrote, tr.firstByte)
	reachedTCP, reachedTLS, lastErr := tr.reachedTCP, tr.reachedTLS, tr.lastErr
	tr.mu.Unlock()
	if reachedTCP {
		r.Reached = LayerTCP
	}
	if reachedTLS {
		r.Reached = LayerTLS
	}
	if err != nil {
		switch {
		case cutDial != nil:
			err = cutDial // each address's failure, not just the deadline
		case lastErr != nil && errors.Is(err, ctx.Err()):
			err = lastErr // the deadline cut a backoff: keep the real cause
		}
		r.Failures = r.Attempts
		r.fail(failedLayer(t, proxyURL, reachedTCP, reachedTLS, err), classifyHTTPErr(ctx, err), err)
		return r
	}
	defer resp.Body.Close()
	bodyStart := time.Now()
	r.Reached = LayerHTTP
	r.HTTPStatus = resp.StatusCode
	body, readErr := p.readBody(resp.Body, t.Body != "")
	r.Timings.Transfer = time.Since(bodyStart)
	if readErr != nil {
		r.Failures = r.Attempts
		r.fail(LayerHTTP, classifyHTTPErr(ctx, readErr), fmt.Errorf("reading body: %w", readErr))
		return r
	}
	r.Failures = r.Attempts - 1 // only failures are retried
	code := resp.StatusCode
	switch {
	case (code == http.StatusForbidden || code == http.StatusTooManyRequests) && resp.TLS != nil && !t.Expect.Contains(code):
		r.OK = true
		r.Class = ClassBlocked
		r.Message = fmt.Sprintf("reachable, blocked: HTTP %d (bot protection or rate limit)", code)
	case !t.Expect.Contains(code):
		r.Failures = r.Attempts
		r.fail(LayerHTTP, ClassHTTPStatus, fmt.Errorf("HTTP %s, expected %s", resp.Status, t.Expect))
	case t.Body != "" && !bytes.Contains(body, []byte(t.Body)):
		r.Failures = r.Attempts
		r.fail(LayerHTTP, ClassBodyMismatch, fmt.Errorf("HTTP %d but the body lacks %q", code, t.Body))
	default:
		r.OK = true
		r.Message = "HTTP " + resp.Status
		if r.Failures > 0 {
			r.Class = ClassFlaky
			r.Message = fmt.Sprintf("HTTP %s after %d failed attempt(s): %v", resp.Status, r.Failures, lastErr)
		}
	}
	return r
}

// readBody reads at most MaxBody bytes, keeping them only when needed.
func (p *Prober) readBody(body io.Reader, keep bool) ([]byte, error) {
	limit := p.MaxBody
	if limit <= 0 {
		limit = 1 << 20
	}
	lr := io.LimitReader(body, limit)
	if !keep {
		_, err := io.Copy(io.Discard, lr)
		return nil, err
	}
	return io.ReadAll(lr)
}

// http1 is the one protocol probes speak: each attempt sends one request on
// a fresh connection, where HTTP/2's preface, settings and frame reader buy
// nothing and cost CPU and code; every front end still serves HTTP/1.1.
var http1 = func() *http.Protocols {
	var p http.Protocols
	p.SetHTTP1(true)
	return &p
}()

// retryClient builds a one-probe client: no keep-alives (each attempt is a
// fresh connection so its phases are measured), the first host dialled at
// the addresses already resolved, redirect hosts resolved by p.Resolver,
// each connected by Happy Eyeballs.
func (p *Prober) retryClient(t Target, addrs []netip.Addr, tr *httpTrace) *retryablehttp.Client {
	transport := &http.Transport{
		Proxy: func(req *http.Request) (*url.URL, error) { return p.proxyFor(req.URL) },
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			use := addrs
			if host != t.Host || len(use) == 0 {
				if use, err = p.Resolver.Lookup(ctx, host); err != nil {
					return nil, err
				}
			}
			over := tr.connecting()
			c, dials, err := eyeballs{}.connect(ctx, use, port)
			var cc *countedConn
			if err == nil {
				cc = &countedConn{Conn: c}
			}
			tr.connected(over, cc, dials, err)
			if err != nil {
				return nil, err
			}
			return cc, nil
		},
		// A handshake abandoned at the deadline may finish after Do returns:
		// the expiry goes through the trace's lock.
		TLSClientConfig:        p.tlsConfig(func(t time.Time) { tr.mu.Lock(); tr.certExpiry = t; tr.mu.Unlock() }),
		Protocols:              http1,
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 64 << 10,
	}
	maxRedirects := p.MaxRedirects
	if maxRedirects <= 0 {
		maxRedirects = 5
	}
	c := retryablehttp.NewClient()
	c.HTTPClient = &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("%w (more than %d)", errTooManyRedirects, maxRedirects)
			}
			return nil
		},
	}
	c.Logger = nil
	attempts := p.Attempts
	if attempts <= 0 {
		attempts = 2
	}
	c.RetryMax = attempts - 1
	c.RetryWaitMin = p.RetryWait
	if c.RetryWaitMin <= 0 {
		c.RetryWaitMin = 250 * time.Millisecond
	}
	c.RetryWaitMax = 8 * c.RetryWaitMin
	c.Backoff = func(lo, hi time.Duration, n int, _ *http.Response) time.Duration {
		// Exponential, capped; Retry-After is not honoured (it can say an hour).
		return min(hi, time.Duration(float64(lo)*math.Pow(2, float64(n))))
	}
	c.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		tr.setLastErr(resp, err)
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if err != nil {
			var ce *CertError
			return !errors.As(err, &ce) && !errors.Is(err, errTooManyRedirects), nil
		}
		return resp.StatusCode >= 500 || resp.StatusCode == 0, nil
	}
	c.ErrorHandler = retryablehttp.PassthroughErrorHandler
	c.RequestLogHook = func(_ retryablehttp.Logger, _ *http.Request, attempt int) { tr.startAttempt(attempt) }
	return c
}

func (p *Prober) userAgent() string {
	if p.UserAgent != "" {
		return p.UserAgent
	}
	return "DownRadar/1 (+outage monitor)"
}

// failedLayer decides which layer an HTTP transport error broke.
func failedLayer(t Target, proxy *url.URL, reachedTCP, reachedTLS bool, err error) Layer {
	var de *DNSError
	var ce *CertError
	switch {
	case errors.As(err, &de):
		return LayerDNS
	case errors.As(err, &ce):
		return LayerTLS
	case !reachedTCP:
		return LayerTCP
	case t.URL.Scheme == "https" && !reachedTLS && proxy == nil:
		return LayerTLS
	}
	return LayerHTTP
}

// classifyHTTPErr names an error from the HTTP client.
func classifyHTTPErr(ctx context.Context, err error) Class {
	var de *DNSError
	var ce *CertError
	var ue *url.Error
	switch {
	case errors.As(err, &de):
		return de.Class
	case errors.As(err, &ce):
		return ce.Class
	case errors.Is(err, errTooManyRedirects):
		return ClassTooManyRedirs
	case errors.As(err, &ue) && strings.Contains(ue.Err.Error(), "proxyconnect"):
		return ClassProxy
	}
	var re tls.RecordHeaderError
	if errors.As(err, &re) {
		return ClassTLSError
	}
	return classifyNet(ctx, err)
}

// httpTrace collects the phase times of the current attempt.
type httpTrace struct {
	mu                     sync.Mutex
	attempts               int
	connStart, connDone    time.Time
	tlsStart, tlsDone      time.Time
	wrote, firstByte       time.Time
	reachedTCP, reachedTLS bool
	resumed                bool
	addr                   string // the address the last connection went to
	lastErr                error
	certExpiry             time.Time
	dials                  []Dial         // the connection attempts of the current attempt (a redirect adds its own)
	conns                  []*countedConn // every connection made, for their retransmissions
	dialOver               chan struct{}  // closed when the latest connect ends
	dialErr                error          // how the latest connect failed
}

func (h *httpTrace) startAttempt(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.attempts = n + 1
	h.connStart, h.connDone, h.tlsStart, h.tlsDone = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	h.wrote, h.firstByte = time.Time{}, time.Time{}
	h.reachedTCP, h.reachedTLS, h.resumed = false, false, false
	h.dials = nil
}

// connecting marks a connect started; connected, given what this returns,
// marks its end.
func (h *httpTrace) connecting() chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dialOver, h.dialErr = make(chan struct{}), nil
	return h.dialOver
}

// connected records a connect: its attempts, and the connection if one won.
func (h *httpTrace) connected(over chan struct{}, c *countedConn, dials []Dial, err error) {
	h.mu.Lock()
	h.dials = append(h.dials, dials...)
	if c != nil {
		h.conns = append(h.conns, c)
		h.addr = c.RemoteAddr().String()
	}
	if h.dialOver == over {
		h.dialErr = err
	}
	h.mu.Unlock()
	close(over)
}

// awaitDial waits for the latest connect to end and returns its error. The
// transport has cancelled a connect that outlived the request, so this is
// brief; a second bounds it all the same.
func (h *httpTrace) awaitDial() error {
	h.mu.Lock()
	over := h.dialOver
	h.mu.Unlock()
	if over == nil {
		return nil
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-over:
	case <-t.C:
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dialErr
}

// retransmits sums the TCP retransmissions of every connection made, read
// as each closed, or now if the transport has not closed it yet.
func (h *httpTrace) retransmits() int {
	h.mu.Lock()
	conns := h.conns
	h.mu.Unlock()
	n := 0
	for _, c := range conns {
		n += c.retransmits()
	}
	return n
}

func (h *httpTrace) setLastErr(resp *http.Response, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case err != nil:
		h.lastErr = err
	case resp != nil && resp.StatusCode >= 500:
		h.lastErr = fmt.Errorf("HTTP %s", resp.Status)
	}
}

func (h *httpTrace) clientTrace() *httptrace.ClientTrace {
	set := func(f func()) { h.mu.Lock(); f(); h.mu.Unlock() }
	return &httptrace.ClientTrace{
		ConnectStart: func(_, _ string) { set(func() { h.connStart = time.Now() }) },
		ConnectDone: func(_, _ string, err error) {
			set(func() {
				if err == nil {
					h.connDone, h.reachedTCP = time.Now(), true
				}
			})
		},
		TLSHandshakeStart: func() { set(func() { h.tlsStart = time.Now() }) },
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			set(func() {
				if err == nil {
					h.tlsDone, h.reachedTLS, h.resumed = time.Now(), true, cs.DidResume
				}
			})
		},
		WroteRequest:         func(httptrace.WroteRequestInfo) { set(func() { h.wrote = time.Now() }) },
		GotFirstResponseByte: func() { set(func() { h.firstByte = time.Now() }) },
	}
}

// span is b-a, or 0 when either end was not seen.
func span(a, b time.Time) time.Duration {
	if a.IsZero() || b.IsZero() || b.Before(a) {
		return 0
	}
	return b.Sub(a)
}
