package confwatch

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// watchGuard bounds a wait for an event the kernel is bound to send: a
// guard against a hang, not a timing assertion.
const watchGuard = time.Minute

// next returns the name of the next event the watch finds relevant, skipping
// the others. The kernel queues a watch's events in order: if something done
// before the awaited change counted as one, it comes first.
func next(t *testing.T, c *Watch) string {
	t.Helper()
	deadline := time.After(watchGuard)
	for {
		select {
		case ev := <-c.Events():
			if c.Relevant(ev) {
				return ev.Name
			}
		case err := <-c.Errors():
			t.Fatal(err)
		case <-deadline:
			t.Fatalf("no relevant event within %v", watchGuard)
		}
	}
}

// settle takes every event queued so far (one change can make several:
// create, write, chmod), up to that of a marker file it creates in the
// watched directory, so that the next one is of the next change.
func settle(t *testing.T, c *Watch, seq *int) {
	t.Helper()
	*seq++
	marker := filepath.Join(c.watched, fmt.Sprintf(".marker-%d", *seq))
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(watchGuard)
	for {
		select {
		case ev := <-c.Events():
			c.Relevant(ev)
			if ev.Name == marker {
				return
			}
		case err := <-c.Errors():
			t.Fatal(err)
		case <-deadline:
			t.Fatalf("no event for %s within %v", marker, watchGuard)
		}
	}
}

func TestConfigWatchFollowsTheFileAndItsDirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "downradar")
	path := filepath.Join(dir, "config.toml")
	c, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Poll() != PollSafety {
		t.Errorf("with inotify the safety poll is %v, want %v", c.Poll(), PollSafety)
	}
	if c.watched != root {
		t.Fatalf("no config directory yet: watching %q, want its parent %q", c.watched, root)
	}
	var seq int
	// Something else in the parent is not the config: the directory's
	// creation, after it, is the first relevant event.
	os.WriteFile(filepath.Join(root, "other.toml"), nil, 0o600)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if name := next(t, c); name != dir {
		t.Fatalf("the directory's creation: %q (the unrelated file counted as a change?)", name)
	}
	if c.watched != dir {
		t.Fatalf("after its creation: watching %q, want %q", c.watched, dir)
	}
	settle(t, c, &seq)
	// Written in place, then replaced as the settings window does (rename).
	if err := os.WriteFile(path, []byte("interval = \"2m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if name := next(t, c); name != path {
		t.Fatalf("a write: %q", name)
	}
	settle(t, c, &seq)
	tmp := filepath.Join(dir, ".config.toml.tmp")
	os.WriteFile(tmp, []byte("interval = \"3m\"\n"), 0o600)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if name := next(t, c); name != path {
		t.Fatalf("a rename over it: %q", name)
	}
	settle(t, c, &seq)
	// Another file in the directory is not the config either: the write
	// after it is the next relevant event.
	os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600)
	if err := os.WriteFile(path, []byte("interval = \"4m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if name := next(t, c); name != path {
		t.Errorf("another file in the directory counted as a change: %s", name)
	}
}

func TestConfigWatchWithoutInotifyPolls(t *testing.T) {
	c := &Watch{path: "/x/config.toml", dir: "/x"}
	if c.Poll() != PollFallback || c.Events() != nil || c.Errors() != nil {
		t.Errorf("without a watcher: poll %v, events %v", c.Poll(), c.Events())
	}
	c.Close()
}
