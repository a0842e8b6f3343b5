//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// TestDemo is what a newcomer sees with `downradar demo`, played six times
// faster: the tray icon appears and turns red, notifications arrive, and the
// history holds the three seed outages, each confirmed by the world.
func TestDemo(t *testing.T) {
	d := startDesktop(t, true)
	_, cmd, out, it := startDemo(t, d, "6")
	d.eventually(30*time.Second, "all five lab services up", func() bool { return strings.HasPrefix(it.tooltip(), "DownRadar: 5 up") })
	d.eventually(90*time.Second, "a service down", func() bool { return strings.Contains(it.tooltip(), " down") })
	d.eventually(90*time.Second, "the end of the demo", func() bool { return strings.Contains(out.String(), "the demo is over") })
	d.eventually(30*time.Second, "every service up again", func() bool { return strings.HasPrefix(it.tooltip(), "DownRadar: 5 up") })
	if n := len(d.history()) + d.displayed(); n < 3 {
		t.Errorf("%d notifications, want one per outage at least", n)
	}

	dbs, _ := filepath.Glob(filepath.Join(d.dir, "downradar-demo-*", "history.db"))
	if len(dbs) != 1 {
		t.Fatalf("demo history: %v", dbs)
	}
	st, err := store.Open(dbs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	incs, _, err := st.Incidents(context.Background(), store.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, inc := range incs {
		got[inc.Service]++
		if inc.End.IsZero() {
			t.Errorf("%s incident #%d still open after the demo", inc.Service, inc.ID)
		}
		if inc.Scope != history.ScopeConfirmed {
			t.Errorf("%s incident #%d (%v): scope %s, want confirmed", inc.Service, inc.ID, inc.Components, inc.Scope)
		}
	}
	// 2019: Facebook, Instagram, WhatsApp; 2025: WhatsApp; 2021: all four.
	want := map[string]int{"Facebook": 2, "Instagram": 2, "WhatsApp": 3, "Messenger": 1}
	for svc, n := range want {
		if got[svc] != n {
			t.Errorf("%s: %d incidents, want %d (all: %v)", svc, got[svc], n, got)
		}
	}
	if got["GitHub"] != 0 {
		t.Errorf("GitHub, which the lab never breaks, has %d incidents", got["GitHub"])
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Error("the demo did not end on SIGINT")
	}
	if _, err := os.Stat(filepath.Dir(dbs[0])); !os.IsNotExist(err) {
		t.Errorf("the demo's directory is left behind: %v", err)
	}
}

// startDemo runs `downradar demo --speed speed` in the desktop, its
// temporary directory under d.dir, and waits for its tray icon.
func startDemo(t *testing.T, d *desktop, speed string) (bin string, cmd *exec.Cmd, out *syncBuffer, it item) {
	t.Helper()
	d.env = append(d.env, "TMPDIR="+d.dir)
	bin = build(t)
	t.Cleanup(func() { killWindows(bin) })
	out = &syncBuffer{}
	cmd = exec.Command(bin, "demo", "--speed", speed)
	cmd.Env, cmd.Stdout, cmd.Stderr, cmd.WaitDelay = d.env, out, out, 2*time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d.agent = cmd
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("--- demo output:\n%s", out.String())
		}
	})
	it = item{d: d, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", cmd.Process.Pid)}
	d.waitName(it.name, 30*time.Second)
	return bin, cmd, out, it
}
