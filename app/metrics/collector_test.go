package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/statuspage"
)

type fakeEngine struct {
	snaps   []engine.ServiceSnapshot
	network status.Network
}

func (f *fakeEngine) Snapshot() []engine.ServiceSnapshot { return f.snaps }
func (f *fakeEngine) Network() status.Network            { return f.network }

type fakeWorld map[string]radar.View

func (f fakeWorld) View(s string) radar.View { return f[s] }

type fakeStore struct {
	open []history.Incident
	err  error
}

func (f fakeStore) OpenIncidents(context.Context) ([]history.Incident, error) { return f.open, f.err }

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fixture: Shop (an HTTPS site that works, a TLS port) and Mail (a port
// refused, a name that does not exist), with an incident open on Mail.
func fixture(t *testing.T) (Source, *fakeEngine) {
	t.Helper()
	cfg, err := config.Parse("test.toml", []byte(`catalog = false
[[service]]
name = "Shop"
  [[service.component]]
  name = "Site"
  probe = "https://shop.test/"
  [[service.component]]
  name = "Pay"
  probe = "tls://pay.shop.test:443"
[[service]]
name = "Mail"
  [[service.component]]
  name = "SMTP"
  probe = "tcp://mail.test:25"
  [[service.component]]
  name = "MX"
  probe = "dns://mx.mail.test"
`))
	if err != nil {
		t.Fatal(err)
	}
	ms := time.Millisecond
	e := &fakeEngine{network: status.Online, snaps: []engine.ServiceSnapshot{
		{Name: "Shop", Status: status.Up, At: now,
			Components: []incident.Component{{Name: "Site", Status: status.Up}, {Name: "Pay", Status: status.Up}},
			Results: []probe.Result{
				{OK: true, Reached: probe.LayerHTTP, HTTPStatus: 200, CertExpiry: now.Add(30*24*time.Hour + time.Hour),
					Timings: probe.Timings{Resolve: 2 * ms, Connect: 3 * ms, TLS: 10 * ms, Processing: 20 * ms, Transfer: 5 * ms, Total: 40 * ms}},
				{OK: true, Reached: probe.LayerTLS, CertExpiry: now.Add(-36 * time.Hour),
					Timings: probe.Timings{Resolve: 2 * ms, Connect: 3 * ms, TLS: 10 * ms, Total: 15 * ms}},
			}},
		{Name: "Mail", Status: status.Down, At: now,
			Components: []incident.Component{{Name: "SMTP", Status: status.Down}, {Name: "MX", Status: status.Down}},
			Results: []probe.Result{
				{Failed: probe.LayerTCP, Reached: probe.LayerDNS, Class: probe.ClassRefused,
					Timings: probe.Timings{Resolve: 2 * ms, Connect: ms, Total: 3 * ms}},
				{Failed: probe.LayerDNS, Class: probe.ClassNXDomain, Timings: probe.Timings{Resolve: 4 * ms, Total: 4 * ms}},
			}},
	}}
	src := Source{
		Config: cfg, Engine: e,
		Store: fakeStore{open: []history.Incident{{ID: 7, Service: "Mail", Start: now.Add(-time.Minute), Peak: status.Down, Scope: history.ScopeConfirmed}}},
		World: fakeWorld{
			"Shop": {Page: &radar.PageView{Level: statuspage.Partial, Incidents: []statuspage.Incident{{Title: "Checkout errors"}}}},
			"Mail": {Page: &radar.PageView{Err: "HTTP 500"}, News: radar.NewsView{Items: 3, Sources: 2,
				Reports: []radar.Report{{Title: "Mail down"}}}},
		},
	}
	return src, e
}

func newCollector(src Source) *Collector {
	c := NewCollector()
	c.now = func() time.Time { return now }
	c.Set(src)
	return c
}

// Every metric of the fixture, as a scraper reads it: the probes' success,
// durations by phase, failed layer and class, certificates; the services'
// status and incident with its scope; the network; the page and the news.
func TestCollectorServesTheAgentsState(t *testing.T) {
	src, _ := fixture(t)
	c := newCollector(src)
	want := `
# HELP probe_success Whether the component's last probe succeeded (1) or failed (0), as blackbox_exporter's.
# TYPE probe_success gauge
probe_success{component="MX",service="Mail"} 0
probe_success{component="Pay",service="Shop"} 1
probe_success{component="SMTP",service="Mail"} 0
probe_success{component="Site",service="Shop"} 1
# HELP probe_duration_seconds How long the component's last probe took, all phases and attempts.
# TYPE probe_duration_seconds gauge
probe_duration_seconds{component="MX",service="Mail"} 0.004
probe_duration_seconds{component="Pay",service="Shop"} 0.015
probe_duration_seconds{component="SMTP",service="Mail"} 0.003
probe_duration_seconds{component="Site",service="Shop"} 0.04
# HELP probe_dns_lookup_time_seconds How long the last probe took to resolve the component's name.
# TYPE probe_dns_lookup_time_seconds gauge
probe_dns_lookup_time_seconds{component="MX",service="Mail"} 0.004
probe_dns_lookup_time_seconds{component="Pay",service="Shop"} 0.002
probe_dns_lookup_time_seconds{component="SMTP",service="Mail"} 0.002
probe_dns_lookup_time_seconds{component="Site",service="Shop"} 0.002
# HELP probe_http_duration_seconds The last probe of an HTTP component by phase: resolve, connect, tls, processing (request written to first byte), transfer.
# TYPE probe_http_duration_seconds gauge
probe_http_duration_seconds{component="Site",phase="connect",service="Shop"} 0.003
probe_http_duration_seconds{component="Site",phase="processing",service="Shop"} 0.02
probe_http_duration_seconds{component="Site",phase="resolve",service="Shop"} 0.002
probe_http_duration_seconds{component="Site",phase="tls",service="Shop"} 0.01
probe_http_duration_seconds{component="Site",phase="transfer",service="Shop"} 0.005
# HELP downradar_probe_tcp_duration_seconds The last probe of a tcp:// component by phase: resolve, connect.
# TYPE downradar_probe_tcp_duration_seconds gauge
downradar_probe_tcp_duration_seconds{component="SMTP",phase="connect",service="Mail"} 0.001
downradar_probe_tcp_duration_seconds{component="SMTP",phase="resolve",service="Mail"} 0.002
# HELP downradar_probe_tls_duration_seconds The last probe of a tls:// component by phase: resolve, connect, tls.
# TYPE downradar_probe_tls_duration_seconds gauge
downradar_probe_tls_duration_seconds{component="Pay",phase="connect",service="Shop"} 0.003
downradar_probe_tls_duration_seconds{component="Pay",phase="resolve",service="Shop"} 0.002
downradar_probe_tls_duration_seconds{component="Pay",phase="tls",service="Shop"} 0.01
# HELP probe_http_status_code The HTTP status of the component's last probe (0: none was received).
# TYPE probe_http_status_code gauge
probe_http_status_code{component="Site",service="Shop"} 200
# HELP probe_ssl_earliest_cert_expiry When the component's leaf certificate expires, in Unix seconds (the last one seen).
# TYPE probe_ssl_earliest_cert_expiry gauge
probe_ssl_earliest_cert_expiry{component="Pay",service="Shop"} 1.7722368e+09
probe_ssl_earliest_cert_expiry{component="Site",service="Shop"} 1.774962e+09
# HELP downradar_probe_ssl_days_left Whole days until the component's leaf certificate expires (negative once expired).
# TYPE downradar_probe_ssl_days_left gauge
downradar_probe_ssl_days_left{component="Pay",service="Shop"} -2
downradar_probe_ssl_days_left{component="Site",service="Shop"} 30
# HELP downradar_probe_failure_info 1 for a component whose last probe failed: the layer that failed (dns, tcp, tls, http) and the error class (nxdomain, refused, timeout, cert_expired, http_status...).
# TYPE downradar_probe_failure_info gauge
downradar_probe_failure_info{class="nxdomain",component="MX",layer="dns",service="Mail"} 1
downradar_probe_failure_info{class="refused",component="SMTP",layer="tcp",service="Mail"} 1
# HELP downradar_service_status The service's status: 1 for the current one of up, degraded, partial, down, unknown.
# TYPE downradar_service_status gauge
downradar_service_status{service="Mail",status="degraded"} 0
downradar_service_status{service="Mail",status="down"} 1
downradar_service_status{service="Mail",status="partial"} 0
downradar_service_status{service="Mail",status="unknown"} 0
downradar_service_status{service="Mail",status="up"} 0
downradar_service_status{service="Shop",status="degraded"} 0
downradar_service_status{service="Shop",status="down"} 0
downradar_service_status{service="Shop",status="partial"} 0
downradar_service_status{service="Shop",status="unknown"} 0
downradar_service_status{service="Shop",status="up"} 1
# HELP downradar_service_last_check_timestamp_seconds When the service was last checked, in Unix seconds.
# TYPE downradar_service_last_check_timestamp_seconds gauge
downradar_service_last_check_timestamp_seconds{service="Mail"} 1.7723664e+09
downradar_service_last_check_timestamp_seconds{service="Shop"} 1.7723664e+09
# HELP downradar_service_incident_open Whether the service has an incident in progress (1) or not (0).
# TYPE downradar_service_incident_open gauge
downradar_service_incident_open{service="Mail"} 1
downradar_service_incident_open{service="Shop"} 0
# HELP downradar_service_incident_start_timestamp_seconds When the service's incident in progress began, in Unix seconds, with its scope (from_here, confirmed, reported_elsewhere) and its worst status so far.
# TYPE downradar_service_incident_start_timestamp_seconds gauge
downradar_service_incident_start_timestamp_seconds{peak="down",scope="confirmed",service="Mail"} 1.77236634e+09
# HELP downradar_network_status The verdict on this machine's own connection: 1 for the current one of online, offline, captive, dns_broken, degraded; all 0 until a failed check asked for one.
# TYPE downradar_network_status gauge
downradar_network_status{network="captive"} 0
downradar_network_status{network="degraded"} 0
downradar_network_status{network="dns_broken"} 0
downradar_network_status{network="offline"} 0
downradar_network_status{network="online"} 1
# HELP downradar_status_page_level The service's status page as last read: 0 unknown, 1 operational, 2 maintenance, 3 degraded, 4 partial_outage, 5 major_outage.
# TYPE downradar_status_page_level gauge
downradar_status_page_level{service="Mail"} 0
downradar_status_page_level{service="Shop"} 4
# HELP downradar_status_page_up Whether the service's status page was read (1) or could not be (0: the level is then unknown).
# TYPE downradar_status_page_up gauge
downradar_status_page_up{service="Mail"} 0
downradar_status_page_up{service="Shop"} 1
# HELP downradar_status_page_incidents The ongoing incidents the status page lists for the service's components.
# TYPE downradar_status_page_incidents gauge
downradar_status_page_incidents{service="Mail"} 0
downradar_status_page_incidents{service="Shop"} 1
# HELP downradar_news_reports Distinct outage reports of the service in the news window (recoveries not counted, stale ones counted).
# TYPE downradar_news_reports gauge
downradar_news_reports{service="Mail"} 3
downradar_news_reports{service="Shop"} 0
# HELP downradar_news_sources Distinct sources of the fresh outage reports in the news window that surely name the service.
# TYPE downradar_news_sources gauge
downradar_news_sources{service="Mail"} 2
downradar_news_sources{service="Shop"} 0
# HELP downradar_news_outage Whether the news say the service is down (1): fresh reports from enough distinct sources, the latest not a recovery.
# TYPE downradar_news_outage gauge
downradar_news_outage{service="Mail"} 1
downradar_news_outage{service="Shop"} 0
`
	names := []string{}
	for _, line := range strings.Split(want, "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			names = append(names, strings.Fields(name)[0])
		}
	}
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
	// The components' own statuses: a state set, one series a state.
	if n := testutil.CollectAndCount(c, "downradar_component_status"); n != 4*len(componentStates) {
		t.Errorf("downradar_component_status: %d series, want %d", n, 4*len(componentStates))
	}
	// promlint's advice, but for the one metric in days (what a person
	// reads; probe_ssl_earliest_cert_expiry is the one in seconds).
	problems, err := testutil.CollectAndLint(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if p.Metric != "downradar_probe_ssl_days_left" {
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	}
}

// A resumed TLS session shows no certificate: the expiry stays the last
// one seen, and goes with the component when it is no longer watched.
func TestCertificateExpiryOutlivesResumedSessions(t *testing.T) {
	src, e := fixture(t)
	c := newCollector(src)
	const name = "probe_ssl_earliest_cert_expiry"
	if n := testutil.CollectAndCount(c, name); n != 2 {
		t.Fatalf("%s: %d series, want 2", name, n)
	}
	e.snaps[0].Results = []probe.Result{{OK: true, Resumed: true}, {OK: true, Resumed: true}}
	if n := testutil.CollectAndCount(c, name); n != 2 {
		t.Errorf("after resumed sessions, %s: %d series, want the 2 seen before", name, n)
	}
	e.snaps = e.snaps[1:] // Shop is no longer watched
	if n := testutil.CollectAndCount(c, name); n != 0 || len(c.certs) != 0 {
		t.Errorf("Shop gone: %d series and %d kept, want none", n, len(c.certs))
	}
}

// A store that cannot be read leaves the incidents out of the scrape and
// says why in the log; every other metric is served.
func TestStoreErrorLeavesOnlyIncidentsOut(t *testing.T) {
	src, _ := fixture(t)
	src.Store = fakeStore{err: errors.New("database is locked")}
	var logged []string
	x := New(func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) })
	x.Set(src)
	rec := httptest.NewRecorder()
	x.Handler().ServeHTTP(rec, httptest.NewRequest("GET", Path, nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `probe_success{component="Site",service="Shop"} 1`) {
		t.Errorf("HTTP %d, body lacks the probes:\n%s", rec.Code, body)
	}
	if strings.Contains(body, "downradar_service_incident_open") {
		t.Error("incidents served though the store could not be read")
	}
	if len(logged) == 0 || !strings.Contains(strings.Join(logged, "\n"), "read the open incidents: database is locked") {
		t.Errorf("log: %q", logged)
	}
}

