package store

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/downradar/downradar/checker/history"
	"strings"
	"time"
)

// Query selects incidents for Store.Incidents.
type Query struct {
	Service string    // exact service name; empty for all
	From    time.Time // incidents that overlap [From, To); zero = unbounded
	To      time.Time // ongoing incidents overlap everything after their Start
	// Text is a substring, case-insensitive for ASCII letters, of the
	// service, a component name or an evidence message.
	Text   string
	Limit  int // default 100, max 1000
	Offset int
}

// Page size limits for Query.Limit.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Incidents returns one page of the incidents matching q, newest Start first
// (ties: higher ID first), without evidence, and the number of all incidents
// matching q.
func (s *Store) Incidents(ctx context.Context, q Query) ([]history.Incident, int, error) {
	where, args := q.where()
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := max(q.Offset, 0)
	var (
		incs  []history.Incident
		total int
	)
	err := s.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents i`+where, args...).Scan(&total); err != nil {
			return err
		}
		var err error
		incs, err = scanIncidents(tx.QueryContext(ctx, `SELECT `+incidentCols+` FROM incidents i`+where+
			` ORDER BY i.start_ms DESC, i.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...))
		if err != nil {
			return err
		}
		return loadComponents(ctx, tx, incs)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: query incidents: %w", err)
	}
	return incs, total, nil
}

// where returns the WHERE clause (with a leading space, or empty) for q.
func (q Query) where() (string, []any) {
	var conds []string
	var args []any
	if q.Service != "" {
		conds = append(conds, `i.service = ?`)
		args = append(args, q.Service)
	}
	if !q.To.IsZero() {
		conds = append(conds, `i.start_ms < ?`)
		args = append(args, toMS(q.To))
	}
	if !q.From.IsZero() {
		// The start_ms test keeps zero-length incidents inside the range.
		conds = append(conds, `(i.end_ms IS NULL OR i.end_ms > ? OR i.start_ms >= ?)`)
		args = append(args, toMS(q.From), toMS(q.From))
	}
	if q.Text != "" {
		pat := "%" + escapeLike(q.Text) + "%"
		conds = append(conds, `(i.service LIKE ? ESCAPE '\'
			OR i.id IN (SELECT incident_id FROM incident_components WHERE component LIKE ? ESCAPE '\')
			OR i.id IN (SELECT incident_id FROM evidence WHERE message LIKE ? ESCAPE '\'))`)
		args = append(args, pat, pat, pat)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// escapeLike escapes the LIKE wildcards in s for use with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
