package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
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
// returned as is. It asks for A and AAAA together, over one UDP socket per
// server, sending again what got no reply in time to the next server in
// turn (see exchange), and over TCP after a truncated reply. Once one
// family's addresses are in, the other has ResolutionDelay more to answer.
// Without a deadline on ctx the lookup takes at most noDeadlineBudget. The
// error is a *DNSError.
func (r *Resolver) Lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	addrs, _, err := r.lookup(ctx, host)
	return addrs, err
}

// lookup is Lookup, also counting the queries that went unanswered (lost
// on the way, or slower than their try's wait).
func (r *Resolver) lookup(ctx context.Context, host string) ([]netip.Addr, int, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, 0, nil
	}
	servers := r.Servers
	if len(servers) == 0 {
		if addrs := lookupHosts(r.hostsPath(), host); len(addrs) > 0 {
			return addrs, 0, nil
		}
		servers = systemServers(r.confPath())
		if len(servers) == 0 {
			addrs, err := lookupGo(ctx, host)
			return addrs, 0, err
		}
	}
	qs, err := newQuestions(host)
	if err != nil {
		return nil, 0, &DNSError{Host: host, Class: ClassDNSError, Err: err}
	}
	exchange(ctx, servers, qs[:])
	answers := [2]answer{qs[0].answer, qs[1].answer}
	lost := qs[0].lost + qs[1].lost
	addrs := append(answers[0].addrs, answers[1].addrs...)
	if len(addrs) > 0 {
		return addrs, lost, nil
	}
	// Pick the most telling failure: a name that does not exist beats a
	// server failure, which beats a timeout, refusal, other error, empty answer.
	for _, c := range []Class{ClassNXDomain, ClassServFail, ClassDNSTimeout, ClassDNSRefused, ClassDNSError} {
		for _, a := range answers {
			if a.class == c {
				return nil, lost, &DNSError{Host: host, Class: c, Server: a.server, Err: a.err}
			}
		}
	}
	return nil, lost, &DNSError{Host: host, Class: ClassNoAnswer, Server: answers[0].server}
}

type answer struct {
	addrs  []netip.Addr
	class  Class // ClassNone with no addrs means an empty answer
	server string
	err    error
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
