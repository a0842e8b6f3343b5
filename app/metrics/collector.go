package metrics

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
)

// Source is what the metrics describe: a running agent's parts. Engine and
// Config come together; World and Store may be nil (no status pages or
// news; no history). Before an engine is set, only the go_* and process_*
// metrics are served.
type Source struct {
	Config *config.Config // the services watched: their components' kinds
	Engine Engine
	World  World     // a *radar.Radar; nil without status pages and news
	Store  Incidents // a *store.Store: the open incidents and their scope
}

// Engine is what the metrics read of an *engine.Engine.
type Engine interface {
	Snapshot() []engine.ServiceSnapshot
	Network() status.Network
}

// World is what the metrics read of a *radar.Radar.
type World interface {
	View(service string) radar.View
}

// Incidents is what the metrics read of a *store.Store.
type Incidents interface {
	OpenIncidents(ctx context.Context) ([]history.Incident, error)
}

// storeTimeout bounds a scrape's read of the store.
const storeTimeout = 5 * time.Second

// Collector is a prometheus.Collector of an agent's current state, read at
// each scrape.
type Collector struct {
	box  sourceBox
	now  func() time.Time
	logf func(string, ...any)

	mu sync.Mutex
	// certs is the last certificate expiry seen per component: a probe that
	// resumed a TLS session was sent no certificate, and its expiry stays
	// what the last full handshake showed.
	certs map[[2]string]time.Time
}

// NewCollector builds a collector with no source yet (see Set).
func NewCollector() *Collector {
	return &Collector{now: time.Now, certs: map[[2]string]time.Time{}}
}

// Set makes src what the collector describes from the next scrape on.
func (c *Collector) Set(src Source) { c.box.set(src) }

var (
	comp = []string{"service", "component"}

	descSuccess  = prometheus.NewDesc("probe_success", "Whether the component's last probe succeeded (1) or failed (0), as blackbox_exporter's.", comp, nil)
	descDuration = prometheus.NewDesc("probe_duration_seconds", "How long the component's last probe took, all phases and attempts.", comp, nil)
	descDNS      = prometheus.NewDesc("probe_dns_lookup_time_seconds", "How long the last probe took to resolve the component's name.", comp, nil)
	descHTTP     = prometheus.NewDesc("probe_http_duration_seconds", "The last probe of an HTTP component by phase: resolve, connect, tls, processing (request written to first byte), transfer.", append(comp, "phase"), nil)
	descTCP      = prometheus.NewDesc("downradar_probe_tcp_duration_seconds", "The last probe of a tcp:// component by phase: resolve, connect.", append(comp, "phase"), nil)
	descTLS      = prometheus.NewDesc("downradar_probe_tls_duration_seconds", "The last probe of a tls:// component by phase: resolve, connect, tls.", append(comp, "phase"), nil)
	descHTTPCode = prometheus.NewDesc("probe_http_status_code", "The HTTP status of the component's last probe (0: none was received).", comp, nil)
	descCertExp  = prometheus.NewDesc("probe_ssl_earliest_cert_expiry", "When the component's leaf certificate expires, in Unix seconds (the last one seen).", comp, nil)
	descCertDays = prometheus.NewDesc("downradar_probe_ssl_days_left", "Whole days until the component's leaf certificate expires (negative once expired).", comp, nil)
	descFailure  = prometheus.NewDesc("downradar_probe_failure_info", "1 for a component whose last probe failed: the layer that failed (dns, tcp, tls, http) and the error class (nxdomain, refused, timeout, cert_expired, http_status...).", append(comp, "layer", "class"), nil)
	descCompStat = prometheus.NewDesc("downradar_component_status", "The component's status after the agent's judgement (network excuses, captive portals): 1 for the current one of up, degraded, down, unknown.", append(comp, "status"), nil)

	descSvcStatus = prometheus.NewDesc("downradar_service_status", "The service's status: 1 for the current one of up, degraded, partial, down, unknown.", []string{"service", "status"}, nil)
	descSvcCheck  = prometheus.NewDesc("downradar_service_last_check_timestamp_seconds", "When the service was last checked, in Unix seconds.", []string{"service"}, nil)
	descIncOpen   = prometheus.NewDesc("downradar_service_incident_open", "Whether the service has an incident in progress (1) or not (0).", []string{"service"}, nil)
	descIncStart  = prometheus.NewDesc("downradar_service_incident_start_timestamp_seconds", "When the service's incident in progress began, in Unix seconds, with its scope (from_here, confirmed, reported_elsewhere) and its worst status so far.", []string{"service", "scope", "peak"}, nil)

	descNetwork = prometheus.NewDesc("downradar_network_status", "The verdict on this machine's own connection: 1 for the current one of online, offline, captive, dns_broken, degraded; all 0 until a failed check asked for one.", []string{"network"}, nil)

	descPageLevel = prometheus.NewDesc("downradar_status_page_level", "The service's status page as last read: 0 unknown, 1 operational, 2 maintenance, 3 degraded, 4 partial_outage, 5 major_outage.", []string{"service"}, nil)
	descPageUp    = prometheus.NewDesc("downradar_status_page_up", "Whether the service's status page was read (1) or could not be (0: the level is then unknown).", []string{"service"}, nil)
	descPageIncs  = prometheus.NewDesc("downradar_status_page_incidents", "The ongoing incidents the status page lists for the service's components.", []string{"service"}, nil)

	descNewsReports = prometheus.NewDesc("downradar_news_reports", "Distinct outage reports of the service in the news window (recoveries not counted, stale ones counted).", []string{"service"}, nil)
	descNewsSources = prometheus.NewDesc("downradar_news_sources", "Distinct sources of the fresh outage reports in the news window that surely name the service.", []string{"service"}, nil)
	descNewsOutage  = prometheus.NewDesc("downradar_news_outage", "Whether the news say the service is down (1): fresh reports from enough distinct sources, the latest not a recovery.", []string{"service"}, nil)
)

