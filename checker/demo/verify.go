package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// Tolerance is how long after a script's step the history may date what
// the step caused, for a config: the service's next check comes within an
// interval and a quarter (its next round; one closer than a quarter
// interval after a quick re-check is skipped), its probes take up to the
// timeout, and a busy machine (tests under the race detector) may add a
// third of an interval: 1.6 intervals and the timeout in all.
func Tolerance(c *config.Config) time.Duration {
	return c.Interval*8/5 + c.Timeout
}

// Verify checks that the history holds exactly what the scenario expects
// after it played on l: one incident per expectation (a service's in order
// of time), with exactly its components, ended, of the expected scope,
// every failing probe of its evidence at the expected layer, started and
// ended at or after the steps that caused it and at most tol later; and
// no other incident. It returns every difference it finds.
func (sc Scenario) Verify(ctx context.Context, st *store.Store, l *Lab, played *Played, tol time.Duration) error {
	incs, err := allIncidents(ctx, st)
	if err != nil {
		return err
	}
	byService := map[string][]history.Incident{}
	for _, inc := range slices.Backward(incs) { // oldest first
		byService[inc.Service] = append(byService[inc.Service], inc)
	}
	type want struct {
		x     Expect
		comps []string
	}
	expected := map[string][]want{}
	var names []string
	for _, x := range sc.Expect {
		name, comps := l.expected(x)
		if expected[name] == nil {
			names = append(names, name)
		}
		expected[name] = append(expected[name], want{x, comps})
	}
	var errs []error
	for _, name := range names {
		ws, got := expected[name], byService[name]
		slices.SortStableFunc(ws, func(a, b want) int { return cmp.Compare(a.x.Start, b.x.Start) })
		if len(got) != len(ws) {
			errs = append(errs, fmt.Errorf("%s: %d incidents, want %d: %s", name, len(got), len(ws), describe(ctx, st, got)))
			continue
		}
		for i, w := range ws {
			inc, err := st.Incident(ctx, got[i].ID)
			if err != nil {
				return fmt.Errorf("demo: verify: %w", err)
			}
			errs = append(errs, checkIncident(inc, w.x, w.comps, played, tol)...)
		}
	}
	for name, got := range byService {
		if expected[name] == nil {
			errs = append(errs, fmt.Errorf("%s: %d incidents, want none: %s", name, len(got), describe(ctx, st, got)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("scenario %s: %w", sc.Name, err)
	}
	return nil
}

// expected is the service's name and the components x stands for.
func (l *Lab) expected(x Expect) (name string, comps []string) {
	name = x.Service
	for _, c := range l.listed {
		if c.Service != x.Service {
			continue
		}
		name = c.ServiceName
		if x.Components == nil {
			comps = append(comps, c.Component)
		}
	}
	if x.Components != nil {
		comps = slices.Clone(x.Components)
	}
	slices.Sort(comps)
	return name, comps
}

func checkIncident(inc history.Incident, x Expect, comps []string, played *Played, tol time.Duration) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s incident #%d: "+format, append([]any{inc.Service, inc.ID}, args...)...))
	}
	if !slices.Equal(inc.Components, comps) {
		bad("components %q, want %q", inc.Components, comps)
	}
	if inc.Scope != x.Scope {
		bad("scope %s, want %s", inc.Scope, x.Scope)
	}
	probes := 0
	for _, e := range inc.Evidence {
		if e.Source != history.SourceProbe {
			continue
		}
		probes++
		if e.Layer != x.Layer {
			bad("%s failed at layer %s (%s: %s), want %s", e.Component, e.Layer, e.Class, e.Message, x.Layer)
		}
	}
	if probes == 0 {
		bad("no failing probe in its evidence")
	}
	if inc.Ongoing() {
		bad("still ongoing, want it ended")
	}
	for _, t := range []struct {
		what   string
		at     time.Time
		offset time.Duration
	}{{"started", inc.Start, x.Start}, {"ended", inc.End, x.End}} {
		if t.at.IsZero() {
			continue
		}
		span, ok := played.When(t.offset)
		if !ok {
			bad("no step at %s to compare its %s time with", fmtOffset(t.offset), t.what)
			continue
		}
		// The store keeps milliseconds.
		if early := span.Begin.Truncate(time.Millisecond); t.at.Before(early) {
			bad("%s %s before the step at %s", t.what, early.Sub(t.at), fmtOffset(t.offset))
		} else if late := t.at.Sub(span.End); late > tol {
			bad("%s %s after the step at %s, want at most %s", t.what, late.Round(time.Millisecond), fmtOffset(t.offset), tol)
		}
	}
	return errs
}

func allIncidents(ctx context.Context, st *store.Store) ([]history.Incident, error) {
	var out []history.Incident
	for {
		page, total, err := st.Incidents(ctx, store.Query{Limit: store.MaxLimit, Offset: len(out)})
		if err != nil {
			return nil, fmt.Errorf("demo: verify: %w", err)
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// describe lists incidents for an error message, each with its first
// failing probe.
func describe(ctx context.Context, st *store.Store, incs []history.Incident) string {
	var s []string
	for _, i := range incs {
		end := "ongoing"
		if !i.Ongoing() {
			end = i.End.Format("15:04:05.000")
		}
		first := ""
		if full, err := st.Incident(ctx, i.ID); err == nil {
			for _, e := range full.Evidence {
				if e.Source == history.SourceProbe {
					first = fmt.Sprintf(" (first: %s %s %s at %s: %s, %d ms)", e.Component, e.Layer, e.Class, e.At.Format("15:04:05.000"), e.Message, e.LatencyMS)
					break
				}
			}
		}
		s = append(s, fmt.Sprintf("#%d %s %q %s %s-%s%s", i.ID, i.Scope, i.Components, i.Peak, i.Start.Format("15:04:05.000"), end, first))
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, "; ")
}
