package store

import (
	"context"
	"github.com/downradar/downradar/checker/history"
	"math"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

func TestLatenciesAndPrune(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	var in []Sample
	for i := range 10 {
		in = append(in,
			Sample{Service: "a", Component: "x", At: at(i), Status: status.Up, LatencyMS: int64(i)},
			Sample{Service: "a", Component: "y", At: at(i).Add(time.Second), Status: status.Down, LatencyMS: int64(100 + i)},
			Sample{Service: "b", Component: "x", At: at(i), Status: status.Up, LatencyMS: int64(200 + i)},
		)
	}
	if err := s.RecordSamples(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordSamples(ctx, nil); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name      string
		component string
		since     time.Time
		limit     int
		want      []int64 // latencies
	}{
		{"one component", "x", time.Time{}, 0, []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"since inclusive", "x", at(7), 0, []int64{7, 8, 9}},
		{"limit keeps newest", "x", time.Time{}, 3, []int64{7, 8, 9}},
		{"all components", "", at(8), 0, []int64{8, 108, 9, 109}},
		{"all components limited", "", time.Time{}, 3, []int64{108, 9, 109}},
		{"unknown component", "zzz", time.Time{}, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Latencies(ctx, "a", tc.component, tc.since, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var lat []int64
			for i, sm := range got {
				lat = append(lat, sm.LatencyMS)
				if sm.Service != "a" || sm.At.Location() != time.UTC {
					t.Errorf("sample %+v", sm)
				}
				if i > 0 && sm.At.Before(got[i-1].At) {
					t.Errorf("not oldest first: %v after %v", sm.At, got[i-1].At)
				}
			}
			if len(lat) != len(tc.want) {
				t.Fatalf("latencies = %v, want %v", lat, tc.want)
			}
			for i := range lat {
				if lat[i] != tc.want[i] {
					t.Fatalf("latencies = %v, want %v", lat, tc.want)
				}
			}
		})
	}
	got, _ := s.Latencies(ctx, "a", "y", at(9), 0)
	if len(got) != 1 || got[0].Status != status.Down || got[0].Component != "y" || !got[0].At.Equal(at(9).Add(time.Second)) {
		t.Errorf("y sample = %+v", got)
	}

	// Prune drops samples strictly before the cut, keeping incidents and tallies.
	inc := &history.Incident{Service: "a", Start: at(0), Peak: status.Down}
	if _, err := s.OpenIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordServiceStatus(ctx, "a", at(0), status.Up); err != nil {
		t.Fatal(err)
	}
	n, err := s.Prune(ctx, at(5))
	if err != nil {
		t.Fatal(err)
	}
	if n != 15 { // minutes 0-4 of three series
		t.Errorf("Prune deleted %d, want 15", n)
	}
	if got, _ := s.Latencies(ctx, "a", "x", time.Time{}, 0); len(got) != 5 || !got[0].At.Equal(at(5)) {
		t.Errorf("after prune: %+v", got)
	}
	if _, err := s.Incident(ctx, inc.ID); err != nil {
		t.Errorf("prune removed incident: %v", err)
	}
	if days, _ := s.Uptime(ctx, "a", 1, at(0)); days[0].Up != 1 {
		t.Errorf("prune removed tally: %+v", days)
	}
}

func TestUptime(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	plus2 := time.FixedZone("UTC+2", 2*3600)
	for _, o := range []struct {
		svc string
		at  time.Time
		st  status.Status
	}{
		{"a", day(1).Add(-time.Millisecond), status.Down}, // Feb 28, outside the window
		{"a", day(1), status.Up},
		{"a", day(2).Add(-time.Millisecond), status.Up},
		{"a", day(2), status.Down},
		{"a", time.Date(2025, 3, 3, 1, 0, 0, 0, plus2), status.Partial}, // Mar 2 23:00 UTC
		{"a", day(2).Add(time.Hour), status.Degraded},
		{"a", day(4), status.Unknown},
		{"a", day(4).Add(time.Hour), status.Unknown},
		{"b", day(1), status.Down},
	} {
		if err := s.RecordServiceStatus(ctx, o.svc, o.at, o.st); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Uptime(ctx, "a", 4, day(4).Add(15*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []DayUptime{
		{Day: day(1), Up: 2},
		{Day: day(2), Down: 1, Partial: 1, Degraded: 1},
		{Day: day(3)},
		{Day: day(4), Unknown: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d days: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("day %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	// now in another zone still means the UTC day.
	got, _ = s.Uptime(ctx, "a", 1, time.Date(2025, 3, 2, 1, 30, 0, 0, plus2)) // Mar 1 23:30 UTC
	if len(got) != 1 || !got[0].Day.Equal(day(1)) || got[0].Up != 2 {
		t.Errorf("Uptime in UTC+2 = %+v", got)
	}

	if _, err := s.Uptime(ctx, "a", 0, day(4)); err == nil {
		t.Error("days=0 accepted")
	}
	if err := s.RecordServiceStatus(ctx, "a", day(4), "weird"); err == nil {
		t.Error("invalid status accepted")
	}
}

func TestDayUptimeRatio(t *testing.T) {
	for _, tc := range []struct {
		d     DayUptime
		known int
		ratio float64
	}{
		{DayUptime{}, 0, -1},
		{DayUptime{Unknown: 3}, 0, -1},
		{DayUptime{Up: 1, Unknown: 5}, 1, 1},
		{DayUptime{Down: 2}, 2, 0},
		{DayUptime{Up: 2, Degraded: 1, Partial: 2, Down: 1, Unknown: 9}, 6, 4.0 / 6},
		{DayUptime{Partial: 1}, 1, 0.5},
	} {
		if got := tc.d.Known(); got != tc.known {
			t.Errorf("%+v Known = %d, want %d", tc.d, got, tc.known)
		}
		if got := tc.d.Ratio(); math.Abs(got-tc.ratio) > 1e-12 {
			t.Errorf("%+v Ratio = %v, want %v", tc.d, got, tc.ratio)
		}
	}
}

func TestRecordChecks(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	day := at.Truncate(24 * time.Hour)
	checks := []Check{
		{Service: "WhatsApp", At: at, Status: status.Partial, Samples: []Sample{
			{Service: "WhatsApp", Component: "Web", At: at, Status: status.Up, LatencyMS: 80},
			{Service: "WhatsApp", Component: "Media", At: at, Status: status.Down, LatencyMS: 5000},
		}},
		{Service: "Gmail", At: at, Status: status.Up, Samples: []Sample{{Service: "Gmail", Component: "Web", At: at, Status: status.Up, LatencyMS: 40}}},
		{Service: "WhatsApp", At: at.Add(time.Minute), Status: status.Up, Samples: []Sample{
			{Service: "WhatsApp", Component: "Web", At: at.Add(time.Minute), Status: status.Up, LatencyMS: 70},
		}},
	}
	if err := s.RecordChecks(ctx, checks); err != nil {
		t.Fatal(err)
	}
	got, err := s.Latencies(ctx, "WhatsApp", "", time.Time{}, 0)
	if err != nil || len(got) != 3 || got[1].Component != "Media" || got[1].Status != status.Down || got[1].LatencyMS != 5000 {
		t.Errorf("samples = %+v, %v", got, err)
	}
	if up, err := s.Uptime(ctx, "WhatsApp", 1, at); err != nil || up[0] != (DayUptime{Day: day, Up: 1, Partial: 1}) {
		t.Errorf("WhatsApp's tally = %+v, %v", up, err)
	}
	if up, err := s.Uptime(ctx, "Gmail", 1, at); err != nil || up[0] != (DayUptime{Day: day, Up: 1}) {
		t.Errorf("Gmail's tally = %+v, %v", up, err)
	}

	// A bad status fails the whole batch: none of its samples or tallies are kept.
	later := at.Add(time.Hour)
	bad := []Check{
		{Service: "Gmail", At: later, Status: status.Up, Samples: []Sample{{Service: "Gmail", Component: "Web", At: later, Status: status.Up}}},
		{Service: "WhatsApp", At: later, Status: "weird"},
	}
	err = s.RecordChecks(ctx, bad)
	want := `store: record 2 checks: WhatsApp at 2026-03-01T13:00:00Z: invalid status "weird"`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	if got, _ := s.Latencies(ctx, "Gmail", "", later, 0); len(got) != 0 {
		t.Errorf("samples of a failed batch kept: %+v", got)
	}
	if up, _ := s.Uptime(ctx, "Gmail", 1, at); up[0] != (DayUptime{Day: day, Up: 1}) {
		t.Errorf("tally after a failed batch = %+v", up[0])
	}
	if err := s.RecordChecks(ctx, nil); err != nil {
		t.Errorf("no checks: %v", err)
	}
}
