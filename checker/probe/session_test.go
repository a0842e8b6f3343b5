package probe

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// clock is a settable time for the prober and its sessions.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// swapServer is an HTTPS server whose certificate can be replaced while it
// keeps its session ticket keys, so old sessions still resume.
type swapServer struct {
	*httptest.Server
	cert atomic.Pointer[tls.Certificate]
	full atomic.Int32 // full handshakes (the server sent its certificate)
}

func startSwapServer(t *testing.T, cert tls.Certificate) *swapServer {
	t.Helper()
	s := &swapServer{}
	s.cert.Store(&cert)
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	s.TLS = &tls.Config{
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return s.cert.Load(), nil },
		VerifyConnection: func(cs tls.ConnectionState) error {
			if !cs.DidResume {
				s.full.Add(1)
			}
			return nil
		},
	}
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// resumingProber is the fixture's prober with a session cache on c's time.
func resumingProber(f *fixture, c *clock, every time.Duration) *Prober {
	p := &Prober{Resolver: f.prober.Resolver, RootCAs: f.prober.RootCAs, Proxy: f.prober.Proxy, RetryWait: f.prober.RetryWait,
		Now: c.now, Sessions: NewSessions(every)}
	p.Sessions.now = c.now
	return p
}

// resumingRig is an HTTPS server for ok.test with a valid certificate, and
// a prober that resumes its sessions for an hour, on clock c.
func resumingRig(t *testing.T) (*fixture, *swapServer, *clock, *Prober) {
	t.Helper()
	f := newFixture(t)
	good, _ := f.ca.ValidLeaf("ok.test")
	srv := startSwapServer(t, good)
	c := &clock{t: time.Now()}
	return f, srv, c, resumingProber(f, c, time.Hour)
}

func TestSessionsResumeUntilTheNextFullHandshake(t *testing.T) {
	for _, scheme := range []string{"tls", "https"} {
		t.Run(scheme, func(t *testing.T) {
			_, srv, c, p := resumingRig(t)
			raw := scheme + "://ok.test:" + port(t, srv.URL)
			if scheme == "https" {
				raw += "/"
			}
			steps := []struct {
				what    string
				advance time.Duration
				resumed bool
			}{
				{"first probe", 0, false},
				{"a minute later", time.Minute, true},
				{"59 minutes after the full handshake", 58 * time.Minute, true},
				{"an hour after the full handshake", time.Minute, false},
				{"a minute after that", time.Minute, true},
			}
			for _, s := range steps {
				c.add(s.advance)
				r := run(t, p, raw, answers)
				reached := LayerTLS
				if scheme == "https" {
					reached = LayerHTTP
				}
				check(t, r, want{true, reached, "", "", status.Up})
				if r.Resumed != s.resumed {
					t.Errorf("%s: resumed = %v, want %v", s.what, r.Resumed, s.resumed)
				}
				if r.CertExpiry.IsZero() {
					t.Errorf("%s: the certificate's expiry is reported on every handshake, resumed or not", s.what)
				}
			}
			if got := srv.full.Load(); got != 2 {
				t.Errorf("the server saw %d full handshakes, want 2", got)
			}
		})
	}
}

func TestSessionsFullHandshakeAfterAFailure(t *testing.T) {
	f, srv, _, p := resumingRig(t)
	raw := "tls://ok.test:" + port(t, srv.URL)
	run(t, p, raw, answers)
	if r := run(t, p, raw, answers); !r.Resumed {
		t.Fatalf("the second probe did not resume: %+v", r)
	}
	// The same name fails elsewhere (a port nobody listens on): the next
	// handshake with it is full, so a failing server is always fully checked.
	_, closedPort, _ := net.SplitHostPort(f.closed)
	r := run(t, p, "tls://ok.test:"+closedPort, answers)
	check(t, r, want{false, LayerDNS, LayerTCP, ClassRefused, status.Down})
	if r := run(t, p, raw, answers); r.Resumed || !r.OK {
		t.Errorf("after a failure: resumed = %v ok = %v, want a full handshake that works", r.Resumed, r.OK)
	}
}

func TestSessionsCertificateCheckedAtTheFullHandshake(t *testing.T) {
	f, srv, c, p := resumingRig(t)
	raw := "https://ok.test:" + port(t, srv.URL) + "/"
	run(t, p, raw, answers)

	// The server now presents an expired certificate but still resumes the
	// old sessions: a resumed probe cannot see it (no certificate is sent),
	// the next full handshake does, within the hour.
	expired, _ := f.ca.ExpiredLeaf("ok.test")
	srv.cert.Store(&expired)
	c.add(30 * time.Minute)
	if r := run(t, p, raw, answers); !r.OK || !r.Resumed {
		t.Fatalf("within the hour: ok = %v resumed = %v (%s), want a resumed success", r.OK, r.Resumed, r.Message)
	}
	c.add(30 * time.Minute)
	r := run(t, p, raw, answers)
	check(t, r, want{false, LayerTCP, LayerTLS, ClassCertExpired, status.Down})
	if r.Resumed {
		t.Error("the probe after the hour resumed")
	}
}

func TestSessionsResumedLeafExpires(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	soon, err := f.ca.Leaf([]string{"ok.test"}, now.Add(-time.Hour), now.Add(20*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	srv := startSwapServer(t, soon)
	c := &clock{t: now}
	p := resumingProber(f, c, time.Hour)
	raw := "tls://ok.test:" + port(t, srv.URL)
	if r := run(t, p, raw, answers); !r.OK {
		t.Fatalf("first probe: %s", r.Message)
	}
	// Half an hour on, by the prober's clock, the leaf of the cached session
	// has expired: a resumed handshake still fails as expired.
	c.add(30 * time.Minute)
	r := run(t, p, raw, answers)
	check(t, r, want{false, LayerTCP, LayerTLS, ClassCertExpired, status.Down})
	if got := srv.full.Load(); got != 1 {
		t.Errorf("the server saw %d full handshakes, want 1: the expiry is caught on the resumed one", got)
	}
}

func TestProberWithoutSessionsNeverResumes(t *testing.T) {
	f := newFixture(t)
	good, _ := f.ca.ValidLeaf("ok.test")
	srv := startSwapServer(t, good)
	for i := range 3 {
		if r := run(t, f.prober, "https://ok.test:"+port(t, srv.URL)+"/", answers); !r.OK || r.Resumed {
			t.Errorf("probe %d: ok = %v resumed = %v", i, r.OK, r.Resumed)
		}
	}
	if got := srv.full.Load(); got != 3 {
		t.Errorf("%d full handshakes, want 3", got)
	}
}
