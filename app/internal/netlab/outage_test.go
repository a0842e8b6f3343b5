package netlab_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/downradar/downradar/app/internal/netlab"
	"github.com/downradar/downradar/checker/store"
)

// outage is how long the home link is down.
const outage = 60 * time.Second

// incidentLine matches the headless agent's incident lines (cli.EventLine).
var incidentLine = regexp.MustCompile(` is (down|partial|degraded) since | works again after | got worse: |an outage is reported elsewhere`)

// networkLine matches its lines for changes of the network verdict.
var networkLine = regexp.MustCompile(`network: ([a-z_]+)`)

// TestLinkOutageHeadless: `downradar headless` runs (checks every 10 s)
// while the home link goes down for 60 s and comes back. No incident is
// recorded, none is logged, and the log says offline, then online again,
// and no other verdict in between.
func TestLinkOutageHeadless(t *testing.T) {
	l, ctx := newLab(t)
	cfg := config(t, l, netlab.ConfigOptions{Interval: 10 * time.Second})
	data := filepath.Join(l.Dir, "data")
	p, err := l.StartDownRadar("headless", "--config", cfg, "--data-dir", data)
	if err != nil {
		t.Fatal(err)
	}
	log := p.Stderr
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("evidence: the headless log:\n%s", strings.Join(log.All(), "\n"))
		}
	})
	within := func(d time.Duration) (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, d) }
	wctx, cancel := within(time.Minute)
	_, _, err = log.Wait(wctx, 0, func(s string) bool { return strings.Contains(s, "watching 10 services") })
	cancel()
	if err != nil {
		t.Fatalf("headless did not start: %v", err)
	}
	// A round with the link up: every service checked once.
	if err := waitRound(ctx, l, 1, time.Minute); err != nil {
		t.Fatalf("the first round: %v", err)
	}

	down := time.Now()
	mark := log.Len()
	if err := l.LinkDown(ctx); err != nil {
		t.Fatal(err)
	}
	wctx, cancel = within(outage)
	i, _, err := log.Wait(wctx, mark, func(s string) bool { return networkLine.MatchString(s) })
	cancel()
	switch {
	case err != nil:
		t.Errorf("no network line within %s of the link going down (%v)", outage, err)
	default:
		t.Logf("the first network line %s after the link went down: %s", time.Since(down).Round(time.Second), log.All()[i])
	}
	// The outage lasts its time, whatever was logged.
	select {
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	case <-p.Done():
		t.Fatalf("headless exited during the outage")
	case <-time.After(time.Until(down.Add(outage))):
	}

	up := time.Now()
	upMark := log.Len()
	if err := l.LinkUp(ctx); err != nil {
		t.Fatal(err)
	}
	wctx, cancel = within(45 * time.Second)
	_, _, err = log.Wait(wctx, upMark, func(s string) bool { return strings.Contains(s, "network: online") })
	cancel()
	if err != nil {
		t.Errorf("no \"network: online\" line within 45s of the link coming back (%v)", err)
	} else {
		t.Logf("back online in the log %s after the link came back", time.Since(up).Round(time.Second))
	}
	// Two more checks of every service with the link back: a failure
	// blamed on a service as the link came back would be re-checked and
	// could open an incident then.
	if err := waitRound(ctx, l, 2, time.Minute); err != nil {
		t.Errorf("the rounds after the outage: %v", err)
	}

	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wctx, cancel = within(30 * time.Second)
	err = p.Wait(wctx)
	cancel()
	if err != nil {
		t.Errorf("headless did not exit cleanly on SIGTERM: %v", err)
	}

	var verdicts []string
	for _, s := range log.All()[mark:] {
		if m := networkLine.FindStringSubmatch(s); m != nil {
			verdicts = append(verdicts, m[1])
		}
		if incidentLine.MatchString(s) {
			t.Errorf("an incident was logged: %s", s)
		}
	}
	if got := strings.Join(verdicts, " → "); got != "offline → online" {
		t.Errorf("the network lines say %q, want \"offline → online\"", got)
	}
	st, err := store.Open(filepath.Join(data, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	incs, total, err := st.Incidents(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range incs {
		t.Errorf("incident recorded: %s %s %v from %s to %s", inc.Service, inc.Peak, inc.Components, inc.Start.Local().Format(time.TimeOnly), inc.End.Local().Format(time.TimeOnly))
	}
	if total != len(incs) {
		t.Errorf("%d incidents recorded in all", total)
	}
}

// waitRound waits until every service's host has had n checks' more HTTP
// requests than now (one per http(s) component a check): every service
// has been checked n more times.
func waitRound(ctx context.Context, l *netlab.Lab, n int, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	want := map[string]int{}
	for _, s := range netlab.Services {
		web := 0
		for _, c := range s.Components {
			if strings.HasPrefix(c.Probe, "http") {
				web++
			}
		}
		v4, v6, err := l.Hits(ctx, s.Host())
		if err != nil {
			return err
		}
		want[s.Host()] = v4 + v6 + n*web
	}
	for _, s := range netlab.Services {
		if err := l.WaitHits(ctx, s.Host(), want[s.Host()]); err != nil {
			v4, v6, _ := l.Hits(context.Background(), s.Host())
			return fmt.Errorf("%s not checked %d more times in %s (%d requests, want %d): %w", s.Name, n, within, v4+v6, want[s.Host()], err)
		}
	}
	return nil
}