// Before the engine is set, and without a radar or a store, the metrics
// served are those there is something to say about.
func TestPartialSources(t *testing.T) {
	x := New(nil)
	mfs, err := x.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if strings.HasPrefix(mf.GetName(), "downradar_") || strings.HasPrefix(mf.GetName(), "probe_") {
			t.Errorf("no engine yet, but %s served", mf.GetName())
		}
	}
	src, _ := fixture(t)
	src.World, src.Store = nil, nil
	c := newCollector(src)
	for _, name := range []string{"downradar_status_page_level", "downradar_news_reports", "downradar_service_incident_open"} {
		if n := testutil.CollectAndCount(c, name); n != 0 {
			t.Errorf("%s served without its source (%d series)", name, n)
		}
	}
	if n := testutil.CollectAndCount(c, "probe_success"); n != 4 {
		t.Errorf("probe_success: %d series, want 4", n)
	}
}

func TestPhases(t *testing.T) {
	ti := probe.Timings{Resolve: 1, Connect: 2, TLS: 3, Processing: 4, Transfer: 5}
	cases := []struct {
		kind   probe.Kind
		metric string
		phases string
	}{
		{probe.KindHTTP, "probe_http_duration_seconds", "resolve connect tls processing transfer"},
		{probe.KindTLS, "downradar_probe_tls_duration_seconds", "resolve connect tls"},
		{probe.KindTCP, "downradar_probe_tcp_duration_seconds", "resolve connect"},
		{probe.KindDNS, "", ""},
	}
	for _, c := range cases {
		d, ps := phases(c.kind, ti)
		var names []string
		for _, p := range ps {
			names = append(names, p.name)
		}
		if got := strings.Join(names, " "); got != c.phases || (d == nil) != (c.metric == "") || (d != nil && !strings.Contains(d.String(), `"`+c.metric+`"`)) {
			t.Errorf("%s: %v %q, want %s %q", c.kind, d, got, c.metric, c.phases)
		}
	}
}
