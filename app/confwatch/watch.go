// Package confwatch notices hand edits of the config file and decides
// whether the edited file replaces the running config: the tray agent and
// `downradar headless` reload the same way. A file that does not load, is
// empty (an editor's truncate before its write) or is gone is refused and
// the running config stays.
package confwatch

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// How a config edit is noticed. With inotify the watch is told at once
// and, as a safety net (a file system that sends no events, a full inotify
// table), still looks every PollSafety; without it, it looks every
// PollFallback. It waits SettleDelay after the last event, so that an
// editor's several writes make one reload.
//
// Why not simply look every 2 s, as before: that woke the idle agent 30
// times a minute, and the Go scheduler's monitor thread after each (see the
// idle agent in docs/performance.md).
const (
	PollSafety   = time.Minute
	PollFallback = 2 * time.Second
	SettleDelay  = 200 * time.Millisecond
)

// Watch watches the config file's directory, or while that does not exist
// its parent (for the directory's creation). The zero Watch has no inotify
// and only polls.
type Watch struct {
	path    string
	dir     string
	w       *fsnotify.Watcher // nil when inotify is unavailable
	watched string            // the directory being watched
}

// New starts watching path. It returns a usable Watch even with an error:
// without inotify it polls (Poll says how often).
func New(path string) (*Watch, error) {
	c := &Watch{path: filepath.Clean(path), dir: filepath.Dir(filepath.Clean(path))}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return c, fmt.Errorf("watch %s: %w (looking every %s instead)", path, err, PollFallback)
	}
	c.w = w
	if err := c.rewatch(); err != nil {
		w.Close()
		c.w = nil
		return c, fmt.Errorf("watch %s: %w (looking every %s instead)", path, err, PollFallback)
	}
	return c, nil
}

// rewatch watches the config's directory if it exists, else its parent.
func (c *Watch) rewatch() error {
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
func (c *Watch) Events() <-chan fsnotify.Event {
	if c.w == nil {
		return nil
	}
	return c.w.Events
}

// Errors is the channel of watch errors; nil without inotify.
func (c *Watch) Errors() <-chan error {
	if c.w == nil {
		return nil
	}
	return c.w.Errors
}

// Poll is how often to look at the file whatever the events say.
func (c *Watch) Poll() time.Duration {
	if c.w == nil {
		return PollFallback
	}
	return PollSafety
}

// Relevant says whether ev may have changed the config file. The
// directory's creation or removal moves the watch.
func (c *Watch) Relevant(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	if name == c.dir && c.w != nil {
		c.rewatch() // created: watch it; removed: back to the parent
		return true
	}
	return name == c.path
}

// Close stops watching; it may be called more than once.
func (c *Watch) Close() {
	if c.w != nil {
		c.w.Close()
		c.w = nil
	}
}

// Follow watches path until ctx ends and calls changed, on its own
// goroutine, whenever the file may have changed: SettleDelay after the last
// relevant event, and at every Poll. Whether it did change is the caller's
// to decide (see Reloader.Changed). A watch that breaks falls back to
// polling; its errors go to logf.
func Follow(ctx context.Context, path string, logf func(string, ...any), changed func()) {
	cw, err := New(path)
	if err != nil {
		logf("%v", err)
	}
	defer func() { cw.Close() }()
	poll := time.NewTicker(cw.Poll())
	defer poll.Stop()
	settle := time.NewTimer(time.Hour)
	settle.Stop()
	defer settle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-cw.Events():
			if !ok { // the watch broke: look every PollFallback instead
				cw.Close()
				cw = &Watch{}
				poll.Reset(cw.Poll())
				continue
			}
			if cw.Relevant(ev) {
				settle.Reset(SettleDelay)
			}
		case err := <-cw.Errors():
			logf("watching the config file: %v", err)
		case <-settle.C:
			changed()
		case <-poll.C:
			changed()
		}
	}
}
