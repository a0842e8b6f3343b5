package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
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

	a := startAgent(t, "--config", cfg, "--data-dir", filepath.Join(t.TempDir(), "data"), "--metrics", "127.0.0.1:0")
	// Every service checked, the incidents of Facebook and GitHub open, the
	// page read.
	var fams map[string]*dto.MetricFamily
	a.scrapeUntil(t, func(f map[string]*dto.MetricFamily) bool {
		fams = f
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
			t.Errorf("%s%v = %v, want %v", c.metric, c.labels, got, c.want)
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
	if err := a.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(a.url); err == nil {
		t.Error("metrics still served after the agent stopped")
	}
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

// agentRun is a headless agent running on its own goroutine.
type agentRun struct {
	url    string // of its metrics
	cancel context.CancelFunc
	done   chan int
	// stopOnce: stop runs once (in the test, and again at its cleanup).
	stopOnce sync.Once
	mu       sync.Mutex
	log      strings.Builder
}

// startAgent runs `downradar headless args...` and waits for it to say
// where it serves its metrics.
func startAgent(t *testing.T, args ...string) *agentRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	a := &agentRun{cancel: cancel, done: make(chan int, 1)}
	go func() {
		code := Main(ctx, append([]string{"headless"}, args...), nil, io.Discard, pw)
		pw.Close()
		a.done <- code
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			a.mu.Lock()
			a.log.WriteString(sc.Text() + "\n")
			a.mu.Unlock()
			if _, u, ok := strings.Cut(sc.Text(), "serving metrics on "); ok {
				addr <- u
			}
		}
		close(addr)
	}()
	t.Cleanup(func() { a.stop() })
	u, ok := <-addr
	if !ok {
		t.Fatalf("the agent ended without serving metrics:\n%s", a.logText())
	}
	a.url = u
	return a
}

func (a *agentRun) logText() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.log.String()
}

// stop ends the agent and reports a non-zero exit; again, it does nothing.
func (a *agentRun) stop() error {
	var err error
	a.stopOnce.Do(func() {
		a.cancel()
		if code := <-a.done; code != ExitOK {
			err = fmt.Errorf("agent exit %d:\n%s", code, a.logText())
		}
	})
	return err
}

// scrapeUntil scrapes the agent until ready says the metrics are there (the
// deadline only guards against a hang).
func (a *agentRun) scrapeUntil(t *testing.T, ready func(map[string]*dto.MetricFamily) bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		fams, err := scrape(a.url)
		if err != nil {
			t.Fatalf("scrape %s: %v\n%s", a.url, err, a.logText())
		}
		if ready(fams) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics not ready after a minute:\n%s\nlog:\n%s", dump(fams), a.logText())
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
