package store

import (
	"errors"
	"github.com/downradar/downradar/checker/history"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func TestIncidentRoundTrip(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)

	inc := &history.Incident{
		Service:    "github",
		Components: []string{"web", "api", "web", ""},
		Start:      t0.In(time.FixedZone("CET", 3600)).Add(123 * time.Millisecond),
		Peak:       status.Degraded,
	}
	id, err := s.OpenIncident(ctx, inc)
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 || inc.ID != id {
		t.Fatalf("id = %d, inc.ID = %d", id, inc.ID)
	}
	if !slices.Equal(inc.Components, []string{"api", "web"}) || inc.Scope != history.ScopeFromHere {
		t.Errorf("normalised incident = %+v", inc)
	}

	// Evidence comes back ordered by At, then by ID.
	ev := []history.Evidence{
		{IncidentID: id, At: t0.Add(2 * time.Minute), Source: "probe", Component: "web", Layer: "http", Class: "http_status", Message: "503", LatencyMS: 40},
		{IncidentID: id, At: t0.Add(time.Minute), Source: "probe", Component: "api", Layer: "tcp", Class: "refused", Message: "connection refused", LatencyMS: 3},
		{IncidentID: id, At: t0.Add(time.Minute), Source: "news", Title: "GitHub down", URL: "https://example.com/", Lang: "en"},
	}
	for i := range ev {
		if ev[i].ID, err = s.AddEvidence(ctx, ev[i]); err != nil {
			t.Fatal(err)
		}
	}

	got, err := s.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := history.Incident{
		ID: id, Service: "github", Components: []string{"api", "web"},
		Start: t0.Add(123 * time.Millisecond), Peak: status.Degraded, Scope: history.ScopeFromHere,
		Evidence: []history.Evidence{ev[1], ev[2], ev[0]},
	}
	checkIncident(t, got, want)
	if !got.Ongoing() {
		t.Error("new incident not ongoing")
	}

	upd := got
	upd.Components = []string{"web", "dns"}
	upd.Peak = status.Down
	upd.Scope = "confirmed"
	upd.End = t0.Add(10 * time.Minute)
	if err := s.UpdateIncident(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got, err = s.Incident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want.Components, want.Peak, want.Scope, want.End = []string{"dns", "web"}, status.Down, "confirmed", t0.Add(10*time.Minute)
	checkIncident(t, got, want)

	// An End before Start is refused and changes nothing.
	bad := upd
	bad.End, bad.Peak = t0.Add(-time.Hour), status.Degraded
	if err := s.UpdateIncident(ctx, bad); err == nil {
		t.Error("End before Start accepted")
	}
	if got, _ := s.Incident(ctx, id); got.Peak != status.Down || !got.End.Equal(want.End) {
		t.Errorf("failed update changed the incident: %+v", got)
	}

	// Reopening (End back to zero) is allowed.
	upd.End = time.Time{}
	if err := s.UpdateIncident(ctx, upd); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Incident(ctx, id); !got.Ongoing() {
		t.Error("incident not ongoing after clearing End")
	}
}

func checkIncident(t *testing.T, got, want history.Incident) {
	t.Helper()
	if got.Start.Location() != time.UTC || (!got.End.IsZero() && got.End.Location() != time.UTC) {
		t.Errorf("times not in UTC: %v %v", got.Start, got.End)
	}
	for _, e := range got.Evidence {
		if e.At.Location() != time.UTC {
			t.Errorf("evidence time not in UTC: %v", e.At)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("incident\n got %+v\nwant %+v", got, want)
	}
}

func TestNotFound(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	const missing = 4242
	if _, err := s.Incident(ctx, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("Incident: %v, want ErrNotFound", err)
	}
	if err := s.UpdateIncident(ctx, history.Incident{ID: missing, Peak: status.Down}); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateIncident: %v, want ErrNotFound", err)
	}
	if _, err := s.AddEvidence(ctx, history.Evidence{IncidentID: missing, At: t0}); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddEvidence: %v, want ErrNotFound", err)
	}
}

func TestOpenIncidentInvalid(t *testing.T) {
	s, _ := newStore(t)
	for _, tc := range []struct {
		name string
		inc  history.Incident
	}{
		{"empty service", history.Incident{Start: t0, Peak: status.Down}},
		{"zero start", history.Incident{Service: "x", Peak: status.Down}},
		{"end set", history.Incident{Service: "x", Start: t0, End: t0.Add(time.Minute), Peak: status.Down}},
		{"bad peak", history.Incident{Service: "x", Start: t0, Peak: "awful"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.OpenIncident(t.Context(), &tc.inc); err == nil {
				t.Error("accepted")
			}
		})
	}
	if incs, _, _ := s.Incidents(t.Context(), Query{}); len(incs) != 0 {
		t.Errorf("invalid incidents were stored: %+v", incs)
	}
}

func TestOngoingDuration(t *testing.T) {
	now := t0.Add(time.Hour)
	for _, tc := range []struct {
		name    string
		inc     history.Incident
		ongoing bool
		dur     time.Duration
	}{
		{"ongoing", history.Incident{Start: t0}, true, time.Hour},
		{"ended", history.Incident{Start: t0, End: t0.Add(5 * time.Minute)}, false, 5 * time.Minute},
	} {
		if got := tc.inc.Ongoing(); got != tc.ongoing {
			t.Errorf("%s: Ongoing = %v", tc.name, got)
		}
		if got := tc.inc.Duration(now); got != tc.dur {
			t.Errorf("%s: Duration = %v, want %v", tc.name, got, tc.dur)
		}
	}
}

func TestOpenIncidents(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	mk := func(svc string, start time.Time, comps ...string) *history.Incident {
		inc := &history.Incident{Service: svc, Start: start, Peak: status.Down, Components: comps}
		if _, err := s.OpenIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		return inc
	}
	late := mk("b", t0.Add(time.Hour), "z", "a")
	closed := mk("c", t0.Add(-time.Hour))
	early := mk("a", t0)
	closed.End = t0
	if err := s.UpdateIncident(ctx, *closed); err != nil {
		t.Fatal(err)
	}
	got, err := s.OpenIncidents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != early.ID || got[1].ID != late.ID {
		t.Fatalf("OpenIncidents = %+v, want ids %d, %d", got, early.ID, late.ID)
	}
	if !slices.Equal(got[1].Components, []string{"a", "z"}) || got[0].Components != nil {
		t.Errorf("components = %v, %v", got[0].Components, got[1].Components)
	}
}
