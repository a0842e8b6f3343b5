package probe

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/status"
)

// dialWatchdog bounds every wait on a signal, so that a bug fails the test
// instead of hanging it; no test waits it out when all is well.
const dialWatchdog = 10 * time.Second

// fakeNet is a network whose connection attempts end when the test says,
// and whose Connection Attempt Delay passes when the test fires it.
type fakeNet struct {
	calls  chan *dialCall
	timers chan *delayTimer
}

// dialCall is one connection attempt, waiting for its reply.
type dialCall struct {
	addr  string
	ctx   context.Context
	reply chan dialReply
}

type dialReply struct {
	conn net.Conn
	err  error
}

type delayTimer struct {
	d time.Duration
	c chan time.Time
}

func (t *delayTimer) fire() { t.c <- time.Time{} }

func newFakeNet() *fakeNet {
	return &fakeNet{calls: make(chan *dialCall, 16), timers: make(chan *delayTimer, 16)}
}

func (f *fakeNet) eyeballs() eyeballs {
	return eyeballs{
		dial: func(ctx context.Context, addr string) (net.Conn, error) {
			c := &dialCall{addr: addr, ctx: ctx, reply: make(chan dialReply, 1)}
			f.calls <- c
			r := <-c.reply
			return r.conn, r.err
		},
		timer: func(d time.Duration) (<-chan time.Time, func()) {
			t := &delayTimer{d: d, c: make(chan time.Time, 1)}
			f.timers <- t
			return t.c, func() {}
		},
	}
}

// connectResult is what connect returned.
type connectResult struct {
	conn  net.Conn
	dials []Dial
	err   error
}

// connect runs connect to addrs at port 443 in the background.
func (f *fakeNet) connect(ctx context.Context, addrs ...string) <-chan connectResult {
	out := make(chan connectResult, 1)
	e := f.eyeballs()
	ips := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		ips[i] = netip.MustParseAddr(a)
	}
	go func() {
		c, d, err := e.connect(ctx, ips, "443")
		out <- connectResult{c, d, err}
	}()
	return out
}

// awaitSignal waits for the next value of ch.
func awaitSignal[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(dialWatchdog):
		t.Fatalf("no %s", what)
		panic("unreachable")
	}
}

// nextCall waits for the next attempt and checks its address.
func (f *fakeNet) nextCall(t *testing.T, addr string) *dialCall {
	t.Helper()
	c := awaitSignal(t, f.calls, "attempt to "+addr)
	if c.addr != addr {
		t.Fatalf("attempt to %s, want %s", c.addr, addr)
	}
	return c
}

// noCall checks that no attempt has been started.
func (f *fakeNet) noCall(t *testing.T, why string) {
	t.Helper()
	select {
	case c := <-f.calls:
		t.Fatalf("attempt to %s %s", c.addr, why)
	default:
	}
}

// fakeConn is a connection that only tells when it is closed.
type fakeConn struct {
	net.Conn
	once   sync.Once
	closed chan struct{}
}

func newFakeConn() *fakeConn { return &fakeConn{closed: make(chan struct{})} }

func (c *fakeConn) Close() error { c.once.Do(func() { close(c.closed) }); return nil }

func opErr(err error) error {
	return &net.OpError{Op: "dial", Net: "tcp", Err: err}
}

var (
	errRefused     = opErr(os.NewSyscallError("connect", syscall.ECONNREFUSED))
	errUnreachable = opErr(os.NewSyscallError("connect", syscall.ENETUNREACH))
	errTimedOut    = opErr(os.ErrDeadlineExceeded)
	errNoFiles     = opErr(os.NewSyscallError("socket", syscall.EMFILE))
)

func TestInterleave(t *testing.T) {
	cases := []struct{ in, want string }{
		{"192.0.2.1 192.0.2.2 2001:db8::1 2001:db8::2 192.0.2.3", "2001:db8::1 192.0.2.1 2001:db8::2 192.0.2.2 192.0.2.3"},
		{"2001:db8::1 2001:db8::2 2001:db8::3 192.0.2.1", "2001:db8::1 192.0.2.1 2001:db8::2 2001:db8::3"},
		{"192.0.2.1 192.0.2.2", "192.0.2.1 192.0.2.2"},
		{"2001:db8::2 2001:db8::1", "2001:db8::2 2001:db8::1"},
		{"192.0.2.1 192.0.2.1 2001:db8::1", "2001:db8::1 192.0.2.1"},
		{"::ffff:192.0.2.1 2001:db8::1", "2001:db8::1 ::ffff:192.0.2.1"},
		{"", ""},
	}
	for _, c := range cases {
		var in []netip.Addr
		for _, a := range strings.Fields(c.in) {
			in = append(in, netip.MustParseAddr(a))
		}
		var got []string
		for _, a := range interleave(in) {
			got = append(got, a.String())
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("interleave(%s) = %s, want %s", c.in, g, c.want)
		}
	}
}

