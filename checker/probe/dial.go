package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"
)

// connectDelay is RFC 8305's Connection Attempt Delay (§5, which
// recommends 250 ms): how long an attempt has the line to itself before the
// next address is tried alongside it.
const connectDelay = 250 * time.Millisecond

// DialError is a connect that no address accepted. Its message lists each
// address's failure: "connect: [2001:db8::5]:443 refused; 203.0.113.5:443 timeout".
type DialError struct {
	Class    Class  // the most telling of the attempts' classes (see eyeballs.connect)
	Dials    []Dial // every attempt, in the order started
	NotTried int    // addresses left untried because the caller's context ended
	Err      error  // the error of the attempt whose class is Class
}

func (e *DialError) Error() string {
	var b strings.Builder
	b.WriteString("connect:")
	for i, d := range e.Dials {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(" " + d.Addr + " " + string(d.Class))
		if d.Class == ClassError && d.Err != "" {
			b.WriteString(" (" + d.Err + ")")
		}
	}
	if len(e.Dials) == 0 && e.Err != nil {
		b.WriteString(" " + e.Err.Error())
	}
	if e.NotTried > 0 {
		fmt.Fprintf(&b, "; %d more not tried", e.NotTried)
	}
	return b.String()
}

func (e *DialError) Unwrap() error { return e.Err }

// Dialer connects to a host:port the way probes do: it resolves the name
// with Resolver and connects by Happy Eyeballs (RFC 8305), so that a
// black-holed address family costs a quarter second, not the whole timeout.
// DialContext fits http.Transport.DialContext; a proxy stays the
// Transport's business (it dials the proxy through DialContext).
type Dialer struct {
	Resolver  *Resolver     // nil: the system's (hosts file, then the servers of resolv.conf)
	Timeout   time.Duration // bound on resolving and connecting together; 0: ctx's only
	KeepAlive time.Duration // as net.Dialer's: 0 for Go's default, negative for none
}

// DialContext connects to addr (host:port) over network "tcp", "tcp4" or
// "tcp6". A failed lookup's error wraps a *DNSError, a failed connect's
// a *DialError.
func (d *Dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	family := func(netip.Addr) bool { return true }
	switch network {
	case "tcp":
	case "tcp4":
		family = func(a netip.Addr) bool { return a.Unmap().Is4() }
	case "tcp6":
		family = func(a netip.Addr) bool { return !a.Unmap().Is4() }
	default:
		return nil, &net.OpError{Op: "dial", Net: network, Err: net.UnknownNetworkError(network)}
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	if d.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.Timeout)
		defer cancel()
	}
	res := d.Resolver
	if res == nil {
		res = &Resolver{}
	}
	found, err := res.Lookup(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	var ips []netip.Addr
	for _, a := range found {
		if family(a) {
			ips = append(ips, a)
		}
	}
	nd := net.Dialer{KeepAlive: d.KeepAlive}
	e := eyeballs{dial: func(ctx context.Context, a string) (net.Conn, error) { return nd.DialContext(ctx, "tcp", a) }}
	c, _, err := e.connect(ctx, ips, port)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	return c, nil
}

// eyeballs connects by Happy Eyeballs. The zero value dials with a
// net.Dialer, connectDelay apart, on real timers; tests replace the parts.
type eyeballs struct {
	dial  func(ctx context.Context, addr string) (net.Conn, error)
	delay time.Duration
	timer func(time.Duration) (<-chan time.Time, func()) // fires once after d; the func stops it
}

