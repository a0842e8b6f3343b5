package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// DataVersion tells whether the database changed since it was last asked.
// It holds one connection of its own for PRAGMA data_version, whose value
// is per connection: it changes when any other connection — another Store
// on the same file, another process, or this Store's own pool — commits.
// Close it when done; it is safe for concurrent use.
type DataVersion struct {
	mu   sync.Mutex
	conn *sql.Conn
}

// DataVersion reserves a connection for watching the database for changes.
func (s *Store) DataVersion(ctx context.Context) (*DataVersion, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: data version of %s: %w", s.path, err)
	}
	return &DataVersion{conn: conn}, nil
}

// Get returns the current data version. Two calls return different values
// when something was committed by another connection in between.
func (v *DataVersion) Get(ctx context.Context) (int64, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var n int64
	if err := v.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: read data version: %w", err)
	}
	return n, nil
}

// Close returns the connection to the pool.
func (v *DataVersion) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if err := v.conn.Close(); err != nil {
		return fmt.Errorf("store: close data version: %w", err)
	}
	return nil
}
