package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/status"
)

// BenchmarkRound is one round over 200 components on loopback, 10% of them
// never answering: with the default concurrency it takes about one timeout,
// not the sum of the timeouts. It reports the wall time of a round in
// timeouts, and CPU time and allocations per probe. The loopback servers run
// in the same process, so their work is counted in too.
func BenchmarkRound(b *testing.B) {
	const components, hanging = 200, 20
	const timeout = 500 * time.Millisecond
	d, err := lab.StartDNS()
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	d.SetFallback(&lab.Answer{Addrs: lab.Address("127.0.0.1").Addrs})
	hole, err := lab.StartBlackHole()
	if err != nil {
		b.Fatal(err)
	}
	defer hole.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	var svc strings.Builder
	for i := range components / 10 {
		fmt.Fprintf(&svc, "[[service]]\nname = \"S%d\"\n", i)
		for j := range 10 {
			probe := fmt.Sprintf("http://s%d-c%d.test:%s/", i, j, port(srv.URL))
			if (i*10+j)%(components/hanging) == 0 {
				probe = "http://" + hole.Addr + "/"
			}
			fmt.Fprintf(&svc, "  [[service.component]]\n  name = \"C%d\"\n  probe = %q\n", j, probe)
		}
	}
	doc := fmt.Sprintf("catalog = false\ntimeout = %q\nresolver = %q\nattempts = 1\n[thresholds]\nfail = 1\n[network]\ncontrol = [\"tcp://127.0.0.1:%s\"]\n%s",
		timeout, d.Addr, port(srv.URL), svc.String())
	cfg, err := config.Parse("bench.toml", []byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	e := New(Options{Config: cfg, NetTTL: time.Hour})
	ctx := context.Background()
	e.Check(ctx, cfg.Services) // warm up
	b.ReportAllocs()
	b.ResetTimer()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	cpu0 := cpuTime()
	start := time.Now()
	for range b.N {
		rep := e.Check(ctx, cfg.Services)
		down := 0
		for _, s := range rep.Services {
			for _, c := range s.Components {
				if c.Status == status.Down {
					down++
				}
			}
		}
		if down != hanging {
			b.Fatalf("%d components down, want %d", down, hanging)
		}
	}
	wall := time.Since(start) / time.Duration(b.N)
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&m1)
	probes := float64(b.N * components)
	b.ReportMetric(float64(wall)/float64(timeout), "timeouts/round")
	b.ReportMetric(float64(cpu)/probes, "cpu-ns/probe")
	b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/probes, "allocs/probe")
	b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/probes, "B/probe")
}

// cpuTime is the process's user+system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
