package probe

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/downradar/downradar/checker/lab"
)

// startDNS serves h on a loopback port open for both UDP and TCP.
func startDNS(t *testing.T, h dns.HandlerFunc) string {
	t.Helper()
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		started := make(chan struct{}, 2)
		for _, s := range []*dns.Server{{PacketConn: pc, Handler: h}, {Listener: l, Handler: h}} {
			s.NotifyStartedFunc = func() { started <- struct{}{} }
			go s.ActivateAndServe()
			t.Cleanup(func() { s.Shutdown() })
		}
		<-started
		<-started
		return pc.LocalAddr().String()
	}
	t.Fatal("no loopback port free for both udp and tcp")
	return ""
}

// udpServer is a raw loopback UDP socket that notes each query's type and
// source port and sends back what reply makes of it (nothing: silence).
type udpServer struct {
	addr  string
	mu    sync.Mutex
	ports map[int]bool
	types []uint16
}

func startUDP(t *testing.T, reply func(req *dns.Msg) [][]byte) *udpServer {
	t.Helper()
	return startUDPAfter(t, 0, reply)
}

// startUDPAfter is startUDP sending each reply after delay.
func startUDPAfter(t *testing.T, delay time.Duration, reply func(req *dns.Msg) [][]byte) *udpServer {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	s := &udpServer{addr: pc.LocalAddr().String(), ports: map[int]bool{}}
	go func() {
		buf := make([]byte, 2048)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			req := new(dns.Msg)
			if req.Unpack(buf[:n]) != nil || len(req.Question) != 1 {
				continue
			}
			s.mu.Lock()
			s.ports[from.(*net.UDPAddr).Port] = true
			s.types = append(s.types, req.Question[0].Qtype)
			s.mu.Unlock()
			for _, b := range reply(req) {
				if delay > 0 {
					time.AfterFunc(delay, func() { pc.WriteTo(b, from) })
				} else {
					pc.WriteTo(b, from)
				}
			}
		}
	}()
	return s
}

// seen is how many queries the server read and from how many source ports.
func (s *udpServer) seen() (queries, ports int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.types), len(s.ports)
}

// addrReply answers req with the addresses of its type among addrs.
func addrReply(req *dns.Msg, addrs ...string) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	ips := make([]netip.Addr, len(addrs))
	for i, s := range addrs {
		ips[i] = netip.MustParseAddr(s)
	}
	m.Answer = lab.AddressRecords(req.Question[0], ips...)
	return m
}

func pack(m *dns.Msg) []byte {
	b, err := m.Pack()
	if err != nil {
		panic(err)
	}
	return b
}

// lookup runs res.Lookup, failing the test if it has not returned by limit.
func lookup(t *testing.T, ctx context.Context, res *Resolver, host string, limit time.Duration) ([]netip.Addr, time.Duration, error) {
	t.Helper()
	type result struct {
		addrs []netip.Addr
		err   error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		addrs, err := res.Lookup(ctx, host)
		done <- result{addrs, err}
	}()
	select {
	case r := <-done:
		return r.addrs, time.Since(start), r.err
	case <-time.After(limit):
		t.Fatalf("Lookup(%s) still running after %s", host, limit)
		return nil, 0, nil
	}
}

func wantAddrs(t *testing.T, got []netip.Addr, err error, want ...string) {
	t.Helper()
	var ws []netip.Addr
	for _, s := range want {
		ws = append(ws, netip.MustParseAddr(s))
	}
	if err != nil || !slices.Equal(got, ws) {
		t.Fatalf("got %v, %v; want %v", got, err, ws)
	}
}

