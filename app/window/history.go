// Package window is DownRadar's window process: the history window, its
// incident detail and the settings window, built with Fyne. The resident agent starts it on demand
// (`downradar window`); it reads the history the agent writes to the SQLite
// store and exits when its last window closes. It depends on checker/,
// never the reverse.
package window

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// pageSize is how many incidents one query loads; the list asks for more
// as it scrolls, so 100,000 incidents never sit in memory at once.
const pageSize = 200

// keepPages bounds the pages the list keeps around where it is looking.
const keepPages = 8

// History is the history window: incidents newest first, filters, export,
// and the detail of the one selected. Its methods are called on Fyne's
// goroutine, except Watch.
type History struct {
	Window   fyne.Window
	OnClosed func() // called after the window closes (Window's own OnClosed is taken)
	words    *label.Words
	store    *store.Store
	cfg      historyConfig

	pager     *pager
	selected  int64 // incident in the detail pane; 0 for none
	detailGen int   // bumped per detail read; older reads are dropped
	textGen   int   // bumped per keystroke, for the search debounce
	quiet     bool  // set while code, not the user, selects a row
	showing   bool  // a Show waits for its read: later reloads keep its filter reset
	inUpdate  bool  // set while the list draws a row
	closed    chan struct{}

	filters    *filterBar
	header     *widget.Label
	list       *widget.List
	detail     *detailPane
	exportCSV  *widget.Button
	exportJSON *widget.Button
}

// historyConfig is what tests replace: the clock, the zone, and how work is
// moved off and back onto Fyne's goroutine.
type historyConfig struct {
	now        func() time.Time
	loc        *time.Location
	ui         func(func())            // runs f on Fyne's goroutine
	background func(work, done func()) // runs work elsewhere, then done via ui
	openURL    func(*url.URL) error
	debounce   time.Duration // wait after a keystroke before searching
}

func defaultHistoryConfig(a fyne.App) historyConfig {
	return historyConfig{
		now: time.Now, loc: time.Local, ui: fyne.Do, openURL: a.OpenURL, debounce: 250 * time.Millisecond,
		background: func(work, done func()) {
			go func() {
				work()
				fyne.Do(done)
			}()
		},
	}
}

// NewHistory builds the history window of a over st, worded in w's
// language, and starts reading the first page. Call Show to open an
// incident and Watch to follow changes.
func NewHistory(a fyne.App, st *store.Store, w *label.Words) *History {
	return newHistory(a, st, w, defaultHistoryConfig(a))
}

func newHistory(a fyne.App, st *store.Store, w *label.Words, cfg historyConfig) *History {
	h := &History{Window: a.NewWindow(w.Say("window.title_history")), words: w, store: st, cfg: cfg,
		pager: newPager(pageSize, keepPages), closed: make(chan struct{})}
	h.filters = newFilterBar(w, h.filterChanged)
	h.header = newLabel(w.Say("window.reading"))
	h.detail = newDetailPane(w, h.openLink)
	h.list = widget.NewList(h.pager.length, newIncidentItem, h.updateRow)
	h.list.OnSelected = h.rowSelected
	// CSV and JSON are the formats' names, the same in every language.
	h.exportCSV = widget.NewButtonWithIcon(shown("CSV"), theme.DocumentSaveIcon(), func() { h.exportDialog(csvFormat()) })
	h.exportJSON = widget.NewButtonWithIcon(shown("JSON"), theme.DocumentSaveIcon(), func() { h.exportDialog(jsonFormat()) })
	split := container.NewHSplit(h.list, h.detail.root)
	split.Offset = 0.45
	top := container.NewVBox(h.filters.Object(newLabel(w.Say("window.export")), h.exportCSV, h.exportJSON), h.header)
	h.Window.SetContent(container.NewBorder(top, nil, nil, nil, split))
	h.Window.Resize(fyne.NewSize(1100, 640))
	h.Window.SetOnClosed(func() {
		close(h.closed)
		if h.OnClosed != nil {
			h.OnClosed()
		}
	})
	h.reload(false, false)
	return h
}

// Show selects incident id and shows its detail, resetting the filters when
// they hide it. The window title becomes "DownRadar — <service> incident #<id>"
// (in the window's language).
func (h *History) Show(id int64) {
	h.selected = id
	h.reload(false, true)
}

// Items is the incidents loaded in the list, in row order, for tests.
func (h *History) Items() []history.Incident {
	var out []history.Incident
	for i := range h.pager.length() {
		if inc, ok := h.pager.row(i); ok {
			out = append(out, inc)
		}
	}
	return out
}

// Detail is the text of the detail pane.
func (h *History) Detail() string { return h.detail.text }

// historySnapshot is one read of what the window shows.
type historySnapshot struct {
	filter  HistoryFilter
	reset   bool // the filter was reset to show the selected incident
	q       store.Query
	total   int
	pages   map[int][]history.Incident
	row     int
	rowOK   bool // the selected incident is at row
	names   []string
	detail  detailData
	conn    connection // the user's own connection over the detail's uptime bars
	listErr error
}

