package window

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
)

// fitLabel is a one-line label cut with "…" to its width, for lines that
// may be right to left (news titles, evidence, rows). Fyne cuts a label's
// text at its end, and a right-to-left line in visual order (label.Visual)
// ends with its beginning: so such a line is cut here, in reading order,
// to the longest beginning that fits, then ordered. Left-to-right lines are
// cut by Fyne as usual.
type fitLabel struct {
	widget.Label
	full  string  // the whole line, in reading order
	width float32 // the width it was cut for
}

func newFitLabel(style fyne.TextStyle) *fitLabel {
	l := &fitLabel{}
	l.TextStyle = style
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// SetFull shows s, cut to the label's width.
func (l *fitLabel) SetFull(s string) {
	l.full = s
	l.Text = l.cut(l.width)
	l.Refresh()
}

// Resize cuts the line again for the new width.
func (l *fitLabel) Resize(s fyne.Size) {
	if s.Width != l.width {
		l.width = s.Width
		if text := l.cut(s.Width); text != l.Text {
			l.Text = text
			l.Label.Resize(s)
			l.Refresh()
			return
		}
	}
	l.Label.Resize(s)
}

// cut is the text to show in width: the whole line in visual order when
// it fits or reads left to right, else its longest beginning that fits,
// with "…", in visual order.
func (l *fitLabel) cut(width float32) string {
	if width <= 0 || !label.RightToLeft(l.full) {
		return shown(l.full)
	}
	room := width - 2*theme.InnerPadding()
	fits := func(s string) bool {
		return fyne.MeasureText(s, theme.TextSize(), l.TextStyle).Width <= room
	}
	if whole := shown(l.full); fits(whole) {
		return whole
	}
	runes := []rune(l.full)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if fits(shown(string(runes[:mid]) + "…")) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return shown(string(runes[:lo]) + "…")
}
