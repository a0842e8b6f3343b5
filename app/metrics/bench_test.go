package metrics

import (
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/statuspage"
)

// BenchmarkScrape is one scrape of an agent watching 500 services of 3
// HTTPS components (1,500 components), each with a status page, over HTTP
// in the text format. docs/monitoring.md quotes its figures.
func BenchmarkScrape(b *testing.B) {
	const services, comps = 500, 3
	var doc strings.Builder
	doc.WriteString("catalog = false\n")
	e := &fakeEngine{network: status.Online}
	w := fakeWorld{}
	for i := range services {
		name := fmt.Sprintf("Service %d", i)
		fmt.Fprintf(&doc, "[[service]]\nname = %q\n", name)
		s := engine.ServiceSnapshot{Name: name, Status: status.Up, At: now}
		for j := range comps {
			fmt.Fprintf(&doc, "  [[service.component]]\n  name = \"C%d\"\n  probe = \"https://s%d-%d.test/\"\n", j, i, j)
			s.Components = append(s.Components, incident.Component{Name: fmt.Sprintf("C%d", j), Status: status.Up})
			s.Results = append(s.Results, probe.Result{OK: true, HTTPStatus: 200, CertExpiry: now.Add(90 * 24 * time.Hour),
				Timings: probe.Timings{Resolve: 1e6, Connect: 2e6, TLS: 5e6, Processing: 9e6, Transfer: 1e6, Total: 18e6}})
		}
		e.snaps = append(e.snaps, s)
		w[name] = radar.View{Page: &radar.PageView{Level: statuspage.Operational}}
	}
	cfg, err := config.Parse("bench.toml", []byte(doc.String()))
	if err != nil {
		b.Fatal(err)
	}
	x := New(nil)
	x.Set(Source{Config: cfg, Engine: e, World: w, Store: fakeStore{}})
	h := x.Handler()
	b.ReportAllocs()
	var size int
	cpu0 := cpuTime()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", Path, nil))
		size = rec.Body.Len()
		io.Copy(io.Discard, rec.Body)
	}
	b.ReportMetric(float64(size)/1024, "KiB/scrape")
	// CPU time, not wall time: on a busy machine the two differ widely.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/scrape")
}
