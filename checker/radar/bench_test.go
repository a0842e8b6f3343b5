package radar

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkView: the engine asks the view of a service after each of its
// checks, so at 1,000 services a round asks it 1,000 times; each is one
// page reading, whatever the number of services.
func BenchmarkView(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprint(rw, `{"page": {"id": "p", "name": "P", "url": "http://p.test", "time_zone": "Etc/UTC", "updated_at": "2026-11-21T12:00:00Z"},
"status": {"indicator": "minor", "description": "Minor Service Outage"},
"components": [{"id": "a", "name": "API", "status": "degraded_performance", "group": false, "group_id": null},
 {"id": "v", "name": "Voice", "status": "operational", "group": false, "group_id": null}],
"incidents": [{"id": "i", "name": "Slow API", "status": "investigating", "impact": "minor", "components": [{"name": "API"}], "incident_updates": []}],
"scheduled_maintenances": []}`)
	}))
	defer srv.Close()
	const services = 1000
	var doc strings.Builder
	doc.WriteString("[news]\nbuiltin = false\n")
	for i := range services {
		fmt.Fprintf(&doc, "[[service]]\nname = \"S%d\"\nstatus = %q\nstatus_kind = \"atlassian\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://s%d.test/\"\n  status_components = [\"API\"]\n", i, srv.URL, i)
	}
	r, err := New(Options{Config: testConfig(b, doc.String()), Logf: b.Logf})
	if err != nil {
		b.Fatal(err)
	}
	r.PollPages(context.Background())
	if v := r.View("S999"); v.Page.Description != "API: Degraded Performance" {
		b.Fatalf("%+v", v.Page)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		r.View(fmt.Sprintf("S%d", i%services))
	}
}
