package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

func TestEventLine(t *testing.T) {
	start := time.Date(2021, 10, 4, 15, 39, 0, 0, time.Local)
	inc := history.Incident{Service: "Facebook", Components: []string{"DNS", "Web"}, Start: start, Peak: status.Down}
	ended := inc
	ended.End = start.Add(6*time.Hour + 14*time.Minute)
	elsewhere := inc
	elsewhere.Scope = history.ScopeElsewhere
	elsewhereEnded := elsewhere
	elsewhereEnded.End = ended.End
	cases := []struct {
		ev   history.Event
		want string
	}{
		{history.Event{Kind: history.EventOpened, Service: "Facebook", Incident: inc}, "Facebook is down since 15:39:00 (DNS, Web)"},
		{history.Event{Kind: history.EventEscalated, Service: "Facebook", Incident: inc}, "Facebook got worse: down (DNS, Web)"},
		{history.Event{Kind: history.EventResolved, Service: "Facebook", Incident: ended}, "Facebook works again after 6h14m0s"},
		{history.Event{Kind: history.EventChecked, Service: "Facebook"}, ""},
		{history.Event{Kind: history.EventConfirmed, Service: "Facebook", Incident: inc}, "Facebook: the status page or the news confirm the outage"},
		{history.Event{Kind: history.EventOpened, Service: "Facebook", Incident: elsewhere}, "Facebook: an outage is reported elsewhere since 15:39:00 (status page or news); it works from here"},
		{history.Event{Kind: history.EventResolved, Service: "Facebook", Incident: elsewhereEnded}, "Facebook: no more outage reported elsewhere, after 6h14m0s"},
		{history.Event{Kind: history.EventOpened, Service: "Facebook", Incident: inc, Unsaved: true}, "Facebook is down since 15:39:00 (DNS, Web) [not saved in the history yet: the store refuses writes; kept and retried]"},
	}
	for _, c := range cases {
		if got := EventLine(c.ev); got != c.want {
			t.Errorf("EventLine(%s) = %q, want %q", c.ev.Kind, got, c.want)
		}
	}
}

func TestAgentKeepsHistoryAndStops(t *testing.T) {
	l := newLoopback(t)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
	dataDir := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--config", cfg, "--data-dir", dataDir}, nil, &bytes.Buffer{}, &errb)
	}()
	db := filepath.Join(dataDir, "history.db")
	deadline := time.Now().Add(2 * time.Minute) // a guard against a hang only
	var incs []history.Incident
	for time.Now().Before(deadline) && len(incs) < 3 {
		time.Sleep(100 * time.Millisecond)
		st, err := store.Open(db)
		if err != nil {
			continue
		}
		incs, _, _ = st.Incidents(context.Background(), store.Query{})
		st.Close()
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("agent exit %d: %s", code, errb.String())
	}
	if len(incs) != 3 {
		t.Fatalf("incidents for WhatsApp, Facebook and Messenger expected, got %+v\n%s", incs, errb.String())
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("history file mode: %v %v", fi.Mode(), err)
	}
	log := errb.String()
	for _, want := range []string{"watching 4 services (" + cfg + ")", "Facebook is down since", "WhatsApp is partial since"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestAgentRefusesBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("intervl = \"60s\"\n"), 0o600)
	var errb bytes.Buffer
	code := Main(context.Background(), []string{"--config", path, "--data-dir", t.TempDir()}, nil, &bytes.Buffer{}, &errb)
	if code != ExitUsage || !strings.Contains(errb.String(), path+`:1: intervl: unknown key "intervl"`) {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}
