package statuspage

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// route is what the fake status page answers on one path.
type route struct {
	status  int // 0: 200
	body    []byte
	etag    string
	lastMod string
}

// fakeSite is a loopback status page whose routes a test can change, and
// which counts what it is asked.
type fakeSite struct {
	*httptest.Server
	mu     sync.Mutex
	routes map[string]route
	hits   map[string]int
	last   http.Header // the last request's headers
}

func newFakeSite(t *testing.T, routes map[string]route) *fakeSite {
	t.Helper()
	s := &fakeSite{routes: routes, hits: make(map[string]int)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *fakeSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.last = r.Header.Clone()
	rt, ok := s.routes[r.URL.Path]
	s.mu.Unlock()
	switch {
	case !ok:
		http.NotFound(w, r)
		return
	case rt.etag != "" && r.Header.Get("If-None-Match") == rt.etag,
		rt.lastMod != "" && r.Header.Get("If-Modified-Since") == rt.lastMod:
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if rt.etag != "" {
		w.Header().Set("ETag", rt.etag)
	}
	if rt.lastMod != "" {
		w.Header().Set("Last-Modified", rt.lastMod)
	}
	if rt.status != 0 {
		w.WriteHeader(rt.status)
	}
	w.Write(rt.body)
}

func (s *fakeSite) set(path string, rt route) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = rt
}

func (s *fakeSite) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *fakeSite) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, h := range s.hits {
		n += h
	}
	return n
}

func (s *fakeSite) header(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.Get(name)
}

