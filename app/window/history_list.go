package window

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
)

// rowSelected shows the detail of the incident the user picked.
func (h *History) rowSelected(row widget.ListItemID) {
	if h.quiet {
		return
	}
	inc, ok := h.pager.row(row)
	if !ok || inc.ID == h.selected {
		return
	}
	h.selected = inc.ID
	h.loadDetail()
}

// filterChanged reads the list again for f, at once for the selects and
// after a short pause for typing, so a search does not run per keystroke.
func (h *History) filterChanged(f HistoryFilter) {
	if h.cfg.debounce <= 0 || f.Text == h.pager.q.Text {
		h.reload(true, false)
		return
	}
	h.textGen++
	gen := h.textGen
	time.AfterFunc(h.cfg.debounce, func() {
		h.cfg.ui(func() {
			if gen == h.textGen {
				h.reload(true, false)
			}
		})
	})
}

// updateRow draws row i, fetching its page (and the next one, when near the
// end of this one) if not loaded yet.
func (h *History) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	page := i / pageSize
	h.inUpdate = true
	for _, p := range []int{page, page + 1} {
		if h.pager.need(p) && (p == page || i%pageSize >= pageSize*3/4) {
			h.fetchPage(p)
		}
	}
	h.inUpdate = false
	inc, ok := h.pager.row(i)
	setIncidentItem(h.words, o, inc, ok, h.cfg.now(), h.cfg.loc)
}

// fetchPage reads one page of the current query, off Fyne's goroutine.
func (h *History) fetchPage(page int) {
	h.pager.request(page)
	gen, q, st := h.pager.gen, h.pager.q, h.store
	q.Limit, q.Offset = pageSize, page*pageSize
	var (
		items []history.Incident
		total int
		err   error
	)
	h.cfg.background(
		func() { items, total, err = st.Incidents(context.Background(), q) },
		func() {
			if err != nil {
				h.pager.fail(gen, page)
				setText(h.header, h.words.Say("window.cannot_read_history", "Error", err))
				return
			}
			if h.pager.put(gen, page, items, total) && !h.inUpdate {
				h.list.Refresh()
			}
		})
}

// newIncidentItem is the template of a list row: a colour mark for the
// peak severity, the service and components, and when, how long, how bad.
func newIncidentItem() fyne.CanvasObject {
	mark := canvas.NewRectangle(StatusColor(""))
	mark.SetMinSize(fyne.NewSize(4, 0))
	title := newFitLabel(fyne.TextStyle{Bold: true})
	detail := newFitLabel(fyne.TextStyle{})
	return container.NewBorder(nil, nil, mark, nil, container.NewVBox(title, detail))
}

// setIncidentItem fills a row made by newIncidentItem; !ok draws a row
// whose page is still being read.
func setIncidentItem(w *label.Words, o fyne.CanvasObject, inc history.Incident, ok bool, now time.Time, loc *time.Location) {
	c := o.(*fyne.Container)
	lines := c.Objects[0].(*fyne.Container)
	mark := c.Objects[1].(*canvas.Rectangle)
	title, detail := lines.Objects[0].(*fitLabel), lines.Objects[1].(*fitLabel)
	if !ok {
		title.SetFull(w.Say("window.loading"))
		detail.SetFull("")
		mark.FillColor = StatusColor("")
		mark.Refresh()
		return
	}
	r := IncidentRow(w, inc, now, loc)
	title.SetFull(r.Title)
	detail.SetFull(r.Detail)
	mark.FillColor = StatusColor(inc.Peak)
	mark.Refresh()
}
