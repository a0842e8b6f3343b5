package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// Verify checks that the history holds exactly what the scenario expects
// after it played on l: one incident per expectation (a service's in order
// of time), with exactly its components, ended, of the expected scope,
// every failing probe of its evidence at the expected layer, started and
// ended at or after the steps that caused it and no later than the checks
// that the thresholds allow after them (see late); and no other incident.
// It returns every difference it finds.
func (sc Scenario) Verify(ctx context.Context, st *store.Store, l *Lab, played *Played, late late) error {
	incs, err := allIncidents(ctx, st)
	if err != nil {
		return err
	}
	byService := map[string][]history.Incident{}
	for _, inc := range slices.Backward(incs) { // oldest first
		byService[inc.Service] = append(byService[inc.Service], inc)
	}
	names, expected := l.expectations(sc)
	var errs []error
	for _, name := range names {
		ws, got := expected[name], byService[name]
		if len(got) != len(ws) {
			errs = append(errs, fmt.Errorf("%s: %d incidents, want %d: %s", name, len(got), len(ws), describe(ctx, st, got)))
			continue
		}
		for i, w := range ws {
			inc, err := st.Incident(ctx, got[i].ID)
			if err != nil {
				return fmt.Errorf("demo: verify: %w", err)
			}
			errs = append(errs, checkIncident(inc, w.x, w.comps, played, late)...)
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

// want is one expected incident and the components it must have.
type want struct {
	x     Expect
	comps []string
}

// expectations are sc's expected incidents by service name (names in
// order of first mention), each service's in order of start.
func (l *Lab) expectations(sc Scenario) (names []string, by map[string][]want) {
	by = map[string][]want{}
	for _, x := range sc.Expect {
		name, comps := l.expected(x)
		if by[name] == nil {
			names = append(names, name)
		}
		by[name] = append(by[name], want{x, comps})
	}
	for _, ws := range by {
		slices.SortStableFunc(ws, func(a, b want) int { return cmp.Compare(a.x.Start, b.x.Start) })
	}
	return names, by
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

// late bounds how late the history may date what a step caused, in the
// engine's checks rather than in time. An incident starts at its first
// failing check and ends at its first good one (incident.Step); the first
// check of the service to end after the step may have probed before it,
// the second began after it. So an incident starts, and ends, by the
// second check of its service that ended after the step that caused it.
// On a loaded machine checks come later, and so may the incident, but not
// by a check more.
type late func(service string) []time.Time // when each check of a service ended, in order

// by is when the second check of service to end after t ended; zero when
// there were not two.
func (l late) by(service string, t time.Time) time.Time {
	n := 0
	for _, at := range l(service) {
		if at.After(t) {
			if n++; n == 2 {
				return at
			}
		}
	}
	return time.Time{}
}

func checkIncident(inc history.Incident, x Expect, comps []string, played *Played, late late) []error {
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
		} else if by := late.by(inc.Service, span.End); !by.IsZero() && t.at.After(by) {
			bad("%s %s after the step at %s: %s after the second check that ended after it",
				t.what, t.at.Sub(span.End).Round(time.Millisecond), fmtOffset(t.offset), t.at.Sub(by).Round(time.Millisecond))
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

func TestLateBound(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	at := func(s ...int) []time.Time {
		var out []time.Time
		for _, x := range s {
			out = append(out, t0.Add(time.Duration(x)*time.Second))
		}
		return out
	}
	checks := late(func(service string) []time.Time {
		if service == "WhatsApp" {
			return at(1, 2, 3, 4)
		}
		return nil
	})
	for _, c := range []struct {
		service string
		step    int
		want    time.Time
	}{
		{"WhatsApp", 0, at(2)[0]},
		{"WhatsApp", 1, at(3)[0]}, // a check ending at the step is not after it
		{"WhatsApp", 2, at(4)[0]},
		{"WhatsApp", 3, time.Time{}},
		{"Instagram", 0, time.Time{}},
	} {
		if got := checks.by(c.service, t0.Add(time.Duration(c.step)*time.Second)); !got.Equal(c.want) {
			t.Errorf("%s, step at +%ds: by %v, want %v", c.service, c.step, got, c.want)
		}
	}
	x := Expect{Service: "whatsapp", Components: []string{"Web"}, Layer: "http", Scope: history.ScopeFromHere, Start: 6 * sec, End: 42 * sec}
	played := &Played{Script: Script{Steps: []Step{{At: 6 * sec}, {At: 42 * sec}}}, Ran: []Span{{t0, t0}, {t0.Add(2 * time.Second), t0.Add(2 * time.Second)}}}
	inc := history.Incident{Service: "WhatsApp", Components: []string{"Web"}, Scope: history.ScopeFromHere,
		Evidence: []history.Evidence{{Source: history.SourceProbe, Layer: "http"}}}
	for _, c := range []struct {
		start, end int
		bad        bool
	}{{1, 3, false}, {2, 4, false}, {3, 4, true}, {2, 5, true}} {
		inc.Start, inc.End = at(c.start)[0], at(c.end)[0]
		checks := late(func(string) []time.Time { return at(1, 2, 3, 4, 5) })
		if errs := checkIncident(inc, x, []string{"Web"}, played, checks); (len(errs) > 0) != c.bad {
			t.Errorf("started +%ds, ended +%ds: %v, want an error: %v", c.start, c.end, errs, c.bad)
		}
	}
}
