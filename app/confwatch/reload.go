package confwatch

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/downradar/downradar/checker/config"
)

// Stamp identifies a version of a file cheaply.
type Stamp struct {
	exists bool
	mod    time.Time
	size   int64
}

// StampOf is the file at path's stamp; the zero Stamp when there is none.
func StampOf(path string) Stamp {
	fi, err := os.Stat(path)
	if err != nil {
		return Stamp{}
	}
	return Stamp{exists: true, mod: fi.ModTime(), size: fi.Size()}
}

// Why an edited file is not loaded although it has no error of its own:
// at start the same file would mean "the built-in services", but a running
// agent told of a change is looking at an edit in progress or a mistake.
var (
	// ErrEmpty: an editor truncates the file, then writes it (1.5 s later
	// with a slow one); or it was emptied by mistake.
	ErrEmpty = errors.New("is empty (still being written?)")
	// ErrGone: deleted, or moved away by an editor about to put it back.
	ErrGone = errors.New("is gone")
)

// Reread reads the edited config file at path with load (which reads the
// file the flags name and may tune it). A file that is empty (nothing but
// blanks) or gone is refused with ErrEmpty or ErrGone, naming path, rather
// than read as "no config": the running config stays.
func Reread(path string, load func() (*config.Config, error)) (*config.Config, error) {
	data, err := config.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("config: %s %w", path, ErrGone)
	}
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))) == 0 {
		return nil, fmt.Errorf("config: %s %w", path, ErrEmpty)
	}
	cfg, err := load()
	if err != nil {
		return nil, err
	}
	if cfg.File == "" { // removed between the two reads: load fell back to the built-in services
		return nil, fmt.Errorf("config: %s %w", path, ErrGone)
	}
	return cfg, nil
}

// RefusedLine is the log line of a refused reload.
func RefusedLine(err error) string {
	return "config not loaded, the running one stays: " + err.Error()
}

// ReloadedLine is the log line of a config loaded on a reload.
func ReloadedLine(cfg *config.Config) string {
	return fmt.Sprintf("config reloaded: watching %d services", len(cfg.Watched()))
}

// Reloader follows one config file for an agent: whether it changed since
// it was last read, and whether a refusal is new (said once, not at every
// look at the same broken file).
type Reloader struct {
	Path  string
	Load  func() (*config.Config, error)
	stamp Stamp
	err   string // the last refusal, "" when the file read last was loaded
}

// NewReloader follows path, as it is now (the running config was just read
// from it).
func NewReloader(path string, load func() (*config.Config, error)) *Reloader {
	return &Reloader{Path: path, Load: load, stamp: StampOf(path)}
}

// Changed reports whether the file is not the one last read.
func (r *Reloader) Changed() bool { return StampOf(r.Path) != r.stamp }

// Reload reads the file again (see Reread). On a refusal, fresh says
// whether it differs from the last one (to be said) or repeats it.
func (r *Reloader) Reload() (cfg *config.Config, fresh bool, err error) {
	r.stamp = StampOf(r.Path)
	cfg, err = Reread(r.Path, r.Load)
	if err != nil {
		fresh = err.Error() != r.err
		r.err = err.Error()
		return nil, fresh, err
	}
	r.err = ""
	return cfg, true, nil
}
