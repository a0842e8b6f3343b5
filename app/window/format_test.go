package window

import (
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

func TestIncidentRow(t *testing.T) {
	start := time.Date(2021, 10, 4, 15, 39, 0, 0, time.UTC)
	now := start.Add(6*time.Hour + 14*time.Minute)
	paris := time.FixedZone("CEST", 2*3600)
	for _, tc := range []struct {
		name string
		inc  history.Incident
		loc  *time.Location
		want ListRow
	}{
		{"ongoing", history.Incident{Service: "Facebook", Components: []string{"DNS", "Web"}, Start: start, Peak: status.Down, Scope: history.ScopeFromHere}, time.UTC,
			ListRow{"✖ Facebook — DNS, Web", "15:39 · ongoing for 6 h 14 min · down · seen from here"}},
		{"ended, other zone", history.Incident{Service: "Facebook", Components: []string{"Web"}, Start: start, End: start.Add(12 * time.Minute), Peak: status.Partial, Scope: "confirmed"}, paris,
			ListRow{"◆ Facebook — Web", "17:39 · 12 min · partly down · confirmed"}},
		{"unknowns", history.Incident{Start: start, End: start, Peak: "weird"}, time.UTC,
			ListRow{"? service unknown — components unknown", "15:39 · 0 s · severity unknown · scope unknown"}},
	} {
		if got := IncidentRow(nil, tc.inc, now, tc.loc); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	// Not today: the date; not this year: the year too.
	inc := history.Incident{Service: "X", Start: start, End: start.Add(time.Hour), Peak: status.Down, Scope: history.ScopeFromHere}
	for now, want := range map[time.Time]string{
		start.AddDate(0, 0, 3): "Mon 4 Oct 15:39 · 1 h · down · seen from here",
		start.AddDate(1, 0, 0): "Mon 4 Oct 2021 15:39 · 1 h · down · seen from here",
	} {
		if got := IncidentRow(nil, inc, now, time.UTC).Detail; got != want {
			t.Errorf("at %v: %q, want %q", now, got, want)
		}
	}
}

func TestIncidentFields(t *testing.T) {
	start := time.Date(2021, 10, 4, 15, 39, 0, 0, time.UTC)
	inc := history.Incident{Service: "Facebook", Components: []string{"DNS"}, Start: start, Peak: status.Degraded, Scope: "reported_elsewhere"}
	got := IncidentFields(nil, inc, start.Add(50*time.Hour), time.UTC)
	want := []DetailField{
		{"Service", "Facebook"}, {"Components", "DNS"}, {"Started", "Mon 4 Oct 15:39:00 UTC"}, {"Ended", "ongoing"},
		{"Duration", "ongoing for 2 d 2 h"}, {"Peak", "▲ degraded"}, {"Scope", "reported elsewhere"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Components(nil, nil), "components unknown"}, {Components(nil, []string{"A", "B"}), "A, B"},
		{CountLabel(nil, 0, false), "No incidents recorded yet."}, {CountLabel(nil, 0, true), "No incidents match these filters."},
		{CountLabel(nil, 1, false), "1 incident"}, {CountLabel(nil, 100000, true), "100,000 incidents"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
