package window

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// selectedTitle is the title line of the row the list highlights.
func selectedTitle(h *History) string {
	sel, found, title := theme.Color(theme.ColorNameSelection), false, ""
	visible(h.list, func(o fyne.CanvasObject) {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == sel {
			found = true
		}
		if text, ok := labelText(o); ok && found && title == "" {
			title = text
		}
	})
	return title
}

func TestHistoryWatchRefreshesOnAnotherConnection(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	h.list.Select(1) // web.whatsapp.test #3
	if got := selectedTitle(h); got != "▲ web.whatsapp.test — Web" {
		t.Fatalf("selected %q", got)
	}

	// Watch polls on its own goroutine and hands UI work to this one.
	ui := make(chan func(), 16)
	h.cfg.ui = func(fn func()) { ui <- fn }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.Watch(ctx, 20*time.Millisecond) }()
	defer func() {
		cancel()
		for {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Watch: %v", err)
				}
				return
			case <-ui:
			}
		}
	}()
	run := func(until func() bool) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for !until() {
			select {
			case fn := <-ui:
				fn()
			case <-deadline:
				t.Fatal("no refresh within 5s")
			}
		}
	}
	gen := h.pager.gen
	for range 3 { // a few quiet polls: redraws only
		select {
		case fn := <-ui:
			fn()
		case <-time.After(5 * time.Second):
			t.Fatal("no poll within 5s")
		}
	}
	if h.pager.gen != gen {
		t.Errorf("the list was read again without a change (generation %d → %d)", gen, h.pager.gen)
	}

	agent, err := store.Open(f.path) // the agent's own connection
	if err != nil {
		t.Fatal(err)
	}
	defer agent.Close()
	add(t, agent, incident{"new.outage.test", []string{"Login"}, time.Minute, 0, status.Down})
	evidence(t, agent, 3, history.Evidence{At: testNow(), Source: "probe", Component: "Web", Layer: "http", Class: "http_status", Message: "HTTP 502", LatencyMS: 80})

	run(func() bool { return h.header.Text == "5 incidents" && len(h.detail.entries) == 1 })
	if got := f.services(); len(got) != 5 || got[0] != "new.outage.test" {
		t.Errorf("list after refresh %q", got)
	}
	if h.selected != 3 || selectedTitle(h) != "▲ web.whatsapp.test — Web" {
		t.Errorf("selection lost: incident %d, row %q", h.selected, selectedTitle(h))
	}
	if got := h.Window.Title(); got != "DownRadar — web.whatsapp.test incident #3" {
		t.Errorf("title %q", got)
	}
	if got := h.filters.service.Options; len(got) != 5 || got[3] != "new.outage.test" {
		t.Errorf("service options %q", got)
	}
}

func TestHistoryWatchStopsWithTheWindow(t *testing.T) {
	f := newFixture(t, nil)
	f.h.cfg.ui = func(func()) {} // the test goroutine is not Fyne's: draw nothing
	done := make(chan error)
	go func() { done <- f.h.Watch(context.Background(), time.Millisecond) }()
	f.h.Window.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Watch still running after the window closed")
	}
}

func TestHistoryRedrawCountsOngoingDurations(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	h.Show(4) // ongoing for 40 min
	h.cfg.now = func() time.Time { return testNow().Add(10 * time.Minute) }
	h.redraw()
	if !strings.Contains(h.Detail(), "Duration: ongoing for 50 min\n") {
		t.Errorf("detail after redraw:\n%s", h.Detail())
	}
	var rows []string
	visible(h.list, func(o fyne.CanvasObject) {
		if text, ok := labelText(o); ok && strings.Contains(text, "ongoing") {
			rows = append(rows, text)
		}
	})
	if len(rows) != 1 || !strings.Contains(rows[0], "ongoing for 50 min") {
		t.Errorf("rows %q", rows)
	}
}
