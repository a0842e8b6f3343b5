package confwatch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
)

const good = `catalog = false
[[service]]
name = "Mine"
  [[service.component]]
  name = "Web"
  probe = "https://mine.test/"
`

// An edited file that is empty (mid-edit) or gone is refused: at the
// default path, config.Load would read either as "the built-in services".
func TestRereadRefusesEmptyAndGoneFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	load := func() (*config.Config, error) { return config.Load(path, false) } // the default path: not explicit
	for _, c := range []struct {
		name  string
		write func()
		want  error
		msg   string
	}{
		{"truncated", func() { os.WriteFile(path, nil, 0o600) }, ErrEmpty, "config: " + path + " is empty (still being written?)"},
		{"blank", func() { os.WriteFile(path, []byte("\xef\xbb\xbf\n  \n"), 0o600) }, ErrEmpty, "config: " + path + " is empty (still being written?)"},
		{"deleted", func() { os.Remove(path) }, ErrGone, "config: " + path + " is gone"},
	} {
		c.write()
		cfg, err := Reread(path, load)
		if !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("%s: %v %v, want %q", c.name, cfg, err, c.msg)
		}
	}
	os.WriteFile(path, []byte(good), 0o600)
	cfg, err := Reread(path, load)
	if err != nil || len(cfg.Services) != 1 || cfg.File != path {
		t.Fatalf("a good file: %+v %v", cfg, err)
	}
	// Gone between the two reads: load fell back to the built-in services.
	if _, err := Reread(path, func() (*config.Config, error) { return config.Default(), nil }); !errors.Is(err, ErrGone) {
		t.Errorf("the built-in config read instead of the file: %v", err)
	}
	os.WriteFile(path, []byte("interval = \"x\"\n"+good), 0o600)
	if _, err := Reread(path, load); err == nil || !strings.HasPrefix(err.Error(), path+":1: interval:") {
		t.Errorf("a bad file: %v", err)
	}
}

func TestReloaderSaysARefusalOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(good), 0o600)
	r := NewReloader(path, func() (*config.Config, error) { return config.Load(path, true) })
	if r.Changed() {
		t.Fatal("changed before any edit")
	}
	os.WriteFile(path, nil, 0o600)
	if !r.Changed() {
		t.Fatal("a truncation is a change")
	}
	if _, fresh, err := r.Reload(); !errors.Is(err, ErrEmpty) || !fresh {
		t.Errorf("first refusal: %v fresh %v", err, fresh)
	}
	if r.Changed() {
		t.Error("the refused file counts as read")
	}
	if _, fresh, err := r.Reload(); err == nil || fresh {
		t.Errorf("the same refusal again: %v fresh %v", err, fresh)
	}
	os.WriteFile(path, []byte(good), 0o600)
	if cfg, _, err := r.Reload(); err != nil || len(cfg.Services) != 1 {
		t.Errorf("the content, later: %v", err)
	}
	os.WriteFile(path, nil, 0o600)
	if _, fresh, _ := r.Reload(); !fresh {
		t.Error("a refusal after a load is said again")
	}
}

// Follow calls back after an edit settles.
func TestFollowCallsBackOnAnEdit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	called := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		Follow(ctx, path, t.Logf, func() { called <- struct{}{} })
	}()
	// The watch starts on Follow's goroutine: write until it is told (a
	// write before it began goes unseen), a guard against a hang aside.
	// Not faster than the settle delay: each write puts the call off.
	tick := time.NewTicker(5 * SettleDelay)
	defer tick.Stop()
	deadline := time.After(time.Minute)
	for seen := false; !seen; {
		select {
		case <-called:
			seen = true
		case <-tick.C:
			os.WriteFile(path, []byte(good), 0o600)
		case <-deadline:
			t.Fatal("no call within a minute of the writes")
		}
	}
	cancel()
	<-done
}
