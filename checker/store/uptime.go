package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// DayUptime is the tally of one service's observed statuses over one UTC day.
type DayUptime struct {
	Day      time.Time // UTC midnight
	Up       int       // observation counts
	Degraded int
	Partial  int
	Down     int
	Unknown  int
}

// Known returns the count of observations that were not unknown.
func (d DayUptime) Known() int { return d.Up + d.Degraded + d.Partial + d.Down }

// Ratio returns (Up + Degraded + Partial/2) / Known, or -1 when nothing was
// known that day.
func (d DayUptime) Ratio() float64 {
	k := d.Known()
	if k == 0 {
		return -1
	}
	return (float64(d.Up+d.Degraded) + float64(d.Partial)/2) / float64(k)
}

// utcDay returns UTC midnight of the day of t.
func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// RecordServiceStatus counts one observation of st for service into the tally
// of the UTC day of at.
func (s *Store) RecordServiceStatus(ctx context.Context, service string, at time.Time, st status.Status) error {
	if err := tally(ctx, s.stmts.tally, service, at, st); err != nil {
		return fmt.Errorf("store: record status of %s: %w", service, err)
	}
	return nil
}

// tallySQL adds one observation to a service's count of a day.
const tallySQL = `
	INSERT INTO daily_status (service, day_ms, up, degraded, partial, down, unknown)
	VALUES (?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (service, day_ms) DO UPDATE SET
		up = up + excluded.up,
		degraded = degraded + excluded.degraded,
		partial = partial + excluded.partial,
		down = down + excluded.down,
		unknown = unknown + excluded.unknown`

// tally adds one observation of st to service's count for the UTC day of
// at, with stmt (tallySQL, prepared).
func tally(ctx context.Context, stmt *sql.Stmt, service string, at time.Time, st status.Status) error {
	if !st.Valid() {
		return fmt.Errorf("invalid status %q", st)
	}
	var n [5]int
	switch st {
	case status.Up:
		n[0] = 1
	case status.Degraded:
		n[1] = 1
	case status.Partial:
		n[2] = 1
	case status.Down:
		n[3] = 1
	default:
		n[4] = 1
	}
	_, err := stmt.ExecContext(ctx, service, toMS(utcDay(at)), n[0], n[1], n[2], n[3], n[4])
	return err
}

// Uptime returns one DayUptime per UTC day for the days days ending with the
// day of now, oldest first; days without data have zero counts.
func (s *Store) Uptime(ctx context.Context, service string, days int, now time.Time) ([]DayUptime, error) {
	if days < 1 {
		return nil, errors.New("store: uptime: days must be at least 1")
	}
	last := utcDay(now)
	first := last.AddDate(0, 0, -(days - 1))
	out := make([]DayUptime, days)
	index := make(map[int64]int, days)
	for i := range out {
		out[i].Day = first.AddDate(0, 0, i)
		index[toMS(out[i].Day)] = i
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT day_ms, up, degraded, partial, down, unknown FROM daily_status
		WHERE service = ? AND day_ms BETWEEN ? AND ?`,
		service, toMS(first), toMS(last))
	if err != nil {
		return nil, fmt.Errorf("store: uptime of %s: %w", service, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			day int64
			d   DayUptime
		)
		if err := rows.Scan(&day, &d.Up, &d.Degraded, &d.Partial, &d.Down, &d.Unknown); err != nil {
			return nil, fmt.Errorf("store: uptime of %s: %w", service, err)
		}
		if i, ok := index[day]; ok {
			d.Day = out[i].Day
			out[i] = d
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: uptime of %s: %w", service, err)
	}
	return out, nil
}
