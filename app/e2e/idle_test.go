//go:build e2e

package e2e

import (
	"encoding/json"
	"flag"
	"fmt"
	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/radar"
	"html"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/probe"
)

var (
	idleFor   = flag.Duration("idle", 2*time.Minute, "how long BenchmarkAgentIdle watches the agent")
	settleFor = flag.Duration("settle", 4*time.Minute, "how long BenchmarkAgentIdle lets the agent settle first (its two trims)")
)

// catalogLab answers every probe of the built-in catalog on loopback: a DNS
// server saying 127.0.0.1 for every name, one TLS+HTTP server whose
// certificate (from a throwaway CA, trusted through SSL_CERT_FILE) carries
// every name, and one TCP port for the plain TCP probes.
type catalogLab struct {
	dns    *lab.DNSServer
	https  string // port
	tcp    string // port
	caFile string
	config string // the catalog, same services, components and intervals, pointed here
}

func startCatalogLab(tb testing.TB, dir string) *catalogLab {
	tb.Helper()
	def := config.Default()
	var names []string
	for _, t := range def.Control {
		names = append(names, t.Host)
	}
	for _, s := range def.Services {
		for _, c := range s.Components {
			names = append(names, c.Target.Host)
		}
	}
	dns, err := lab.StartDNS()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(dns.Close)
	dns.SetFallback(&lab.Answer{Addrs: []netip.Addr{netip.MustParseAddr("127.0.0.1")}})
	ca, err := lab.NewCA()
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := ca.ValidLeaf(names...)
	if err != nil {
		tb.Fatal(err)
	}
	srv := lab.StartTLS(cert, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "generate_204") {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		fmt.Fprintln(w, "<html>ok</html>")
	}))
	tb.Cleanup(srv.Close)
	feeds := newsFeeds(tb)
	plain := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/feed/"):
			w.Header().Set("Content-Type", "application/rss+xml")
			io.WriteString(w, feeds)
		case r.URL.Path == "/api/v2/summary.json":
			io.WriteString(w, operationalSummary)
		case strings.HasSuffix(r.URL.Path, "/incidents.json"):
			io.WriteString(w, "[]")
		case strings.HasPrefix(r.URL.Path, "/proxy/"):
			io.WriteString(w, operationalIncidentIO)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go plain.Serve(ln)
	tb.Cleanup(func() { plain.Close() })
	l := &catalogLab{dns: dns, caFile: filepath.Join(dir, "ca.pem")}
	_, l.https, _ = net.SplitHostPort(srv.Listener.Addr().String())
	_, l.tcp, _ = net.SplitHostPort(ln.Addr().String())
	if err := os.WriteFile(l.caFile, ca.PEM(), 0o600); err != nil {
		tb.Fatal(err)
	}
	l.config = l.mirror(tb)
	return l
}

// operationalSummary is an Atlassian Statuspage summary with nothing wrong.
const operationalSummary = `{"page": {"id": "p", "name": "Lab", "url": "http://127.0.0.1", "time_zone": "Etc/UTC", "updated_at": "2026-01-01T00:00:00Z"},
"status": {"indicator": "none", "description": "All Systems Operational"},
"components": [{"id": "c", "name": "Web", "status": "operational", "position": 1, "group": false, "group_id": null, "page_id": "p", "only_show_if_degraded": false}],
"incidents": [], "scheduled_maintenances": []}`

// operationalIncidentIO is an incident.io status page's front-end JSON
// with nothing wrong.
const operationalIncidentIO = `{"summary": {"id": "p", "name": "Lab", "components": [{"id": "c", "name": "Web"}],
"affected_components": [], "ongoing_incidents": [], "in_progress_maintenances": [], "scheduled_maintenances": [], "structure": {"items": []}}}`

