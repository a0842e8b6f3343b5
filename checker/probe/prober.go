package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"syscall"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Prober runs probes with shared settings. The zero value works: system
// resolver and roots, proxies from the environment, two HTTP attempts.
type Prober struct {
	Resolver     Resolver
	RootCAs      *x509.CertPool                   // nil for the system's roots
	Proxy        func(*url.URL) (*url.URL, error) // nil for HTTP(S)_PROXY/NO_PROXY
	Attempts     int                              // HTTP attempts; default 2
	RetryWait    time.Duration                    // first backoff between attempts; default 250ms
	MaxRedirects int                              // default 5
	MaxBody      int64                            // bytes of body read at most; default 1 MiB
	UserAgent    string                           // default "DownRadar/1 (+outage monitor)"
	Now          func() time.Time                 // for certificate checks; default time.Now
	Sessions     *Sessions                        // TLS sessions to resume; nil for a full handshake every time
}

// Probe runs t and returns its result. ctx bounds the whole probe.
func (p *Prober) Probe(ctx context.Context, t Target) Result {
	start := time.Now()
	var r Result
	switch t.Kind {
	case KindDNS:
		r = p.dnsProbe(ctx, t)
	case KindTCP:
		r = p.tcpProbe(ctx, t)
	case KindTLS:
		r = p.tlsProbe(ctx, t)
	case KindHTTP:
		r = p.httpProbe(ctx, t)
	default:
		r.fail(LayerNone, ClassError, errors.New("unknown probe kind "+string(t.Kind)))
	}
	r.Target = t.Raw
	if p.Sessions != nil && !r.OK && t.Host != "" {
		p.Sessions.forget(t.Host) // a failing server is next checked with a full handshake
	}
	if r.Attempts == 0 {
		r.Attempts = 1
		if !r.OK {
			r.Failures = 1
		}
	}
	if r.Timings.Total == 0 { // a TLS probe sets it before waiting for a session ticket
		r.Timings.Total = time.Since(start)
	}
	if r.OK && t.Slow > 0 && r.Timings.Total > t.Slow {
		r.Slow = true
		if r.Class == ClassNone {
			r.Class = ClassSlow
			r.Message = "slow: " + r.Timings.Total.Round(time.Millisecond).String() + " over " + t.Slow.String()
		}
	}
	return r
}

func (p *Prober) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Prober) proxyFor(u *url.URL) (*url.URL, error) {
	if p.Proxy != nil {
		return p.Proxy(u)
	}
	return envProxy(u)
}

// envProxy reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY at each call (unlike
// net/http's, which caches them for the process).
func envProxy(u *url.URL) (*url.URL, error) {
	return httpproxy.FromEnvironment().ProxyFunc()(u)
}

// resolve runs the DNS layer for t, timing it into r and counting its
// unanswered queries in r.Retransmits. A literal address skips DNS. A
// lookup that found addresses only as the probe's time ran out failed at
// DNS (dns_timeout): the connection that had no time left is not to blame.
func (p *Prober) resolve(ctx context.Context, t Target, r *Result) ([]netip.Addr, bool) {
	_, litErr := netip.ParseAddr(t.Host)
	isName := litErr != nil
	start := time.Now()
	addrs, lost, err := p.Resolver.lookup(ctx, t.Host)
	r.Retransmits += lost
	if isName {
		r.Timings.Resolve = time.Since(start)
	}
	if err == nil && isName && ctx.Err() != nil {
		err = &DNSError{Host: t.Host, Class: ClassDNSTimeout, Err: fmt.Errorf("the lookup took the probe's whole time (%s)", r.Timings.Resolve.Round(time.Millisecond))}
	}
	if err != nil {
		var de *DNSError
		class := ClassDNSError
		if errors.As(err, &de) {
			class = de.Class
		}
		r.fail(LayerDNS, class, err)
		return nil, false
	}
	if isName {
		r.Reached = LayerDNS
	}
	return addrs, true
}

// dial connects to one of addrs by Happy Eyeballs (see eyeballs.connect),
// timing the connect phase and recording every attempt in r.Dials. Closing
// the connection adds the TCP retransmissions on it to r.Retransmits.
func (p *Prober) dial(ctx context.Context, addrs []netip.Addr, port string, r *Result) (net.Conn, bool) {
	start := time.Now()
	c, dials, err := eyeballs{}.connect(ctx, addrs, port)
	r.Timings.Connect = time.Since(start)
	r.Dials = append(r.Dials, dials...)
	if err != nil {
		r.fail(LayerTCP, classifyNet(ctx, err), err)
		return nil, false
	}
	r.Reached = LayerTCP
	r.Addr = c.RemoteAddr().String()
	return &countedConn{Conn: c, onClose: func(n int) { r.Retransmits += n }}, true
}

// classifyNet names a network error; a failed connect keeps the class
// its attempts gave it.
func classifyNet(ctx context.Context, err error) Class {
	var ne net.Error
	var de *DialError
	switch {
	case err == nil:
		return ClassNone
	case errors.As(err, &de):
		return de.Class
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout(), ctx.Err() != nil:
		return ClassTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return ClassRefused
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.EHOSTDOWN), errors.Is(err, syscall.ENETDOWN), errors.Is(err, syscall.EADDRNOTAVAIL):
		return ClassUnreachable
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return ClassReset
	}
	return ClassError
}