// The first attempt goes to IPv6 and has the Connection Attempt Delay to
// itself; the next family is tried when the delay passes.
func TestEyeballsWaitsTheDelay(t *testing.T) {
	f := newFakeNet()
	done := f.connect(context.Background(), "192.0.2.1", "2001:db8::1")
	v6 := f.nextCall(t, "[2001:db8::1]:443")
	tm := awaitSignal(t, f.timers, "connection attempt delay")
	if tm.d != connectDelay {
		t.Errorf("delay %v, want %v", tm.d, connectDelay)
	}
	f.noCall(t, "before the delay passed")
	tm.fire()
	v4 := f.nextCall(t, "192.0.2.1:443")
	won := newFakeConn()
	v4.reply <- dialReply{conn: won}
	res := awaitSignal(t, done, "connect result")
	if res.err != nil || res.conn != won {
		t.Fatalf("connect = %v, %v; want the IPv4 connection", res.conn, res.err)
	}
	awaitSignal(t, v6.ctx.Done(), "cancel of the losing attempt")
	v6.reply <- dialReply{err: v6.ctx.Err()}
	want := []Dial{{Addr: "[2001:db8::1]:443"}, {Addr: "192.0.2.1:443", Won: true}}
	checkDials(t, res.dials, want)
}

// A failed attempt starts the next at once, with a delay of its own.
func TestEyeballsFailureStartsNextAtOnce(t *testing.T) {
	f := newFakeNet()
	done := f.connect(context.Background(), "2001:db8::1", "2001:db8::2", "192.0.2.1")
	first := f.nextCall(t, "[2001:db8::1]:443")
	awaitSignal(t, f.timers, "first delay")
	first.reply <- dialReply{err: errRefused}
	second := f.nextCall(t, "192.0.2.1:443") // no timer fired
	awaitSignal(t, f.timers, "second delay")
	won := newFakeConn()
	second.reply <- dialReply{conn: won}
	res := awaitSignal(t, done, "connect result")
	if res.err != nil || res.conn != won {
		t.Fatalf("connect = %v, %v; want the second connection", res.conn, res.err)
	}
	checkDials(t, res.dials, []Dial{
		{Addr: "[2001:db8::1]:443", Class: ClassRefused, Err: "connection refused"},
		{Addr: "192.0.2.1:443", Won: true},
	})
}

// The first to connect wins; the others are cancelled, and one that
// connects all the same is closed.
func TestEyeballsWinnerCancelsLosers(t *testing.T) {
	f := newFakeNet()
	done := f.connect(context.Background(), "2001:db8::1", "192.0.2.1", "2001:db8::2")
	a := f.nextCall(t, "[2001:db8::1]:443")
	awaitSignal(t, f.timers, "first delay").fire()
	b := f.nextCall(t, "192.0.2.1:443")
	awaitSignal(t, f.timers, "second delay").fire()
	c := f.nextCall(t, "[2001:db8::2]:443")

	won := newFakeConn()
	b.reply <- dialReply{conn: won}
	res := awaitSignal(t, done, "connect result")
	if res.err != nil || res.conn != won {
		t.Fatalf("connect = %v, %v; want b's connection", res.conn, res.err)
	}
	awaitSignal(t, a.ctx.Done(), "cancel of a")
	awaitSignal(t, c.ctx.Done(), "cancel of c")
	late := newFakeConn()
	a.reply <- dialReply{conn: late} // connected as it was cancelled
	c.reply <- dialReply{err: c.ctx.Err()}
	awaitSignal(t, late.closed, "close of the late connection")
	select {
	case <-won.closed:
		t.Error("the winning connection was closed")
	default:
	}
	checkDials(t, res.dials, []Dial{
		{Addr: "[2001:db8::1]:443"},
		{Addr: "192.0.2.1:443", Won: true},
		{Addr: "[2001:db8::2]:443"},
	})
}

