package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
)

// ca is trusted through SSL_CERT_FILE, set before anything loads the
// system roots, so that `check` runs exactly as a user runs it.
var ca *lab.CA

func TestMain(m *testing.M) {
	var err error
	if ca, err = lab.NewCA(); err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "downradar-cli")
	if err != nil {
		log.Fatal(err)
	}
	pemFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(pemFile, ca.PEM(), 0o600); err != nil {
		log.Fatal(err)
	}
	os.Setenv("SSL_CERT_FILE", pemFile)
	// The tests read English, whatever the locale they run in; a test of
	// another language sets its own (TestCheckSpeaksTheLocale).
	os.Setenv("LC_ALL", "C")
	os.Setenv("SSL_CERT_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type loopback struct {
	dns    *lab.DNSServer
	hole   *lab.BlackHole
	closed string
	https  string // https://ok.test:PORT
	http   string // http://ok.test:PORT
	tcp    string // tcp://127.0.0.1:PORT
}

func newLoopback(t *testing.T) *loopback {
	t.Helper()
	d, err := lab.StartDNS()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	d.Set("ok.test", lab.Address("127.0.0.1"))
	d.Set("web.whatsapp.test", lab.Address("127.0.0.1"))
	d.Set("facebook.test", lab.NXDomain)
	d.Set("servfail.test", lab.ServFail)
	d.Set("silent.test", lab.Silent)
	hole, err := lab.StartBlackHole()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hole.Close)
	closed, _ := lab.ClosedPort()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("/generate_204", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
	})
	plain := httptest.NewServer(mux)
	t.Cleanup(plain.Close)
	cert, _ := ca.ValidLeaf("ok.test", "web.whatsapp.test")
	secure := lab.StartTLS(cert, mux)
	t.Cleanup(secure.Close)
	pu, _ := url.Parse(plain.URL)
	su, _ := url.Parse(secure.URL)
	return &loopback{dns: d, hole: hole, closed: closed,
		https: "https://ok.test:" + su.Port(), http: "http://ok.test:" + pu.Port(), tcp: "tcp://127.0.0.1:" + pu.Port()}
}

// probeTimeout is the tests' probe timeout: the black hole and the silent
// resolver use all of it, and a probe that must work gets it too, so it
// is long enough for a loopback TLS handshake on a loaded machine (300 ms
// was not: TestAgentKeepsHistoryAndStops saw WhatsApp's Web time out).
const probeTimeout = "2s"

func (l *loopback) writeConfig(t *testing.T, control, services string) string {
	t.Helper()
	doc := fmt.Sprintf(`catalog = false
interval = "60s"
timeout = "`+probeTimeout+`"
resolver = %q
attempts = 1
[thresholds]
recheck = ["10ms"]
[news]
builtin = false
[network]
control = [%s]
%s`, l.dns.Addr, control, services)
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (l *loopback) services() string {
	https := strings.Replace(l.https, "ok.test", "web.whatsapp.test", 1)
	return fmt.Sprintf(`
[[service]]
name = "WhatsApp"
  [[service.component]]
  name = "Web"
  probe = "%s/"
  [[service.component]]
  name = "Login"
  probe = "%s/login"
  [[service.component]]
  name = "Chat"
  probe = "tcp://%s"
[[service]]
name = "Facebook"
  [[service.component]]
  name = "Web"
  probe = "https://facebook.test/"
  [[service.component]]
  name = "DNS"
  probe = "dns://servfail.test"
[[service]]
name = "Messenger"
  [[service.component]]
  name = "MQTT"
  probe = "tls://%s"
[[service]]
name = "GitHub"
  [[service.component]]
  name = "Web"
  probe = "%s/"
`, https, https, l.closed, l.hole.Addr, l.http)
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, nil, &out, &errb)
	return code, out.String(), errb.String()
}

// checkJSON is the documented shape of `check --json`.
type checkJSON struct {
	Network  string `json:"network"`
	Services []struct {
		Name       string `json:"name"`
		Status     string `json:"status"`
		Components []struct {
			Name      string `json:"name"`
			Status    string `json:"status"`
			Layer     string `json:"layer"`
			Error     string `json:"error"`
			LatencyMS *int64 `json:"latency_ms"`
		} `json:"components"`
	} `json:"services"`
}