// reload reads the list's first page, the selected incident's page and
// detail, and the service names again. scrollTop moves the list to its
// top; show resets the filters if they hide the selected incident.
func (h *History) reload(scrollTop, show bool) {
	show = show || h.showing
	h.showing = show
	f, now, id, st := h.filters.Filter(), h.cfg.now(), h.selected, h.store
	gen := h.pager.reset(f.Query(now), !scrollTop)
	h.pager.request(0)
	h.detailGen++
	dgen := h.detailGen
	var snap historySnapshot
	h.cfg.background(
		func() { snap = readSnapshot(context.Background(), st, f, now, id, show) },
		func() { h.apply(gen, dgen, scrollTop, snap) })
}

// readSnapshot reads, off Fyne's goroutine, what reload shows.
func readSnapshot(ctx context.Context, st *store.Store, f HistoryFilter, now time.Time, id int64, show bool) historySnapshot {
	s := historySnapshot{filter: f, q: f.Query(now), pages: map[int][]history.Incident{}}
	if id != 0 {
		s.row, s.rowOK, _ = st.Position(ctx, s.q, id)
		if !s.rowOK && show && !f.IsZero() {
			if row, ok, err := st.Position(ctx, store.Query{}, id); err == nil && ok {
				s.filter, s.q, s.reset, s.row, s.rowOK = HistoryFilter{}, store.Query{}, true, row, true
			}
		}
	}
	pages := []int{0}
	if s.rowOK && s.row >= pageSize {
		pages = append(pages, s.row/pageSize)
	}
	for _, p := range pages {
		q := s.q
		q.Limit, q.Offset = pageSize, p*pageSize
		s.pages[p], s.total, s.listErr = st.Incidents(ctx, q)
		if s.listErr != nil {
			break
		}
	}
	s.names, _ = st.Services(ctx) // without names the select keeps its old ones
	service := ""
	if id == 0 {
		service = s.filter.Service
	}
	s.detail = readDetail(ctx, st, id, service, now)
	s.conn = readConnection(ctx, st, s.detail, now)
	return s
}

// apply puts a snapshot on screen, unless a newer reload was started since.
func (h *History) apply(gen, dgen int, scrollTop bool, s historySnapshot) {
	if dgen == h.detailGen {
		h.showDetail(s.detail, s.conn)
	}
	if gen != h.pager.gen {
		return
	}
	h.showing = false
	if s.listErr != nil {
		h.pager.fail(gen, 0)
		setText(h.header, h.words.Say("window.cannot_read_history", "Error", s.listErr))
		return
	}
	if s.reset {
		h.filters.Set(s.filter)
		h.pager.q, h.pager.stale = s.q, nil // the old pages were of the old filter
	}
	for p, items := range s.pages {
		h.pager.put(gen, p, items, s.total)
	}
	if s.names != nil {
		h.filters.SetServices(s.names)
	}
	setText(h.header, CountLabel(h.words, s.total, !s.filter.IsZero()))
	h.list.Refresh()
	if scrollTop {
		h.list.ScrollToOffset(0)
	}
	h.quiet = true
	if s.rowOK {
		h.list.Select(s.row)
	} else {
		h.list.UnselectAll()
	}
	h.quiet = false
}

// showDetail puts d in the detail pane, with the user's own connection
// over its uptime bars, and names the window after it.
func (h *History) showDetail(d detailData, c connection) {
	h.detail.show(d, h.cfg.now(), h.cfg.loc)
	h.detail.uptime.SetConnection(c, h.cfg.now(), h.cfg.loc)
	h.detail.summary.Refresh() // the captions under the bars come and go
	// The desktop draws the title: it is not shown (reordered for Fyne).
	title := h.words.Say("window.title_history")
	if d.id != 0 && d.err == nil {
		title = h.words.Say("window.title_incident", "Incident", IncidentTitle(h.words, d.inc))
	}
	h.Window.SetTitle(title)
}

// loadDetail reads the selected incident, or the filtered service's panel.
func (h *History) loadDetail() {
	h.detailGen++
	dgen, id, st, now := h.detailGen, h.selected, h.store, h.cfg.now()
	service := ""
	if id == 0 {
		service = h.filters.Filter().Service
	}
	var (
		d detailData
		c connection
	)
	h.cfg.background(
		func() {
			d = readDetail(context.Background(), st, id, service, now)
			c = readConnection(context.Background(), st, d, now)
		},
		func() {
			if dgen == h.detailGen {
				h.showDetail(d, c)
			}
		})
}

// openLink opens u in the browser if it is a safe link.
func (h *History) openLink(u *url.URL) {
	safe, ok := SafeLink(u.String())
	if !ok {
		return
	}
	if err := h.cfg.openURL(safe); err != nil {
		showError(h.words, h.words.Say("window.cannot_open", "Link", safe, "Error", err), h.Window)
	}
}
