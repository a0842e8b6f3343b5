package store

import (
	"fmt"
	"github.com/downradar/downradar/checker/history"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// seedIncidents inserts n closed incidents over 50 services in one transaction.
func seedIncidents(tb testing.TB, s *Store, n int) {
	tb.Helper()
	ctx := tb.Context()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	incStmt, err := tx.PrepareContext(ctx, `INSERT INTO incidents (service, start_ms, end_ms, peak, scope) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	compStmt, err := tx.PrepareContext(ctx, `INSERT INTO incident_components (incident_id, component) VALUES (?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	start := t0.Add(-time.Duration(n) * time.Minute)
	for i := range n {
		st := start.Add(time.Duration(i) * time.Minute)
		res, err := incStmt.ExecContext(ctx, fmt.Sprintf("svc%02d", i%50), toMS(st), toMS(st.Add(30*time.Second)), string(status.Down), history.ScopeFromHere)
		if err != nil {
			tb.Fatal(err)
		}
		id, _ := res.LastInsertId()
		if _, err := compStmt.ExecContext(ctx, id, fmt.Sprintf("comp%d", i%7)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func BenchmarkIncidentsPage(b *testing.B) {
	s, _ := newStore(b)
	seedIncidents(b, s, 100_000)
	for _, bc := range []struct {
		name string
		q    Query
		want int
	}{
		{"all/offset0", Query{Limit: 100}, 100_000},
		{"service/offset0", Query{Service: "svc07", Limit: 100}, 2000},
		{"all/offset50000", Query{Limit: 100, Offset: 50_000}, 100_000},
		{"since/offset0", Query{From: t0.Add(-24 * time.Hour), Limit: 100}, 1440},
		{"range/offset0", Query{From: t0.Add(-24 * time.Hour), To: t0, Limit: 100}, 1440},
		{"text/offset0", Query{Text: "comp3", Limit: 100}, 14286},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				incs, total, err := s.Incidents(b.Context(), bc.q)
				if err != nil {
					b.Fatal(err)
				}
				if len(incs) != 100 || total != bc.want {
					b.Fatalf("got %d rows, total %d; want 100, %d", len(incs), total, bc.want)
				}
			}
		})
	}
}

func BenchmarkRecordSamples(b *testing.B) {
	s, _ := newStore(b)
	samples := make([]Sample, 200)
	for i := range samples {
		samples[i] = Sample{Service: fmt.Sprintf("svc%02d", i/4), Component: fmt.Sprintf("comp%d", i%4), Status: status.Up, LatencyMS: int64(i)}
	}
	at := t0
	for b.Loop() {
		at = at.Add(30 * time.Second)
		for i := range samples {
			samples[i].At = at
		}
		if err := s.RecordSamples(b.Context(), samples); err != nil {
			b.Fatal(err)
		}
	}
}
