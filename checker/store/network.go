package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// NetworkPeriod is a stretch of time under one verdict on the user's own
// connection: from one change of the verdict to the next.
type NetworkPeriod struct {
	ID      int64
	Network status.Network
	Reason  string    // the verdict in words when it was told, with the link's figures when degraded
	Start   time.Time // UTC
	End     time.Time // UTC; zero while it lasts
}

// Ongoing reports whether the period has not ended.
func (p NetworkPeriod) Ongoing() bool { return p.End.IsZero() }

// validNetwork reports whether n is one of the network verdicts.
func validNetwork(n status.Network) bool {
	switch n {
	case status.Online, status.Offline, status.Captive, status.DNSBroken, status.LinkDegraded:
		return true
	}
	return false
}

// RecordNetwork notes that the verdict on the user's connection is n from
// at on. The period that covers at ends there and n's begins, lasting as
// long as that one would have (while it lasts, when it was the latest). The
// same verdict again continues its period (a restart of the engine while
// offline does not split it). A change told late, older than the latest
// recorded, takes its place in the past, so concurrent writers may arrive
// in any order.
func (s *Store) RecordNetwork(ctx context.Context, at time.Time, n status.Network, reason string) error {
	if !validNetwork(n) {
		return fmt.Errorf("store: record network: invalid verdict %q", n)
	}
	ms := toMS(at)
	err := s.write(ctx, func(tx *sql.Tx) error {
		cur, err := networkRow(ctx, tx, `WHERE start_ms <= ? ORDER BY start_ms DESC, id DESC`, ms)
		if err != nil {
			return err
		}
		end := sql.NullInt64{}
		covers := cur.ID != 0 && (!cur.end.Valid || cur.end.Int64 > ms)
		switch {
		case covers && cur.Network == n:
			return nil // the same verdict goes on
		case covers:
			end = cur.end
			if cur.start == ms { // replaced at once: nothing of it is left
				_, err = tx.ExecContext(ctx, `DELETE FROM network_periods WHERE id = ?`, cur.ID)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE network_periods SET end_ms = ? WHERE id = ?`, ms, cur.ID)
			}
			if err != nil {
				return err
			}
		default: // after a gap (the agent was not running), or before anything recorded
			next, err := networkRow(ctx, tx, `WHERE start_ms > ? ORDER BY start_ms, id`, ms)
			if err != nil {
				return err
			}
			if next.ID != 0 {
				end = sql.NullInt64{Int64: next.start, Valid: true}
			}
		}
		if end.Valid {
			// A later period of the same verdict starts where this one
			// ends: it starts earlier instead.
			res, err := tx.ExecContext(ctx, `UPDATE network_periods SET start_ms = ? WHERE start_ms = ? AND network = ?`, ms, end.Int64, string(n))
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				return nil
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO network_periods (network, reason, start_ms, end_ms) VALUES (?, ?, ?, ?)`,
			string(n), reason, ms, end)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record network %s at %s: %w", n, at.UTC().Format(time.RFC3339), err)
	}
	return nil
}

// EndNetwork ends the period in progress at at: the verdict is no longer
// known (the engine stops). The next RecordNetwork starts a new one.
func (s *Store) EndNetwork(ctx context.Context, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE network_periods SET end_ms = MAX(start_ms, ?) WHERE end_ms IS NULL`, toMS(at))
	if err != nil {
		return fmt.Errorf("store: end network period at %s: %w", at.UTC().Format(time.RFC3339), err)
	}
	return nil
}

// NetworkPeriods returns the periods that overlap [from, to), oldest first,
// online ones included; one that lasts has a zero End.
func (s *Store) NetworkPeriods(ctx context.Context, from, to time.Time) ([]NetworkPeriod, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, network, reason, start_ms, end_ms FROM network_periods
		WHERE start_ms < ? AND (end_ms IS NULL OR (end_ms > ? AND end_ms > start_ms))
		ORDER BY start_ms, id`, toMS(to), toMS(from))
	if err != nil {
		return nil, fmt.Errorf("store: network periods: %w", err)
	}
	defer rows.Close()
	var out []NetworkPeriod
	for rows.Next() {
		var r networkPeriodRow
		if err := rows.Scan(&r.ID, &r.Network, &r.Reason, &r.start, &r.end); err != nil {
			return nil, fmt.Errorf("store: network periods: %w", err)
		}
		out = append(out, r.period())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: network periods: %w", err)
	}
	return out, nil
}

// networkPeriodRow is a NetworkPeriod as stored.
type networkPeriodRow struct {
	NetworkPeriod
	start int64
	end   sql.NullInt64
}

func (r networkPeriodRow) period() NetworkPeriod {
	p := r.NetworkPeriod
	p.Start = fromMS(r.start)
	if r.end.Valid {
		p.End = fromMS(r.end.Int64)
	}
	return p
}

// networkRow reads the first period that where (with its ORDER BY) selects
// for arg; a zero ID when none.
func networkRow(ctx context.Context, tx *sql.Tx, where string, arg int64) (networkPeriodRow, error) {
	var r networkPeriodRow
	err := tx.QueryRowContext(ctx, `SELECT id, network, reason, start_ms, end_ms FROM network_periods `+where+` LIMIT 1`, arg).
		Scan(&r.ID, &r.Network, &r.Reason, &r.start, &r.end)
	if errors.Is(err, sql.ErrNoRows) {
		return networkPeriodRow{}, nil
	}
	return r, err
}
