package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/downradar/downradar/checker/history"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// newStore opens a fresh store in a not-yet-existing directory under t.TempDir.
func newStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "history.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenCreatesDirAndPrivateFiles(t *testing.T) {
	s, path := newStore(t)
	if _, err := s.OpenIncident(t.Context(), &history.Incident{Service: "x", Start: time.Now(), Peak: status.Down}); err != nil {
		t.Fatal(err)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if got := di.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode = %o, want 700", got)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("stat %s: %v", p, err) // WAL files exist while the store is open
			continue
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s mode = %o, want 600", filepath.Base(p), got)
		}
	}
}

func TestOpenTightensExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("mode = %o, want 600", got)
	}
}

func TestOpenBadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		filepath.Join(file, "history.db"),
		filepath.Join(file, "sub", "history.db"),
		notDB,
	} {
		s, err := Open(path)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) succeeded", path)
			continue
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%s) error %q does not name the path", path, err)
		}
	}
}

func TestOpenSpecialCharsInPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?#%", "history.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %s: %v", path, err)
	}
}

func TestDefaultPath(t *testing.T) {
	p := DefaultPath()
	if filepath.Base(p) != "history.db" || filepath.Base(filepath.Dir(p)) != "downradar" {
		t.Errorf("DefaultPath() = %s", p)
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	// Hold several connections at once so the pool must open distinct ones.
	for i := range 3 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		for _, tc := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"foreign_keys", "1"},
			{"busy_timeout", "5000"},
			{"synchronous", "1"},
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("conn %d: %s = %s, want %s", i, tc.pragma, got, tc.want)
			}
		}
	}
}

func TestCacheKBOnEveryConnection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	for _, tc := range []struct {
		opts []Option
		want int
	}{
		{nil, -2000}, // SQLite's default: 2000 KiB
		{[]Option{CacheKB(256)}, -256},
	} {
		s, err := Open(path, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		for i := range 2 {
			c, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var got int
			if err := c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("conn %d: cache_size = %d, want %d", i, got, tc.want)
			}
		}
		s.Close()
	}
}

func TestMigrations(t *testing.T) {
	ctx := t.Context()
	s, path := newStore(t)
	want := len(migrations())
	if v, err := s.SchemaVersion(ctx); err != nil || v != want {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, want)
	}
	id, err := s.OpenIncident(ctx, &history.Incident{Service: "x", Start: time.Now(), Peak: status.Down})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Reopening must apply nothing: re-running schemaV1 would fail on
	// existing tables, and the data must survive.
	s, err = Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != want {
		t.Fatalf("after reopen SchemaVersion = %d, %v; want %d", v, err, want)
	}
	if _, err := s.Incident(ctx, id); err != nil {
		t.Fatalf("incident lost on reopen: %v", err)
	}

	// A database at the current version migrates up to a later one, once.
	next := append(migrations()[:want:want], `CREATE TABLE extra (x INTEGER NOT NULL)`)
	for range 2 {
		if err := s.migrate(ctx, next); err != nil {
			t.Fatalf("migrate to %d: %v", want+1, err)
		}
	}
	if v, _ := s.SchemaVersion(ctx); v != want+1 {
		t.Errorf("version = %d, want %d", v, want+1)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO extra (x) VALUES (1)`); err != nil {
		t.Errorf("migration 2 not applied: %v", err)
	}

	// A failing migration rolls back entirely and leaves the version alone.
	bad := append(next[:want+1:want+1], `CREATE TABLE half (x INTEGER); THIS IS NOT SQL`)
	if err := s.migrate(ctx, bad); err == nil {
		t.Error("bad migration succeeded")
	}
	if v, _ := s.SchemaVersion(ctx); v != want+1 {
		t.Errorf("version after failed migration = %d, want %d", v, want+1)
	}
	if _, err := s.db.ExecContext(ctx, `SELECT * FROM half`); err == nil {
		t.Error("failed migration left table half behind")
	}

	// A database newer than the code is refused.
	if err := s.migrate(ctx, migrations()[:1]); err == nil {
		t.Error("migrate accepted a database newer than its migrations")
	}
}

func TestConcurrentOpen(t *testing.T) {
	// Several processes (here: stores) opening a new file at once must apply
	// each migration exactly once.
	path := filepath.Join(t.TempDir(), "history.db")
	const n = 6
	stores := make(chan *Store, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			s, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			stores <- s
		})
	}
	wg.Wait()
	close(stores)
	close(errs)
	for s := range stores {
		if v, err := s.SchemaVersion(t.Context()); err != nil || v != len(migrations()) {
			t.Errorf("SchemaVersion = %d, %v", v, err)
		}
		s.Close()
	}
	for err := range errs {
		t.Error(err)
	}
}

func TestTwoStoresOneFile(t *testing.T) {
	ctx := t.Context()
	writer, path := newStore(t)
	reader, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	inc := &history.Incident{Service: "github", Components: []string{"api"}, Start: time.Now(), Peak: status.Down}
	if _, err := writer.OpenIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if _, err := writer.AddEvidence(ctx, history.Evidence{IncidentID: inc.ID, At: time.Now(), Source: "probe", Message: "refused"}); err != nil {
		t.Fatal(err)
	}
	got, err := reader.Incident(ctx, inc.ID)
	if err != nil {
		t.Fatalf("reader: %v", err)
	}
	if got.Service != "github" || len(got.Evidence) != 1 {
		t.Errorf("reader saw %+v", got)
	}

	// Concurrent writes from both stores and reads must not fail with
	// SQLITE_BUSY: WAL plus busy_timeout serialise the writers.
	const n = 30
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for _, w := range []*Store{writer, reader} {
		wg.Go(func() {
			for i := range n {
				errs <- w.RecordSamples(ctx, []Sample{{Service: "s", Component: "c", At: time.UnixMilli(int64(i)), Status: status.Up}})
			}
		})
	}
	wg.Go(func() {
		for range n {
			_, err := reader.Latencies(ctx, "s", "c", time.Time{}, 0)
			errs <- err
			_, _, err = reader.Incidents(ctx, Query{})
			errs <- err
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := reader.Latencies(ctx, "s", "c", time.Time{}, 0)
	if err != nil || len(all) != 2*n {
		t.Errorf("reader sees %d samples (%v), want %d", len(all), err, 2*n)
	}
}

func TestClosedStoreErrors(t *testing.T) {
	s, _ := newStore(t)
	s.Close()
	_, err := s.OpenIncidents(context.Background())
	if err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("OpenIncidents on closed store: %v", err)
	}
}

func TestIsBusy(t *testing.T) {
	// A real SQLITE_BUSY: one connection holds the write lock, another asks
	// for it without waiting.
	path := filepath.Join(t.TempDir(), "busy.db")
	dsn, err := dsnFor(path)
	if err != nil {
		t.Fatal(err)
	}
	holder, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open(driver, strings.Replace(dsn, "_busy_timeout=5000", "_busy_timeout=0", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.Exec("BEGIN IMMEDIATE")
	if err == nil {
		t.Fatal("second writer got the lock")
	}
	if !isBusy(fmt.Errorf("wrapped: %w", err)) {
		t.Errorf("isBusy(%v) = false", err)
	}
	if isBusy(errors.New("database is locked")) || isBusy(ErrNotFound) {
		t.Error("isBusy is true for an error that is not SQLite's")
	}
}
