package probe

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/status"
)

// fixture is a loopback world: a DNS server, a CA and its servers.
type fixture struct {
	dns    *lab.DNSServer
	ca     *lab.CA
	prober *Prober
	hole   *lab.BlackHole
	closed string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	d, err := lab.StartDNS()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	ca, err := lab.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	hole, err := lab.StartBlackHole()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hole.Close)
	closed, err := lab.ClosedPort()
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]lab.Answer{
		"ok.test":     lab.Address("127.0.0.1"),
		"other.test":  lab.Address("127.0.0.1"),
		"nx.test":     lab.NXDomain,
		"fail.test":   lab.ServFail,
		"empty.test":  lab.Empty,
		"silent.test": lab.Silent,
	} {
		d.Set(name, a)
	}
	return &fixture{
		dns: d, ca: ca, hole: hole, closed: closed,
		prober: &Prober{
			Resolver:  Resolver{Servers: []string{d.Addr}},
			RootCAs:   ca.Pool,
			Proxy:     func(*url.URL) (*url.URL, error) { return nil, nil },
			RetryWait: 10 * time.Millisecond,
		},
	}
}

// tlsServer starts an HTTPS server on 127.0.0.1 with the given certificate.
func (f *fixture) tlsServer(t *testing.T, cert tls.Certificate, h http.Handler) *httptest.Server {
	t.Helper()
	s := lab.StartTLS(cert, h)
	t.Cleanup(s.Close)
	return s
}

func port(t *testing.T, u string) string {
	t.Helper()
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return pu.Port()
}

func mustParse(t *testing.T, raw string) Target {
	t.Helper()
	tg, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%q): %v", raw, err)
	}
	return tg
}

// answers is the deadline of a probe whose target answers: a watchdog, not
// a bound, so that a loaded machine cannot turn an answer into a timeout.
// A probe meant to run into its deadline is given a short one of its own.
const answers = 30 * time.Second

func run(t *testing.T, p *Prober, raw string, timeout time.Duration) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return p.Probe(ctx, mustParse(t, raw))
}

type want struct {
	ok      bool
	reached Layer
	failed  Layer
	class   Class
	status  status.Status
}

func check(t *testing.T, r Result, w want) {
	t.Helper()
	if r.OK != w.ok || r.Reached != w.reached || r.Failed != w.failed || r.Class != w.class || r.Status() != w.status {
		t.Errorf("%s: got ok=%v reached=%q failed=%q class=%q status=%s (%s); want ok=%v reached=%q failed=%q class=%q status=%s",
			r.Target, r.OK, r.Reached, r.Failed, r.Class, r.Status(), r.Message, w.ok, w.reached, w.failed, w.class, w.status)
	}
	if !r.OK && (r.Err == nil || r.Message == "") {
		t.Errorf("%s: a failure must keep its cause, got Err=%v Message=%q", r.Target, r.Err, r.Message)
	}
}

func TestDNSProbe(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		host string
		want want
	}{
		{"ok.test", want{true, LayerDNS, "", "", status.Up}},
		{"nx.test", want{false, "", LayerDNS, ClassNXDomain, status.Down}},
		{"fail.test", want{false, "", LayerDNS, ClassServFail, status.Down}},
		{"empty.test", want{false, "", LayerDNS, ClassNoAnswer, status.Down}},
		{"silent.test", want{false, "", LayerDNS, ClassDNSTimeout, status.Down}},
	}
	for _, c := range cases {
		t.Run(c.host, func(t *testing.T) {
			t.Parallel()
			r := run(t, f.prober, "dns://"+c.host, 500*time.Millisecond)
			check(t, r, c.want)
			if r.Timings.Resolve <= 0 {
				t.Errorf("resolve time not measured: %v", r.Timings)
			}
		})
	}
}

func TestDNSProbeIPv6AndCase(t *testing.T) {
	f := newFixture(t)
	f.dns.Set("v6only.test", lab.Address("::1"))
	r := run(t, f.prober, "dns://V6ONLY.test", answers)
	check(t, r, want{true, LayerDNS, "", "", status.Up})
	if !strings.Contains(r.Message, "::1") {
		t.Errorf("message %q should name the AAAA address", r.Message)
	}
}

func TestResolverFailsOverToNextServer(t *testing.T) {
	f := newFixture(t)
	dead, err := lab.StartDNS()
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	dead.SetFallback(&lab.Silent)
	p := *f.prober
	p.Resolver = Resolver{Servers: []string{dead.Addr, f.dns.Addr}}
	r := run(t, &p, "dns://ok.test", answers)
	check(t, r, want{true, LayerDNS, "", "", status.Up})
}

