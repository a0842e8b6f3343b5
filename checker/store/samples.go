package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// Sample is one probe result of a component, kept for latency sparklines.
type Sample struct {
	Service   string
	Component string
	At        time.Time     // UTC
	Status    status.Status // component status
	LatencyMS int64
}

// RecordSamples inserts samples in one transaction.
func (s *Store) RecordSamples(ctx context.Context, samples []Sample) error {
	if len(samples) == 0 {
		return nil
	}
	if err := s.write(ctx, func(tx *sql.Tx) error { return s.insertSamples(ctx, tx, samples) }); err != nil {
		return fmt.Errorf("store: record %d samples: %w", len(samples), err)
	}
	return nil
}

// Check is one check of a service to keep: its components' samples and its
// status, counted into the day's tally.
type Check struct {
	Service string
	At      time.Time
	Status  status.Status
	Samples []Sample
}

// RecordChecks keeps checks in one transaction: what RecordSamples and
// RecordServiceStatus do for each. A bad check (an invalid status) fails
// them all and keeps none.
func (s *Store) RecordChecks(ctx context.Context, checks []Check) error {
	if len(checks) == 0 {
		return nil
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		tallies := tx.StmtContext(ctx, s.stmts.tally)
		for _, c := range checks {
			if err := s.insertSamples(ctx, tx, c.Samples); err != nil {
				return err
			}
			if err := tally(ctx, tallies, c.Service, c.At, c.Status); err != nil {
				return fmt.Errorf("%s at %s: %w", c.Service, c.At.Format(time.RFC3339), err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record %d checks: %w", len(checks), err)
	}
	return nil
}

// insertSQL adds one sample.
const insertSQL = `INSERT INTO samples (service, component, at_ms, status, latency_ms) VALUES (?, ?, ?, ?, ?)`

func (s *Store) insertSamples(ctx context.Context, tx *sql.Tx, samples []Sample) error {
	stmt := tx.StmtContext(ctx, s.stmts.insert)
	for _, sm := range samples {
		if _, err := stmt.ExecContext(ctx, sm.Service, sm.Component, toMS(sm.At), string(sm.Status), sm.LatencyMS); err != nil {
			return err
		}
	}
	return nil
}

// Latencies returns the samples of one component of service (component ""
// for all its components) taken at or after since, oldest first. When more
// than limit match, the newest limit are kept; limit <= 0 means no limit.
func (s *Store) Latencies(ctx context.Context, service, component string, since time.Time, limit int) ([]Sample, error) {
	return s.latencies(ctx, service, component, since, time.Time{}, limit)
}

func (s *Store) scanSamples(ctx context.Context, query string, args ...any) ([]Sample, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sample
	for rows.Next() {
		var (
			sm Sample
			at int64
			st string
		)
		if err := rows.Scan(&sm.Service, &sm.Component, &at, &st, &sm.LatencyMS); err != nil {
			return nil, err
		}
		sm.At, sm.Status = fromMS(at), status.Status(st)
		out = append(out, sm)
	}
	return out, rows.Err()
}

// Prune deletes the samples taken before before and returns how many it
// deleted. Incidents and daily tallies are kept.
func (s *Store) Prune(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM samples WHERE at_ms < ?`, toMS(before))
	if err != nil {
		return 0, fmt.Errorf("store: prune samples before %s: %w", before.UTC().Format(time.RFC3339), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: prune samples: %w", err)
	}
	return n, nil
}