func TestCheckJSONTellsEachFailuresLayer(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf(`%q, "dns://ok.test", "%s/generate_204"`, l.tcp, l.http), l.services())
	code, out, errs := run(t, "check", "--config", cfg, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep checkJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Network != "online" {
		t.Errorf("network = %s", rep.Network)
	}
	type comp struct{ status, layer, err string }
	want := map[string]map[string]comp{
		"WhatsApp":  {"Web": {"up", "http", ""}, "Login": {"down", "http", "http_status"}, "Chat": {"down", "tcp", "refused"}},
		"Facebook":  {"Web": {"down", "dns", "nxdomain"}, "DNS": {"down", "dns", "servfail"}},
		"Messenger": {"MQTT": {"down", "tls", "timeout"}},
		"GitHub":    {"Web": {"up", "http", ""}},
	}
	wantSvc := map[string]string{"WhatsApp": "partial", "Facebook": "down", "Messenger": "down", "GitHub": "up"}
	if len(rep.Services) != len(want) {
		t.Fatalf("services: %+v", rep.Services)
	}
	for _, s := range rep.Services {
		if s.Status != wantSvc[s.Name] {
			t.Errorf("%s: status %s, want %s", s.Name, s.Status, wantSvc[s.Name])
		}
		for _, c := range s.Components {
			w := want[s.Name][c.Name]
			if c.Status != w.status || c.Layer != w.layer || c.Error != w.err || c.LatencyMS == nil {
				t.Errorf("%s/%s: %s %s %q; want %s %s %q", s.Name, c.Name, c.Status, c.Layer, c.Error, w.status, w.layer, w.err)
			}
		}
	}
}

func TestCheckJSONSaysOffline(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf(`"tcp://%s", "dns://silent.test", "http://silent.test/generate_204"`, l.closed), l.services())
	code, out, errs := run(t, "check", "--config", cfg, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep checkJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Network != "offline" {
		t.Errorf("network = %s, want offline", rep.Network)
	}
	for _, s := range rep.Services {
		want := "unknown"
		if s.Name == "GitHub" {
			want = "up" // it answered: whatever the controls say, it works
		}
		if s.Status != want {
			t.Errorf("%s while offline: %s, want %s", s.Name, s.Status, want)
		}
	}
}

func TestCheckTableAndServiceFilter(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
	code, out, errs := run(t, "check", "--config", cfg, "--service", "facebook", "--service", "GitHub")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Network: online (1 of 1 control probes worked)", "Facebook", "nxdomain", "servfail", "GitHub"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "WhatsApp") {
		t.Errorf("--service should leave WhatsApp out:\n%s", out)
	}
	code, _, errs = run(t, "check", "--config", cfg, "--service", "MySpace")
	if code != ExitUsage || !strings.Contains(errs, `no service named "MySpace" (configured: WhatsApp, Facebook, Messenger, GitHub)`) {
		t.Errorf("unknown service: exit %d, %s", code, errs)
	}
}

func TestCheckRefusesBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("interval = \"60s\"\n[[service]]\nname = \"X\"\n  [[service.component]]\n  name = \"W\"\n  probe = \"htps://x.example/\"\n"), 0o600)
	code, out, errs := run(t, "check", "--config", path)
	want := path + `:6: service[0].component[0].probe: "htps://x.example/": unknown scheme "htps" (use https, http, tcp, tls or dns)`
	if code != ExitUsage || out != "" || !strings.Contains(errs, want) {
		t.Errorf("exit %d\nstderr %s\nwant   %s", code, errs, want)
	}
	code, _, errs = run(t, "check", "--config", filepath.Join(t.TempDir(), "missing.toml"))
	if code != ExitUsage || !strings.Contains(errs, "missing.toml") {
		t.Errorf("missing config: exit %d %s", code, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"check", "--nope"}, {"check", "extra"}} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "downradar check") {
		t.Errorf("help: %d %s", code, out)
	}
}

