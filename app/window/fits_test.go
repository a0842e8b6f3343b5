package window

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/status"
)

// TestWindowsFits builds the history window (an ongoing
// incident with its evidence, its service's uptime bars with the user's
// connection under them), and the settings window, in every language
// DownRadar has a catalog for (read at run time: a catalog added is
// tested), at the size each window opens with. It fails when:
//
//   - the content's minimum size is wider than the window: the desktop
//     would open the window wider than the screen we designed for, or Fyne
//     would squeeze a widget below its minimum and clip it;
//   - a text is cut where it must not be: a one-line label narrower than
//     its whole text (a label that wraps is never cut), a button or a
//     check box narrower than its minimum (which holds its whole text), a
//     select narrower than any of its options needs, or an empty entry
//     narrower than its placeholder.
//
// The rows of lists (incidents, evidence) are left out: they are one line
// each by design, cut with "…" at the window's width, and the detail pane
// shows them whole. Texts are measured with the fonts the test driver finds,
// as the desktop's would be.
func TestWindowsFits(t *testing.T) {
	for _, tag := range label.Languages() {
		t.Run(tag.String(), func(t *testing.T) {
			w := label.New(tag.String())
			if w.Tag() != tag {
				t.Fatalf("label.New(%q) speaks %s", tag, w.Tag())
			}
			f := newFixtureIn(t, w, func(f *fixture) {
				typical(t)(f)
				if err := f.st.RecordNetwork(context.Background(), hm(0, 10, 0), status.Offline, "you are offline"); err != nil {
					t.Fatal(err)
				}
				if err := f.st.RecordNetwork(context.Background(), hm(0, 10, 30), status.Online, ""); err != nil {
					t.Fatal(err)
				}
			})
			f.h.Show(4)
			if len(barsCaptions(f.h.detail.uptime)) == 0 {
				t.Fatal("the uptime bars show no connection")
			}
			fits(t, "history", f.h.Window)
			bars := f.h.detail.uptime
			bars.point(bars.Size().Width - 1) // today, when the connection failed
			fits(t, "history, a day pointed at", f.h.Window)

			dir := t.TempDir()
			s := NewSettings(test.NewTempApp(t), w, SettingsOptions{
				ConfigPath: filepath.Join(dir, "config.toml"), AutostartDir: filepath.Join(dir, "autostart"),
			})
			s.Save() // "Nothing changed.": the status line shows
			fits(t, "settings", s.Window)
		})
	}
}

// fits checks that win's content fits it at the size it has, and that no
// text in it is cut (see TestWindowsFits).
func fits(t *testing.T, name string, win fyne.Window) {
	t.Helper()
	win.Resize(win.Canvas().Size()) // lay out what changed
	content := win.Content()
	if min, size := content.MinSize(), content.Size(); min.Width > size.Width+0.5 {
		t.Errorf("%s: the content needs %.0f pixels, the window gives it %.0f", name, min.Width, size.Width)
	}
	walkShown(content, func(o fyne.CanvasObject) {
		if need, text := wholeWidth(o); need > o.Size().Width+0.5 {
			t.Errorf("%s: %T %q is cut: it needs %.0f pixels, it has %.0f", name, o, text, need, o.Size().Width)
		}
	})
}

// walkShown calls fn for o and every object shown inside it, as drawn,
// except inside lists.
func walkShown(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case *widget.List:
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walkShown(child, fn)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			walkShown(child, fn)
		}
	}
}

// wholeWidth is the width o needs to show its whole text, and that text;
// 0 for an object without text, or whose text wraps.
func wholeWidth(o fyne.CanvasObject) (float32, string) {
	switch w := o.(type) {
	case *widget.Label:
		if w.Text == "" || w.Wrapping != fyne.TextWrapOff {
			return 0, ""
		}
		return widget.NewLabelWithStyle(w.Text, w.Alignment, w.TextStyle).MinSize().Width, w.Text
	case *widget.Button:
		return w.MinSize().Width, w.Text
	case *widget.Check:
		return w.MinSize().Width, w.Text
	case *widget.Select:
		// Fyne sizes a select for its placeholder: one holding the
		// option needs the width to show it whole.
		var need float32
		var text string
		for _, opt := range w.Options {
			probe := widget.NewSelect(nil, nil)
			probe.PlaceHolder = opt
			if n := probe.MinSize().Width; n > need {
				need, text = n, opt
			}
		}
		return need, text
	case *widget.Entry:
		if w.Text != "" || w.PlaceHolder == "" {
			return 0, ""
		}
		return widget.NewLabel(w.PlaceHolder).MinSize().Width, w.PlaceHolder
	}
	return 0, ""
}
