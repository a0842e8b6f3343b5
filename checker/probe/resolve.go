package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"
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
// returned as is. It asks each server for A and AAAA together over one UDP
// socket (over TCP for a truncated reply), and the next server for what a
// timeout or transport error left unanswered, giving each server its share
// of ctx's time (2s without a deadline). The error is a *DNSError.
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
	qs, err := newQuestions(host)
	if err != nil {
		return nil, &DNSError{Host: host, Class: ClassDNSError, Err: err}
	}
	ask(ctx, servers, qs[:])
	answers := [2]answer{qs[0].answer, qs[1].answer}
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

// ask puts the questions to the servers in turn, moving on with those still
// unsettled after a timeout or transport error, and giving each server a
// share of the time left.
func ask(ctx context.Context, servers []string, qs []*question) {
	buf := make([]byte, udpSize)
	for i, server := range servers {
		sctx, cancel := shareOf(ctx, len(servers)-i)
		exchange(sctx, server, qs, buf)
		cancel()
		unsettled := false
		for _, q := range qs {
			if !q.settled {
				q.answer = answer{class: classifyDNSTransport(ctx, q.err), server: server, err: q.err}
				q.err = nil
				unsettled = true
			}
		}
		if !unsettled || ctx.Err() != nil {
			return
		}
	}
}

// noDeadlineWait bounds each server's turn when ctx has no deadline, so
// that a server that never answers cannot hold a lookup forever.
const noDeadlineWait = 2 * time.Second

// shareOf gives one of n remaining servers its share of ctx's time left, or
// noDeadlineWait when ctx has no deadline.
func shareOf(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	switch {
	case !ok:
		return context.WithTimeout(ctx, noDeadlineWait)
	case n <= 1:
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