// When every address fails, the class is the most telling failure and the
// message names each address's.
func TestEyeballsAllFail(t *testing.T) {
	cases := []struct {
		name   string
		v6, v4 error
		class  Class
		msg    string
	}{
		{"both refuse", errRefused, errRefused, ClassRefused,
			"connect: [2001:db8::1]:443 refused; 192.0.2.1:443 refused"},
		{"no IPv6 route, IPv4 silent", errUnreachable, errTimedOut, ClassTimeout,
			"connect: [2001:db8::1]:443 unreachable; 192.0.2.1:443 timeout"},
		{"IPv6 silent, IPv4 refuses", errTimedOut, errRefused, ClassRefused,
			"connect: [2001:db8::1]:443 timeout; 192.0.2.1:443 refused"},
		{"no route at all", errUnreachable, errUnreachable, ClassUnreachable,
			"connect: [2001:db8::1]:443 unreachable; 192.0.2.1:443 unreachable"},
		{"out of files", errNoFiles, errUnreachable, ClassUnreachable,
			"connect: [2001:db8::1]:443 error (too many open files); 192.0.2.1:443 unreachable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeNet()
			done := f.connect(context.Background(), "192.0.2.1", "2001:db8::1")
			f.nextCall(t, "[2001:db8::1]:443").reply <- dialReply{err: c.v6}
			f.nextCall(t, "192.0.2.1:443").reply <- dialReply{err: c.v4}
			res := awaitSignal(t, done, "connect result")
			var de *DialError
			if res.conn != nil || !errors.As(res.err, &de) {
				t.Fatalf("connect = %v, %v; want a *DialError", res.conn, res.err)
			}
			if de.Class != c.class || de.Error() != c.msg {
				t.Errorf("got %s %q, want %s %q", de.Class, de.Error(), c.class, c.msg)
			}
			if classifyNet(context.Background(), res.err) != c.class {
				t.Errorf("classifyNet = %s, want %s", classifyNet(context.Background(), res.err), c.class)
			}
			if len(de.Dials) != 2 || de.NotTried != 0 {
				t.Errorf("dials %+v, %d not tried", de.Dials, de.NotTried)
			}
		})
	}
}

// Once the caller's context ends, no further attempt starts; the one it
// cut short timed out.
func TestEyeballsDeadlineStopsNewAttempts(t *testing.T) {
	f := newFakeNet()
	ctx, cancel := context.WithCancel(context.Background())
	done := f.connect(ctx, "2001:db8::1", "192.0.2.1", "2001:db8::2")
	a := f.nextCall(t, "[2001:db8::1]:443")
	awaitSignal(t, f.timers, "first delay")
	cancel()
	awaitSignal(t, a.ctx.Done(), "cancel of the attempt")
	a.reply <- dialReply{err: a.ctx.Err()}
	res := awaitSignal(t, done, "connect result")
	var de *DialError
	if !errors.As(res.err, &de) || de.Class != ClassTimeout || de.NotTried != 2 || len(de.Dials) != 1 {
		t.Fatalf("connect = %v (%+v); want a timeout with 2 addresses not tried", res.err, de)
	}
	if want := "connect: [2001:db8::1]:443 timeout; 2 more not tried"; de.Error() != want {
		t.Errorf("message %q, want %q", de.Error(), want)
	}
	f.noCall(t, "after the context ended")
}

func TestEyeballsNoAddress(t *testing.T) {
	_, _, err := eyeballs{}.connect(context.Background(), nil, "443")
	var de *DialError
	if !errors.As(err, &de) || de.Class != ClassError {
		t.Fatalf("connect to nothing = %v", err)
	}
}

// On real sockets: [::1] refuses, so 127.0.0.1 is tried at once (the delay
// never passes here) and connects.
func TestEyeballsLoopback(t *testing.T) {
	l := listen4(t)
	_, port, _ := net.SplitHostPort(l.Addr().String())
	never := func(time.Duration) (<-chan time.Time, func()) { return nil, func() {} }
	ctx, cancel := context.WithTimeout(context.Background(), dialWatchdog)
	defer cancel()
	addrs := []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")}
	c, dials, err := eyeballs{timer: never}.connect(ctx, addrs, port)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close()
	if got := c.RemoteAddr().String(); got != "127.0.0.1:"+port {
		t.Errorf("connected to %s", got)
	}
	if len(dials) != 2 {
		t.Fatalf("dials %+v", dials)
	}
	if d := dials[0]; d.Addr != "[::1]:"+port || d.Class != ClassRefused || d.Won {
		t.Errorf("first dial %+v, want [::1]:%s refused", d, port)
	}
	if d := dials[1]; d.Addr != "127.0.0.1:"+port || !d.Won || d.Class != ClassNone {
		t.Errorf("second dial %+v, want 127.0.0.1:%s won", d, port)
	}
}

