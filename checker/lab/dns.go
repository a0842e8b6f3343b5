// Package lab runs loopback stand-ins for the services DownRadar watches and
// for their failures: a DNS server whose answers can be set per name (an
// address, NXDOMAIN, SERVFAIL, an empty answer, or silence), a certificate
// authority for TLS servers (with wrong-name and expired certificates), TCP
// ports that accept and never answer, and ports that refuse.
//
// Tests, benchmarks and the demo use it; it binds 127.0.0.1 only.
package lab

import (
	"fmt"
	"net"
	"net/netip"
	"sync"

	"github.com/miekg/dns"
)

// Answer is how the DNS server answers for one name.
type Answer struct {
	Addrs  []netip.Addr // A and AAAA records; none with RcodeSuccess is an empty answer
	Rcode  int          // dns.RcodeSuccess (0), dns.RcodeNameError, dns.RcodeServerFailure, ...
	Silent bool         // never answer: the client times out
}

// Address answers with the given addresses.
func Address(addrs ...string) Answer {
	a := Answer{}
	for _, s := range addrs {
		a.Addrs = append(a.Addrs, netip.MustParseAddr(s))
	}
	return a
}

// The failure answers.
var (
	NXDomain = Answer{Rcode: dns.RcodeNameError}
	ServFail = Answer{Rcode: dns.RcodeServerFailure}
	Empty    = Answer{Rcode: dns.RcodeSuccess}
	Silent   = Answer{Silent: true}
)

// DNSServer is an authoritative-looking DNS server on 127.0.0.1 (UDP and
// TCP on the same port). Names not set answer NXDOMAIN, or Fallback's answer.
type DNSServer struct {
	Addr string // host:port to use as a resolver

	mu       sync.Mutex
	answers  map[string]Answer
	fallback *Answer
	queries  int
	udp, tcp *dns.Server
}

// StartDNS starts a DNS server on a free loopback port.
func StartDNS() (*DNSServer, error) {
	s := &DNSServer{answers: map[string]Answer{}}
	var lastErr error
	for range 20 { // find a port free for both UDP and TCP
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("lab dns: listen udp: %w", err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			lastErr = err
			continue
		}
		s.Addr = pc.LocalAddr().String()
		h := dns.HandlerFunc(s.serve)
		s.udp = &dns.Server{PacketConn: pc, Handler: h}
		s.tcp = &dns.Server{Listener: l, Handler: h}
		started := make(chan struct{}, 2)
		s.udp.NotifyStartedFunc = func() { started <- struct{}{} }
		s.tcp.NotifyStartedFunc = func() { started <- struct{}{} }
		go s.udp.ActivateAndServe()
		go s.tcp.ActivateAndServe()
		<-started
		<-started
		return s, nil
	}
	return nil, fmt.Errorf("lab dns: no port free for both udp and tcp: %w", lastErr)
}

// Set makes the server answer a for name (case-insensitive, dot optional).
func (s *DNSServer) Set(name string, a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[dns.CanonicalName(name)] = a
}

// SetFallback sets the answer for every name not Set; nil restores NXDOMAIN.
func (s *DNSServer) SetFallback(a *Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = a
}

// Queries is how many queries the server has received.
func (s *DNSServer) Queries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries
}

// Close stops the server.
func (s *DNSServer) Close() {
	s.udp.Shutdown()
	s.tcp.Shutdown()
}

func (s *DNSServer) serve(w dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeFormatError)
		w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	name := dns.CanonicalName(q.Name)
	s.mu.Lock()
	s.queries++
	a, ok := s.answers[name]
	if !ok {
		a = NXDomain
		if s.fallback != nil {
			a = *s.fallback
		}
	}
	s.mu.Unlock()
	if a.Silent {
		return
	}
	m := new(dns.Msg)
	m.SetRcode(req, a.Rcode)
	m.Authoritative = true
	m.Answer = AddressRecords(q, a.Addrs...)
	w.WriteMsg(m)
}

// AddressRecords are the A or AAAA records, as q asks, of the addresses of
// that family among addrs.
func AddressRecords(q dns.Question, addrs ...netip.Addr) []dns.RR {
	var rrs []dns.RR
	for _, ip := range addrs {
		hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 30}
		switch {
		case ip.Is4() && q.Qtype == dns.TypeA:
			hdr.Rrtype = dns.TypeA
			rrs = append(rrs, &dns.A{Hdr: hdr, A: ip.AsSlice()})
		case ip.Is6() && q.Qtype == dns.TypeAAAA:
			hdr.Rrtype = dns.TypeAAAA
			rrs = append(rrs, &dns.AAAA{Hdr: hdr, AAAA: ip.AsSlice()})
		}
	}
	return rrs
}
