package demo

import (
	"crypto/tls"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// role tells a service's component from a control probe's endpoint.
type role int

const (
	roleService role = iota
	roleControl
)

// endpoint is what the lab runs for one probe: a port (none for a DNS
// probe) with a TCP, TLS or HTTP(S) server behind it, and the name the lab
// DNS answers for it.
type endpoint struct {
	lab     *Lab
	ref     Ref
	service string // the service's name
	role    role
	target  probe.Target // as the given config has it
	kind    probe.Kind
	secure  bool   // TLS: tls:// and https://
	host    string // the host the lab's config probes: the target's name, or 127.0.0.1 for an address
	byName  bool   // host is a name, answered by the lab DNS
	probe   string // the rewritten probe URL
	port    *lab.Port
	cert    tls.Certificate
	srv     *http.Server
	wg      sync.WaitGroup

	mu        sync.Mutex
	behaviour Behaviour
	lose      bool                  // reset the next connection (a lost packet)
	held      map[net.Conn]struct{} // connections held open or being reset
}

func (l *Lab) newEndpoint(ref Ref, service string, t probe.Target, r role) (*endpoint, error) {
	e := &endpoint{lab: l, ref: ref, service: service, role: r, target: t, kind: t.Kind, host: t.Host,
		behaviour: Up, held: map[net.Conn]struct{}{}}
	if _, err := netip.ParseAddr(t.Host); err == nil {
		e.host = "127.0.0.1" // an address is the lab's own
	} else {
		e.byName = true
	}
	e.secure = t.Kind == probe.KindTLS || (t.Kind == probe.KindHTTP && t.URL.Scheme == "https")
	if t.Kind == probe.KindDNS {
		e.probe = t.Raw
		return e, nil
	}
	var err error
	if e.port, err = lab.ListenPort(); err != nil {
		return nil, fmt.Errorf("demo: %s: %w", ref, err)
	}
	_, port, _ := net.SplitHostPort(e.port.Addr().String())
	hostPort := net.JoinHostPort(e.host, port)
	switch t.Kind {
	case probe.KindTCP, probe.KindTLS:
		e.probe = string(t.Kind) + "://" + hostPort
	case probe.KindHTTP:
		u := *t.URL
		u.Host = hostPort
		e.probe = u.String()
	default:
		e.port.Close()
		return nil, fmt.Errorf("demo: %s: unknown probe kind %q", ref, t.Kind)
	}
	if e.secure {
		if e.cert, err = l.ca.ValidLeaf(e.host); err != nil {
			e.port.Close()
			return nil, fmt.Errorf("demo: %s: %w", ref, err)
		}
	}
	e.start()
	return e, nil
}

func (e *endpoint) start() {
	e.wg.Add(1)
	if e.kind == probe.KindTCP {
		go func() {
			defer e.wg.Done()
			for {
				c, err := e.accept()
				if err != nil {
					return
				}
				c.Close() // a TCP probe only connects
			}
		}()
		return
	}
	var ln net.Listener = gate{e}
	if e.secure {
		ln = tls.NewListener(ln, &tls.Config{GetCertificate: e.certificate})
	}
	e.srv = &http.Server{Handler: e, ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer e.wg.Done()
		e.srv.Serve(ln)
	}()
}

func (e *endpoint) close() {
	if e.port == nil {
		return
	}
	if e.srv != nil {
		e.srv.Close()
	}
	e.port.Close()
	e.mu.Lock()
	for c := range e.held {
		c.Close()
	}
	e.mu.Unlock()
	e.wg.Wait()
}

func (e *endpoint) setBehaviour(b Behaviour) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.behaviour = b
}

func (e *endpoint) currentBehaviour() Behaviour {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.behaviour
}

// gate is the port as the HTTP server sees it: connections that the
// component's behaviour swallows never reach the server.
type gate struct{ e *endpoint }

func (g gate) Accept() (net.Conn, error) { return g.e.accept() }
func (g gate) Close() error              { return g.e.port.Close() }
func (g gate) Addr() net.Addr            { return g.e.port.Addr() }

// accept returns the next connection the server should answer.
func (e *endpoint) accept() (net.Conn, error) {
	for {
		c, err := e.port.Accept()
		if err != nil {
			return nil, err
		}
		if e.lab.currentNetwork() == status.Captive {
			return c, nil // the portal answers everything
		}
		e.mu.Lock()
		b, lose := e.behaviour, e.lose
		e.lose = false
		e.mu.Unlock()
		switch {
		case lose || (b == Reset && e.secure):
			e.track(c, e.reset)
		case b == Timeout:
			e.track(c, drain)
		default:
			return c, nil
		}
	}
}

// track runs f on c in a goroutine the endpoint waits for when it closes.
func (e *endpoint) track(c net.Conn, f func(net.Conn)) {
	e.mu.Lock()
	e.held[c] = struct{}{}
	e.mu.Unlock()
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		f(c)
		c.Close()
		e.mu.Lock()
		delete(e.held, c)
		e.mu.Unlock()
	}()
}

// reset waits for the client's first bytes (its TLS ClientHello) and
// answers with a TCP reset.
func (e *endpoint) reset(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	var b [1]byte
	c.Read(b[:])
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
}

// drain holds c open without a word until the client gives up.
func drain(c net.Conn) { io.Copy(io.Discard, c) }

// certificate is the component's, or the captive portal's.
func (e *endpoint) certificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	if e.lab.currentNetwork() == status.Captive {
		return &e.lab.portal.cert, nil
	}
	return &e.cert, nil
}

// ServeHTTP answers an HTTP probe: 204 for a control (a captive portal's
// login page instead, behind one), the behaviour's answer for a service.
func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	captive := e.lab.currentNetwork() == status.Captive
	switch {
	case captive && e.role == roleControl:
		e.lab.portal.serve(w, http.StatusOK)
	case e.role == roleControl:
		w.WriteHeader(http.StatusNoContent)
	case captive:
		e.lab.portal.serve(w, http.StatusNetworkAuthenticationRequired)
	case e.currentBehaviour() == Unavailable:
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
	default:
		code := http.StatusOK
		if !e.target.Expect.Contains(code) && len(e.target.Expect) > 0 {
			code = e.target.Expect[0].Lo
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<!doctype html><title>%s</title><p>%s %s: the DownRadar lab stands in for %s here.</p>\n",
			html.EscapeString(e.service), html.EscapeString(e.target.Body), html.EscapeString(e.ref.Component), html.EscapeString(redact(e.target.URL)))
	}
}

// redact is a URL without its query, for a page that quotes it.
func redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	v := *u
	v.RawQuery, v.Fragment = "", ""
	return v.String()
}
