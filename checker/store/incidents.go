package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// OpenIncident inserts a new, ongoing incident and returns its id, which it
// also stores in inc.ID. inc.Components is normalised (sorted, unique) and an
// empty Scope becomes history.ScopeFromHere.
func (s *Store) OpenIncident(ctx context.Context, inc *history.Incident) (int64, error) {
	switch {
	case inc.Service == "":
		return 0, errors.New("store: open incident: empty service")
	case inc.Start.IsZero():
		return 0, fmt.Errorf("store: open incident for %s: zero start", inc.Service)
	case !inc.End.IsZero():
		return 0, fmt.Errorf("store: open incident for %s: end is set", inc.Service)
	case !inc.Peak.Valid():
		return 0, fmt.Errorf("store: open incident for %s: invalid peak %q", inc.Service, inc.Peak)
	}
	if inc.Scope == "" {
		inc.Scope = history.ScopeFromHere
	}
	inc.Components = normalize(inc.Components)
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO incidents (service, start_ms, end_ms, peak, scope) VALUES (?, ?, NULL, ?, ?)`,
			inc.Service, toMS(inc.Start), string(inc.Peak), inc.Scope)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertComponents(ctx, tx, id, inc.Components)
	})
	if err != nil {
		return 0, fmt.Errorf("store: open incident for %s: %w", inc.Service, err)
	}
	inc.ID = id
	return id, nil
}

// UpdateIncident writes the Components, Peak, Scope and End of the incident
// inc.ID; a zero End leaves it ongoing. An unknown id gives an error wrapping
// ErrNotFound.
func (s *Store) UpdateIncident(ctx context.Context, inc history.Incident) error {
	if !inc.Peak.Valid() {
		return fmt.Errorf("store: update incident %d: invalid peak %q", inc.ID, inc.Peak)
	}
	var end sql.NullInt64
	if !inc.End.IsZero() {
		end = sql.NullInt64{Int64: toMS(inc.End), Valid: true}
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE incidents SET end_ms = ?, peak = ?, scope = ? WHERE id = ?`,
			end, string(inc.Peak), inc.Scope, inc.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incident_components WHERE incident_id = ?`, inc.ID); err != nil {
			return err
		}
		return insertComponents(ctx, tx, inc.ID, normalize(inc.Components))
	})
	if err != nil {
		return fmt.Errorf("store: update incident %d: %w", inc.ID, err)
	}
	return nil
}

// AddEvidence appends e to the incident e.IncidentID and returns the new
// evidence id. An unknown incident gives an error wrapping ErrNotFound.
func (s *Store) AddEvidence(ctx context.Context, e history.Evidence) (int64, error) {
	res, err := s.db.ExecContext(ctx, `
		INSERT INTO evidence (incident_id, at_ms, source, component, layer, class,
			message, latency_ms, title, url, lang)
		SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
		WHERE EXISTS (SELECT 1 FROM incidents WHERE id = ?)`,
		e.IncidentID, toMS(e.At), e.Source, e.Component, e.Layer, e.Class,
		e.Message, e.LatencyMS, e.Title, e.URL, e.Lang, e.IncidentID)
	if err != nil {
		return 0, fmt.Errorf("store: add evidence to incident %d: %w", e.IncidentID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, fmt.Errorf("store: add evidence to incident %d: %w", e.IncidentID, err)
	} else if n == 0 {
		return 0, fmt.Errorf("store: add evidence to incident %d: %w", e.IncidentID, ErrNotFound)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: add evidence to incident %d: %w", e.IncidentID, err)
	}
	return id, nil
}

const incidentCols = `i.id, i.service, i.start_ms, i.end_ms, i.peak, i.scope`

// OpenIncidents returns the ongoing incidents, oldest first, without Evidence.
func (s *Store) OpenIncidents(ctx context.Context) ([]history.Incident, error) {
	var incs []history.Incident
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		incs, err = scanIncidents(tx.QueryContext(ctx, `SELECT `+incidentCols+`
			FROM incidents i WHERE i.end_ms IS NULL ORDER BY i.start_ms, i.id`))
		if err != nil {
			return err
		}
		return loadComponents(ctx, tx, incs)
	})
	if err != nil {
		return nil, fmt.Errorf("store: open incidents: %w", err)
	}
	return incs, nil
}

// Incident returns the incident id with its evidence ordered by At then ID.
// An unknown id gives an error wrapping ErrNotFound.
func (s *Store) Incident(ctx context.Context, id int64) (history.Incident, error) {
	var inc history.Incident
	err := s.read(ctx, func(tx *sql.Tx) error {
		incs, err := scanIncidents(tx.QueryContext(ctx,
			`SELECT `+incidentCols+` FROM incidents i WHERE i.id = ?`, id))
		if err != nil {
			return err
		}
		if len(incs) == 0 {
			return ErrNotFound
		}
		if err := loadComponents(ctx, tx, incs); err != nil {
			return err
		}
		inc = incs[0]
		inc.Evidence, err = loadEvidence(ctx, tx, id)
		return err
	})
	if err != nil {
		return history.Incident{}, fmt.Errorf("store: incident %d: %w", id, err)
	}
	return inc, nil
}

// normalize returns the non-empty names in c, sorted and without duplicates.
func normalize(c []string) []string {
	out := slices.DeleteFunc(slices.Clone(c), func(s string) bool { return s == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

func insertComponents(ctx context.Context, tx *sql.Tx, id int64, comps []string) error {
	for _, c := range comps {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO incident_components (incident_id, component) VALUES (?, ?)`, id, c); err != nil {
			return err
		}
	}
	return nil
}