// The state sets' members, in the order they are served.
var (
	componentStates = []string{string(status.Up), string(status.Degraded), string(status.Down), string(status.Unknown)}
	serviceStates   = []string{string(status.Up), string(status.Degraded), string(status.Partial), string(status.Down), string(status.Unknown)}
	networkStates   = []string{string(status.Online), string(status.Offline), string(status.Captive), string(status.DNSBroken), string(status.LinkDegraded)}
)

// Describe sends every metric's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{
		descSuccess, descDuration, descDNS, descHTTP, descTCP, descTLS, descHTTPCode, descCertExp, descCertDays, descFailure, descCompStat,
		descSvcStatus, descSvcCheck, descIncOpen, descIncStart, descNetwork,
		descPageLevel, descPageUp, descPageIncs, descNewsReports, descNewsSources, descNewsOutage,
	} {
		ch <- d
	}
}

// Collect reads the source's current state.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	src := c.box.get()
	if src.Engine == nil || src.Config == nil {
		return
	}
	kinds := map[string][]probe.Kind{}
	for _, svc := range src.Config.Watched() {
		for _, cp := range svc.Components {
			kinds[svc.Name] = append(kinds[svc.Name], cp.Target.Kind)
		}
	}
	stateSet(ch, descNetwork, networkStates, string(src.Engine.Network()))
	snaps := src.Engine.Snapshot()
	seen := map[[2]string]bool{}
	for _, s := range snaps {
		stateSet(ch, descSvcStatus, serviceStates, string(s.Status), s.Name)
		if !s.At.IsZero() {
			gauge(ch, descSvcCheck, unix(s.At), s.Name)
		}
		for i, cp := range s.Components {
			stateSet(ch, descCompStat, componentStates, string(cp.Status), s.Name, cp.Name)
			if i < len(s.Results) && i < len(kinds[s.Name]) {
				seen[[2]string{s.Name, cp.Name}] = true
				c.probe(ch, s.Name, cp.Name, kinds[s.Name][i], s.Results[i])
			}
		}
	}
	c.forget(seen)
	if src.Store != nil {
		c.incidents(ch, src.Store, snaps)
	}
	if src.World != nil {
		for _, s := range snaps {
			world(ch, s.Name, src.World.View(s.Name))
		}
	}
}