// The probes record both families' attempts; the HTTP probe those of its
// last attempt.
func TestProbesRecordDials(t *testing.T) {
	needIPv6(t)
	f := newFixture(t)
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})) // 127.0.0.1 only
	defer srv.Close()
	p := port(t, srv.URL)
	_, closed, _ := net.SplitHostPort(f.closed)
	f.dns.Set("dual.test", lab.Address("127.0.0.1", "::1"))
	for _, raw := range []string{"tcp://dual.test:" + p, "http://dual.test:" + p + "/"} {
		r := run(t, f.prober, raw, dialWatchdog)
		if !r.OK || r.Addr != "127.0.0.1:"+p || len(r.Dials) != 2 {
			t.Fatalf("%s: ok=%v addr=%s dials=%+v (%s)", raw, r.OK, r.Addr, r.Dials, r.Message)
		}
		// [::1] refuses at once; only a machine too busy to notice that
		// within the Connection Attempt Delay abandons it instead.
		if d := r.Dials[0]; d.Addr != "[::1]:"+p || d.Won || (d.Class != ClassRefused && d.Class != ClassNone) {
			t.Errorf("%s: first dial %+v", raw, d)
		}
		if d := r.Dials[1]; d.Addr != "127.0.0.1:"+p || !d.Won {
			t.Errorf("%s: second dial %+v", raw, d)
		}
	}
	for _, raw := range []string{"tcp://dual.test:" + closed, "https://dual.test:" + closed + "/"} {
		r := run(t, f.prober, raw, dialWatchdog)
		check(t, r, want{false, LayerDNS, LayerTCP, ClassRefused, status.Down})
		if want := "[::1]:" + closed + " refused; 127.0.0.1:" + closed + " refused"; !strings.Contains(r.Message, want) || len(r.Dials) != 2 {
			t.Errorf("%s: message %q, dials %+v; want both refusals", raw, r.Message, r.Dials)
		}
	}
}

func TestDialer(t *testing.T) {
	needIPv6(t)
	f := newFixture(t)
	f.dns.Set("dual.test", lab.Address("127.0.0.1", "::1"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("hi")) }))
	defer srv.Close()
	p := port(t, srv.URL)
	d := &Dialer{Resolver: &Resolver{Servers: []string{f.dns.Addr}}, Timeout: dialWatchdog}
	client := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, Proxy: nil}}
	defer client.CloseIdleConnections()
	resp, err := client.Get("http://dual.test:" + p + "/")
	if err != nil {
		t.Fatalf("GET through the Dialer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %s", resp.Status)
	}

	ctx := context.Background()
	var de *DialError
	if _, err := d.DialContext(ctx, "tcp6", "dual.test:"+p); !errors.As(err, &de) || de.Class != ClassRefused || len(de.Dials) != 1 {
		t.Errorf("tcp6 to an IPv4 server: %v", err)
	}
	var dnsErr *DNSError
	if _, err := d.DialContext(ctx, "tcp", "nx.test:"+p); !errors.As(err, &dnsErr) || dnsErr.Class != ClassNXDomain {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := d.DialContext(ctx, "udp", "dual.test:"+p); err == nil {
		t.Error("udp dialled")
	}
}

// listen4 listens on 127.0.0.1 only and accepts until the test ends.
func listen4(t *testing.T) net.Listener {
	t.Helper()
	needIPv6(t)
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return l
}

// needIPv6 skips a test on a machine without IPv6 loopback.
func needIPv6(t *testing.T) {
	t.Helper()
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	l.Close()
}

func checkDials(t *testing.T, got, want []Dial) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("dials %+v, want %+v", got, want)
	}
	for i := range got {
		g := got[i]
		g.Duration = 0
		if g != want[i] {
			t.Errorf("dial %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
