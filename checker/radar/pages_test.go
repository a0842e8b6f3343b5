package radar

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/downradar/downradar/checker/statuspage"
)

// Services that share a status page make one request per poll, and each
// reads the page for its own components: an incident that names no
// component concerns them all, the description is their own, and a
// component the page does not list is unknown with an error that names it.
func TestPollPagesOncePerPage(t *testing.T) {
	// Discord's summary.json early in an outage: "unavailable for many
	// users" names no component yet; Voice/Europe has its own incident.
	body, err := os.ReadFile("../statuspage/testdata/atlassian/summary-early.json")
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v2/summary.json" {
			http.NotFound(rw, r)
			return
		}
		hits.Add(1)
		rw.Write(body)
	}))
	defer srv.Close()
	service := func(name string, components ...string) string {
		doc := fmt.Sprintf("[[service]]\nname = %q\nstatus = %q\nstatus_kind = \"atlassian\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://discord.test/\"\n", name, srv.URL)
		if len(components) > 0 {
			doc += fmt.Sprintf("  status_components = [%q]\n", strings.Join(components, `", "`))
		}
		return doc
	}
	cfg := testConfig(t, "[news]\nbuiltin = false\n"+service("Discord")+service("Discord API", "API")+
		service("Discord Voice", "Voice/Europe")+service("Discord Stage", "Stage"))
	r, err := New(Options{Config: cfg, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	r.PollPages(context.Background())
	if n := hits.Load(); n != 1 {
		t.Errorf("one poll of one page for 4 services made %d requests", n)
	}
	type want struct {
		level       statuspage.Level
		description string
		incidents   []string
		err         string
	}
	for name, w := range map[string]want{
		"Discord":       {statuspage.Major, "Major System Outage", []string{"early0000001", "voice0000002"}, ""},
		"Discord API":   {statuspage.Major, "Major System Outage", []string{"early0000001"}, ""},
		"Discord Voice": {statuspage.Major, "Major System Outage", []string{"early0000001", "voice0000002"}, ""},
		"Discord Stage": {statuspage.Unknown, "Status Unknown", nil, `component "Stage" is not on status page Discord (https://discordstatus.com)`},
	} {
		p := r.View(name).Page
		var ids []string
		for _, in := range p.Incidents {
			ids = append(ids, in.ID)
		}
		if p.Level != w.level || p.Description != w.description || !slices.Equal(ids, w.incidents) || p.Err != w.err {
			t.Errorf("%s: %s %q %q err %q\nwant %s %q %q err %q", name, p.Level, p.Description, ids, p.Err, w.level, w.description, w.incidents, w.err)
		}
	}
	r.PollPages(context.Background())
	if n := hits.Load(); n != 2 {
		t.Errorf("two polls made %d requests, want 2", n)
	}
}

// A page whose kind is detected is detected once, for all its services.
func TestPollPagesDetectsOnce(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/api/v2/summary.json" {
			http.NotFound(rw, r)
			return
		}
		fmt.Fprint(rw, `{"page": {"id": "p", "name": "P", "url": "http://p.test", "time_zone": "Etc/UTC", "updated_at": "2026-11-21T12:00:00Z"},
"status": {"indicator": "none", "description": "All Systems Operational"}, "components": [], "incidents": [], "scheduled_maintenances": []}`)
	}))
	defer srv.Close()
	var doc strings.Builder
	doc.WriteString("[news]\nbuiltin = false\n")
	for i := range 4 {
		fmt.Fprintf(&doc, "[[service]]\nname = \"S%d\"\nstatus = %q\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://s.test/\"\n", i, srv.URL)
	}
	r, err := New(Options{Config: testConfig(t, doc.String()), Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	r.PollPages(context.Background())
	if n := hits.Load(); n != 1 { // the detection's answer is the page
		t.Errorf("first poll: %d requests, want 1", n)
	}
	r.PollPages(context.Background())
	if n := hits.Load(); n != 2 {
		t.Errorf("second poll: %d requests in all, want 2", n)
	}
	for i := range 4 {
		if p := r.View(fmt.Sprintf("S%d", i)).Page; p.Level != statuspage.Operational || p.Kind != statuspage.KindAtlassian {
			t.Errorf("S%d: %+v", i, p)
		}
	}
}
