package netlab_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/app/internal/netlab"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/status"
)

// parallel is how many labs run at once unless -test.parallel says: the
// scenarios mostly wait on timeouts, not on the CPU, and Go's default (the
// number of cores) would run this machine's two at a time.
const parallel = "8"

// TestMain runs a helper role when the lab re-executes this binary in a
// namespace; otherwise it removes what killed runs left behind and runs
// the tests.
func TestMain(m *testing.M) {
	if role := os.Getenv(netlab.EnvRole); role != "" {
		os.Exit(netlab.Main(role, netlab.Args(os.Args)))
	}
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", parallel)
	}
	if os.Geteuid() == 0 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if removed := netlab.CleanStale(ctx); len(removed) > 0 {
			slices.Sort(removed)
			fmt.Fprintf(os.Stderr, "netlab: removed what killed runs left: %s\n", strings.Join(removed, ", "))
		}
		cancel()
	}
	os.Exit(m.Run())
}

// newLab skips or fails t where the lab cannot run (see netlab.Require),
// runs t in parallel with the other labs, and builds its lab. The context
// ends a little before the test binary's deadline, so that a stuck
// scenario fails with its evidence rather than a panic.
func newLab(t *testing.T) (*netlab.Lab, context.Context) {
	t.Helper()
	netlab.Require(t)
	t.Parallel()
	ctx := context.Background()
	if dl, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-30*time.Second))
		t.Cleanup(cancel)
	}
	return netlab.New(ctx, t), ctx
}

// config writes the lab's config with o.
func config(t *testing.T, l *netlab.Lab, o netlab.ConfigOptions) string {
	t.Helper()
	path, err := l.WriteConfig(fmt.Sprintf("config-%d.toml", time.Now().UnixNano()), o)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// check runs `downradar check --json` in the user namespace; on a failed
// test the report is logged as evidence.
func check(t *testing.T, ctx context.Context, l *netlab.Lab, cfg string) netlab.CheckResult {
	t.Helper()
	res, err := l.Check(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seen: %s", brief(res.Report))
	t.Cleanup(func() {
		if t.Failed() {
			stats, _ := l.TCPStats(context.Background())
			t.Logf("evidence: the check (%s):\n%s  link %+v\n  the user's TCP counters: %s", res.Elapsed, summary(res.Report), res.Report.Link, stats)
		}
	})
	return res
}

// brief is a report in one line: the network verdict and the link's
// figures, then each service that is not up, with its components that are
// not up (or that carry an error class).
func brief(r engine.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "network %s (rtt %dms, %d of %d probes resent)", r.Network, r.Link.RTTMS, r.Link.Lossy, r.Link.Probes)
	up := 0
	for _, s := range r.Services {
		var comps []string
		for _, c := range s.Components {
			if c.Status != status.Up || c.Error != "" {
				comps = append(comps, fmt.Sprintf("%s %s at %s %s", c.Name, c.Status, c.Layer, c.Error))
			}
		}
		if s.Status == status.Up && len(comps) == 0 {
			up++
			continue
		}
		fmt.Fprintf(&b, "; %s %s", s.Name, s.Status)
		if s.Incident {
			b.WriteString(" (incident)")
		}
		if len(comps) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(comps, ", "))
		}
	}
	fmt.Fprintf(&b, "; %d up", up)
	return b.String()
}

// summary is a report in a few lines: the network and its controls, each
// service and its components (status, layer, error, latency, detail).
func summary(r engine.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "network %s (%s)\n", r.Network, r.NetworkReason)
	for _, c := range r.Controls {
		fmt.Fprintf(&b, "  control %s: %s %s %s %dms %s\n", c.Probe, c.Status, c.Layer, c.Error, c.LatencyMS, c.Detail)
	}
	for _, s := range r.Services {
		fmt.Fprintf(&b, "  %s: %s (checks %d, failures %d, incident %t) %s\n", s.Name, s.Status, s.Checks, s.Failures, s.Incident, s.Reason)
		for _, c := range s.Components {
			fmt.Fprintf(&b, "    %s %s: %s layer=%s error=%s %dms attempts=%d %s\n", c.Name, c.Probe, c.Status, c.Layer, c.Error, c.LatencyMS, c.Attempts, c.Detail)
		}
	}
	return b.String()
}

// service is the report's service named name.
func service(t *testing.T, r engine.Report, name string) engine.ServiceReport {
	t.Helper()
	for _, s := range r.Services {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no service %q in the report", name)
	return engine.ServiceReport{}
}

// component is a service's component named name.
func component(t *testing.T, s engine.ServiceReport, name string) engine.ProbeReport {
	t.Helper()
	for _, c := range s.Components {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no component %q in %s", name, s.Name)
	return engine.ProbeReport{}
}

// oneOf reports whether s is one of set.
func oneOf[T ~string](s T, set ...T) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}