func TestLinkLine(t *testing.T) {
	for _, tc := range []struct {
		l    engine.LinkReport
		want string
	}{
		{engine.LinkReport{RTTMS: 1600, BaselineMS: 40, SlowAboveMS: 540, Probes: 30, Lossy: 1, Slow: true},
			"Link: round trip 1600 ms, usually 40 ms, slow over 540 ms (slow); 1 of 30 recent probes had to resend"},
		{engine.LinkReport{RTTMS: 35, BaselineMS: 30, SlowAboveMS: 530, Probes: 30, Lossy: 12, Losing: true},
			"Link: round trip 35 ms, usually 30 ms, slow over 530 ms; 12 of 30 recent probes had to resend (losing packets)"},
		{engine.LinkReport{RTTMS: 900, SlowAboveMS: 600, Probes: 10, Lossy: 4, Slow: true, Losing: true},
			"Link: round trip 900 ms, slow over 600 ms (slow); 4 of 10 recent probes had to resend (losing packets)"},
		{engine.LinkReport{SlowAboveMS: 600}, "Link: no control probe worked; no recent probe"},
	} {
		if got := LinkLine(label.English, tc.l); got != tc.want {
			t.Errorf("LinkLine(%+v)\n got %q\nwant %q", tc.l, got, tc.want)
		}
	}
}

// The table says the link's figures under the network line when the link
// is degraded, and only then.
func TestFormatReportLink(t *testing.T) {
	slow := engine.Report{Network: status.LinkDegraded, NetworkReason: "your connection is slow (round trip 1.6s, usually 40ms)",
		Link:     engine.LinkReport{RTTMS: 1600, BaselineMS: 40, SlowAboveMS: 540, Probes: 8, Slow: true},
		Controls: []engine.ProbeReport{{Status: status.Up}, {Status: status.Up}}}
	// The engine's reason is said as app/label words it ("1.6 s").
	want := "Network: degraded (2 of 2 control probes worked) - " + label.English.Reason(slow.NetworkReason) + "\n" +
		"Link: round trip 1600 ms, usually 40 ms, slow over 540 ms (slow); 0 of 8 recent probes had to resend\n\n"
	if got := FormatReport(label.English, slow); !strings.HasPrefix(got, want) {
		t.Errorf("degraded:\n%s\nwant it to start with\n%s", got, want)
	}
	online := slow
	online.Network, online.NetworkReason, online.Link.Slow = status.Online, "", false
	if got := FormatReport(label.English, online); strings.Contains(got, "Link:") || !strings.HasPrefix(got, "Network: online (2 of 2 control probes worked)\n\n") {
		t.Errorf("online:\n%s", got)
	}
}

func TestNewsPart(t *testing.T) {
	for _, c := range []struct {
		n    engine.NewsReport
		want string
	}{
		{engine.NewsReport{Items: 3, Sources: 2, Languages: []string{"fr", "it"}}, "news: 3 outage reports from 2 sources (fr, it)"},
		{engine.NewsReport{Items: 2, Sources: 1, Stale: 1, Languages: []string{"en"}}, "news: 2 outage reports from 1 source (en), 1 not news"},
		{engine.NewsReport{Items: 3, Sources: 1, Unsure: 2, Languages: []string{"en", "fr"}}, "news: 3 outage reports from 1 source (en, fr), 2 perhaps about another service"},
	} {
		if got := newsPart(label.English, &c.n); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

// A news feed that cannot be read is not "no outage reports": check --json
// gives each feed's error and the news' status, unknown when no feed was
// read, and the table says so.
func TestCheckSaysUnreadFeeds(t *testing.T) {
	l := newLoopback(t)
	broken := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "upstream timed out", http.StatusGatewayTimeout)
	}))
	t.Cleanup(broken.Close)
	working := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		io.WriteString(rw, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://news.test/</link><description>d</description></channel></rss>`)
	}))
	t.Cleanup(working.Close)
	type feedJSON struct {
		Name  string `json:"name"`
		URL   string `json:"url"`
		Read  bool   `json:"read"`
		Error string `json:"error"`
	}
	var rep struct {
		Services []struct {
			Name string `json:"name"`
			News struct {
				Status string `json:"status"`
				Items  int    `json:"items"`
			} `json:"news"`
		} `json:"services"`
		Feeds []feedJSON `json:"feeds"`
	}
	feed := func(name, url string) string { return fmt.Sprintf("[[news.feed]]\nname = %q\nurl = %q\n", name, url) }
	github := "[[service]]\nname = \"GitHub\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"" + l.http + "/\"\n"

	for _, tc := range []struct {
		name   string
		feeds  string
		status string
		want   []feedJSON
		table  []string
	}{
		{"no feed read", feed("Lab news", broken.URL), "unknown",
			[]feedJSON{{Name: "Lab news", URL: broken.URL, Error: "feed " + broken.URL + ": HTTP 504 Gateway Timeout"}},
			[]string{"GitHub: news: unknown (no feed could be read)", "News feeds: 1 of 1 could not be read:\n  Lab news: feed " + broken.URL + ": HTTP 504 Gateway Timeout\n"}},
		{"one of two read", feed("Lab news", broken.URL) + feed("Wire", working.URL), "read",
			[]feedJSON{{Name: "Lab news", URL: broken.URL, Error: "feed " + broken.URL + ": HTTP 504 Gateway Timeout"}, {Name: "Wire", URL: working.URL, Read: true}},
			[]string{"GitHub: news: no outage reports", "News feeds: 1 of 2 could not be read:\n  Lab news: feed " + broken.URL + ": HTTP 504 Gateway Timeout\n"}},
		{"no feeds", "", "off", []feedJSON{}, []string{"GitHub: news: no feeds"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), tc.feeds+github)
			code, out, errs := run(t, "check", "--config", cfg, "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			rep.Services, rep.Feeds = nil, nil
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if len(rep.Services) != 1 || rep.Services[0].News.Status != tc.status || rep.Services[0].News.Items != 0 {
				t.Errorf("services: %+v, want news %s", rep.Services, tc.status)
			}
			if fmt.Sprint(rep.Feeds) != fmt.Sprint(tc.want) {
				t.Errorf("feeds\n got %+v\nwant %+v", rep.Feeds, tc.want)
			}
			code, table, errs := run(t, "check", "--config", cfg)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, want := range tc.table {
				if !strings.Contains(table, want) {
					t.Errorf("the table lacks %q:\n%s", want, table)
				}
			}
			if tc.status == "read" && strings.Contains(table, "unknown") {
				t.Errorf("a feed was read, yet:\n%s", table)
			}
		})
	}
}

