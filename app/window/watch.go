package window

import (
	"context"
	"fmt"
	"time"
)

// Watch follows the store until ctx is done or the window is closed: every
// interval it asks whether the database changed (another connection, such
// as the agent, committed) and if so reads the list, the selected incident
// and the uptime again, keeping the selection. When nothing changed it
// only redraws, so that ongoing durations keep counting. It blocks; run it
// on its own goroutine:
//
//	go h.Watch(ctx, 2*time.Second)
//
// It returns nil when stopped, or the error that kept it from starting.
func (h *History) Watch(ctx context.Context, every time.Duration) error {
	v, err := h.store.DataVersion(ctx)
	if err != nil {
		return fmt.Errorf("history: watch: %w", err)
	}
	defer v.Close()
	last, err := v.Get(ctx)
	if err != nil {
		return fmt.Errorf("history: watch: %w", err)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.closed:
			return nil
		case <-tick.C:
		}
		cur, err := v.Get(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			h.cfg.ui(func() { setText(h.header, h.words.Say("window.cannot_follow", "Error", err)) })
		case cur != last:
			last = cur
			h.cfg.ui(h.Refresh)
		default:
			h.cfg.ui(h.redraw)
		}
	}
}

// Refresh reads again what the window shows, keeping the selection and
// the list's scroll position. Call it on Fyne's goroutine.
func (h *History) Refresh() { h.reload(false, false) }

// redraw formats the rows and the detail again, durations counted to now.
func (h *History) redraw() {
	h.list.Refresh()
	h.detail.tick(h.cfg.now(), h.cfg.loc)
}
