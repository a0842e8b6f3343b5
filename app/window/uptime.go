package window

import (
	"cmp"
	"context"
	"image/color"
	"math"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
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

// UptimeSummary sums up the days in w's language: the share of known
// observations that were up (degraded counts as up, partly down as half),
// rounded down so that a bad minute never shows as 100%.
func UptimeSummary(w *label.Words, days []store.DayUptime) string {
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
	period := w.Count("window.last_days", len(days))
	if known == 0 {
		return w.Say("window.uptime_unknown", "Period", period)
	}
	pct := math.Floor(up/float64(known)*10000+1e-9) / 100
	s := w.Say("window.uptime", "Percent", percent(w, pct), "Period", period)
	if noData > 0 {
		s = w.Count("window.uptime_gaps", noData, "Uptime", s)
	}
	return s
}

// ConnectionColor marks, under the uptime bars, the days when the user's
// own connection was not working normally: blue, no colour of a service's
// status, for it is no outage of the service.
var ConnectionColor color.Color = color.NRGBA{R: 0x3b, G: 0x6e, B: 0xd8, A: 0xff}

// DayConnection is the stretches of a UTC day (up to now) when the user's
// own connection was not online (offline, behind a sign-in page, without
// name lookups, slow or losing packets), clipped to the day, oldest first.
// A stretch that lasts has a zero End.
func DayConnection(periods []store.NetworkPeriod, day, now time.Time) []store.NetworkPeriod {
	return clipConnection(periods, day, day.Add(24*time.Hour), now)
}

// clipConnection is the periods not online clipped to [from, to). One
// that lasts ends at now; it keeps its zero End when now is before to.
func clipConnection(periods []store.NetworkPeriod, from, to, now time.Time) []store.NetworkPeriod {
	var out []store.NetworkPeriod
	for _, p := range periods {
		if p.Network == status.Online || p.Network == "" {
			continue
		}
		if p.Start.Before(from) {
			p.Start = from
		}
		end := p.End
		if p.Ongoing() {
			end = now
		}
		if end.After(to) {
			end, p.End = to, to
		}
		if end.After(p.Start) {
			out = append(out, p)
		}
	}
	return out
}

// ConnectionSummary sums up the trouble of the user's own connection over
// the days of the bars (up to now), longest first, in w's language: "Your
// connection was offline 2 h 5 min and slow 40 min (blue marks)"; "" when
// it had none.
func ConnectionSummary(w *label.Words, periods []store.NetworkPeriod, days []store.DayUptime, now time.Time) string {
	if len(days) == 0 {
		return ""
	}
	from, to := days[0].Day, days[len(days)-1].Day.Add(24*time.Hour)
	type total struct {
		was string
		d   time.Duration
	}
	var totals []total
	for _, p := range clipConnection(periods, from, to, now) {
		end := p.End
		if end.IsZero() {
			end = now
		}
		was := w.NetworkWas(p.Network, p.Reason)
		i := slices.IndexFunc(totals, func(t total) bool { return t.was == was })
		if i < 0 {
			totals = append(totals, total{was: was})
			i = len(totals) - 1
		}
		totals[i].d += end.Sub(p.Start)
	}
	if len(totals) == 0 {
		return ""
	}
	slices.SortStableFunc(totals, func(a, b total) int { return cmp.Compare(b.d, a.d) })
	parts := make([]string, len(totals))
	for i, t := range totals {
		parts[i] = w.Say("window.was_for", "Was", t.was, "Duration", w.Duration(t.d))
	}
	return w.Say("window.connection_summary", "Was", w.List(parts))
}

// maxStretches bounds the stretches a day's line names.
const maxStretches = 3

// DayLine says what one day's bar holds, for pointing at it, in w's
// language: the day's uptime ("Sat 1 Mar: 75.00% up, 2 checks unknown")
// and, when the user's own connection had trouble that day, when ("Your
// connection was offline 10:00–11:02 and slow since 14:02"), times in loc;
// "" when it had none.
func DayLine(w *label.Words, d store.DayUptime, stretches []store.NetworkPeriod, loc *time.Location) (day, connection string) {
	var uptime string
	unknown := w.Count("window.checks_unknown", d.Unknown)
	switch k := d.Known(); {
	case k == 0 && d.Unknown == 0:
		uptime = w.Say("window.no_data")
	case k == 0:
		uptime = unknown
	default:
		uptime = w.Say("window.day_up", "Percent", percent(w, math.Floor(d.Ratio()*10000+1e-9)/100))
		if d.Unknown > 0 {
			uptime += w.Say("label.list_comma") + unknown
		}
	}
	// The bars' days are UTC days (store.Uptime): the date is d.Day's own.
	day = w.Say("window.day_line", "Date", w.Date(d.Day), "Uptime", uptime)
	if len(stretches) == 0 {
		return day, ""
	}
	var parts []string
	for i, s := range stretches {
		if i == maxStretches {
			parts = append(parts, w.Count("window.more_times", len(stretches)-maxStretches))
			break
		}
		was := w.NetworkWas(s.Network, s.Reason)
		if s.End.IsZero() {
			parts = append(parts, w.Say("window.was_since", "Was", was, "From", w.Time(s.Start.In(loc))))
		} else {
			parts = append(parts, w.Say("window.was_between", "Was", was, "From", w.Time(s.Start.In(loc)), "To", w.Time(s.End.In(loc))))
		}
	}
	return day, w.Say("window.connection_day", "Was", w.List(parts))
}

// connection is the user's own connection over the uptime bars' days.
type connection struct {
	periods []store.NetworkPeriod
	err     error
}

// readConnection reads the periods of the user's own connection over the
// days of d's uptime bars, up to now; none when d shows no bars.
func readConnection(ctx context.Context, st *store.Store, d detailData, now time.Time) connection {
	if d.service == "" || d.upErr != nil || len(d.uptime) == 0 {
		return connection{}
	}
	ps, err := st.NetworkPeriods(ctx, d.uptime[0].Day, now.Add(time.Second))
	return connection{periods: ps, err: err}
}

// uptimeBars draws one small bar per day, oldest on the left. When the
// user's own connection had trouble over those days, a blue mark under a
// day says so, and two lines under the bars sum it up; pointing at a day
// (or tapping it) says that day's uptime and when the connection failed.
type uptimeBars struct {
	widget.BaseWidget
	words *label.Words
	days  []store.DayUptime

	network []store.NetworkPeriod // the connection's periods over the days
	netErr  error                 // reading them
	now     time.Time
	loc     *time.Location
	pointed int // the day pointed at; -1 for none
}

func newUptimeBars(w *label.Words) *uptimeBars {
	b := &uptimeBars{words: w, pointed: -1, loc: time.Local}
	b.ExtendBaseWidget(b)
	return b
}

// SetDays shows days.
func (b *uptimeBars) SetDays(days []store.DayUptime) {
	b.days = days
	b.pointed = -1
	b.Refresh()
}

// SetConnection shows the periods of the user's own connection over the
// days, counted up to now, times in loc.
func (b *uptimeBars) SetConnection(c connection, now time.Time, loc *time.Location) {
	b.network, b.netErr, b.now, b.loc = c.periods, c.err, now, loc
	b.Refresh()
}

// dayConnection is the connection's stretches of each day.
func (b *uptimeBars) dayConnection() [][]store.NetworkPeriod {
	out := make([][]store.NetworkPeriod, len(b.days))
	for i, d := range b.days {
		out[i] = DayConnection(b.network, d.Day, b.now)
	}
	return out
}

// captions are the two lines under the bars; none when the connection had
// no trouble over the days.
func (b *uptimeBars) captions(stretches [][]store.NetworkPeriod) []string {
	w := b.words
	if b.netErr != nil {
		return []string{w.Say("window.cannot_read_connection", "Error", b.netErr), ""}
	}
	summary := ConnectionSummary(w, b.network, b.days, b.now)
	if summary == "" {
		return nil
	}
	if i := b.pointed; i >= 0 && i < len(b.days) {
		day, conn := DayLine(w, b.days[i], stretches[i], b.loc)
		if conn == "" {
			conn = w.Say("window.no_trouble_that_day")
		}
		return []string{day, conn}
	}
	return []string{summary, w.Say("window.connection_hint")}
}

// point shows the day under x, if the captions are shown.
func (b *uptimeBars) point(x float32) {
	n := len(b.days)
	if n == 0 || b.Size().Width <= 0 {
		return
	}
	i := min(n-1, max(0, int(x/b.Size().Width*float32(n))))
	if i != b.pointed {
		b.pointed = i
		b.Refresh()
	}
}

// MouseIn is part of desktop.Hoverable.
func (b *uptimeBars) MouseIn(e *desktop.MouseEvent) { b.point(e.Position.X) }

// MouseMoved is part of desktop.Hoverable.
func (b *uptimeBars) MouseMoved(e *desktop.MouseEvent) { b.point(e.Position.X) }

// MouseOut is part of desktop.Hoverable.
func (b *uptimeBars) MouseOut() {
	if b.pointed >= 0 {
		b.pointed = -1
		b.Refresh()
	}
}

// Tapped shows the day tapped (no pointer on a touch screen).
func (b *uptimeBars) Tapped(e *fyne.PointEvent) { b.point(e.Position.X) }

// CreateRenderer is part of fyne.Widget.
func (b *uptimeBars) CreateRenderer() fyne.WidgetRenderer {
	r := &barsRenderer{bars: b}
	for i := range r.lines {
		r.lines[i] = newFitLabel(fyne.TextStyle{})
	}
	r.Refresh()
	return r
}

// Under the bars: a gap, the connection's marks, and the captions.
const (
	barsHeight = 24
	markGap    = 2
	markHeight = 4
)

// barsRenderer draws an uptimeBars: one rectangle per day, and when the
// connection had trouble, its marks and two lines of captions.
type barsRenderer struct {
	bars    *uptimeBars
	rects   []fyne.CanvasObject
	marks   []*canvas.Rectangle // one per day; shown on the days the connection had trouble
	lines   [2]*fitLabel
	caption bool // the connection had trouble: marks and lines are shown
	objects []fyne.CanvasObject
}

func (r *barsRenderer) Layout(size fyne.Size) {
	n := len(r.rects)
	if n == 0 {
		return
	}
	const gap = 1
	w := (size.Width - gap*float32(n-1)) / float32(n)
	h := size.Height
	if r.caption {
		h = barsHeight
	}
	for i, o := range r.rects {
		o.Move(fyne.NewPos(float32(i)*(w+gap), 0))
		o.Resize(fyne.NewSize(w, h))
		r.marks[i].Move(fyne.NewPos(float32(i)*(w+gap), h+markGap))
		r.marks[i].Resize(fyne.NewSize(w, markHeight))
	}
	y := h + markGap + markHeight
	for _, l := range r.lines {
		lh := l.MinSize().Height
		l.Move(fyne.NewPos(0, y))
		l.Resize(fyne.NewSize(size.Width, lh))
		y += lh
	}
}

func (r *barsRenderer) MinSize() fyne.Size {
	h := float32(barsHeight)
	if r.caption {
		h += markGap + markHeight + r.lines[0].MinSize().Height + r.lines[1].MinSize().Height
	}
	return fyne.NewSize(float32(2*len(r.rects)), h)
}

func (r *barsRenderer) Refresh() {
	b := r.bars
	days := b.days
	for len(r.rects) < len(days) {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
		r.marks = append(r.marks, canvas.NewRectangle(ConnectionColor))
	}
	r.rects, r.marks = r.rects[:len(days)], r.marks[:len(days)]
	stretches := b.dayConnection()
	lines := b.captions(stretches)
	r.caption = lines != nil
	r.objects = append(r.objects[:0], r.rects...)
	for i, d := range days {
		rect := r.rects[i].(*canvas.Rectangle)
		rect.FillColor = StatusColor(DayStatus(d))
		rect.StrokeWidth = 0
		if r.caption && i == b.pointed { // the day the captions speak of
			rect.StrokeColor, rect.StrokeWidth = theme.Color(theme.ColorNameForeground), 1
		}
		rect.Refresh()
		if r.caption && len(stretches[i]) > 0 {
			r.objects = append(r.objects, r.marks[i])
		}
	}
	if r.caption {
		for i, l := range r.lines {
			l.SetFull(lines[i])
			r.objects = append(r.objects, l)
		}
	}
	r.Layout(b.Size())
	canvas.Refresh(b)
}

func (r *barsRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *barsRenderer) Destroy() {}