// newsFeeds is an RSS document like a news search's: 50 real headlines
// from the labelled set that the classifier does not read as outages (so
// the idle agent stays idle), published within the last hour.
func newsFeeds(tb testing.TB) string {
	tb.Helper()
	files, err := filepath.Glob("../../checker/classify/testdata/labelled/*.jsonl")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no labelled set: %v", err)
	}
	c, err := classify.New()
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>News</title><link>http://127.0.0.1/</link><description>lab</description>`)
	n := 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(data), "\n") {
			var it struct{ Text, Source string }
			if json.Unmarshal([]byte(line), &it) != nil || c.Classify(it.Text).Outage || n == 50 {
				continue
			}
			fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><pubDate>%s</pubDate></item>",
				html.EscapeString(it.Text), html.EscapeString(it.Source), time.Now().Add(-time.Duration(n)*time.Minute).Format(time.RFC1123Z))
			n++
		}
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// mirror is a config watching the catalog's default set, each service with
// its components, probe kinds and host names (resolved by the lab's DNS) and
// its status page, all pointed at the lab; the control probes too.
func (l *catalogLab) mirror(tb testing.TB) string {
	tb.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "resolver = %q\n[network]\ncontrol = [\"tcp://127.0.0.1:%s\", \"dns://example.org\", \"http://127.0.0.1:%s/generate_204\"]\n",
		l.dns.Addr, l.tcp, l.tcp)
	// As many feeds as the built-in news searches, each on the lab.
	c, err := classify.New()
	if err != nil {
		tb.Fatal(err)
	}
	b.WriteString("[news]\nbuiltin = false\n")
	for i := range radar.Feeds(config.Default(), c, tb.Logf) {
		fmt.Fprintf(&b, "[[news.feed]]\nurl = \"http://127.0.0.1:%s/feed/%d\"\n", l.tcp, i)
	}
	for _, s := range config.Default().Watched() {
		fmt.Fprintf(&b, "[[service]]\nid = %q\n", s.ID)
		if s.Status != nil {
			u, err := url.Parse(s.Status.URL)
			if err != nil {
				tb.Fatal(err)
			}
			u.Scheme, u.Host = "http", "127.0.0.1:"+l.tcp
			fmt.Fprintf(&b, "status = %q\nstatus_kind = %q\n", u.String(), s.Status.Kind)
		}
		for _, comp := range s.Components {
			t := comp.Target
			u := *t.URL
			host := t.Host
			if net.ParseIP(host) != nil {
				host = "127.0.0.1" // an address probe: no name for the lab's DNS to answer
			}
			switch u.Scheme {
			case "https", "tls":
				u.Host = net.JoinHostPort(host, l.https)
			case "http", "tcp":
				u.Host = net.JoinHostPort(host, l.tcp)
			}
			fmt.Fprintf(&b, "  [[service.component]]\n  name = %q\n  probe = %q\n", comp.Name, u.String())
			if t.Kind == probe.KindHTTP {
				fmt.Fprintf(&b, "  expect = %q\n", t.Expect.String())
			}
			if len(comp.StatusComponents) > 0 {
				fmt.Fprintf(&b, "  status_components = [%q]\n", strings.Join(comp.StatusComponents, `", "`))
			}
		}
	}
	return b.String()
}

// byFile sums one field of a process's /proc/<pid>/smaps ("Rss:",
// "Referenced:") per mapped file, in kB, the anonymous memory under "".
func byFile(pid int, field string) (map[string]int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return nil, err
	}
	m := map[string]int{}
	var name string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":"):
			name = strings.Join(f[5:], " ")
			if !strings.HasPrefix(name, "/") {
				name = ""
			}
		case len(f) >= 2 && f[0] == field:
			kb, _ := strconv.Atoi(f[1])
			m[name] += kb
		}
	}
	return m, nil
}

// split gives the anonymous, the binary's and the shared libraries' parts
// of a byFile map, in MB.
func split(m map[string]int, exe string) (anon, bin, libs float64) {
	for name, kb := range m {
		switch name {
		case "":
			anon += float64(kb) / 1024
		case exe:
			bin += float64(kb) / 1024
		default:
			libs += float64(kb) / 1024
		}
	}
	return anon, bin, libs
}

// procStat reads a process's resident memory (kB: total, anonymous) and CPU time.
func procStat(pid int) (rss, anon int, cpu time.Duration, err error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			rss, _ = strconv.Atoi(f[1])
		}
		if len(f) >= 2 && f[0] == "RssAnon:" {
			anon, _ = strconv.Atoi(f[1])
		}
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0, err
	}
	// Fields after the command name (which may hold spaces) start at ") ".
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const hz = 100 // USER_HZ on Linux
	return rss, anon, time.Duration(utime+stime) * time.Second / hz, nil
}

