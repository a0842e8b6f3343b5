package statuspage

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDetect(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><body>status</body></html>")
	for _, tc := range []struct {
		name   string
		routes func(host string) map[string]route
		path   string // appended to the server URL
		want   Kind
		hits   int    // requests Detect should make
		err    string // with "<u>" for the server URL and "<h>" for its host
	}{
		{
			name: "atlassian",
			routes: func(string) map[string]route {
				return map[string]route{"/api/v2/summary.json": {body: fixture(t, "atlassian/summary-major.json")}}
			},
			want: KindAtlassian, hits: 1,
		},
		{
			name: "incident.io's statuspage-compatible summary reads as atlassian",
			routes: func(string) map[string]route {
				return map[string]route{"/api/v2/summary.json": {body: fixture(t, "atlassian/summary-incidentio-compat.json")}}
			},
			want: KindAtlassian, hits: 1,
		},
		{
			name: "instatus at /api/v2/summary.json",
			routes: func(string) map[string]route {
				return map[string]route{"/api/v2/summary.json": {body: fixture(t, "instatus/summary-hasissues.json")}}
			},
			want: KindInstatus, hits: 1,
		},
		{
			name: "incident.io proxy",
			routes: func(host string) map[string]route {
				return map[string]route{"/proxy/" + host: {body: fixture(t, "incidentio/proxy-operational.json")}}
			},
			path: "/incidents/01J", want: KindIncidentIO, hits: 2,
		},
		{
			name: "instatus at /summary.json",
			routes: func(string) map[string]route {
				return map[string]route{"/summary.json": {body: fixture(t, "instatus/summary-up.json")}}
			},
			want: KindInstatus, hits: 3,
		},
		{
			name:   "a feed by its URL, without a request",
			routes: func(string) map[string]route { return map[string]route{} },
			path:   "/history.atom", want: KindFeed, hits: 0,
		},
		{
			name:   "nothing there",
			routes: func(string) map[string]route { return map[string]route{} },
			hits:   3,
			err:    "cannot tell the status page kind of <u>: tried /api/v2/summary.json (HTTP 404 Not Found), /proxy/<h> (HTTP 404 Not Found), /summary.json (HTTP 404 Not Found)",
		},
		{
			name: "html everywhere",
			routes: func(host string) map[string]route {
				return map[string]route{"/api/v2/summary.json": {body: html}, "/proxy/" + host: {body: html}, "/summary.json": {body: html}}
			},
			hits: 3,
			err:  "cannot tell the status page kind of <u>: tried /api/v2/summary.json (not JSON), /proxy/<h> (not JSON), /summary.json (not JSON)",
		},
		{
			name: "json of no known shape",
			routes: func(host string) map[string]route {
				return map[string]route{
					"/api/v2/summary.json": {body: []byte(`{"page":{"id":"x"},"components":[{"status":"OPERATIONAL"}]}`)},
					"/proxy/" + host:       {body: []byte(`{"summary":"none"}`)},
					"/summary.json":        {status: 500},
				}
			},
			hits: 3,
			err:  "cannot tell the status page kind of <u>: tried /api/v2/summary.json (no known shape), /proxy/<h> (no known shape), /summary.json (HTTP 500 Internal Server Error)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newFakeSite(t, map[string]route{})
			host := strings.TrimPrefix(site.URL, "http://")
			for p, rt := range tc.routes(host) {
				site.set(p, rt)
			}
			c := &Client{}
			got, err := c.Detect(context.Background(), site.URL+tc.path)
			if tc.err != "" {
				want := strings.NewReplacer("<u>", site.URL+tc.path, "<h>", host).Replace(tc.err)
				if err == nil || err.Error() != want {
					t.Errorf("error\n got: %v\nwant: %s", err, want)
				}
			} else if err != nil || got != tc.want {
				t.Errorf("Detect = %q, %v; want %q", got, err, tc.want)
			}
			if n := site.total(); n != tc.hits {
				t.Errorf("Detect made %d requests, want %d", n, tc.hits)
			}
		})
	}
}

