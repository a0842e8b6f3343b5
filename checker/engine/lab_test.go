package engine

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/probe"
)

// world is a loopback internet: a resolver, a CA, servers that work and
// servers that fail in each way, and switchable control probes.
type world struct {
	dns     *lab.DNSServer
	ca      *lab.CA
	hole    *lab.BlackHole
	closed  string
	okHTTPS string // https://ok.test:PORT
	expired string // https://ok.test:PORT with an expired certificate
	web     *httptest.Server
	failing atomic.Bool // makes /flip answer 503
	portal  atomic.Bool // makes /generate_204 answer 200 like a captive portal
	webPort string
	ctrl204 string // http://ok.test:PORT/generate_204
	ctrlTCP string // tcp://127.0.0.1:PORT of a listening port
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{}
	var err error
	if w.dns, err = lab.StartDNS(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.dns.Close)
	for name, a := range map[string]lab.Answer{
		"ok.test": lab.Address("127.0.0.1"), "nx.test": lab.NXDomain, "fail.test": lab.ServFail,
		"empty.test": lab.Empty, "silent.test": lab.Silent, "example.test": lab.Address("127.0.0.1"),
	} {
		w.dns.Set(name, a)
	}
	if w.ca, err = lab.NewCA(); err != nil {
		t.Fatal(err)
	}
	if w.hole, err = lab.StartBlackHole(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.hole.Close)
	if w.closed, err = lab.ClosedPort(); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) { fmt.Fprint(rw, "ok") })
	mux.HandleFunc("/503", func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "service unavailable", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/flip", func(rw http.ResponseWriter, r *http.Request) {
		if w.failing.Load() {
			http.Error(rw, "service unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(rw, "ok")
	})
	mux.HandleFunc("/generate_204", func(rw http.ResponseWriter, r *http.Request) {
		if w.portal.Load() {
			fmt.Fprint(rw, "<html>Sign in to the hotel Wi-Fi</html>")
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	})
	good, _ := w.ca.ValidLeaf("ok.test")
	old, _ := w.ca.ExpiredLeaf("ok.test")
	w.okHTTPS = "https://ok.test:" + port(startTLS(t, good, mux).URL)
	w.expired = "https://ok.test:" + port(startTLS(t, old, mux).URL)
	w.web = httptest.NewServer(mux)
	t.Cleanup(w.web.Close)
	w.webPort = port(w.web.URL)
	w.ctrl204 = "http://ok.test:" + w.webPort + "/generate_204"
	w.ctrlTCP = "tcp://127.0.0.1:" + w.webPort
	return w
}

func startTLS(t *testing.T, cert tls.Certificate, h http.Handler) *httptest.Server {
	s := lab.StartTLS(cert, h)
	t.Cleanup(s.Close)
	return s
}

func port(raw string) string {
	u, _ := url.Parse(raw)
	return u.Port()
}

// config writes a TOML config around the given [[service]] blocks.
func (w *world) config(t *testing.T, control []string, services string) *config.Config {
	t.Helper()
	if control == nil {
		control = []string{w.ctrlTCP, "dns://example.test", w.ctrl204}
	}
	doc := fmt.Sprintf(`catalog = false
interval = "1s"
timeout = "150ms"
resolver = %q
attempts = 1
[thresholds]
fail = 2
recover = 2
recheck = ["20ms", "40ms"]
[network]
control = ["%s"]
%s`, w.dns.Addr, strings.Join(control, `", "`), services)
	c, err := config.Parse("test.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	// Faster than a config may say, to keep the tests short.
	c.Interval = 200 * time.Millisecond
	for i := range c.Services {
		c.Services[i].Interval = c.Interval
	}
	return c
}

// prober trusts the lab CA.
func (w *world) prober(c *config.Config) *probe.Prober {
	p := NewProber(c)
	p.RootCAs = w.ca.Pool
	p.RetryWait = 5 * time.Millisecond
	return p
}

func service(name string, comps ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[[service]]\nname = %q\n", name)
	for i := 0; i < len(comps); i += 2 {
		fmt.Fprintf(&b, "  [[service.component]]\n  name = %q\n  probe = %q\n", comps[i], comps[i+1])
	}
	return b.String()
}
