package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// Services returns the names of the services that have incidents or daily
// status tallies, sorted and without duplicates.
func (s *Store) Services(ctx context.Context) ([]string, error) {
	var names []string
	err := s.read(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"incidents", "daily_status"} {
			got, err := distinctServices(ctx, tx, table)
			if err != nil {
				return err
			}
			names = append(names, got...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: services: %w", err)
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// distinctServices walks the service index of table one name at a time
// (a loose index scan), so a few services among many rows stay cheap.
// table is one of two constants, never user input.
func distinctServices(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE s(name) AS (
			SELECT min(service) FROM `+table+`
			UNION ALL
			SELECT (SELECT min(service) FROM `+table+` WHERE service > s.name) FROM s WHERE s.name IS NOT NULL
		) SELECT name FROM s WHERE name IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
