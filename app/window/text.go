package window

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
)

// shown is every text the windows draw, as Fyne must get it: Fyne draws a
// line's runs in logical order, so right-to-left lines are reordered here
// (label.Visual). Texts Fyne does not draw (window titles, which the
// desktop draws) and texts the user edits (entries) do not pass through it.
func shown(s string) string { return label.Visual(s) }

// newLabel is a label showing s.
func newLabel(s string) *widget.Label { return widget.NewLabel(shown(s)) }

// newBold is a bold label showing s.
func newBold(s string) *widget.Label {
	return widget.NewLabelWithStyle(shown(s), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// setText shows s in l.
func setText(l *widget.Label, s string) { l.SetText(shown(s)) }

// showError shows msg in a dialog over parent, worded in w's language
// (Fyne's own dialog.ShowError words its title and button in Fyne's).
func showError(w *label.Words, msg string, parent fyne.Window) {
	text := newLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(shown(w.Say("window.error")), shown(w.Say("window.ok")), text, parent)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	d.Show()
}

// day is t's date: "Mon 2 Nov", with the year when it is not now's
// ("Mon 2 Nov 2024"), t in now's location.
func day(w *label.Words, t, now time.Time) string {
	t = t.In(now.Location())
	if t.Year() == now.Year() {
		return w.Date(t)
	}
	return w.Say("window.date_year", "Date", w.Date(t), "Year", w.Digits(strconv.Itoa(t.Year())))
}

// dateTime is t's date and time of day, in now's location: "Mon 2 Nov
// 14:02", with the year when it is not now's.
func dateTime(w *label.Words, t, now time.Time) string {
	return w.Say("label.date_time", "Date", day(w, t, now), "Time", w.Time(t.In(now.Location())))
}

// when is t as the list says it: "14:02" today, else dateTime.
func when(w *label.Words, t, now time.Time) string {
	t, y, m, d := t.In(now.Location()), now.Year(), now.Month(), now.Day()
	if t.Year() == y && t.Month() == m && t.Day() == d {
		return w.Time(t)
	}
	return dateTime(w, t, now)
}

// instant is t to the second, with its zone, for the detail pane: "Mon 2
// Nov 2024 14:02:05 CET".
func instant(w *label.Words, t, now time.Time) string {
	t = t.In(now.Location())
	return w.Say("window.instant", "Date", day(w, t, now), "Time", w.Digits(t.Format("15:04:05")), "Zone", t.Format("MST"))
}

// percent is p with two decimals in w's language: "99.50", "99,50", "٩٩٫٥٠".
func percent(w *label.Words, p float64) string {
	return w.Fixed(p, 2)
}

// ms is a latency: "340 ms".
func ms(w *label.Words, n int64) string { return w.Say("window.ms", "MS", w.Number(int(n))) }
