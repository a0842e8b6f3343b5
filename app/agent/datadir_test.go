package agent

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/app/cli"
)

// The tray agent and `downradar headless` on one data dir would record
// every incident twice: whichever comes second is refused.
func TestTrayAndHeadlessExcludeEachOther(t *testing.T) {
	r := newRig(t, "") // a tray agent on r.dir
	// Refused at once; the timeout only ends a second agent that was not.
	guard, stop := context.WithTimeout(context.Background(), time.Minute)
	defer stop()
	var errb syncBuffer
	code := cli.Main(guard, []string{"headless", "--config", r.config, "--data-dir", r.dir}, nil, &bytes.Buffer{}, &errb)
	want := fmt.Sprintf("downradar: another agent (tray, pid %d) already keeps its history in %s: two would record every incident twice; stop it, or give this one another --data-dir\n", os.Getpid(), r.dir)
	if code != cli.ExitError || errb.String() != want {
		t.Errorf("headless beside the tray agent: exit %d\n got %q\nwant %q", code, errb.String(), want)
	}

	// The other way round: headless first, then a tray agent (its own
	// session's sockets, so that it does not just ask the first to open a window).
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hlog syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"headless", "--config", r.config, "--data-dir", data}, nil, &bytes.Buffer{}, &hlog)
	}()
	r.eventually("headless to start", func() bool { return strings.Contains(hlog.String(), "watching 2 services") })
	var out syncBuffer
	code = Run(guard, Options{
		Flags: cli.Flags{Config: r.config, DataDir: data}, Sockets: filepath.Join(t.TempDir(), "run"), NoTray: true,
		Logger: log.New(&out, "", 0), Notifier: &sender{},
	})
	want = fmt.Sprintf("another agent (headless, pid %d) already keeps its history in %s: two would record every incident twice; stop it, or give this one another --data-dir\n", os.Getpid(), data)
	if code != cli.ExitError || out.String() != want {
		t.Errorf("tray agent beside headless: exit %d\n got %q\nwant %q", code, out.String(), want)
	}
	cancel()
	select {
	case code := <-done:
		if code != cli.ExitOK {
			t.Errorf("headless exit %d:\n%s", code, hlog.String())
		}
	case <-time.After(time.Minute): // a guard against a hang
		t.Fatal("headless did not stop")
	}
}