func TestFormatFeeds(t *testing.T) {
	var states []radar.FeedState
	for i := range 8 {
		states = append(states, radar.FeedState{Name: fmt.Sprintf("Google News %d", i), URL: fmt.Sprintf("https://news.test/%d", i), Err: "dial tcp: lookup news.test: no such host"})
	}
	states[0] = radar.FeedState{Name: "read", Read: time.Now()}
	states[1] = radar.FeedState{URL: "https://never.test/"} // not tried: ctx ended first
	got := FormatFeeds(label.English, states)
	want := "\nNews feeds: 7 of 8 could not be read:\n" +
		"  https://never.test/: not read\n" +
		"  Google News 2: dial tcp: lookup news.test: no such host\n" +
		"  Google News 3: dial tcp: lookup news.test: no such host\n" +
		"  Google News 4: dial tcp: lookup news.test: no such host\n" +
		"  Google News 5: dial tcp: lookup news.test: no such host\n" +
		"  and 2 more\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := FormatFeeds(label.English, states[:1]); got != "" {
		t.Errorf("every feed read: %q", got)
	}
}

// TestCheckRunsTheControlsOnce: a service that fails by timeout, at the
// default probe timeout (10 s, as long as the engine usually reuses a
// network verdict), is judged with the verdict of the controls that ran
// alongside it, not with a second run of the controls that would make the
// round wait up to another timeout (TestLossyLink's 21 s round). Before
// the fix the control here was connected to twice.
func TestCheckRunsTheControlsOnce(t *testing.T) {
	l := newLoopback(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var accepted atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	doc := fmt.Sprintf(`catalog = false
timeout = "10s"
resolver = %q
attempts = 1
[thresholds]
fail = 1
[news]
builtin = false
[network]
control = ["tcp://%s"]
[[service]]
name = "Messenger"
  [[service.component]]
  name = "MQTT"
  probe = "tls://%s"
`, l.dns.Addr, ln.Addr(), l.hole.Addr)
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "check", "--json", "--config", path)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep checkJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Services) != 1 || rep.Services[0].Status != string(status.Down) || rep.Services[0].Components[0].Error != "timeout" {
		t.Fatalf("want Messenger down by timeout, got %s", out)
	}
	if n := accepted.Load(); n != 1 {
		t.Errorf("the control was connected to %d times in one round, want once", n)
	}
}
