package agent

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// How the agent notices a hand edit of its config file. With inotify it is
// told at once and, as a safety net (a file system that sends no events, a
// full inotify table), still looks every pollSafety; without it, it looks
// every pollFallback. It waits settleDelay after the last event, so that an
// editor's several writes make one reload.
//
// Why not simply look every 2 s, as before: that woke the idle agent 30
// times a minute, and the Go scheduler's monitor thread after each (see the
// README's Performance section).
const (
	pollSafety   = time.Minute
	pollFallback = 2 * time.Second
	settleDelay  = 200 * time.Millisecond
)

// configWatch watches the config file's directory, or while that does not
// exist its parent (for the directory's creation).
type configWatch struct {
	path    string
	dir     string
	w       *fsnotify.Watcher // nil when inotify is unavailable
	watched string            // the directory being watched
}

// newConfigWatch starts watching path. It never fails: without inotify the
// agent polls (Poll says how often).
func newConfigWatch(path string) (*configWatch, error) {
	c := &configWatch{path: filepath.Clean(path), dir: filepath.Dir(filepath.Clean(path))}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return c, fmt.Errorf("watch %s: %w (looking every %s instead)", path, err, pollFallback)
	}
	c.w = w
	if err := c.rewatch(); err != nil {
		w.Close()
		c.w = nil
		return c, fmt.Errorf("watch %s: %w (looking every %s instead)", path, err, pollFallback)
	}
	return c, nil
}

// rewatch watches the config's directory if it exists, else its parent.
func (c *configWatch) rewatch() error {
	want := c.dir
	if err := c.w.Add(want); err != nil {
		want = filepath.Dir(c.dir)
		if err := c.w.Add(want); err != nil {
			return err
		}
	}
	if c.watched != "" && c.watched != want {
		c.w.Remove(c.watched)
	}
	c.watched = want
	return nil
}

// Events is the channel of file events; nil (never ready) without inotify.
func (c *configWatch) Events() <-chan fsnotify.Event {
	if c.w == nil {
		return nil
	}
	return c.w.Events
}

// Errors is the channel of watch errors; nil without inotify.
func (c *configWatch) Errors() <-chan error {
	if c.w == nil {
		return nil
	}
	return c.w.Errors
}

// Poll is how often the agent looks at the file whatever the events say.
func (c *configWatch) Poll() time.Duration {
	if c.w == nil {
		return pollFallback
	}
	return pollSafety
}

// Relevant says whether ev may have changed the config file. The
// directory's creation or removal moves the watch.
func (c *configWatch) Relevant(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	if name == c.dir && c.w != nil {
		c.rewatch() // created: watch it; removed: back to the parent
		return true
	}
	return name == c.path
}

// Close stops watching; it may be called more than once.
func (c *configWatch) Close() {
	if c.w != nil {
		c.w.Close()
		c.w = nil
	}
}