// BenchmarkAgentIdle runs the agent on the built-in catalog (its services,
// components and default intervals, answered on loopback) in a desktop
// session with a tray host and dunst, and reports its footprint once it
// settles (-settle, 4 minutes after its start): resident memory and CPU over -idle
// (default 2 min; docs/performance.md's figures are from -idle 10m), then how long a
// tray click takes to map the history window when no window process runs.
// Run with -benchtime 1x.
func BenchmarkAgentIdle(b *testing.B) {
	d := startDesktop(b, true)
	l := startCatalogLab(b, d.dir)
	path := filepath.Join(d.dir, "config", "downradar", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte(l.config), 0o600); err != nil {
		b.Fatal(err)
	}
	d.env = append(d.env, "SSL_CERT_FILE="+l.caFile)
	exe := build(b)
	b.Cleanup(func() { killWindows(exe) })
	agent := d.start("agent", exe)
	pid := agent.Process.Pid
	it := item{d: d, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)}
	d.waitName(it.name, 30*time.Second)
	allUp := fmt.Sprintf("DownRadar: %d up", len(config.Default().Watched()))
	d.eventually(60*time.Second, "every built-in service up", func() bool { return strings.HasPrefix(it.tooltip(), allUp) })
	// Let the start settle: the agent trims its code pages twice, the second
	// time at most 4 minutes in (see quietAt in app/agent/trimtime.go).
	time.Sleep(*settleFor)
	_, _, cpu0, err := procStat(pid)
	if err != nil {
		b.Fatal(err)
	}
	// Clear the pages' referenced bits: at the end, smaps' "Referenced"
	// counts the 4 KiB pages the agent touched during the run, however
	// the kernel brought them in (see "Why RSS is what it is" in docs/performance.md).
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("1"), 0); err != nil {
		b.Logf("clear_refs: %v (the touched-pages figure counts from the start)", err)
	}
	start := time.Now()
	var maxRSS, maxAnon, sum, n, maxAt int
	var timeline []string
	lastCPU := cpu0
	for time.Since(start) < *idleFor {
		time.Sleep(time.Second)
		rss, anon, cpuNow, err := procStat(pid)
		if err != nil {
			b.Fatal(err)
		}
		if rss > maxRSS {
			maxRSS, maxAt = rss, n+1
		}
		maxAnon = max(maxAnon, anon)
		sum, n = sum+rss, n+1
		if n%15 == 0 {
			timeline = append(timeline, fmt.Sprintf("%ds:%.1f(%dms)", n, float64(rss)/1024, (cpuNow-lastCPU).Milliseconds()))
			lastCPU = cpuNow
		}
	}
	b.Logf("RSS (MB) and CPU time every 15 s: %s", strings.Join(timeline, " "))
	// The maximum is one of these samples, all taken once the agent settled.
	b.Logf("RSS max %.1f MB at sample %d of %d (%s after the agent settled, %s after its start)", float64(maxRSS)/1024, maxAt, n,
		time.Duration(maxAt)*time.Second, *settleFor+time.Duration(maxAt)*time.Second)
	if m, err := byFile(pid, "Rss:"); err == nil {
		anon, bin, libs := split(m, exe)
		b.Logf("resident at the end: anonymous %.1f MB, the binary %.1f MB, shared libraries %.1f MB", anon, bin, libs)
	}
	if m, err := byFile(pid, "Referenced:"); err == nil {
		anon, bin, libs := split(m, exe)
		b.Logf("touched during the run (4 KiB pages): anonymous %.1f MB, the binary %.1f MB, shared libraries %.1f MB; in all %.1f MB",
			anon, bin, libs, anon+bin+libs)
		b.ReportMetric(anon+bin+libs, "MB-touched")
	}
	_, _, cpu1, _ := procStat(pid)
	wall := time.Since(start)
	if tip := it.tooltip(); !strings.HasPrefix(tip, allUp) {
		b.Errorf("the catalog is not all up after the idle run: %q", tip)
	}
	b.ReportMetric(float64(maxRSS)/1024, "MB-rss-max")
	b.ReportMetric(float64(sum)/float64(n)/1024, "MB-rss-mean")
	b.ReportMetric(float64(maxAnon)/1024, "MB-anon-max")
	b.ReportMetric(100*float64(cpu1-cpu0)/float64(wall), "%cpu")

	// Tray click to mapped window, each time with no window process running.
	var clicks []time.Duration
	for range 3 {
		t0 := time.Now()
		it.click("History…")
		d.eventually(30*time.Second, "the history window", func() bool { return d.windowMapped("DownRadar — history") })
		clicks = append(clicks, time.Since(t0))
		killWindows(exe)
		d.eventually(10*time.Second, "the window process to end", func() bool { return !d.windowMapped("DownRadar — history") })
		time.Sleep(500 * time.Millisecond)
	}
	var worst time.Duration
	for _, c := range clicks {
		worst = max(worst, c)
	}
	b.ReportMetric(worst.Seconds(), "s-click-to-window-max")
	if os.Getenv("IDLE_DEBUG") != "" {
		b.Error("IDLE_DEBUG: failing to show the session's output")
	}
	b.Logf("idle %s: RSS max %.1f MB (anonymous %.1f MB), CPU %.3f%% of a core; tray click to window: %v",
		wall.Round(time.Second), float64(maxRSS)/1024, float64(maxAnon)/1024, 100*float64(cpu1-cpu0)/float64(wall), clicks)
}
