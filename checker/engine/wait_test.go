package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
)

// guard bounds a wait for something the engine is bound to do: a guard
// against a hang, never a timing assertion, so it leaves a machine with
// both cores busy all the time it needs. The tests wait for the engine's
// events, not for a time to pass.
const guard = 2 * time.Minute

// steadyTimeout is the probe timeout of the tests in which nothing is meant
// to time out: a loopback probe starved of CPU must not fail, nor a control
// probe make the network look offline (a verdict then reused for NetTTL).
const steadyTimeout = 30 * time.Second

// hangAfter is the deadline of the probes meant to time out (a black hole,
// a silent name) in a test where the others must work: see hangs.
const hangAfter = 500 * time.Millisecond

// hangs gives the probes of targets that never answer (a black hole, a
// silent name) a deadline of their own, hangAfter, and leaves every other
// probe the config's timeout (steadyTimeout). With one short timeout for
// all (it was 1 s), a loopback probe meant to work timed out whenever the
// machine left the test without a CPU for that long (TestCheckTellsEachLayer
// at a load average of 22): whether a probe times out must depend on what
// it probes, not on the machine's load. A target that never answers times
// out at its deadline whatever the load, and by the same path as at the
// engine's: the probe's context ends.
type hangs struct {
	network.Prober
	targets []string // raw targets, as the config writes them
}

func (h hangs) Probe(ctx context.Context, t probe.Target) probe.Result {
	if slices.Contains(h.targets, t.Raw) {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, hangAfter)
		defer cancel()
	}
	return h.Prober.Probe(ctx, t)
}

// noGrace is the Grace of the tests about anything but waking from sleep:
// with their intervals of 200 ms, a timer fired 400 ms late on a loaded
// machine looks like a clock jump, and the default grace of 30 s after it
// would keep every incident shut.
const noGrace = time.Nanosecond

// steady makes a test config's probes wait as long as they need (see
// steadyTimeout).
func steady(c *config.Config) *config.Config {
	c.Timeout = steadyTimeout
	return c
}

// until waits until cond holds for the events so far (it is called again
// after each new event, without the events' lock: it may read the store),
// or fails saying what it waited for.
func (ev *events) until(t *testing.T, what string, cond func([]history.Event) bool) {
	t.Helper()
	deadline := time.After(guard)
	for {
		ev.mu.Lock()
		list := slices.Clone(ev.list)
		ev.mu.Unlock()
		if cond(list) {
			return
		}
		select {
		case <-ev.ch:
		case <-deadline:
			t.Fatalf("%s: not within %v, a bound against a hang; the last events: %s", what, guard, lastEvents(list, 8))
		}
	}
}

// nth waits for the nth event of kind for service and returns it.
func (ev *events) nth(t *testing.T, kind history.EventKind, service string, n int) history.Event {
	t.Helper()
	var got history.Event
	ev.until(t, fmt.Sprintf("%s event #%d for %s", kind, n, service), func(list []history.Event) bool {
		i := 0
		for _, e := range list {
			if e.Kind == kind && e.Service == service {
				if i++; i == n {
					got = e
					return true
				}
			}
		}
		return false
	})
	return got
}

// checkedSince waits until service has been checked n times after since,
// and checked once more: the check's own history.EventChecked comes before what it
// then does (fuse: what the world says), which the next check's event
// proves done. Every input given before since has then been processed by n
// whole checks.
func (ev *events) checkedSince(t *testing.T, service string, since time.Time, n int) {
	t.Helper()
	ev.until(t, fmt.Sprintf("%d checks of %s after %s", n+1, service, since.Format(time.StampMilli)), func(list []history.Event) bool {
		i := 0
		for _, e := range list {
			if e.Kind == history.EventChecked && e.Service == service && e.At.After(since) {
				i++
			}
		}
		return i > n
	})
}

// lastEvents sums up the last n events, for a failure's message.
func lastEvents(list []history.Event, n int) string {
	var b strings.Builder
	for _, e := range list[max(0, len(list)-n):] {
		fmt.Fprintf(&b, "\n  %s %s %s %q network=%s incident=#%d %s", e.At.Format("15:04:05.000"), e.Kind, e.Service, e.Status, e.Network, e.Incident.ID, e.Reason)
	}
	return fmt.Sprintf("%d events%s", len(list), b.String())
}
