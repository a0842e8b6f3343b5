package agent

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// next waits for the next event the watch finds relevant, or says none came.
func next(t *testing.T, c *configWatch, within time.Duration) (string, bool) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case ev := <-c.Events():
			if c.Relevant(ev) {
				// One change can make several events (create, write, chmod):
				// take those of the next moment with it.
				for quiet := time.After(100 * time.Millisecond); ; {
					select {
					case more := <-c.Events():
						c.Relevant(more)
						continue
					case <-quiet:
					}
					break
				}
				return ev.Name, true
			}
		case err := <-c.Errors():
			t.Fatal(err)
		case <-deadline:
			return "", false
		}
	}
}

func TestConfigWatchFollowsTheFileAndItsDirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "downradar")
	path := filepath.Join(dir, "config.toml")
	c, err := newConfigWatch(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Poll() != pollSafety {
		t.Errorf("with inotify the safety poll is %v, want %v", c.Poll(), pollSafety)
	}
	if c.watched != root {
		t.Fatalf("no config directory yet: watching %q, want its parent %q", c.watched, root)
	}
	// Something else in the parent is not the config.
	os.WriteFile(filepath.Join(root, "other.toml"), nil, 0o600)
	if name, ok := next(t, c, 300*time.Millisecond); ok {
		t.Errorf("an unrelated file counted as a change: %s", name)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if name, ok := next(t, c, 5*time.Second); !ok || name != dir {
		t.Fatalf("the directory's creation: %q %v", name, ok)
	}
	if c.watched != dir {
		t.Fatalf("after its creation: watching %q, want %q", c.watched, dir)
	}
	// Written in place, then replaced as the settings window does (rename).
	if err := os.WriteFile(path, []byte("interval = \"2m\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if name, ok := next(t, c, 5*time.Second); !ok || name != path {
		t.Fatalf("a write: %q %v", name, ok)
	}
	tmp := filepath.Join(dir, ".config.toml.tmp")
	os.WriteFile(tmp, []byte("interval = \"3m\"\n"), 0o600)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if name, ok := next(t, c, 5*time.Second); !ok || name != path {
		t.Fatalf("a rename over it: %q %v", name, ok)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600)
	if name, ok := next(t, c, 300*time.Millisecond); ok {
		t.Errorf("another file in the directory counted as a change: %s", name)
	}
}

func TestConfigWatchWithoutInotifyPolls(t *testing.T) {
	c := &configWatch{path: "/x/config.toml", dir: "/x"}
	if c.Poll() != pollFallback || c.Events() != nil || c.Errors() != nil {
		t.Errorf("without a watcher: poll %v, events %v", c.Poll(), c.Events())
	}
	c.Close()
}
