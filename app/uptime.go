package app

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// uptimeDays is how many days the uptime bars cover.
const uptimeDays = 90

// DayStatus is the colour class of one day's tally, as status pages draw
// it: Down if the service was seen down at all, Degraded if only degraded
// or partly down, Up if always up, Unknown if nothing was known that day.
func DayStatus(d store.DayUptime) status.Status {
	switch {
	case d.Known() == 0:
		return status.Unknown
	case d.Down > 0:
		return status.Down
	case d.Partial > 0 || d.Degraded > 0:
		return status.Degraded
	}
	return status.Up
}

// StatusColor is the colour of a status in bars and row marks: green up,
// yellow degraded or partly down, red down, grey unknown.
func StatusColor(s status.Status) color.Color {
	switch s {
	case status.Up:
		return color.NRGBA{R: 0x2e, G: 0xa0, B: 0x43, A: 0xff}
	case status.Degraded, status.Partial:
		return color.NRGBA{R: 0xe3, G: 0xb3, B: 0x41, A: 0xff}
	case status.Down:
		return color.NRGBA{R: 0xd7, G: 0x3a, B: 0x49, A: 0xff}
	}
	return color.NRGBA{R: 0x9a, G: 0x9a, B: 0x9a, A: 0xff}
}

// UptimeSummary sums up the days: the share of known observations that were
// up (degraded counts as up, partly down as half), rounded down so that a
// bad minute never shows as 100%.
func UptimeSummary(days []store.DayUptime) string {
	var up float64
	var known, noData int
	for _, d := range days {
		if d.Known() == 0 {
			noData++
			continue
		}
		known += d.Known()
		up += d.Ratio() * float64(d.Known())
	}
	period := fmt.Sprintf("the last %d days", len(days))
	if len(days) == 1 {
		period = "the last day"
	}
	if known == 0 {
		return "Uptime unknown: no data in " + period
	}
	pct := math.Floor(up/float64(known)*10000+1e-9) / 100
	s := fmt.Sprintf("%.2f%% uptime over %s", pct, period)
	if noData > 0 {
		s += fmt.Sprintf(" (%d without data)", noData)
	}
	return s
}

// uptimeBars draws one small bar per day, oldest on the left.
type uptimeBars struct {
	widget.BaseWidget
	days []store.DayUptime
}

func newUptimeBars() *uptimeBars {
	b := &uptimeBars{}
	b.ExtendBaseWidget(b)
	return b
}

// SetDays shows days.
func (b *uptimeBars) SetDays(days []store.DayUptime) {
	b.days = days
	b.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (b *uptimeBars) CreateRenderer() fyne.WidgetRenderer {
	r := &barsRenderer{bars: b}
	r.Refresh()
	return r
}

// barsRenderer draws an uptimeBars: one rectangle per day.
type barsRenderer struct {
	bars  *uptimeBars
	rects []fyne.CanvasObject
}

func (r *barsRenderer) Layout(size fyne.Size) {
	n := len(r.rects)
	if n == 0 {
		return
	}
	const gap = 1
	w := (size.Width - gap*float32(n-1)) / float32(n)
	for i, o := range r.rects {
		o.Move(fyne.NewPos(float32(i)*(w+gap), 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (r *barsRenderer) MinSize() fyne.Size {
	return fyne.NewSize(float32(2*len(r.rects)), 24)
}

func (r *barsRenderer) Refresh() {
	days := r.bars.days
	for len(r.rects) < len(days) {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
	}
	r.rects = r.rects[:len(days)]
	for i, d := range days {
		rect := r.rects[i].(*canvas.Rectangle)
		rect.FillColor = StatusColor(DayStatus(d))
		rect.Refresh()
	}
	r.Layout(r.bars.Size())
}

func (r *barsRenderer) Objects() []fyne.CanvasObject { return r.rects }

func (r *barsRenderer) Destroy() {}
