package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Position returns the row at which incident id appears among the incidents
// matching q in the order of Incidents (newest Start first, ties by higher
// ID), ignoring q.Limit and q.Offset. ok is false when the incident exists
// but does not match q; an unknown id gives an error wrapping ErrNotFound.
func (s *Store) Position(ctx context.Context, q Query, id int64) (row int, ok bool, err error) {
	where, args := q.where()
	and := " WHERE "
	if where != "" {
		and = " AND "
	}
	err = s.read(ctx, func(tx *sql.Tx) error {
		var start int64
		err := tx.QueryRowContext(ctx, `SELECT start_ms FROM incidents WHERE id = ?`, id).Scan(&start)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var match int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents i`+where+and+`i.id = ?`,
			append(args, id)...).Scan(&match); err != nil {
			return err
		}
		if ok = match > 0; !ok {
			return nil
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents i`+where+and+
			`(i.start_ms > ? OR (i.start_ms = ? AND i.id > ?))`,
			append(args, start, start, id)...).Scan(&row)
	})
	if err != nil {
		return 0, false, fmt.Errorf("store: position of incident %d: %w", id, err)
	}
	return row, ok, nil
}