func TestDetectBadURL(t *testing.T) {
	_, err := (&Client{}).Detect(context.Background(), "status.example.com")
	if want := `cannot tell the status page kind of "status.example.com": not an http or https URL`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestDetectCanceled(t *testing.T) {
	site := newFakeSite(t, map[string]route{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Client{}).Detect(ctx, site.URL)
	if want := "cannot tell the status page kind of " + site.URL + ": context canceled"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

// TestFetchDetects: Fetch detects a kind once, remembers it, and detects
// again after a failure (the page may have moved to another provider).
func TestFetchDetects(t *testing.T) {
	site := newFakeSite(t, map[string]route{"/api/v2/summary.json": {body: fixture(t, "atlassian/summary-operational.json")}})
	host := strings.TrimPrefix(site.URL, "http://")
	c := &Client{Now: func() time.Time { return testNow }}
	src := Source{URL: site.URL}
	for range 3 {
		p, err := c.Fetch(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if p.Kind != KindAtlassian || p.Level != Operational {
			t.Fatalf("got %s %v", p.Kind, p.Level)
		}
	}
	// One probe, whose answer is the first fetch's page, then two fetches:
	// the kind was remembered.
	if n := site.hit("/api/v2/summary.json"); n != 3 {
		t.Errorf("%d requests to the summary, want 3", n)
	}

	// The page moves to incident.io: the remembered kind fails once, then
	// detection finds the new one.
	site.set("/api/v2/summary.json", route{status: 404})
	site.set("/proxy/"+host, route{body: fixture(t, "incidentio/proxy-outage.json")})
	if _, err := c.Fetch(context.Background(), src); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("error %v, want the 404", err)
	}
	p, err := c.Fetch(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindIncidentIO || p.Level != Major {
		t.Errorf("after the move: %s %v", p.Kind, p.Level)
	}

	// A page nobody can tell fails with Detect's error.
	site.set("/proxy/"+host, route{status: 404})
	c2 := &Client{}
	if _, err := c2.Fetch(context.Background(), src); err == nil || !strings.HasPrefix(err.Error(), "cannot tell the status page kind of "+site.URL) {
		t.Errorf("error %v, want Detect's", err)
	}
}

// TestFetchReusesTheProbe: the detection's answer is the page only when the
// probe asked the kind's own endpoint.
func TestFetchReusesTheProbe(t *testing.T) {
	site := newFakeSite(t, map[string]route{
		"/api/v2/summary.json": {body: fixture(t, "instatus/summary-hasissues.json")}, // tells Instatus...
		"/summary.json":        {body: fixture(t, "instatus/summary-hasissues.json")}, // ...whose endpoint is this one
	})
	host := strings.TrimPrefix(site.URL, "http://")
	c := &Client{Now: func() time.Time { return testNow }}
	p, err := c.Fetch(context.Background(), Source{URL: site.URL})
	if err != nil || p.Kind != KindInstatus || p.Level != Partial {
		t.Fatalf("instatus: %v %v", p, err)
	}
	if a, b := site.hit("/api/v2/summary.json"), site.hit("/summary.json"); a != 1 || b != 1 {
		t.Errorf("instatus: %d probes, %d fetches; want 1 and 1", a, b)
	}

	site.set("/api/v2/summary.json", route{status: 404})
	site.set("/proxy/"+host, route{body: fixture(t, "incidentio/proxy-outage.json"), etag: `"p1"`})
	c = &Client{Now: func() time.Time { return testNow }}
	if p, err = c.Fetch(context.Background(), Source{URL: site.URL}); err != nil || p.Kind != KindIncidentIO {
		t.Fatalf("incident.io: %v %v", p, err)
	}
	if n := site.hit("/proxy/" + host); n != 1 {
		t.Errorf("incident.io: %d requests to the proxy JSON, want 1", n)
	}
	// The probe's validators serve the next fetch.
	if _, err = c.Fetch(context.Background(), Source{URL: site.URL}); err != nil || site.header("If-None-Match") != `"p1"` {
		t.Errorf("second fetch: %v, If-None-Match %q", err, site.header("If-None-Match"))
	}
}