func TestSystemResolverReadsHostsAndResolvConf(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	hosts := dir + "/hosts"
	conf := dir + "/resolv.conf"
	host, _, _ := net.SplitHostPort(f.dns.Addr)
	writeFile(t, hosts, "127.0.0.1 localhost\n10.9.8.7 pinned.test # comment\n")
	writeFile(t, conf, "nameserver "+host+"\noptions timeout:1\n")
	res := Resolver{HostsPath: hosts, ConfPath: conf}
	addrs, err := res.Lookup(context.Background(), "pinned.test")
	if err != nil || len(addrs) != 1 || addrs[0].String() != "10.9.8.7" {
		t.Fatalf("hosts file: got %v, %v", addrs, err)
	}
	// resolv.conf names a server on port 53, which the lab does not have;
	// the servers it yields must carry that port.
	if got := systemServers(conf); len(got) != 1 || got[0] != host+":53" {
		t.Fatalf("systemServers = %v", got)
	}
}

func TestTCPProbe(t *testing.T) {
	f := newFixture(t)
	open := httptest.NewServer(http.NotFoundHandler())
	defer open.Close()
	p := port(t, open.URL)
	cases := []struct {
		raw  string
		want want
	}{
		{"tcp://ok.test:" + p, want{true, LayerTCP, "", "", status.Up}},
		{"tcp://127.0.0.1:" + p, want{true, LayerTCP, "", "", status.Up}},
		{"tcp://" + f.closed, want{false, "", LayerTCP, ClassRefused, status.Down}},
		{"tcp://nx.test:" + p, want{false, "", LayerDNS, ClassNXDomain, status.Down}},
	}
	for _, c := range cases {
		check(t, run(t, f.prober, c.raw, answers), c.want)
	}
	r := run(t, f.prober, "tcp://ok.test:"+p, answers)
	if r.Reached != LayerTCP || r.Timings.Resolve <= 0 || r.Timings.Connect <= 0 || r.Addr != "127.0.0.1:"+p {
		t.Errorf("timings or address missing: %+v", r)
	}
}

func TestTCPProbeTimeout(t *testing.T) {
	f := newFixture(t)
	st, err := lab.StartStalled()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, raw := range []string{"tcp://" + st.Addr, "tls://" + st.Addr, "https://" + st.Addr + "/"} {
		r := run(t, f.prober, raw, 300*time.Millisecond)
		check(t, r, want{false, "", LayerTCP, ClassTimeout, status.Down})
	}
}

