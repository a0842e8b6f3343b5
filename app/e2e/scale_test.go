//go:build e2e

package e2e

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	scaleFor    = flag.Duration("scale", time.Minute, "how long BenchmarkAgentScale measures each agent at each size")
	scaleSettle = flag.Duration("scale-settle", 40*time.Second, "how long BenchmarkAgentScale lets each agent run before measuring (past the tray agent's first trim of its code pages, about 30 s in)")
	scaleSizes  = flag.String("scale-sizes", "200x1,1000x1,500x3", "BenchmarkAgentScale's sizes: services x components, comma-separated")
	scaleBin    = flag.String("scale-bin", "", "the downradar binary BenchmarkAgentScale measures (default: built from this tree), to compare versions")
)

// scaleInterval is how often every endpoint is due, as in the issue's
// side-by-side run with Gatus.
const scaleInterval = 10 * time.Second

// endpoints is a loopback HTTP server answering 200 on every path and
// keeping, per path, how often and how regularly it was asked since reset.
type endpoints struct {
	srv  *http.Server
	port string

	mu    sync.Mutex
	since time.Time
	hits  map[string]*hits
}

type hits struct {
	n      int
	last   time.Time
	maxGap time.Duration
}

func startEndpoints(tb testing.TB) *endpoints {
	tb.Helper()
	e := &endpoints{hits: map[string]*hits{}, since: time.Now()}
	e.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		e.mu.Lock()
		h := e.hits[r.URL.Path]
		if h == nil {
			h = &hits{last: e.since}
			e.hits[r.URL.Path] = h
		}
		h.n++
		h.maxGap = max(h.maxGap, now.Sub(h.last))
		h.last = now
		e.mu.Unlock()
		w.Write([]byte("ok\n"))
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go e.srv.Serve(ln)
	tb.Cleanup(func() { e.srv.Close() })
	_, e.port, _ = net.SplitHostPort(ln.Addr().String())
	return e
}

// reset forgets the hits so far: what follows is measured from now.
func (e *endpoints) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.since = time.Now()
	clear(e.hits)
}

// tally is the checks done on paths since the reset and the longest time
// any path went unchecked (from the reset to its first check, between two,
// or from its last to now).
func (e *endpoints) tally(paths []string) (done int, worst time.Duration) {
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, p := range paths {
		h := e.hits[p]
		if h == nil {
			worst = max(worst, now.Sub(e.since))
			continue
		}
		done += h.n
		worst = max(worst, h.maxGap, now.Sub(h.last))
	}
	return done, worst
}

// scaleConfig is a config of services x components on the endpoints, every
// one due each scaleInterval, and the paths they probe.
func (e *endpoints) scaleConfig(services, components int) (string, []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "catalog = false\ninterval = %q\ntimeout = \"5s\"\n[news]\nbuiltin = false\n[network]\ncontrol = [\"tcp://127.0.0.1:%s\"]\n",
		scaleInterval, e.port)
	var paths []string
	for s := range services {
		fmt.Fprintf(&b, "[[service]]\nname = \"Service %04d\"\n", s)
		for c := range components {
			p := fmt.Sprintf("/s%d/c%d", s, c)
			paths = append(paths, p)
			fmt.Fprintf(&b, "  [[service.component]]\n  name = \"C%d\"\n  probe = \"http://127.0.0.1:%s%s\"\n", c, e.port, p)
		}
	}
	return b.String(), paths
}

// scaleRun is one agent's figures over the measured period.
type scaleRun struct {
	cpu       time.Duration
	done, due int
	worstGap  time.Duration
	maxRSS    int // kB
}

func (r scaleRun) String() string {
	return fmt.Sprintf("%.2f ms CPU per check, RSS max %.1f MiB, %d of %d checks done (%.0f%%), longest gap %s",
		r.msPerCheck(), float64(r.maxRSS)/1024, r.done, r.due, 100*float64(r.done)/float64(r.due), r.worstGap.Round(100*time.Millisecond))
}

func (r scaleRun) msPerCheck() float64 {
	if r.done == 0 {
		return 0
	}
	return float64(r.cpu.Microseconds()) / 1000 / float64(r.done)
}

// measure lets cmd (already started) settle, then measures it for d.
func measure(tb testing.TB, cmd *exec.Cmd, e *endpoints, paths []string, d time.Duration) scaleRun {
	tb.Helper()
	pid := cmd.Process.Pid
	time.Sleep(*scaleSettle)
	e.reset()
	_, _, cpu0, err := procStat(pid)
	if err != nil {
		tb.Fatalf("the agent ended before it was measured: %v", err)
	}
	start := time.Now()
	var run scaleRun
	for time.Since(start) < d {
		time.Sleep(time.Second)
		rss, _, _, err := procStat(pid)
		if err != nil {
			tb.Fatalf("the agent ended while measured: %v", err)
		}
		run.maxRSS = max(run.maxRSS, rss)
	}
	_, _, cpu1, _ := procStat(pid)
	run.done, run.worstGap = e.tally(paths)
	run.cpu = cpu1 - cpu0
	run.due = len(paths) * int(time.Since(start)/scaleInterval)
	return run
}

// BenchmarkAgentScale runs the tray agent (`downradar`, in a desktop session
// with a real tray host) and `downradar headless`, one after the other, on
// the same loopback HTTP endpoints checked every 10 s, at each -scale-sizes
// (services x components), and reports per agent and size: CPU per check
// done, the largest RSS (sampled every second), the checks done of those
// due and the longest time an endpoint went unchecked. Each agent runs
// -scale-settle before it is measured for -scale. Run with -benchtime 1x;
// docs/performance.md has the figures and how to reproduce them.
func BenchmarkAgentScale(b *testing.B) {
	d := startDesktop(b, true)
	e := startEndpoints(b)
	exe := *scaleBin
	if exe == "" {
		exe = build(b)
	}
	b.Cleanup(func() { killWindows(exe) })
	var table []string
	for _, size := range strings.Split(*scaleSizes, ",") {
		var services, components int
		if _, err := fmt.Sscanf(size, "%dx%d", &services, &components); err != nil {
			b.Fatalf("-scale-sizes: %q is not services x components: %v", size, err)
		}
		conf, paths := e.scaleConfig(services, components)
		dir := filepath.Join(d.dir, size)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
			b.Fatal(err)
		}
		for _, mode := range []string{"tray", "headless"} {
			args := []string{"--config", path, "--data-dir", filepath.Join(dir, mode)}
			if mode == "headless" {
				args = append([]string{"headless"}, args...)
			}
			cmd := d.start(mode+" agent "+size, exe, args...)
			run := measure(b, cmd, e, paths, *scaleFor)
			cmd.Process.Kill()
			cmd.Wait()
			line := fmt.Sprintf("%s %-8s %s", size, mode, run)
			b.Log(line)
			table = append(table, line)
			unit := func(what string) string { return what + "-" + mode + "-" + size }
			b.ReportMetric(run.msPerCheck(), unit("ms/check"))
			b.ReportMetric(float64(run.maxRSS)/1024, unit("MiB"))
			b.ReportMetric(100*float64(run.done)/float64(run.due), unit("%done"))
			b.ReportMetric(run.worstGap.Seconds(), unit("s-gap"))
		}
	}
	b.Logf("every %s, measured %s after %s:\n%s", scaleInterval, *scaleFor, *scaleSettle, strings.Join(table, "\n"))
}
