// Package app is DownRadar's window process: the history window and its
// incident detail, built with Fyne. The resident agent starts it on demand
// (`downradar window`); it reads the history the agent writes to the SQLite
// store and exits when its last window closes. It depends on checker/,
// never the reverse.
package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/checker/store"
)

// pageSize is how many incidents one query loads; the list asks for more
// as it scrolls, so 100,000 incidents never sit in memory at once.
const pageSize = 200

// History is the history window: incidents newest first, and the evidence
// of the one selected.
type History struct {
	Window fyne.Window
	store  *store.Store
	now    func() time.Time

	items  []store.Incident
	total  int
	header *widget.Label
	list   *widget.List
	detail *widget.Label
}

// NewHistory builds the history window of a over st.
func NewHistory(a fyne.App, st *store.Store) *History {
	h := &History{Window: a.NewWindow("DownRadar — history"), store: st, now: time.Now}
	h.header = widget.NewLabel("")
	h.detail = widget.NewLabel("Select an incident to see its evidence.")
	h.detail.Wrapping = fyne.TextWrapWord
	h.list = widget.NewList(
		func() int { return len(h.items) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(h.items)-pageSize/4 && len(h.items) < h.total {
				h.loadMore()
			}
			o.(*widget.Label).SetText(IncidentRow(h.items[id], h.now()))
		},
	)
	h.list.OnSelected = func(id widget.ListItemID) { h.Show(h.items[id].ID) }
	split := container.NewHSplit(h.list, container.NewVScroll(h.detail))
	split.Offset = 0.55
	h.Window.SetContent(container.NewBorder(h.header, nil, nil, nil, split))
	h.Window.Resize(fyne.NewSize(960, 560))
	h.Reload()
	return h
}

// Reload reads the first page again.
func (h *History) Reload() {
	items, total, err := h.store.Incidents(context.Background(), store.Query{Limit: pageSize})
	if err != nil {
		h.header.SetText("Cannot read the history: " + err.Error())
		return
	}
	h.items, h.total = items, total
	h.header.SetText(fmt.Sprintf("%d incidents", total))
	h.list.Refresh()
}

func (h *History) loadMore() {
	items, total, err := h.store.Incidents(context.Background(), store.Query{Limit: pageSize, Offset: len(h.items)})
	if err != nil {
		h.header.SetText("Cannot read the history: " + err.Error())
		return
	}
	h.items, h.total = append(h.items, items...), total
}

// Show puts the evidence of incident id in the detail pane.
func (h *History) Show(id int64) {
	inc, err := h.store.Incident(context.Background(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.detail.SetText(fmt.Sprintf("Incident %d is not in the history.", id))
		return
	case err != nil:
		h.detail.SetText(fmt.Sprintf("Cannot read incident %d: %v", id, err))
		return
	}
	h.detail.SetText(IncidentDetail(inc, h.now()))
}

// Items is the incidents loaded so far, for tests and the detail view.
func (h *History) Items() []store.Incident { return h.items }

// Detail is the text of the detail pane.
func (h *History) Detail() string { return h.detail.Text }

// IncidentRow is one line of the list.
func IncidentRow(inc store.Incident, now time.Time) string {
	dur := "ongoing for " + Duration(inc.Duration(now))
	if !inc.Ongoing() {
		dur = Duration(inc.Duration(now))
	}
	return fmt.Sprintf("%s %s — %s · %s · %s · %s", Mark(string(inc.Peak)), inc.Service,
		strings.Join(inc.Components, ", "), inc.Start.Local().Format("2006-01-02 15:04"), dur, ScopeLabel(inc.Scope))
}

// IncidentDetail is the evidence timeline of one incident.
func IncidentDetail(inc store.Incident, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s)\n", inc.Service, inc.Peak, ScopeLabel(inc.Scope))
	fmt.Fprintf(&b, "Components: %s\n", strings.Join(inc.Components, ", "))
	fmt.Fprintf(&b, "Started %s", inc.Start.Local().Format("2006-01-02 15:04:05"))
	if inc.Ongoing() {
		fmt.Fprintf(&b, ", ongoing for %s\n", Duration(inc.Duration(now)))
	} else {
		fmt.Fprintf(&b, ", ended %s after %s\n", inc.End.Local().Format("2006-01-02 15:04:05"), Duration(inc.Duration(now)))
	}
	fmt.Fprintf(&b, "\nEvidence (%d):\n", len(inc.Evidence))
	for _, e := range inc.Evidence {
		fmt.Fprintf(&b, "%s  %s  %s/%s  %s (%d ms)\n", e.At.Local().Format("15:04:05"), e.Component, e.Layer, e.Class, e.Message, e.LatencyMS)
	}
	return b.String()
}

// Duration renders a duration for people: 45s, 12m, 6h14m, 3d2h.
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
}

// Mark is a symbol for a severity, so the list reads without colour.
func Mark(peak string) string {
	switch peak {
	case "down":
		return "●"
	case "partial":
		return "◐"
	case "degraded":
		return "○"
	}
	return "?"
}

// ScopeLabel says an incident's scope in words.
func ScopeLabel(scope string) string {
	switch scope {
	case store.ScopeFromHere:
		return "seen from here"
	case "confirmed":
		return "confirmed"
	case "reported_elsewhere":
		return "reported elsewhere"
	}
	return scope
}