func TestClassifyNet(t *testing.T) {
	ctx := context.Background()
	op := func(errno syscall.Errno) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: errno}}
	}
	cases := []struct {
		err  error
		want Class
	}{
		{op(syscall.ECONNREFUSED), ClassRefused},
		{op(syscall.ENETUNREACH), ClassUnreachable},
		{op(syscall.EHOSTUNREACH), ClassUnreachable},
		{op(syscall.ECONNRESET), ClassReset},
		{context.DeadlineExceeded, ClassTimeout},
		{op(syscall.EACCES), ClassError},
	}
	for _, c := range cases {
		if got := classifyNet(ctx, c.err); got != c.want {
			t.Errorf("classifyNet(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}

func TestTLSProbe(t *testing.T) {
	f := newFixture(t)
	good, _ := f.ca.ValidLeaf("ok.test")
	expired, _ := f.ca.ExpiredLeaf("ok.test")
	wrongName, _ := f.ca.ValidLeaf("other.test")
	goodSrv := f.tlsServer(t, good, http.NotFoundHandler())
	expSrv := f.tlsServer(t, expired, http.NotFoundHandler())
	wrongSrv := f.tlsServer(t, wrongName, http.NotFoundHandler())
	other, _ := lab.NewCA()
	untrusted, _ := other.ValidLeaf("ok.test")
	untrustedSrv := f.tlsServer(t, untrusted, http.NotFoundHandler())

	cases := []struct {
		raw  string
		want want
	}{
		{"tls://ok.test:" + port(t, goodSrv.URL), want{true, LayerTLS, "", "", status.Up}},
		{"tls://ok.test:" + port(t, expSrv.URL), want{false, LayerTCP, LayerTLS, ClassCertExpired, status.Down}},
		{"tls://ok.test:" + port(t, wrongSrv.URL), want{false, LayerTCP, LayerTLS, ClassCertMismatch, status.Down}},
		{"tls://ok.test:" + port(t, untrustedSrv.URL), want{false, LayerTCP, LayerTLS, ClassCertInvalid, status.Down}},
		{"tls://" + f.hole.Addr, want{false, LayerTCP, LayerTLS, ClassTimeout, status.Down}},
		{"tls://" + f.closed, want{false, "", LayerTCP, ClassRefused, status.Down}},
	}
	for _, c := range cases {
		r := run(t, f.prober, c.raw, 500*time.Millisecond)
		check(t, r, c.want)
	}
	now := time.Now()
	r := run(t, f.prober, "tls://ok.test:"+port(t, goodSrv.URL), answers)
	if d, ok := r.CertDaysLeft(now); !ok || d < 88 || d > 90 {
		t.Errorf("days left = %d, %v; want about 89", d, ok)
	}
	if r.Timings.TLS <= 0 {
		t.Errorf("TLS time not measured")
	}
	r = run(t, f.prober, "tls://ok.test:"+port(t, expSrv.URL), answers)
	if d, ok := r.CertDaysLeft(now); !ok || d >= 0 {
		t.Errorf("expired cert: days left = %d, %v; want negative", d, ok)
	}
}

func TestHTTPProbe(t *testing.T) {
	f := newFixture(t)
	cert, _ := f.ca.ValidLeaf("ok.test", "other.test")
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello WhatsApp Web") })
	mux.HandleFunc("/503", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/404", http.NotFound)
	mux.HandleFunc("/403", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "bot check", http.StatusForbidden) })
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "slow down", http.StatusTooManyRequests) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(60 * time.Millisecond)
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/to-nx", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://nx.test:1/", http.StatusFound)
	})
	var flaky atomic.Int32
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "oops", http.StatusBadGateway)
			return
		}
		io.WriteString(w, "ok")
	})
	srv := f.tlsServer(t, cert, mux)
	plain := httptest.NewServer(mux)
	defer plain.Close()
	base := "https://ok.test:" + port(t, srv.URL)
	pbase := "http://ok.test:" + port(t, plain.URL)

	cases := []struct {
		raw   string
		setup func(*Target)
		want  want
		hangs bool // meant to run into the deadline: a short one
	}{
		{base + "/ok", nil, want{true, LayerHTTP, "", "", status.Up}, false},
		{pbase + "/ok", nil, want{true, LayerHTTP, "", "", status.Up}, false},
		{base + "/ok", func(t *Target) { t.Body = "WhatsApp" }, want{true, LayerHTTP, "", "", status.Up}, false},
		{base + "/ok", func(t *Target) { t.Body = "Instagram" }, want{false, LayerHTTP, LayerHTTP, ClassBodyMismatch, status.Down}, false},
		{base + "/503", nil, want{false, LayerHTTP, LayerHTTP, ClassHTTPStatus, status.Down}, false},
		{base + "/404", nil, want{false, LayerHTTP, LayerHTTP, ClassHTTPStatus, status.Down}, false},
		{base + "/404", func(t *Target) { t.Expect = Ranges{{200, 299}, {404, 404}} }, want{true, LayerHTTP, "", "", status.Up}, false},
		{base + "/403", nil, want{true, LayerHTTP, "", ClassBlocked, status.Up}, false},
		{base + "/429", nil, want{true, LayerHTTP, "", ClassBlocked, status.Up}, false},
		{pbase + "/403", nil, want{false, LayerHTTP, LayerHTTP, ClassHTTPStatus, status.Down}, false},
		{base + "/loop", nil, want{false, LayerTLS, LayerHTTP, ClassTooManyRedirs, status.Down}, false},
		{base + "/slow", func(t *Target) { t.Slow = 20 * time.Millisecond }, want{true, LayerHTTP, "", ClassSlow, status.Degraded}, false},
		{base + "/flaky", nil, want{true, LayerHTTP, "", ClassFlaky, status.Degraded}, false},
		{base + "/hang", nil, want{false, LayerTLS, LayerHTTP, ClassTimeout, status.Down}, true},
		{base + "/to-nx", nil, want{false, LayerTLS, LayerDNS, ClassNXDomain, status.Down}, false},
		{"https://nx.test/", nil, want{false, "", LayerDNS, ClassNXDomain, status.Down}, false},
		{"https://silent.test/", nil, want{false, "", LayerDNS, ClassDNSTimeout, status.Down}, true},
		{"https://" + f.closed + "/", nil, want{false, "", LayerTCP, ClassRefused, status.Down}, false},
		{"https://" + f.hole.Addr + "/", nil, want{false, LayerTCP, LayerTLS, ClassTimeout, status.Down}, true},
		{"http://" + f.hole.Addr + "/", nil, want{false, LayerTCP, LayerHTTP, ClassTimeout, status.Down}, true},
		{"https://other.test:" + port(t, srv.URL) + "/ok", nil, want{true, LayerHTTP, "", "", status.Up}, false},
	}
	for _, c := range cases {
		tg := mustParse(t, c.raw)
		if c.setup != nil {
			c.setup(&tg)
		}
		// A probe meant to hang gets a short deadline; every other one a
		// steady 30 s, so that a loaded machine (a redirect loop is six
		// requests under -race) cannot turn its answer into a timeout.
		deadline := 30 * time.Second
		if c.hangs {
			deadline = 400 * time.Millisecond
		}
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		r := f.prober.Probe(ctx, tg)
		cancel()
		check(t, r, c.want)
	}
}

