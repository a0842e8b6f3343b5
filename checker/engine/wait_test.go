package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
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

// mixedTimeout is the probe timeout of the tests in which some probes are
// meant to time out (a black hole, a silent name) and the others to work,
// controls included: a loopback probe starved of CPU for a moment must
// still work, and the test must not take long.
const mixedTimeout = time.Second

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
func (ev *events) until(t *testing.T, what string, cond func([]Event) bool) {
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
func (ev *events) nth(t *testing.T, kind EventKind, service string, n int) Event {
	t.Helper()
	var got Event
	ev.until(t, fmt.Sprintf("%s event #%d for %s", kind, n, service), func(list []Event) bool {
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
// and checked once more: the check's own EventChecked comes before what it
// then does (fuse: what the world says), which the next check's event
// proves done. Every input given before since has then been processed by n
// whole checks.
func (ev *events) checkedSince(t *testing.T, service string, since time.Time, n int) {
	t.Helper()
	ev.until(t, fmt.Sprintf("%d checks of %s after %s", n+1, service, since.Format(time.StampMilli)), func(list []Event) bool {
		i := 0
		for _, e := range list {
			if e.Kind == EventChecked && e.Service == service && e.At.After(since) {
				i++
			}
		}
		return i > n
	})
}

// lastEvents sums up the last n events, for a failure's message.
func lastEvents(list []Event, n int) string {
	var b strings.Builder
	for _, e := range list[max(0, len(list)-n):] {
		fmt.Fprintf(&b, "\n  %s %s %s %q network=%s incident=#%d %s", e.At.Format("15:04:05.000"), e.Kind, e.Service, e.Status, e.Network, e.Incident.ID, e.Reason)
	}
	return fmt.Sprintf("%d events%s", len(list), b.String())
}
