package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// A real headless agent with --metrics on loopback, watching the loopback
// services (one with a status page that reports a partial outage): a
// scrape of /metrics parses, and says what each probe found, each
// service's status and incident, the network verdict and the page's level.
func TestHeadlessServesMetrics(t *testing.T) {
	l := newLoopback(t)
	page := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		now := time.Now().UTC().Format(time.RFC3339)
		fmt.Fprintf(rw, `{"page": {"id": "gh", "name": "GitHub", "url": "http://status.github.test", "time_zone": "Etc/UTC", "updated_at": %[1]q},
"status": {"indicator": "minor", "description": "Partial System Outage"},
"components": [{"id": "api", "name": "API Requests", "status": "partial_outage", "position": 1, "group": false, "group_id": null, "page_id": "gh", "only_show_if_degraded": false}],
"incidents": [], "scheduled_maintenances": []}`, now)
	}))
	t.Cleanup(page.Close)
	services := strings.Replace(l.services(), "name = \"GitHub\"\n", fmt.Sprintf("name = \"GitHub\"\nstatus = %q\n", page.URL), 1)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), services)
	// Each probe's class is asserted: give a loaded machine time to answer
	// (300 ms made a 503 a timeout under -race beside other builds).
	setTimeout(t, cfg, "3s")

	h := startHeadless(t, "--config", cfg, "--data-dir", filepath.Join(t.TempDir(), "data"), "--metrics", "127.0.0.1:0")
	url := h.metricsURL()
	// Every service checked, the incidents of Facebook and GitHub open, the
	// page read.
	fams := h.scrapeUntil(url, func(f map[string]*dto.MetricFamily) bool {
		return len(f["downradar_service_last_check_timestamp_seconds"].GetMetric()) == 4 &&
			value(f, "downradar_service_incident_open", "service", "Facebook") == 1 &&
			value(f, "downradar_service_incident_open", "service", "GitHub") == 1 &&
			len(f["downradar_status_page_level"].GetMetric()) == 1
	})

	for _, c := range []struct {
		metric string
		labels []string
		want   float64
	}{
		{"probe_success", []string{"service", "WhatsApp", "component", "Web"}, 1},
		{"probe_success", []string{"service", "WhatsApp", "component", "Login"}, 0},
		{"probe_success", []string{"service", "WhatsApp", "component", "Chat"}, 0},
		{"probe_success", []string{"service", "Facebook", "component", "Web"}, 0},
		{"probe_success", []string{"service", "GitHub", "component", "Web"}, 1},
		{"probe_http_status_code", []string{"service", "WhatsApp", "component", "Login"}, 503},
		{"probe_http_status_code", []string{"service", "GitHub", "component", "Web"}, 200},
		{"downradar_probe_failure_info", []string{"service", "Facebook", "component", "Web", "layer", "dns", "class", "nxdomain"}, 1},
		{"downradar_probe_failure_info", []string{"service", "Facebook", "component", "DNS", "layer", "dns", "class", "servfail"}, 1},
		{"downradar_probe_failure_info", []string{"service", "WhatsApp", "component", "Login", "layer", "http", "class", "http_status"}, 1},
		{"downradar_probe_failure_info", []string{"service", "WhatsApp", "component", "Chat", "layer", "tcp", "class", "refused"}, 1},
		{"downradar_service_status", []string{"service", "Facebook", "status", "down"}, 1},
		{"downradar_service_status", []string{"service", "WhatsApp", "status", "partial"}, 1},
		{"downradar_service_status", []string{"service", "GitHub", "status", "up"}, 1},
		{"downradar_network_status", []string{"network", "online"}, 1},
		{"downradar_status_page_level", []string{"service", "GitHub"}, 4}, // partial_outage
		{"downradar_status_page_up", []string{"service", "GitHub"}, 1},
	} {
		if got := value(fams, c.metric, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v; failures: %v", c.metric, c.labels, got, c.want, fams["downradar_probe_failure_info"].GetMetric())
		}
	}
	// Facebook fails from here; GitHub works, but its page reports trouble.
	for _, inc := range [][]string{{"service", "Facebook", "scope", "from_here", "peak", "down"}, {"service", "GitHub", "scope", "reported_elsewhere"}} {
		if find(fams, "downradar_service_incident_start_timestamp_seconds", inc...) == nil {
			t.Errorf("no incident %v in %v", inc, fams["downradar_service_incident_start_timestamp_seconds"])
		}
	}
	if days := value(fams, "downradar_probe_ssl_days_left", "service", "WhatsApp", "component", "Web"); days < 1 {
		t.Errorf("certificate days left: %v", days)
	}
	if tls := value(fams, "probe_http_duration_seconds", "service", "WhatsApp", "component", "Web", "phase", "tls"); !(tls > 0) {
		t.Errorf("WhatsApp Web's TLS phase: %v", tls)
	}
	if fams["go_goroutines"] == nil || fams["process_resident_memory_bytes"] == nil {
		t.Error("no go_* or process_* metrics")
	}
	if code := h.exit(); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, h.log.String())
	}
	if _, err := http.Get(url); err == nil {
		t.Error("metrics still served after the agent stopped")
	}
}

