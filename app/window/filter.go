package window

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/store"
)

// HistoryFilter is what the filter bar selects.
type HistoryFilter struct {
	Service string        // exact service name; empty for all
	Span    time.Duration // incidents of the last Span; 0 for all time
	Text    string        // substring of the service, a component or an evidence message
}

// TimeRange is one choice of the time-range select.
type TimeRange struct {
	Label string
	Span  time.Duration
}

// TimeRanges are the time-range choices in w's language, the last one
// (all time) the default.
func TimeRanges(w *label.Words) []TimeRange {
	const day = 24 * time.Hour
	return []TimeRange{
		{w.Say("window.last_24h"), day},
		{w.Say("window.last_7d"), 7 * day},
		{w.Say("window.last_30d"), 30 * day},
		{w.Say("window.last_90d"), 90 * day},
		{w.Say("window.all_time"), 0},
	}
}

// Query is the store query for f at now, without Limit and Offset.
func (f HistoryFilter) Query(now time.Time) store.Query {
	q := store.Query{Service: f.Service, Text: strings.TrimSpace(f.Text)}
	if f.Span > 0 {
		q.From = now.Add(-f.Span)
	}
	return q
}

// IsZero reports whether f filters nothing out.
func (f HistoryFilter) IsZero() bool {
	return f.Service == "" && f.Span == 0 && strings.TrimSpace(f.Text) == ""
}

// filterBar holds the filter widgets; on is called after the user changes
// one. The selects show their options through shown, so they are read by
// index: names[i] is the service of the service select's option i.
type filterBar struct {
	words         *label.Words
	service, span *widget.Select
	names         []string // the service select's services; "" first, for all
	ranges        []TimeRange
	text          *widget.Entry
	quiet         bool // set while code, not the user, changes the widgets
}

func newFilterBar(w *label.Words, on func(HistoryFilter)) *filterBar {
	b := &filterBar{words: w, names: []string{""}, ranges: TimeRanges(w)}
	changed := func(string) {
		if !b.quiet {
			on(b.Filter())
		}
	}
	b.service = widget.NewSelect([]string{shown(w.Say("window.all_services"))}, changed)
	var labels []string
	for _, s := range b.ranges {
		labels = append(labels, shown(s.Label))
	}
	b.span = widget.NewSelect(labels, changed)
	b.text = widget.NewEntry()
	b.text.SetPlaceHolder(shown(w.Say("window.search")))
	b.text.OnChanged = changed
	b.Set(HistoryFilter{})
	return b
}

// Filter is the current choice.
func (b *filterBar) Filter() HistoryFilter {
	var f HistoryFilter
	if i := b.service.SelectedIndex(); i > 0 && i < len(b.names) {
		f.Service = b.names[i]
	}
	if i := b.span.SelectedIndex(); i >= 0 {
		f.Span = b.ranges[i].Span
	}
	f.Text = b.text.Text
	return f
}

// Set shows f without telling on.
func (b *filterBar) Set(f HistoryFilter) {
	b.quiet = true
	defer func() { b.quiet = false }()
	if f.Service == "" {
		b.service.SetSelectedIndex(0)
	} else {
		b.setServices(b.names[1:], f.Service)
		b.service.SetSelectedIndex(slices.Index(b.names, f.Service))
	}
	for i, s := range b.ranges {
		if s.Span == f.Span {
			b.span.SetSelectedIndex(i)
		}
	}
	b.text.SetText(f.Text)
}

// SetServices offers names (and the selected service, even if absent).
func (b *filterBar) SetServices(names []string) {
	b.setServices(names, b.Filter().Service)
}

func (b *filterBar) setServices(names []string, keep string) {
	all := append([]string{""}, names...)
	if !slices.Contains(all, keep) {
		all = append(all, keep)
	}
	opts := []string{shown(b.words.Say("window.all_services"))}
	for _, n := range all[1:] {
		opts = append(opts, shown(n))
	}
	b.names = all
	b.service.SetOptions(opts)
}

// Object lays the filters out in a row, the search entry taking the rest.
// The time-range select is as wide as its longest choice needs, at least
// 150 pixels, so that no language's words are cut.
func (b *filterBar) Object(trailing ...fyne.CanvasObject) fyne.CanvasObject {
	h := b.service.MinSize().Height
	span := float32(150)
	for _, opt := range b.span.Options {
		probe := widget.NewSelect(nil, nil)
		probe.PlaceHolder = opt // a select is as wide as its placeholder needs
		span = max(span, probe.MinSize().Width)
	}
	left := container.NewHBox(
		container.NewGridWrap(fyne.NewSize(220, h), b.service),
		container.NewGridWrap(fyne.NewSize(span, h), b.span))
	return container.NewBorder(nil, nil, left, container.NewHBox(trailing...), b.text)
}
