// Package metrics serves what a running agent knows as Prometheus metrics:
// each component's last probe, each service's status and open incident,
// the network verdict, the status pages and the news. A team that runs
// `downradar headless --metrics ADDR` on several machines gets one view of
// them in Prometheus, Alertmanager and Grafana (docs/monitoring.md).
//
// The names follow blackbox_exporter's where the meaning is the same
// (probe_success, probe_duration_seconds, probe_http_duration_seconds,
// probe_dns_lookup_time_seconds, probe_ssl_earliest_cert_expiry,
// probe_http_status_code), so that rules and dashboards written for it read
// these too; the others are DownRadar's own and start with downradar_.
//
// Nothing is counted as it happens: a Collector reads the agent's current
// state at each scrape (the engine's latest checks, the radar's views, the
// store's open incidents). Each Exporter has a registry of its own.
package metrics

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Exporter serves an agent's metrics over HTTP. Its source can be swapped
// (Set) when the agent restarts its engine on a new config.
type Exporter struct {
	reg *prometheus.Registry
	c   *Collector
}

// New builds an exporter with a registry of its own: DownRadar's metrics,
// and the Go runtime's and the process's (go_*, process_*). logf, if not
// nil, is told of errors while a scrape is gathered.
func New(logf func(string, ...any)) *Exporter {
	x := &Exporter{reg: prometheus.NewRegistry(), c: NewCollector()}
	x.reg.MustRegister(x.c, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	x.c.logf = logf
	return x
}

// Set makes src what the metrics describe from the next scrape on.
func (x *Exporter) Set(src Source) { x.c.Set(src) }

// Registry is the exporter's registry (tests gather from it).
func (x *Exporter) Registry() *prometheus.Registry { return x.reg }

// Handler serves the metrics in the format the scraper asks for. A part
// that cannot be read (the store, say) is left out and logged; the rest is
// served.
func (x *Exporter) Handler() http.Handler {
	return promhttp.HandlerFor(x.reg, promhttp.HandlerOpts{
		ErrorLog:            logger{x.c},
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 4,
	})
}

// logger adapts a Collector's logf to promhttp's Logger.
type logger struct{ c *Collector }

func (l logger) Println(v ...any) {
	if l.c.logf != nil {
		l.c.logf("metrics: %s", fmt.Sprint(v...))
	}
}

// sourceBox holds the current source.
type sourceBox struct {
	mu  sync.Mutex
	src Source
}

func (b *sourceBox) set(s Source) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.src = s
}

func (b *sourceBox) get() Source {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.src
}
