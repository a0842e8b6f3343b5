package window

import (
	"slices"
	"testing"
	"time"
)

// TestHistoryAsync runs the store reads on other goroutines, as in the
// application, with UI work handed back to the test goroutine: the race
// detector checks that reads touch nothing the UI owns.
func TestHistoryAsync(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	ui := make(chan func(), 64)
	h.cfg.ui = func(fn func()) { ui <- fn }
	h.cfg.background = func(work, done func()) {
		go func() {
			work()
			ui <- done
		}()
	}
	h.cfg.debounce = 10 * time.Millisecond
	pump := func(what string, until func() bool) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for !until() {
			select {
			case fn := <-ui:
				fn()
			case <-deadline:
				t.Fatalf("%s: not done within 5s", what)
			}
		}
	}

	h.Show(2)
	pump("show", func() bool { return h.Window.Title() == "DownRadar — chat.slack.test incident #2" })

	for _, r := range "hub" {
		h.filters.text.TypedRune(r)
	}
	pump("search", func() bool { return slices.Equal(f.services(), []string{"git.hub.test"}) })

	h.filters.text.SetText("")
	h.filters.service.SetSelected("web.whatsapp.test")
	pump("filter", func() bool {
		return slices.Equal(f.services(), []string{"web.whatsapp.test", "web.whatsapp.test"}) && h.detail.title.Text == "chat.slack.test incident #2"
	})
	h.list.Select(1)
	pump("select", func() bool { return h.Window.Title() == "DownRadar — web.whatsapp.test incident #1" })
}