// connect connects to one of addrs at port. It tries them in RFC 8305
// order (see interleave), one at a time: each attempt has connectDelay to
// itself, after which, or as soon as it fails, the next starts alongside.
// The first to connect wins; the others are cancelled, and closed should
// they connect all the same. Attempts are bounded by ctx only: the caller
// owns the deadline, and once it passes no further attempt starts. dials
// records every attempt started, in order; one abandoned for the winner
// has neither class nor error.
//
// When none connects, the error is a *DialError whose class is the most
// telling of the attempts': a refusal, then a reset (the far end answered),
// before a timeout (the path is silent, or the deadline cut the attempt
// short), before unreachable (no route here or at a router: what a family
// the network lacks, such as IPv6 at many homes, always says, telling
// nothing of the service), before any other error; among equals, the last
// attempt to fail.
func (e eyeballs) connect(ctx context.Context, addrs []netip.Addr, port string) (c net.Conn, dials []Dial, err error) {
	order := interleave(addrs)
	if len(order) == 0 {
		return nil, nil, &DialError{Class: ClassError, Err: errors.New("no address to connect to")}
	}
	parent := ctx
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	done := make(chan outcome, len(order)) // late finishers never block
	starts := make([]time.Time, 0, len(order))
	errs := make([]error, len(order))
	ended := make([]bool, len(order))
	running := 0
	start := func() {
		i := len(dials)
		addr := net.JoinHostPort(order[i].String(), port)
		dials = append(dials, Dial{Addr: addr})
		starts = append(starts, time.Now())
		running++
		go func() {
			c, err := e.dialer()(ctx, addr)
			done <- outcome{i, c, err, time.Now()}
		}()
	}
	var tick <-chan time.Time
	stop := func() {}
	next := func() { // starts the next attempt and gives it its head start
		start()
		stop()
		tick, stop = nil, func() {}
		if len(dials) < len(order) {
			tick, stop = e.after(e.wait())
		}
	}
	defer func() { stop() }()

	next()
	cut := parent.Done()
	worst := -1 // the most telling failure so far
	for running > 0 {
		select {
		case <-tick:
			next()
		case <-cut: // the running attempts end with ctx; start no more
			cut = nil
			stop()
			tick, stop = nil, func() {}
		case o := <-done:
			running--
			ended[o.i] = true
			d := &dials[o.i]
			d.Duration = o.at.Sub(starts[o.i])
			if o.err == nil {
				d.Won = true
				cancel()
				for i := range dials {
					if !ended[i] {
						dials[i].Duration = o.at.Sub(starts[i])
					}
				}
				go closeLate(done, running)
				return o.conn, dials, nil
			}
			d.Class, d.Err = classifyDial(parent, o.err), brief(o.err)
			errs[o.i] = o.err
			if worst < 0 || telling(d.Class) >= telling(dials[worst].Class) {
				worst = o.i
			}
			if parent.Err() == nil && len(dials) < len(order) {
				next()
			}
		}
	}
	return nil, dials, &DialError{Class: dials[worst].Class, Dials: dials, NotTried: len(order) - len(dials), Err: errs[worst]}
}

// outcome is how attempt i ended, and when.
type outcome struct {
	i    int
	conn net.Conn
	err  error
	at   time.Time
}

// closeLate waits for the n attempts abandoned for a winner, and closes
// the connections of those that connect all the same.
func closeLate(done <-chan outcome, n int) {
	for range n {
		if o := <-done; o.conn != nil {
			o.conn.Close()
		}
	}
}

func (e eyeballs) dialer() func(context.Context, string) (net.Conn, error) {
	if e.dial != nil {
		return e.dial
	}
	var d net.Dialer
	return func(ctx context.Context, addr string) (net.Conn, error) { return d.DialContext(ctx, "tcp", addr) }
}

func (e eyeballs) wait() time.Duration {
	if e.delay > 0 {
		return e.delay
	}
	return connectDelay
}

func (e eyeballs) after(d time.Duration) (<-chan time.Time, func()) {
	if e.timer != nil {
		return e.timer(d)
	}
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// interleave orders addrs as RFC 8305 §4 does with a First Address Family
// Count of 1: IPv6 first when there is any, then the families alternate,
// each keeping the resolver's order; duplicates are dropped.
func interleave(addrs []netip.Addr) []netip.Addr {
	var v6, v4 []netip.Addr
	seen := make(map[netip.Addr]bool, len(addrs))
	for _, a := range addrs {
		if seen[a] {
			continue
		}
		seen[a] = true
		if a.Unmap().Is4() {
			v4 = append(v4, a)
		} else {
			v6 = append(v6, a)
		}
	}
	out := make([]netip.Addr, 0, len(v6)+len(v4))
	for i := range max(len(v6), len(v4)) {
		if i < len(v6) {
			out = append(out, v6[i])
		}
		if i < len(v4) {
			out = append(out, v4[i])
		}
	}
	return out
}

// classifyDial names why one attempt failed; an attempt cut short by the
// end of ctx timed out.
func classifyDial(ctx context.Context, err error) Class {
	c := classifyNet(context.Background(), err)
	if c == ClassError && ctx.Err() != nil {
		return ClassTimeout
	}
	return c
}

// telling ranks classes for a failed connect (see eyeballs.connect).
func telling(c Class) int {
	switch c {
	case ClassRefused:
		return 4
	case ClassReset:
		return 3
	case ClassTimeout:
		return 2
	case ClassUnreachable:
		return 1
	}
	return 0
}

// brief is err without the "dial tcp addr:" its Dial already says.
func brief(err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}
