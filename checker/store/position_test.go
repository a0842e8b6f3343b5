package store

import (
	"errors"
	"github.com/downradar/downradar/checker/history"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

func TestPosition(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	add := func(svc string, start time.Time) int64 {
		id, err := s.OpenIncident(ctx, &history.Incident{Service: svc, Start: start, Peak: status.Down})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a := add("a.test", t0)                // order: d, c, b, a
	b := add("b.test", t0.Add(time.Hour)) // same start as c, lower id
	c := add("a.test", t0.Add(time.Hour)) // same start as b, higher id
	d := add("b.test", t0.Add(2*time.Hour))

	for _, tc := range []struct {
		name   string
		q      Query
		id     int64
		row    int
		wantOK bool
	}{
		{"newest", Query{}, d, 0, true},
		{"tie higher id first", Query{}, c, 1, true},
		{"tie lower id second", Query{}, b, 2, true},
		{"oldest", Query{}, a, 3, true},
		{"limit and offset ignored", Query{Limit: 1, Offset: 3}, a, 3, true},
		{"filtered", Query{Service: "a.test"}, a, 1, true},
		{"outside filter", Query{Service: "b.test"}, a, 0, false},
		{"outside range", Query{To: t0.Add(time.Hour)}, d, 0, false},
	} {
		row, ok, err := s.Position(ctx, tc.q, tc.id)
		if err != nil || row != tc.row || ok != tc.wantOK {
			t.Errorf("%s: Position = %d, %v, %v; want %d, %v", tc.name, row, ok, err, tc.row, tc.wantOK)
		}
	}
	if _, _, err := s.Position(ctx, Query{}, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
}