// clock is a settable Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestFetchConditional(t *testing.T) {
	body := fixture(t, "atlassian/summary-major.json")
	for _, tc := range []struct {
		name   string
		rt     route
		header string
		value  string
	}{
		{"etag", route{body: body, etag: `"v1"`}, "If-None-Match", `"v1"`},
		{"last-modified", route{body: body, lastMod: "Tue, 10 Jun 2025 10:41:00 GMT"}, "If-Modified-Since", "Tue, 10 Jun 2025 10:41:00 GMT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newFakeSite(t, map[string]route{"/api/v2/summary.json": tc.rt})
			clk := &clock{t: testNow}
			c := &Client{Now: clk.now}
			src := Source{URL: site.URL, Kind: KindAtlassian}

			first, err := c.Fetch(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			if got := site.header(tc.header); got != "" {
				t.Errorf("first request sent %s: %s", tc.header, got)
			}
			clk.add(3 * time.Minute)
			second, err := c.Fetch(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			if got := site.header(tc.header); got != tc.value {
				t.Errorf("second request %s = %q, want %q", tc.header, got, tc.value)
			}
			if n := site.hit("/api/v2/summary.json"); n != 2 {
				t.Errorf("server saw %d requests, want 2", n)
			}
			if d := diffLines(dump(second), dump(first)); d != "" {
				t.Errorf("the 304 page differs: %s", d)
			}
			if !first.Fetched.Equal(testNow) || !second.Fetched.Equal(testNow.Add(3*time.Minute)) {
				t.Errorf("fetched %v then %v, want %v then 3m later", first.Fetched, second.Fetched, testNow)
			}

			// A change on the server is a 200 again, and a new page.
			site.set("/api/v2/summary.json", route{body: fixture(t, "atlassian/summary-operational.json"), etag: `"v2"`, lastMod: "Tue, 10 Jun 2025 11:00:00 GMT"})
			third, err := c.Fetch(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			if third.Level != Operational || site.hit("/api/v2/summary.json") != 3 {
				t.Errorf("after the change the page is %v, want operational", third.Level)
			}
		})
	}
}

// TestFetchFeedNotModified: a feed's ongoing entries age out even while the
// server answers 304.
func TestFetchFeedNotModified(t *testing.T) {
	site := newFakeSite(t, map[string]route{"/history.atom": {body: fixture(t, "feed/atlassian-history.atom"), etag: `"f1"`}})
	clk := &clock{t: testNow}
	c := &Client{Now: clk.now}
	src := Source{URL: site.URL + "/history.atom"}
	p, err := c.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindFeed || p.Level != Partial || len(p.Incidents) != 3 {
		t.Fatalf("first fetch: %s", dump(p))
	}
	clk.add(feedOngoing + time.Hour)
	p, err = c.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if p.Level != Operational || len(p.Incidents) != 0 || site.hit("/history.atom") != 2 {
		t.Errorf("a week later, after a 304 (%d requests): %s", site.hit("/history.atom"), dump(p))
	}
}

func TestFetchErrors(t *testing.T) {
	big := make([]byte, 4<<20+1)
	for i := range big {
		big[i] = ' '
	}
	exact := append([]byte(`{"status":"ok"}`), make([]byte, 1024-15)...)
	for i := 15; i < len(exact); i++ {
		exact[i] = ' '
	}
	site := newFakeSite(t, map[string]route{
		"/html/api/v2/summary.json":   {body: []byte("<!DOCTYPE html><html><title>Attention Required!</title></html>")},
		"/big/api/v2/summary.json":    {body: big},
		"/big500/api/v2/summary.json": {status: 500, body: big},
		"/api/v2.0.0/current":         {body: exact},
		"/304/api/v2/summary.json":    {status: 304},
	})
	u := site.URL
	for _, tc := range []struct {
		name string
		c    *Client
		src  Source
		want string // "" for no error
	}{
		{"http 404", &Client{}, Source{URL: u, Kind: KindAtlassian}, "fetching " + u + "/api/v2/summary.json: HTTP 404 Not Found"},
		{"html", &Client{}, Source{URL: u + "/html/api/v2/summary.json", Kind: KindAtlassian}, "fetching " + u + "/html/api/v2/summary.json: summary.json: got an HTML page, not JSON"},
		{"over 4 MiB", &Client{}, Source{URL: u + "/big/api/v2/summary.json", Kind: KindAtlassian}, "fetching " + u + "/big/api/v2/summary.json: response over 4 MiB"},
		{"an error page over the cap", &Client{}, Source{URL: u + "/big500/api/v2/summary.json", Kind: KindAtlassian}, "fetching " + u + "/big500/api/v2/summary.json: HTTP 500 Internal Server Error"},
		{"over the cap", &Client{MaxBytes: 1023}, Source{URL: u, Kind: KindSlack}, "fetching " + u + "/api/v2.0.0/current: response over 1023 bytes"},
		{"at the cap", &Client{MaxBytes: 1024}, Source{URL: u, Kind: KindSlack}, ""},
		{"304 out of the blue", &Client{}, Source{URL: u + "/304/api/v2/summary.json", Kind: KindAtlassian}, "fetching " + u + "/304/api/v2/summary.json: HTTP 304 Not Modified to an unconditional request"},
		{"bad page URL", &Client{}, Source{URL: "mailto:ops@example.com", Kind: KindAtlassian}, `status page mailto:ops@example.com: page URL "mailto:ops@example.com": want an http or https URL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.c.Fetch(context.Background(), tc.src)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error; page:\n%s", dump(p))
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.want)
			}
		})
	}

	// HTTP 500 on the endpoint itself.
	site.set("/api/v2/summary.json", route{status: 500, body: []byte("oops")})
	_, err := (&Client{}).Fetch(context.Background(), Source{URL: u, Kind: KindAtlassian})
	if want := "fetching " + u + "/api/v2/summary.json: HTTP 500 Internal Server Error"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}

	// A closed port: the error names the URL and the cause.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	_, err = (&Client{}).Fetch(context.Background(), Source{URL: closed, Kind: KindInstatus})
	if err == nil || !strings.HasPrefix(err.Error(), "fetching "+closed+"/summary.json: ") || !strings.Contains(err.Error(), "refused") {
		t.Errorf("error %v, want one naming %s/summary.json and the refusal", err, closed)
	}
}

// TestFetchDeadline: a server that stalls, before the headers or in the
// middle of the body, does not hold Fetch past the caller's deadline.
func TestFetchDeadline(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/body/summary.json" {
			w.Write([]byte(`{"page":{"status":"UP"`))
			w.(http.Flusher).Flush()
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer stall.Close()
	for _, path := range []string{"/headers/summary.json", "/body/summary.json"} {
		t.Run(path, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := (&Client{}).Fetch(ctx, Source{URL: stall.URL + path, Kind: KindInstatus})
			took := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v, want the deadline", err)
			}
			if took > 2*time.Second {
				t.Errorf("Fetch took %v past a 150ms deadline", took)
			}
		})
	}
}

func TestFetchHeaders(t *testing.T) {
	site := newFakeSite(t, map[string]route{
		"/summary.json": {body: fixture(t, "instatus/summary-up.json")},
		"/feed.atom":    {body: fixture(t, "feed/incidentio-feed.atom")},
	})
	c := &Client{}
	if _, err := c.Fetch(context.Background(), Source{URL: site.URL, Kind: KindInstatus}); err != nil {
		t.Fatal(err)
	}
	if ua, acc := site.header("User-Agent"), site.header("Accept"); ua != "DownRadar/1 (+outage monitor)" || !strings.HasPrefix(acc, "application/json") {
		t.Errorf("User-Agent %q, Accept %q", ua, acc)
	}
	c.UserAgent = "test/1"
	if _, err := c.Fetch(context.Background(), Source{URL: site.URL + "/feed.atom", Kind: KindFeed}); err != nil {
		t.Fatal(err)
	}
	if ua, acc := site.header("User-Agent"), site.header("Accept"); ua != "test/1" || !strings.HasPrefix(acc, "application/atom+xml") {
		t.Errorf("User-Agent %q, Accept %q", ua, acc)
	}
}

// TestFetchEachKind: every kind goes from page URL to endpoint to page over
// loopback.
func TestFetchEachKind(t *testing.T) {
	site := newFakeSite(t, map[string]route{
		"/api/v2/summary.json":         {body: fixture(t, "atlassian/summary-major.json")},
		"/api/v2.0.0/current":          {body: fixture(t, "slack/current-active.json")},
		"/dash/incidents.json":         {body: fixture(t, "google/cloud-incidents.json")},
		"/1.0/status/5d1b0a5e8f1c3b00": {body: fixture(t, "statusio/status-disruption.json")},
		"/summary.json":                {body: fixture(t, "instatus/summary-hasissues.json")},
		"/history.atom":                {body: fixture(t, "feed/atlassian-history.atom")},
	})
	host := strings.TrimPrefix(site.URL, "http://")
	site.set("/proxy/"+host, route{body: fixture(t, "incidentio/proxy-outage.json")})
	c := &Client{Now: func() time.Time { return testNow }}
	for _, tc := range []struct {
		src   Source
		level Level
	}{
		{Source{URL: site.URL, Kind: KindAtlassian}, Major},
		{Source{URL: site.URL, Kind: KindIncidentIO}, Major},
		{Source{URL: site.URL, Kind: KindSlack}, Major},
		{Source{URL: site.URL + "/dash", Kind: KindGoogle}, Major},
		{Source{URL: site.URL + "/1.0/status/5d1b0a5e8f1c3b00", Kind: KindStatusIO}, Major},
		{Source{URL: site.URL, Kind: KindInstatus}, Partial},
		{Source{URL: site.URL + "/history.atom", Kind: KindFeed}, Partial},
	} {
		p, err := c.Fetch(context.Background(), tc.src)
		if err != nil {
			t.Errorf("%s: %v", tc.src.Kind, err)
			continue
		}
		if p.Kind != tc.src.Kind || p.Level != tc.level {
			t.Errorf("%s: got %s %v, want %v", tc.src.Kind, p.Kind, p.Level, tc.level)
		}
	}
}

// TestFetchConcurrent: one Client serves many goroutines (run with -race).
func TestFetchConcurrent(t *testing.T) {
	site := newFakeSite(t, map[string]route{
		"/api/v2/summary.json": {body: fixture(t, "atlassian/summary-major.json"), etag: `"x"`},
		"/summary.json":        {body: fixture(t, "instatus/summary-hasissues.json"), lastMod: "Tue, 10 Jun 2025 10:00:00 GMT"},
	})
	c := &Client{}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := Source{URL: site.URL, Kind: KindAtlassian}
			if i%2 == 1 {
				src.Kind = KindInstatus
			}
			for range 5 {
				p, err := c.Fetch(context.Background(), src)
				if err != nil {
					t.Error(err)
					return
				}
				p.Fetched = time.Time{} // the caller's copy
			}
		}()
	}
	wg.Wait()
}