// probe sends what one component's last probe says.
func (c *Collector) probe(ch chan<- prometheus.Metric, svc, name string, kind probe.Kind, r probe.Result) {
	lv := []string{svc, name}
	gauge(ch, descSuccess, bool01(r.OK), lv...)
	gauge(ch, descDuration, r.Timings.Total.Seconds(), lv...)
	if kind == probe.KindDNS || r.Timings.Resolve > 0 || r.Failed == probe.LayerDNS {
		gauge(ch, descDNS, r.Timings.Resolve.Seconds(), lv...)
	}
	if d, ps := phases(kind, r.Timings); d != nil {
		for _, p := range ps {
			gauge(ch, d, p.seconds, svc, name, p.name)
		}
	}
	if kind == probe.KindHTTP {
		gauge(ch, descHTTPCode, float64(r.HTTPStatus), lv...)
	}
	if !r.OK {
		gauge(ch, descFailure, 1, svc, name, string(r.Failed), string(r.Class))
	}
	if exp, ok := c.certExpiry(svc, name, r.CertExpiry); ok {
		gauge(ch, descCertExp, unix(exp), lv...)
		days, _ := probe.Result{CertExpiry: exp}.CertDaysLeft(c.now())
		gauge(ch, descCertDays, float64(days), lv...)
	}
}

// certExpiry keeps the expiry a probe saw, and gives the last one seen.
func (c *Collector) certExpiry(svc, name string, seen time.Time) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := [2]string{svc, name}
	if !seen.IsZero() {
		c.certs[k] = seen
	}
	exp, ok := c.certs[k]
	return exp, ok
}

// forget drops the expiries of components no longer watched.
func (c *Collector) forget(watched map[[2]string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.certs {
		if !watched[k] {
			delete(c.certs, k)
		}
	}
}

// incidents sends each service's incident in progress, as the store has it
// (with its scope, which only the store keeps). A store that cannot be read
// leaves them out of this scrape, which says why.
func (c *Collector) incidents(ch chan<- prometheus.Metric, st Incidents, snaps []engine.ServiceSnapshot) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	open, err := st.OpenIncidents(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(descIncOpen, fmt.Errorf("read the open incidents: %w", err))
		return
	}
	first := firstOpen(open)
	for _, s := range snaps {
		inc, ok := first[s.Name]
		gauge(ch, descIncOpen, bool01(ok), s.Name)
		if ok {
			gauge(ch, descIncStart, unix(inc.Start), s.Name, string(inc.Scope), string(inc.Peak))
		}
	}
}

// firstOpen is each service's earliest open incident.
func firstOpen(open []history.Incident) map[string]history.Incident {
	out := map[string]history.Incident{}
	for _, inc := range open {
		if prev, ok := out[inc.Service]; !ok || inc.Start.Before(prev.Start) {
			out[inc.Service] = inc
		}
	}
	return out
}

// world sends what the status page and the news say of a service.
func world(ch chan<- prometheus.Metric, svc string, v radar.View) {
	if p := v.Page; p != nil {
		gauge(ch, descPageLevel, float64(p.Level), svc)
		gauge(ch, descPageUp, bool01(p.Err == ""), svc)
		gauge(ch, descPageIncs, float64(len(p.Incidents)), svc)
	}
	gauge(ch, descNewsReports, float64(v.News.Items), svc)
	gauge(ch, descNewsSources, float64(v.News.Sources), svc)
	gauge(ch, descNewsOutage, bool01(v.NewsReports()), svc)
}

// phase is one phase's duration.
type phase struct {
	name    string
	seconds float64
}

// phases gives the metric of a probe kind's phases and their durations, in
// the order a probe goes through them; nil for a kind whose only phase is
// its DNS lookup (probe_dns_lookup_time_seconds).
func phases(kind probe.Kind, t probe.Timings) (*prometheus.Desc, []phase) {
	all := []phase{
		{"resolve", t.Resolve.Seconds()}, {"connect", t.Connect.Seconds()}, {"tls", t.TLS.Seconds()},
		{"processing", t.Processing.Seconds()}, {"transfer", t.Transfer.Seconds()},
	}
	switch kind {
	case probe.KindHTTP:
		return descHTTP, all
	case probe.KindTLS:
		return descTLS, all[:3]
	case probe.KindTCP:
		return descTCP, all[:2]
	}
	return nil, nil
}

// stateSet sends 1 for the member that is current and 0 for the others.
func stateSet(ch chan<- prometheus.Metric, d *prometheus.Desc, members []string, current string, labels ...string) {
	for _, m := range members {
		gauge(ch, d, bool01(m == current), append(labels, m)...)
	}
}

func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// unix is t in Unix seconds, to the millisecond.
func unix(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
