package netlab

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/downradar/downradar/checker/lab"
)

// inet is the internet namespace's servers and the behaviours the test
// sets on them.
type inet struct {
	records map[string][]netip.Addr

	mu       sync.Mutex
	dnsMode  string            // normal, drop, refuse, portal
	httpMode map[string]string // host: ok, 503, 429
	hits     map[string][2]int // host: requests over IPv4, over IPv6
	changed  chan struct{}     // closed and replaced on each hit
}

// runInet serves until ctx ends or stdin closes. args[0] is where to
// write the lab CA's certificate (PEM), for the client's SSL_CERT_FILE.
func runInet(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: inet CA-FILE")
	}
	ca, err := lab.NewCA()
	if err != nil {
		return err
	}
	if err := os.WriteFile(args[0], ca.PEM(), 0o644); err != nil {
		return fmt.Errorf("write the CA: %w", err)
	}
	names := []string{"*." + Domain}
	for name := range records() {
		names = append(names, name)
	}
	svcCert, err := ca.ValidLeaf(names...)
	if err != nil {
		return err
	}
	portalCert, err := ca.ValidLeaf(PortalName)
	if err != nil {
		return err
	}
	s := &inet{records: records(), dnsMode: "normal", httpMode: map[string]string{}, hits: map[string][2]int{}, changed: make(chan struct{})}

	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	listen := func(network, addr string) (net.Listener, error) {
		l, err := net.Listen(network, addr)
		if err == nil {
			closers = append(closers, l)
		}
		return l, err
	}
	httpL, err := listen("tcp", fmt.Sprintf(":%d", PortHTTP))
	if err != nil {
		return err
	}
	httpsL, err := listen("tcp", fmt.Sprintf(":%d", PortHTTPS))
	if err != nil {
		return err
	}
	chatL, err := listen("tcp", fmt.Sprintf(":%d", PortChat))
	if err != nil {
		return err
	}
	// The echo binds the control addresses: a wildcard socket would answer
	// from whatever address the route picks.
	for _, ip := range []netip.Addr{ControlV4, ControlV6} {
		echo, err := net.ListenPacket("udp", netip.AddrPortFrom(ip, PortEcho).String())
		if err != nil {
			return err
		}
		closers = append(closers, echo)
		go echoUDP(echo)
	}

	quiet := log.New(io.Discard, "", 0) // rejected handshakes are many faults' point
	srv := &http.Server{Handler: s, ErrorLog: quiet}
	closers = append(closers, srv)
	tlsCfg := &tls.Config{GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
		if isPortal(hello.Conn.LocalAddr()) {
			return &portalCert, nil
		}
		return &svcCert, nil
	}}
	go srv.Serve(httpL)
	go srv.Serve(tls.NewListener(httpsL, tlsCfg))
	go acceptAndDrain(chatL)

	for _, ip := range []netip.Addr{ResolverV4, ResolverV6} {
		addr := netip.AddrPortFrom(ip, 53).String()
		pc, err := net.ListenPacket("udp", addr)
		if err != nil {
			return err
		}
		tl, err := listen("tcp", addr)
		if err != nil {
			pc.Close()
			return err
		}
		for _, d := range []*dns.Server{{PacketConn: pc, Handler: s}, {Listener: tl, Handler: s}} {
			started := make(chan struct{})
			d.NotifyStartedFunc = func() { close(started) }
			go d.ActivateAndServe()
			<-started
			closers = append(closers, closerFunc(d.Shutdown))
		}
	}

	fmt.Println("ready")
	serveCommands(ctx, os.Stdin, os.Stdout, s.command)
	return nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// command handles the test's commands:
//
//	http HOST ok|503|429    how HOST answers HTTP(S)
//	dns normal|drop|refuse|portal
//	hits HOST               requests HOST got: "V4 V6"
//	wait-hits HOST N        returns once HOST got N requests in all
func (s *inet) command(ctx context.Context, w []string) (string, error) {
	switch {
	case len(w) == 3 && w[0] == "http":
		switch w[2] {
		case "ok", "503", "429":
		default:
			return "", fmt.Errorf("unknown http mode %q", w[2])
		}
		s.mu.Lock()
		s.httpMode[dns.CanonicalName(w[1])] = w[2]
		s.mu.Unlock()
		return "", nil
	case len(w) == 2 && w[0] == "dns":
		switch w[1] {
		case "normal", "drop", "refuse", "portal":
		default:
			return "", fmt.Errorf("unknown dns mode %q", w[1])
		}
		s.mu.Lock()
		s.dnsMode = w[1]
		s.mu.Unlock()
		return "", nil
	case len(w) == 2 && w[0] == "hits":
		s.mu.Lock()
		h := s.hits[dns.CanonicalName(w[1])]
		s.mu.Unlock()
		return fmt.Sprintf("%d %d", h[0], h[1]), nil
	case len(w) == 3 && w[0] == "wait-hits":
		n, err := strconv.Atoi(w[2])
		if err != nil {
			return "", err
		}
		host := dns.CanonicalName(w[1])
		for {
			s.mu.Lock()
			h, changed := s.hits[host], s.changed
			s.mu.Unlock()
			if h[0]+h[1] >= n {
				return strconv.Itoa(h[0] + h[1]), nil
			}
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-changed:
			}
		}
	}
	return "", fmt.Errorf("unknown command %q", strings.Join(w, " "))
}

// ServeDNS answers as the lab's records and the DNS mode say.
func (s *inet) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	s.mu.Lock()
	mode := s.dnsMode
	s.mu.Unlock()
	m := new(dns.Msg)
	switch {
	case mode == "drop":
		return
	case len(req.Question) != 1:
		m.SetRcode(req, dns.RcodeFormatError)
	case mode == "refuse":
		m.SetRcode(req, dns.RcodeRefused)
	case mode == "portal":
		m.SetReply(req)
		m.Answer = lab.AddressRecords(req.Question[0], PortalV4, PortalV6)
	default:
		q := req.Question[0]
		addrs, ok := s.records[strings.TrimSuffix(dns.CanonicalName(q.Name), ".")]
		if !ok {
			m.SetRcode(req, dns.RcodeNameError)
			break
		}
		m.SetReply(req)
		m.Answer = lab.AddressRecords(q, addrs...)
	}
	m.Authoritative = true
	w.WriteMsg(m)
}

// ServeHTTP answers as a service would, or as the captive portal when
// reached at the portal's address.
func (s *inet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if isPortal(local) {
		if r.URL.Path != "/login" {
			http.Redirect(w, r, "http://"+PortalName+"/login", http.StatusFound)
			return
		}
		fmt.Fprint(w, "<html><title>Sign in</title><form>Accept the terms to go online</form></html>")
		return
	}
	host := dns.CanonicalName(hostOnly(r.Host))
	s.mu.Lock()
	h := s.hits[host]
	h[family(local)]++
	s.hits[host] = h
	close(s.changed)
	s.changed = make(chan struct{})
	mode := s.httpMode[host]
	s.mu.Unlock()
	switch mode {
	case "503":
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	case "429":
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	switch r.URL.Path {
	case "/upload": // a large request, for the path-MTU black hole's other way
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			return
		}
		fmt.Fprintf(w, "got %d\n", n)
	case "/generate_204":
		w.WriteHeader(http.StatusNoContent)
	case "/large":
		w.Header().Set("Content-Length", strconv.Itoa(LargeBody))
		chunk := []byte(strings.Repeat("DownRadar lab large body. ", 1024))
		for left := LargeBody; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return
			}
		}
	case "/api/":
		http.Error(w, "credentials needed", http.StatusUnauthorized)
	default:
		fmt.Fprintf(w, "<html><title>%s</title>DownRadar lab service %s</html>\n", host, host)
	}
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

// addrOf is a's IP, unmapped; the zero Addr when a is not an IP address.
func addrOf(a net.Addr) netip.Addr {
	if a == nil {
		return netip.Addr{}
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

func isPortal(a net.Addr) bool {
	ip := addrOf(a)
	return ip == PortalV4 || ip == PortalV6
}

// family is 0 for IPv4, 1 for IPv6.
func family(a net.Addr) int {
	if addrOf(a).Is6() {
		return 1
	}
	return 0
}

// acceptAndDrain accepts connections and reads each until the client
// closes it: a service that lets clients connect.
func acceptAndDrain(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			io.Copy(io.Discard, c)
		}()
	}
}

// echoUDP sends every datagram back to where it came from.
func echoUDP(pc net.PacketConn) {
	buf := make([]byte, 2048)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return
		}
		pc.WriteTo(buf[:n], from)
	}
}
