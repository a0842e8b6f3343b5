// Package store keeps DownRadar's history in a SQLite database: incidents
// with their evidence, per-component probe samples for latency sparklines,
// and per-day tallies of each service's status for uptime bars.
//
// The database runs in WAL mode so that one process (the agent) can write
// while another (a GUI window) reads the same file. All times are stored as
// INTEGER unix milliseconds and returned in UTC.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/mattn/go-sqlite3" // also registers the "sqlite3" driver
)

// ErrNotFound is wrapped by errors for a missing incident.
var ErrNotFound = errors.New("not found")

// driver is SQLite's C library through cgo (github.com/mattn/go-sqlite3).
// The binary needs cgo anyway for its Fyne window, and the C code is compact:
// the resident agent's writes (a batch of checks a minute) keep about 1 MB of
// its code resident, against 2.4 MB for the same writes through the pure-Go
// translation (modernc.org/sqlite) used before, a sixth of the agent's 20 MB
// budget. See docs/performance.md.
const driver = "sqlite3"

// dsnParams are applied by the driver to every pooled connection. Write
// transactions start with BEGIN IMMEDIATE so they wait on busy_timeout for the
// write lock instead of failing when upgrading a read lock.
const dsnParams = "_busy_timeout=5000" +
	"&_journal_mode=WAL" +
	"&_foreign_keys=1" +
	"&_synchronous=NORMAL" +
	"&_txlock=immediate"

// fileMode is the permission of the database and its -wal and -shm files.
const fileMode os.FileMode = 0o600

// Store is a handle on the history database. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	path  string
	stmts statements
}

// statements are the writes made at every check, compiled once per pooled
// connection rather than at each use: the resident agent then never runs
// SQLite's parser and code generator between checks, and does not keep
// their code resident.
type statements struct {
	insert *sql.Stmt // insertSQL
	tally  *sql.Stmt // tallySQL
}

func (s *Store) prepare() error {
	var err error
	if s.stmts.insert, err = s.db.Prepare(insertSQL); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	if s.stmts.tally, err = s.db.Prepare(tallySQL); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	return nil
}

// DefaultPath returns the database location under the XDG data directory,
// $XDG_DATA_HOME/downradar/history.db. It creates nothing.
func DefaultPath() string {
	return filepath.Join(xdg.DataHome, "downradar", "history.db")
}

// Open opens or creates the database at path, creating its parent directory
// (mode 0700) if missing, restricting the database files to mode 0600 and
// applying any pending schema migrations.
func Open(path string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s, err := open(path, o)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// Option tunes a Store at Open.
type Option func(*options)

type options struct {
	cacheKB int
}

// CacheKB caps each pooled connection's page cache at kb KiB (SQLite's
// default is 2000). The resident agent, which only appends and tallies,
// keeps it small so that a prune of old samples does not leave megabytes
// of pages resident; the history window keeps the default for its queries.
func CacheKB(kb int) Option { return func(o *options) { o.cacheKB = kb } }

func open(path string, o options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, fileMode)
	if err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	dsn, err := dsnFor(path)
	if err != nil {
		return nil, err
	}
	if o.cacheKB > 0 {
		dsn += fmt.Sprintf("&_cache_size=-%d", o.cacheKB)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path}
	if err := s.migrateRetry(context.Background(), migrations()); err != nil {
		db.Close()
		return nil, err
	}
	if err := restrictFiles(path); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dsnFor builds a file: URI for path, percent-encoding characters such as
// '?' and '#' that would otherwise end the path.
func dsnFor(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: dsnParams}
	return u.String(), nil
}

// restrictFiles sets mode 0600 on the database and, when present, its WAL and
// shared-memory files.
func restrictFiles(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) && p != path {
			continue
		}
		if err != nil {
			return err
		}
		if fi.Mode().Perm() != fileMode {
			if err := os.Chmod(p, fileMode); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	for _, st := range []*sql.Stmt{s.stmts.insert, s.stmts.tally} {
		if st != nil {
			st.Close()
		}
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// SchemaVersion returns the number of migrations applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	v, err := userVersion(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func userVersion(ctx context.Context, q queryer) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// openBusyFor bounds how long Open keeps retrying a database that another
// process is creating or converting to WAL at the same moment.
const openBusyFor = 10 * time.Second

// migrateRetry runs migrate, retrying while SQLite answers SQLITE_BUSY.
// busy_timeout does not cover every case at creation: a connection that holds
// a shared lock while another asks for the exclusive one (switching a new file
// to WAL does) gets SQLITE_BUSY at once, since waiting could deadlock. Those
// are transient, so Open waits them out instead of failing.
func (s *Store) migrateRetry(ctx context.Context, migs []string) error {
	deadline := time.Now().Add(openBusyFor)
	wait := 5 * time.Millisecond
	for {
		err := s.migrate(ctx, migs)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (or one of its extended
// codes).
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrBusy
}

// migrate applies, each in its own transaction, the migrations the database
// has not seen yet; the schema version is the index of the last one applied
// plus one, kept in PRAGMA user_version.
func (s *Store) migrate(ctx context.Context, migs []string) error {
	for {
		done, err := s.migrateOne(ctx, migs)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next pending migration, reporting done when none is
// left. The version is re-read inside the write transaction so that two
// processes opening the database at once do not apply a migration twice.
func (s *Store) migrateOne(ctx context.Context, migs []string) (done bool, err error) {
	v, err := userVersion(ctx, s.db)
	if err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migs) {
		return false, fmt.Errorf("schema version %d is newer than this program supports (%d)", v, len(migs))
	}
	if v == len(migs) {
		return true, nil
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		v, err := userVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v >= len(migs) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, migs[v]); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
		// PRAGMA takes no bound parameters; v is an int.
		_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
		return err
	})
	return false, err
}

// write runs fn in a write (BEGIN IMMEDIATE) transaction.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.tx(ctx, nil, fn)
}

// read runs fn in a read transaction, giving it one consistent snapshot.
func (s *Store) read(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.tx(ctx, &sql.TxOptions{ReadOnly: true}, fn)
}

func (s *Store) tx(ctx context.Context, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// toMS converts t to unix milliseconds.
func toMS(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts unix milliseconds to a UTC time.
func fromMS(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
