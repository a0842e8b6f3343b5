package window

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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

// TimeRanges are the time-range choices, the last one (all time) the default.
func TimeRanges() []TimeRange {
	const day = 24 * time.Hour
	return []TimeRange{
		{"Last 24 hours", day},
		{"Last 7 days", 7 * day},
		{"Last 30 days", 30 * day},
		{"Last 90 days", 90 * day},
		{"All time", 0},
	}
}

// allServices is the first choice of the service select.
const allServices = "All services"

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

// filterBar holds the filter widgets; on is called after the user changes one.
type filterBar struct {
	service, span *widget.Select
	text          *widget.Entry
	quiet         bool // set while code, not the user, changes the widgets
}

func newFilterBar(on func(HistoryFilter)) *filterBar {
	b := &filterBar{}
	changed := func(string) {
		if !b.quiet {
			on(b.Filter())
		}
	}
	b.service = widget.NewSelect([]string{allServices}, changed)
	var labels []string
	for _, s := range TimeRanges() {
		labels = append(labels, s.Label)
	}
	b.span = widget.NewSelect(labels, changed)
	b.text = widget.NewEntry()
	b.text.SetPlaceHolder("Search services, components, messages")
	b.text.OnChanged = changed
	b.Set(HistoryFilter{})
	return b
}

// Filter is the current choice.
func (b *filterBar) Filter() HistoryFilter {
	var f HistoryFilter
	if i := b.service.SelectedIndex(); i > 0 {
		f.Service = b.service.Options[i]
	}
	if i := b.span.SelectedIndex(); i >= 0 {
		f.Span = TimeRanges()[i].Span
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
		b.setServices(b.service.Options[1:], f.Service)
		b.service.SetSelected(f.Service)
	}
	for i, s := range TimeRanges() {
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
	opts := append([]string{allServices}, names...)
	found := keep == ""
	for _, n := range names {
		found = found || n == keep
	}
	if !found {
		opts = append(opts, keep)
	}
	b.service.SetOptions(opts)
}

// Object lays the filters out in a row, the search entry taking the rest.
func (b *filterBar) Object(trailing ...fyne.CanvasObject) fyne.CanvasObject {
	h := b.service.MinSize().Height
	left := container.NewHBox(
		container.NewGridWrap(fyne.NewSize(220, h), b.service),
		container.NewGridWrap(fyne.NewSize(150, h), b.span))
	return container.NewBorder(nil, nil, left, container.NewHBox(trailing...), b.text)
}