func TestLookupAsksBothTypesOverOneSocket(t *testing.T) {
	var mu sync.Mutex
	ports := map[string]bool{}
	var types []uint16
	addr := startDNS(t, func(w dns.ResponseWriter, req *dns.Msg) {
		mu.Lock()
		ports[w.RemoteAddr().String()] = true
		types = append(types, req.Question[0].Qtype)
		mu.Unlock()
		w.WriteMsg(addrReply(req, "192.0.2.1", "2001:db8::1"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), answers)
	defer cancel()
	res := &Resolver{Servers: []string{addr}}
	addrs, _, err := lookup(t, ctx, res, "both.test", 5*time.Second)
	wantAddrs(t, addrs, err, "192.0.2.1", "2001:db8::1")
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(types)
	if len(ports) != 1 || !slices.Equal(types, []uint16{dns.TypeA, dns.TypeAAAA}) {
		t.Errorf("server saw types %v from %v; want A and AAAA from one socket", types, ports)
	}
}

func TestLookupIgnoresStrayReplies(t *testing.T) {
	s := startUDP(t, func(req *dns.Msg) [][]byte {
		wrongID := addrReply(req, "198.51.100.66", "2001:db8::66")
		wrongID.Id++
		wrongName := addrReply(req, "198.51.100.77", "2001:db8::77")
		wrongName.Question[0].Name = "other.test."
		wrongType := addrReply(req, "198.51.100.88", "2001:db8::88")
		wrongType.Question[0].Qtype ^= dns.TypeA ^ dns.TypeAAAA
		return [][]byte{
			[]byte("\x00\x01 not dns"),
			pack(wrongID),
			pack(wrongName),
			pack(wrongType),
			pack(addrReply(req, "192.0.2.1", "2001:db8::1")),
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), answers)
	defer cancel()
	addrs, _, err := lookup(t, ctx, &Resolver{Servers: []string{s.addr}}, "stray.test", 5*time.Second)
	wantAddrs(t, addrs, err, "192.0.2.1", "2001:db8::1")
}

func TestLookupRetriesTruncatedOverTCP(t *testing.T) {
	var mu sync.Mutex
	var overTCP []uint16
	addr := startDNS(t, func(w dns.ResponseWriter, req *dns.Msg) {
		q := req.Question[0]
		if w.RemoteAddr().Network() == "tcp" {
			mu.Lock()
			overTCP = append(overTCP, q.Qtype)
			mu.Unlock()
			w.WriteMsg(addrReply(req, "192.0.2.1", "192.0.2.2", "192.0.2.3"))
			return
		}
		if q.Qtype == dns.TypeA { // a part, and the TC bit
			m := addrReply(req, "192.0.2.1")
			m.Truncated = true
			w.WriteMsg(m)
			return
		}
		w.WriteMsg(addrReply(req, "2001:db8::1"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), answers)
	defer cancel()
	addrs, _, err := lookup(t, ctx, &Resolver{Servers: []string{addr}}, "big.test", 5*time.Second)
	wantAddrs(t, addrs, err, "192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::1")
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(overTCP, []uint16{dns.TypeA}) {
		t.Errorf("asked over TCP for %v; want the truncated A only", overTCP)
	}
}

func TestLookupNamesUnknownRcode(t *testing.T) {
	for _, c := range []struct {
		rcode int
		want  string
	}{
		{dns.RcodeNotImplemented, "rcode NOTIMP"},
		{dns.RcodeBadCookie, "rcode BADCOOKIE"}, // extended: needs the OPT record's bits
		{12, "rcode 12"},
	} {
		t.Run(c.want, func(t *testing.T) {
			addr := startDNS(t, func(w dns.ResponseWriter, req *dns.Msg) {
				m := new(dns.Msg)
				m.SetRcode(req, c.rcode)
				m.SetEdns0(1232, false)
				w.WriteMsg(m)
			})
			ctx, cancel := context.WithTimeout(context.Background(), answers)
			defer cancel()
			_, _, err := lookup(t, ctx, &Resolver{Servers: []string{addr}}, "odd.test", 5*time.Second)
			var de *DNSError
			if !errors.As(err, &de) || de.Class != ClassDNSError || de.Server != addr || de.Err == nil || de.Err.Error() != c.want {
				t.Fatalf("got %#v (%v); want ClassDNSError from %s with %q", de, err, addr, c.want)
			}
		})
	}
}

func TestSystemServersParsesResolvConf(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "resolv.conf")
	writeFile(t, conf, strings.Join([]string{
		"#nameserver 10.0.0.1",
		";nameserver 10.0.0.2",
		"search example.com",
		"nameserver 192.0.2.53 # the router",
		"nameserver\t2001:db8::53",
		"  nameserver fe80::1%eth0  ",
		"nameserver",
		"nameserver resolver.example.com", // not an IP: skipped, as libc does
		"nameserver 192.0.2.54;x",         // likewise
		"options ndots:2 timeout:1",
	}, "\n"))
	want := []string{"192.0.2.53:53", "[2001:db8::53]:53", "[fe80::1%eth0]:53"}
	if got := systemServers(conf); !slices.Equal(got, want) {
		t.Errorf("systemServers = %q; want %q", got, want)
	}
	if got := systemServers(filepath.Join(t.TempDir(), "missing")); len(got) != 0 {
		t.Errorf("missing file: systemServers = %q; want none", got)
	}
}

// A silent server is asked again and again until the deadline, each try
// waiting longer; the error names it and says timeout.
func TestLookupTimesOut(t *testing.T) {
	silent := startUDP(t, func(*dns.Msg) [][]byte { return nil })
	const deadline = 600 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	_, took, err := lookup(t, ctx, &Resolver{Servers: []string{silent.addr}}, "quiet.test", 5*time.Second)
	var de *DNSError
	if !errors.As(err, &de) || de.Class != ClassDNSTimeout || de.Server != silent.addr {
		t.Fatalf("silent server: got %v; want ClassDNSTimeout from %s", err, silent.addr)
	}
	if took < deadline-50*time.Millisecond {
		t.Errorf("silent server: gave up after %s; want about %s", took, deadline)
	}
	// 600ms scales the waits to 100, 100, 120, 120 ms...: tries of A and
	// AAAA, several of them (however busy the machine), all from one socket.
	if q, p := silent.seen(); q < 4 || q%2 != 0 || p != 1 {
		t.Errorf("silent server saw %d queries from %d ports; want tries of 2, more than one, from 1 port", q, p)
	}
}

// Without a deadline, cancelling ctx ends the wait, and a lookup never
// outlives noDeadlineBudget.
func TestLookupCancelled(t *testing.T) {
	silent := startUDP(t, func(*dns.Msg) [][]byte { return nil })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, took, err := lookup(t, ctx, &Resolver{Servers: []string{silent.addr}}, "quiet.test", noDeadlineBudget+5*time.Second)
	var de *DNSError
	if !errors.As(err, &de) || de.Class != ClassDNSTimeout {
		t.Fatalf("cancelled: got %v; want ClassDNSTimeout", err)
	}
	if took > noDeadlineBudget/2 {
		t.Errorf("cancelled after 100ms: returned after %s", took)
	}
}

// Try k goes to server k mod n: a silent first server costs one try's wait,
// then the second answers.
func TestLookupRotatesServers(t *testing.T) {
	silent := startUDP(t, func(*dns.Msg) [][]byte { return nil })
	good := startUDP(t, func(req *dns.Msg) [][]byte {
		return [][]byte{pack(addrReply(req, "192.0.2.1", "2001:db8::1"))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), answers)
	defer cancel()
	res := &Resolver{Servers: []string{silent.addr, good.addr}}
	addrs, lost, err := res.lookup(ctx, "quiet.test")
	wantAddrs(t, addrs, err, "192.0.2.1", "2001:db8::1")
	if q, _ := silent.seen(); q != 2 || lost != 2 {
		t.Errorf("silent server saw %d queries, %d counted lost; want A and AAAA once, both lost", q, lost)
	}
	if q, _ := good.seen(); q != 2 {
		t.Errorf("second server saw %d queries; want A and AAAA once", q)
	}
}

// A server whose port is closed (ICMP port unreachable) is skipped at once,
// not waited for.
func TestLookupSkipsClosedServer(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := pc.LocalAddr().String()
	pc.Close()
	good := startUDP(t, func(req *dns.Msg) [][]byte {
		return [][]byte{pack(addrReply(req, "192.0.2.1"))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	addrs, took, err := lookup(t, ctx, &Resolver{Servers: []string{closed, good.addr}}, "skip.test", 5*time.Second)
	wantAddrs(t, addrs, err, "192.0.2.1")
	if took >= firstTry {
		t.Errorf("took %s: the closed server was waited for (a try's wait is %s)", took, firstTry)
	}
	// Alone, a closed server fails the lookup at once, as a DNS error.
	_, took, err = lookup(t, ctx, &Resolver{Servers: []string{closed}}, "skip.test", 5*time.Second)
	var de *DNSError
	if !errors.As(err, &de) || de.Class != ClassDNSError || !errors.Is(err, syscall.ECONNREFUSED) || took >= firstTry {
		t.Errorf("closed server alone: %v after %s; want a DNS error, connection refused, at once", err, took)
	}
}

// dropFirst is a server that loses the first query of each type (as a
// lossy link would) and answers the others.
func dropFirst(t *testing.T) *udpServer {
	var mu sync.Mutex
	seen := map[uint16]int{}
	return startUDP(t, func(req *dns.Msg) [][]byte {
		mu.Lock()
		defer mu.Unlock()
		seen[req.Question[0].Qtype]++
		if seen[req.Question[0].Qtype] == 1 {
			return nil
		}
		return [][]byte{pack(addrReply(req, "192.0.2.1", "2001:db8::1"))}
	})
}

// A lost query is sent again after its try's wait, and the lookup works;
// the losses are counted.
func TestLookupRetransmitsLostQuery(t *testing.T) {
	s := dropFirst(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	addrs, lost, err := (&Resolver{Servers: []string{s.addr}}).lookup(ctx, "lossy.test")
	took := time.Since(start)
	wantAddrs(t, addrs, err, "192.0.2.1", "2001:db8::1")
	if lost != 2 {
		t.Errorf("%d queries counted lost; want 2 (the first A and AAAA)", lost)
	}
	if took < tryWait(0, 10*time.Second) {
		t.Errorf("answered after %s, before the first try's wait", took)
	}
	if q, p := s.seen(); q != 4 || p != 1 {
		t.Errorf("server saw %d queries from %d ports; want 4 from 1", q, p)
	}
}

// A reply to the first transmission that arrives after the second was sent
// is taken, and is slowness, not loss.
func TestLookupTakesLateReply(t *testing.T) {
	const late = 300 * time.Millisecond // over the first wait of a 2s budget (200ms)
	var once sync.Map
	srv := startUDPAfter(t, late, func(req *dns.Msg) [][]byte {
		if _, dup := once.LoadOrStore(req.Question[0].Qtype, true); dup {
			return nil // only the first transmission of each type is answered
		}
		return [][]byte{pack(addrReply(req, "192.0.2.1", "2001:db8::1"))}
	})
	ctx, cancel := context.WithTimeout(context.Background(), answers)
	defer cancel()
	addrs, lost, err := (&Resolver{Servers: []string{srv.addr}}).lookup(ctx, "slow.test")
	wantAddrs(t, addrs, err, "192.0.2.1", "2001:db8::1")
	if lost != 0 {
		t.Errorf("%d queries counted lost; want 0: the replies were late, not lost", lost)
	}
}

// A and AAAA are independent: when one family's reply is lost for good,
// the other's addresses come back after the resolution delay, not at the
// deadline.
func TestLookupResolutionDelay(t *testing.T) {
	for _, lose := range []uint16{dns.TypeAAAA, dns.TypeA} {
		t.Run(dns.TypeToString[lose]+" lost", func(t *testing.T) {
			s := startUDP(t, func(req *dns.Msg) [][]byte {
				if req.Question[0].Qtype == lose {
					return nil
				}
				return [][]byte{pack(addrReply(req, "192.0.2.1", "2001:db8::1"))}
			})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			addrs, lost, err := (&Resolver{Servers: []string{s.addr}}).lookup(ctx, "half.test")
			took := time.Since(start)
			want := "192.0.2.1"
			if lose == dns.TypeA {
				want = "2001:db8::1"
			}
			wantAddrs(t, addrs, err, want)
			if lost != 0 {
				t.Errorf("%d queries counted lost; want 0: the other's one try was cut short, not waited out", lost)
			}
			// Answered at once, then the delay: well before the first retry.
			if took >= tryWait(0, 10*time.Second) {
				t.Errorf("took %s; want about the resolution delay (%s)", took, ResolutionDelay)
			}
		})
	}
}

// A lookup that gets its addresses only as the probe's time runs out fails
// the probe at DNS (dns_timeout), not at TCP: the connection had no time.
func TestSlowLookupBlamedOnDNS(t *testing.T) {
	const deadline = 400 * time.Millisecond
	srv := startUDPAfter(t, deadline-30*time.Millisecond, func(req *dns.Msg) [][]byte {
		if req.Question[0].Qtype != dns.TypeA {
			return nil // AAAA is never answered
		}
		return [][]byte{pack(addrReply(req, "127.0.0.1"))}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	p := &Prober{Resolver: Resolver{Servers: []string{srv.addr}}}
	r := run(t, p, "tcp://late.test:"+port, deadline)
	if r.OK || r.Failed != LayerDNS || r.Class != ClassDNSTimeout {
		t.Fatalf("got ok=%v failed=%q class=%q (%s); want a DNS timeout", r.OK, r.Failed, r.Class, r.Message)
	}
}
