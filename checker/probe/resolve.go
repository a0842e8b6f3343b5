package probe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// Resolver looks up a name's A and AAAA records. With Servers set it asks
// those (host:port); otherwise it reads /etc/hosts and then asks the
// nameservers of /etc/resolv.conf, so that NXDOMAIN, SERVFAIL, a timeout and
// an empty answer stay distinct (the Go and libc resolvers fold them).
type Resolver struct {
	Servers   []string // e.g. "127.0.0.1:53"; empty for the system's
	ConfPath  string   // default /etc/resolv.conf
	HostsPath string   // default /etc/hosts
}

// DNSError is a failed lookup with its class.
type DNSError struct {
	Host   string
	Class  Class
	Server string // the server that answered last, if any
	Err    error  // transport error, if any
}

func (e *DNSError) Error() string {
	what := map[Class]string{
		ClassNXDomain:   "no such domain (NXDOMAIN)",
		ClassServFail:   "server failure (SERVFAIL)",
		ClassDNSTimeout: "no answer in time",
		ClassNoAnswer:   "no address records",
		ClassDNSRefused: "query refused (REFUSED)",
	}[e.Class]
	if what == "" {
		what = "lookup failed"
	}
	msg := fmt.Sprintf("dns %s: %s", e.Host, what)
	if e.Server != "" {
		msg += " from " + e.Server
	}
	if e.Err != nil && e.Class != ClassDNSTimeout {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *DNSError) Unwrap() error { return e.Err }

// Lookup returns the addresses of host, IPv4 first. An IP literal is
// returned as is. The error is a *DNSError.
func (r *Resolver) Lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	servers := r.Servers
	if len(servers) == 0 {
		if addrs := lookupHosts(r.hostsPath(), host); len(addrs) > 0 {
			return addrs, nil
		}
		servers = systemServers(r.confPath())
		if len(servers) == 0 {
			return lookupGo(ctx, host)
		}
	}
	var wg sync.WaitGroup
	var answers [2]answer
	for i, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = query(ctx, servers, host, qt)
		}()
	}
	wg.Wait()
	addrs := append(answers[0].addrs, answers[1].addrs...)
	if len(addrs) > 0 {
		return addrs, nil
	}
	// Pick the most telling failure: a name that does not exist beats a
	// server failure, which beats a timeout, refusal, other error, empty answer.
	for _, c := range []Class{ClassNXDomain, ClassServFail, ClassDNSTimeout, ClassDNSRefused, ClassDNSError} {
		for _, a := range answers {
			if a.class == c {
				return nil, &DNSError{Host: host, Class: c, Server: a.server, Err: a.err}
			}
		}
	}
	return nil, &DNSError{Host: host, Class: ClassNoAnswer, Server: answers[0].server}
}

type answer struct {
	addrs  []netip.Addr
	class  Class // ClassNone with no addrs means an empty answer
	server string
	err    error
}

// query asks the servers in turn for one record type, moving on after a
// timeout or transport error, and giving each a share of the time left.
func query(ctx context.Context, servers []string, host string, qtype uint16) answer {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(host), qtype)
	m.SetEdns0(1232, false)
	var last answer
	for i, server := range servers {
		qctx, cancel := shareOf(ctx, len(servers)-i)
		in, err := exchange(qctx, m, server)
		cancel()
		if err != nil {
			last = answer{class: classifyDNSTransport(ctx, err), server: server, err: err}
			if ctx.Err() != nil {
				return last
			}
			continue
		}
		a := answer{server: server}
		switch in.Rcode {
		case dns.RcodeSuccess:
			for _, rr := range in.Answer {
				switch v := rr.(type) {
				case *dns.A:
					if ip, ok := netip.AddrFromSlice(v.A.To4()); ok {
						a.addrs = append(a.addrs, ip)
					}
				case *dns.AAAA:
					if ip, ok := netip.AddrFromSlice(v.AAAA); ok {
						a.addrs = append(a.addrs, ip)
					}
				}
			}
		case dns.RcodeNameError:
			a.class = ClassNXDomain
		case dns.RcodeServerFailure:
			a.class = ClassServFail
		case dns.RcodeRefused:
			a.class = ClassDNSRefused
		default:
			a.class = ClassDNSError
			a.err = fmt.Errorf("rcode %s", dns.RcodeToString[in.Rcode])
		}
		return a
	}
	return last
}

func exchange(ctx context.Context, m *dns.Msg, server string) (*dns.Msg, error) {
	c := &dns.Client{Net: "udp", UDPSize: 1232}
	in, _, err := c.ExchangeContext(ctx, m, server)
	if err == nil && in.Truncated {
		c.Net = "tcp"
		in, _, err = c.ExchangeContext(ctx, m, server)
	}
	return in, err
}

// shareOf gives one of n remaining servers its share of ctx's time left.
func shareOf(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok || n <= 1 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, time.Until(dl)/time.Duration(n))
}

func classifyDNSTransport(ctx context.Context, err error) Class {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return ClassDNSTimeout
	}
	return ClassDNSError
}

// lookupGo is the fallback when no nameserver is configured at all.
func lookupGo(ctx context.Context, host string) ([]netip.Addr, error) {
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err == nil && len(addrs) > 0 {
		for i := range addrs {
			addrs[i] = addrs[i].Unmap()
		}
		return addrs, nil
	}
	de := &DNSError{Host: host, Class: ClassDNSError, Err: err}
	var dnsErr *net.DNSError
	switch {
	case err == nil:
		de.Class = ClassNoAnswer
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		de.Class = ClassNXDomain
	case errors.As(err, &dnsErr) && dnsErr.IsTimeout:
		de.Class = ClassDNSTimeout
	case errors.As(err, &dnsErr) && dnsErr.IsTemporary:
		de.Class = ClassServFail
	}
	return nil, de
}

func (r *Resolver) confPath() string {
	if r.ConfPath != "" {
		return r.ConfPath
	}
	return "/etc/resolv.conf"
}

func (r *Resolver) hostsPath() string {
	if r.HostsPath != "" {
		return r.HostsPath
	}
	return "/etc/hosts"
}

// systemServers reads the nameservers of a resolv.conf, as host:53.
func systemServers(path string) []string {
	cc, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(cc.Servers))
	for _, s := range cc.Servers {
		out = append(out, net.JoinHostPort(s, cc.Port))
	}
	return out
}

// lookupHosts finds host in a hosts file.
func lookupHosts(path, host string) []netip.Addr {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var addrs []netip.Addr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		a, err := netip.ParseAddr(fields[0])
		if err != nil {
			continue
		}
		for _, name := range fields[1:] {
			if strings.EqualFold(strings.TrimSuffix(name, "."), strings.TrimSuffix(host, ".")) {
				addrs = append(addrs, a.Unmap())
			}
		}
	}
	return addrs
}
