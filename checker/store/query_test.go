package store

import (
	"github.com/downradar/downradar/checker/history"
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

func TestIncidentsQuery(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	h := func(x float64) time.Time { return base.Add(time.Duration(x * float64(time.Hour))) }

	ids := map[string]int64{}
	add := func(name, svc string, start, end time.Time, comps []string, msgs ...string) {
		inc := &history.Incident{Service: svc, Start: start, Peak: status.Down, Components: comps}
		if _, err := s.OpenIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if _, err := s.AddEvidence(ctx, history.Evidence{IncidentID: inc.ID, At: start, Source: "probe", Message: m}); err != nil {
				t.Fatal(err)
			}
		}
		if !end.IsZero() {
			inc.End = end
			if err := s.UpdateIncident(ctx, *inc); err != nil {
				t.Fatal(err)
			}
		}
		ids[name] = inc.ID
	}
	add("gh1", "github", h(1), h(2), []string{"api"}, "Connection REFUSED")
	add("gh2", "github", h(3), time.Time{}, []string{"web"})
	add("sl1", "slack", h(1.5), h(1.75), []string{"Messaging"})
	add("sl2", "slack", h(5), h(6), nil, "nxdomain for slack.com")
	add("pt1", "point", h(8), h(8), nil)                    // zero length
	add("zm1", "zoom", h(3), h(3.5), []string{"video_api"}) // same start as gh2, higher id

	for _, tc := range []struct {
		name  string
		q     Query
		want  []string
		total int // 0: len(want)
	}{
		{"all newest first", Query{}, []string{"pt1", "sl2", "zm1", "gh2", "sl1", "gh1"}, 0},
		{"zero length at from", Query{From: h(8), To: h(9)}, []string{"pt1", "gh2"}, 0},
		{"zero length at to", Query{From: h(7), To: h(8)}, []string{"gh2"}, 0},
		{"service", Query{Service: "github"}, []string{"gh2", "gh1"}, 0},
		{"service exact", Query{Service: "git"}, nil, 0},
		{"range", Query{From: h(2.5), To: h(4)}, []string{"zm1", "gh2"}, 0},
		{"range end is exclusive", Query{From: h(2)}, []string{"pt1", "sl2", "zm1", "gh2"}, 0},
		{"range just before end", Query{From: h(1.99), To: h(2.5)}, []string{"gh1"}, 0},
		{"to is exclusive", Query{To: h(1.5)}, []string{"gh1"}, 0},
		{"ongoing overlaps future", Query{From: h(100), To: h(200)}, []string{"gh2"}, 0},
		{"ongoing not before start", Query{From: h(0), To: h(3)}, []string{"sl1", "gh1"}, 0},
		{"text evidence case-insensitive", Query{Text: "refused"}, []string{"gh1"}, 0},
		{"text service", Query{Text: "GITHUB"}, []string{"gh2", "gh1"}, 0},
		{"text component", Query{Text: "messaging"}, []string{"sl1"}, 0},
		{"text underscore is literal", Query{Text: "_"}, []string{"zm1"}, 0},
		{"text percent is literal", Query{Text: "%"}, nil, 0},
		{"text and service", Query{Service: "slack", Text: "NXDOMAIN"}, []string{"sl2"}, 0},
		{"text and range", Query{Text: "slack", From: h(1.6), To: h(1.7)}, []string{"sl1"}, 0},
		{"page 1", Query{Limit: 2}, []string{"pt1", "sl2"}, 6},
		{"page 2", Query{Limit: 2, Offset: 2}, []string{"zm1", "gh2"}, 6},
		{"page 3", Query{Limit: 2, Offset: 4}, []string{"sl1", "gh1"}, 6},
		{"past the end", Query{Limit: 2, Offset: 10}, nil, 6},
		{"negative offset", Query{Limit: 1, Offset: -3}, []string{"pt1"}, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := s.Incidents(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var wantIDs, gotIDs []int64
			for _, n := range tc.want {
				wantIDs = append(wantIDs, ids[n])
			}
			for _, inc := range got {
				gotIDs = append(gotIDs, inc.ID)
				if inc.Evidence != nil {
					t.Errorf("incident %d has evidence", inc.ID)
				}
			}
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("ids = %v, want %v (%v)", gotIDs, wantIDs, tc.want)
			}
			wantTotal := tc.total
			if wantTotal == 0 {
				wantTotal = len(tc.want)
			}
			if total != wantTotal {
				t.Errorf("total = %d, want %d", total, wantTotal)
			}
		})
	}

	got, _, err := s.Incidents(ctx, Query{Service: "slack", To: h(2)})
	if err != nil || len(got) != 1 {
		t.Fatalf("slack = %+v, %v", got, err)
	}
	if want := []string{"Messaging"}; !slices.Equal(got[0].Components, want) || !got[0].End.Equal(h(1.75)) {
		t.Errorf("listed incident = %+v", got[0])
	}
}

func TestIncidentsLimit(t *testing.T) {
	s, _ := newStore(t)
	seedIncidents(t, s, 1005)
	for _, tc := range []struct{ limit, want int }{{0, DefaultLimit}, {-1, DefaultLimit}, {5000, MaxLimit}, {7, 7}} {
		got, total, err := s.Incidents(t.Context(), Query{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want || total != 1005 {
			t.Errorf("Limit %d: %d rows, total %d; want %d, 1005", tc.limit, len(got), total, tc.want)
		}
	}
}