// After a config reload, the metrics describe the new config's services.
func TestHeadlessMetricsFollowReloads(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
	h := startHeadless(t, "--config", cfg, "--data-dir", t.TempDir(), "--metrics", "127.0.0.1:0")
	url := h.metricsURL()
	services := func(f map[string]*dto.MetricFamily) int {
		return len(f["downradar_service_last_check_timestamp_seconds"].GetMetric())
	}
	h.scrapeUntil(url, func(f map[string]*dto.MetricFamily) bool { return services(f) == 4 })

	good, _ := os.ReadFile(cfg)
	doc := strings.Replace(string(good), "[[service]]\nname = \"GitHub\"", "[[service]]\nname = \"GitHub\"\nenabled = false", 1)
	os.WriteFile(cfg, []byte(doc), 0o600)
	h.waitFor(0, "config reloaded: watching 3 services")
	fams, err := scrape(url)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(fams["downradar_service_status"].GetMetric()); n != 3*5 {
		t.Errorf("after the reload, downradar_service_status has %d series, want 3 services of 5:\n%s", n, dump(fams))
	}
	if find(fams, "downradar_service_status", "service", "GitHub") != nil || find(fams, "probe_success", "service", "GitHub") != nil {
		t.Errorf("GitHub, no longer watched, still served:\n%s", dump(fams))
	}
	// The new engine checks the three again.
	h.scrapeUntil(url, func(f map[string]*dto.MetricFamily) bool { return services(f) == 3 })
}

// --metrics is refused on an address other machines reach, unless
// --metrics-public says so; one that cannot be listened on is an error.
// Neither starts the checks.
func TestHeadlessMetricsAddress(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for _, c := range []struct {
		addr string
		code int
		want string
	}{
		{"0.0.0.0:9841", ExitUsage, `downradar headless: --metrics: metrics address "0.0.0.0:9841": 0.0.0.0, not a loopback address: the metrics name your services and what fails, so they are served on loopback only (e.g. 127.0.0.1:9841) unless --metrics-public is given too`},
		{":9841", ExitUsage, "all interfaces"},
		{"9841", ExitUsage, "want host:port"},
		{taken.Addr().String(), ExitError, "address already in use"},
	} {
		var errb bytes.Buffer
		code := Main(context.Background(), []string{"headless", "--config", cfg, "--data-dir", t.TempDir(), "--metrics", c.addr}, nil, io.Discard, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) || strings.Contains(errb.String(), "watching") {
			t.Errorf("--metrics %s: exit %d, want %d with %q:\n%s", c.addr, code, c.code, c.want, errb.String())
		}
	}
}

// setTimeout sets the probe timeout of the config file at path.
func setTimeout(t *testing.T, path, timeout string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(b, []byte(`timeout = "`+probeTimeout+`"`)) {
		t.Fatalf("%s: no timeout to set (%v)", path, err)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(`timeout = "`+probeTimeout+`"`), []byte(`timeout = "`+timeout+`"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
}

// metricsURL waits for the agent to say where it serves its metrics.
func (h *headlessRun) metricsURL() string {
	h.t.Helper()
	at := h.waitFor(0, "serving metrics on ")
	end := h.waitFor(at, "\n")
	return strings.TrimSpace(h.log.String()[at:end])
}

// scrapeUntil scrapes the agent until ready says the metrics are there, and
// returns them (the deadline only guards against a hang).
func (h *headlessRun) scrapeUntil(url string, ready func(map[string]*dto.MetricFamily) bool) map[string]*dto.MetricFamily {
	h.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		fams, err := scrape(url)
		if err != nil {
			h.t.Fatalf("scrape %s: %v\n%s", url, err, h.log.String())
		}
		if ready(fams) {
			return fams
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("metrics not ready after a minute:\n%s\nlog:\n%s", dump(fams), h.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// scrape gets and parses the metrics as Prometheus does (text format).
func scrape(url string) (map[string]*dto.MetricFamily, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("HTTP %s: %s", resp.Status, b)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	return p.TextToMetricFamilies(resp.Body)
}

// find is the metric of the family with these label pairs, nil if none.
func find(fams map[string]*dto.MetricFamily, name string, labels ...string) *dto.Metric {
	for _, m := range fams[name].GetMetric() {
		have := map[string]string{}
		for _, lp := range m.GetLabel() {
			have[lp.GetName()] = lp.GetValue()
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			match = match && have[labels[i]] == labels[i+1]
		}
		if match {
			return m
		}
	}
	return nil
}

// value is the gauge's value, -1 when there is no such metric.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	if m := find(fams, name, labels...); m != nil {
		return m.GetGauge().GetValue()
	}
	return -1
}

func dump(fams map[string]*dto.MetricFamily) string {
	var b strings.Builder
	for _, f := range fams {
		if strings.HasPrefix(f.GetName(), "go_") || strings.HasPrefix(f.GetName(), "process_") {
			continue
		}
		for _, m := range f.GetMetric() {
			fmt.Fprintf(&b, "%s %v %v\n", f.GetName(), m.GetLabel(), m.GetGauge().GetValue())
		}
	}
	return b.String()
}