// scanIncidents reads rows of incidentCols and closes them.
func scanIncidents(rows *sql.Rows, err error) ([]history.Incident, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var incs []history.Incident
	for rows.Next() {
		var (
			inc        history.Incident
			start      int64
			end        sql.NullInt64
			peak, scop string
		)
		if err := rows.Scan(&inc.ID, &inc.Service, &start, &end, &peak, &scop); err != nil {
			return nil, err
		}
		inc.Start, inc.Peak, inc.Scope = fromMS(start), status.Status(peak), history.Scope(scop)
		if end.Valid {
			inc.End = fromMS(end.Int64)
		}
		incs = append(incs, inc)
	}
	return incs, rows.Err()
}

// componentChunk bounds the number of ids bound in one IN (...) list.
const componentChunk = 500

// loadComponents fills the Components of incs.
func loadComponents(ctx context.Context, tx *sql.Tx, incs []history.Incident) error {
	index := make(map[int64]int, len(incs))
	for i, inc := range incs {
		index[inc.ID] = i
	}
	for chunk := range slices.Chunk(incs, componentChunk) {
		args := make([]any, len(chunk))
		for i, inc := range chunk {
			args[i] = inc.ID
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")
		rows, err := tx.QueryContext(ctx, `SELECT incident_id, component FROM incident_components
			WHERE incident_id IN (`+marks+`) ORDER BY incident_id, component`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				id   int64
				comp string
			)
			if err := rows.Scan(&id, &comp); err != nil {
				rows.Close()
				return err
			}
			i := index[id]
			incs[i].Components = append(incs[i].Components, comp)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func loadEvidence(ctx context.Context, tx *sql.Tx, id int64) ([]history.Evidence, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, incident_id, at_ms, source, component, layer,
		class, message, latency_ms, title, url, lang
		FROM evidence WHERE incident_id = ? ORDER BY at_ms, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []history.Evidence
	for rows.Next() {
		var (
			e  history.Evidence
			at int64
		)
		if err := rows.Scan(&e.ID, &e.IncidentID, &at, &e.Source, &e.Component, &e.Layer,
			&e.Class, &e.Message, &e.LatencyMS, &e.Title, &e.URL, &e.Lang); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
