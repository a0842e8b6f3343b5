package store

import (
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

func TestLatenciesBetween(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }
	var in []Sample
	for i := range 10 {
		in = append(in,
			Sample{Service: "a", Component: "x", At: at(i), Status: status.Up, LatencyMS: int64(i)},
			Sample{Service: "a", Component: "y", At: at(i).Add(time.Second), Status: status.Up, LatencyMS: int64(100 + i)},
			Sample{Service: "b", Component: "x", At: at(i), Status: status.Up, LatencyMS: int64(200 + i)},
		)
	}
	if err := s.RecordSamples(ctx, in); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		component string
		from, to  time.Time
		limit     int
		want      []int64
	}{
		{"window, to exclusive", "x", at(2), at(5), 0, []int64{2, 3, 4}},
		{"limit keeps newest", "x", at(2), at(9), 2, []int64{7, 8}},
		{"all components", "", at(8), at(20), 0, []int64{8, 108, 9, 109}},
		{"empty window", "x", at(20), at(30), 0, nil},
	} {
		got, err := s.LatenciesBetween(ctx, "a", tc.component, tc.from, tc.to, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var lat []int64
		for _, sm := range got {
			lat = append(lat, sm.LatencyMS)
		}
		if !slices.Equal(lat, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, lat, tc.want)
		}
	}
}