func TestHTTPProbeCertificateErrors(t *testing.T) {
	f := newFixture(t)
	expired, _ := f.ca.ExpiredLeaf("ok.test")
	wrong, _ := f.ca.ValidLeaf("other.test")
	for cert, class := range map[*tls.Certificate]Class{&expired: ClassCertExpired, &wrong: ClassCertMismatch} {
		var hits atomic.Int32
		srv := f.tlsServer(t, *cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		r := run(t, f.prober, "https://ok.test:"+port(t, srv.URL)+"/", answers)
		check(t, r, want{false, LayerTCP, LayerTLS, class, status.Down})
		if r.Attempts != 1 {
			t.Errorf("%s: a certificate error must not be retried, got %d attempts", class, r.Attempts)
		}
		if r.CertExpiry.IsZero() {
			t.Errorf("%s: the expiry of a rejected certificate is still reported", class)
		}
	}
}

func TestHTTPProbeAttemptsAndTimings(t *testing.T) {
	f := newFixture(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	p := *f.prober
	p.Attempts = 3
	r := run(t, &p, "http://ok.test:"+port(t, srv.URL)+"/", answers)
	if r.Attempts != 3 || r.Failures != 3 || hits.Load() != 3 || r.HTTPStatus != 503 {
		t.Errorf("attempts=%d failures=%d hits=%d status=%d; want 3,3,3,503", r.Attempts, r.Failures, hits.Load(), r.HTTPStatus)
	}
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 1<<16)))
	}))
	defer ok.Close()
	r = run(t, f.prober, "http://ok.test:"+port(t, ok.URL)+"/", answers)
	tm := r.Timings
	if !r.OK || tm.Resolve <= 0 || tm.Connect <= 0 || tm.Processing <= 0 || tm.Transfer <= 0 || tm.Total < tm.Resolve+tm.Connect {
		t.Errorf("phase timings incomplete: %+v", tm)
	}
}

func TestHTTPProbeBodyCap(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("a", 2000) + "needle"))
	}))
	defer srv.Close()
	p := *f.prober
	p.MaxBody = 1000
	tg := mustParse(t, "http://ok.test:"+port(t, srv.URL)+"/")
	tg.Body = "needle"
	r := p.Probe(context.Background(), tg)
	if r.OK || r.Class != ClassBodyMismatch {
		t.Errorf("text past the size cap must not be read: %+v", r)
	}
}

func TestHTTPProbeProxy(t *testing.T) {
	f := newFixture(t)
	var proxied atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Store(r.URL.String())
		io.WriteString(w, "via proxy")
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	p := *f.prober
	p.Proxy = func(u *url.URL) (*url.URL, error) { return pu, nil }
	// The name does not resolve here: with a proxy, the proxy resolves it.
	tg := mustParse(t, "http://nx.test/page")
	tg.Body = "via proxy"
	r := p.Probe(context.Background(), tg)
	if !r.OK || proxied.Load() != "http://nx.test/page" || r.Timings.Resolve != 0 {
		t.Errorf("proxied probe: ok=%v proxied=%v resolve=%v (%s)", r.OK, proxied.Load(), r.Timings.Resolve, r.Message)
	}
	closed := *f.prober
	cu, _ := url.Parse("http://" + f.closed)
	closed.Proxy = func(u *url.URL) (*url.URL, error) { return cu, nil }
	r = closed.Probe(context.Background(), mustParse(t, "http://nx.test/page"))
	if r.OK || r.Failed != LayerTCP {
		t.Errorf("a dead proxy fails at TCP: %+v", r)
	}
}

func TestEnvProxyHonoursNoProxy(t *testing.T) {
	t.Setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
	t.Setenv("NO_PROXY", "internal.test")
	u, _ := url.Parse("https://service.test/")
	got, err := envProxy(u)
	if err != nil || got == nil || got.Host != "proxy.invalid:3128" {
		t.Errorf("HTTPS_PROXY ignored: %v %v", got, err)
	}
	u, _ = url.Parse("https://internal.test/")
	if got, _ := envProxy(u); got != nil {
		t.Errorf("NO_PROXY ignored: %v", got)
	}
}

func TestProbesUseCallerDeadline(t *testing.T) {
	f := newFixture(t)
	for _, raw := range []string{"dns://silent.test", "tls://" + f.hole.Addr, "http://" + f.hole.Addr + "/"} {
		start := time.Now()
		r := run(t, f.prober, raw, 150*time.Millisecond)
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("%s ignored the deadline: %v", raw, el)
		}
		if r.OK {
			t.Errorf("%s: want failure", raw)
		}
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
