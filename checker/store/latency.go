package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// LatenciesBetween returns the samples of one component of service
// (component "" for all its components) taken in [from, to), oldest first.
// When more than limit match, the newest limit are kept; limit <= 0 means
// no limit. Unlike Latencies it can look at a window in the past.
func (s *Store) LatenciesBetween(ctx context.Context, service, component string, from, to time.Time, limit int) ([]Sample, error) {
	return s.latencies(ctx, service, component, from, to, limit)
}

// latencies is Latencies and LatenciesBetween: samples in [from, to), to
// zero meaning no upper bound.
func (s *Store) latencies(ctx context.Context, service, component string, from, to time.Time, limit int) ([]Sample, error) {
	query := `SELECT service, component, at_ms, status, latency_ms FROM samples
		WHERE service = ? AND at_ms >= ?`
	args := []any{service, toMS(from)}
	if !to.IsZero() {
		query += ` AND at_ms < ?`
		args = append(args, toMS(to))
	}
	if component != "" {
		query += ` AND component = ?`
		args = append(args, component)
	}
	query += ` ORDER BY at_ms DESC, rowid DESC`
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	out, err := s.scanSamples(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latencies of %s/%s from %s: %w", service, component, from.UTC().Format(time.RFC3339), err)
	}
	slices.Reverse(out)
	return out, nil
}
