package window

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/downradar/downradar/app/label"
)

// A right-to-left line too long for its label keeps its beginning: it is
// cut in reading order, then ordered for Fyne; a left-to-right one is left
// to Fyne's own cut.
func TestFitLabelKeepsTheBeginning(t *testing.T) {
	test.NewTempApp(t)
	full := "كواليس عطل نص الليل اختفاء تطبيق إنستجرام في ظروف غامضة ومنع الدخول على حساباتهم عقب توقف الخدمة داخل مصر وحول العالم"
	l := newFitLabel(fyne.TextStyle{})
	l.SetFull(full)
	l.Resize(fyne.NewSize(220, 40))
	if l.Text == label.Visual(full) {
		t.Fatal("the whole line is shown in 220 px")
	}
	var prefix string
	for i := len([]rune(full)); i > 0; i-- {
		if p := string([]rune(full)[:i]); label.Visual(p+"…") == l.Text {
			prefix = p
			break
		}
	}
	if !strings.HasPrefix(prefix, "كواليس عطل") {
		t.Errorf("shown %q: not the line's beginning in visual order", l.Text)
	}
	if w := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width; w > 220-2*theme.InnerPadding() {
		t.Errorf("the cut line is %v px wide", w)
	}
	l.Resize(fyne.NewSize(4000, 40))
	if l.Text != label.Visual(full) {
		t.Errorf("wide enough, shown %q", l.Text)
	}

	ltr := "WhatsApp is down since 14:02 for the web, the chat servers and the media CDN, everywhere"
	l.SetFull(ltr)
	l.Resize(fyne.NewSize(120, 40))
	if l.Text != ltr {
		t.Errorf("a left-to-right line is changed: %q", l.Text)
	}
}
