package window

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

func TestDayStatusAndColor(t *testing.T) {
	for _, tc := range []struct {
		d    store.DayUptime
		want status.Status
	}{
		{store.DayUptime{}, status.Unknown},
		{store.DayUptime{Unknown: 5}, status.Unknown},
		{store.DayUptime{Up: 2880}, status.Up},
		{store.DayUptime{Up: 2000, Degraded: 1}, status.Degraded},
		{store.DayUptime{Up: 2000, Partial: 1, Unknown: 3}, status.Degraded},
		{store.DayUptime{Up: 2879, Down: 1}, status.Down},
		{store.DayUptime{Down: 10, Partial: 10}, status.Down},
	} {
		if got := DayStatus(tc.d); got != tc.want {
			t.Errorf("DayStatus(%+v) = %s, want %s", tc.d, got, tc.want)
		}
	}
	seen := map[color.Color]status.Status{}
	for _, s := range []status.Status{status.Up, status.Degraded, status.Down, status.Unknown} {
		c := StatusColor(s)
		if other, dup := seen[c]; dup {
			t.Errorf("%s and %s share a colour", s, other)
		}
		seen[c] = s
	}
	if StatusColor(status.Partial) != StatusColor(status.Degraded) || StatusColor("") != StatusColor(status.Unknown) {
		t.Error("partial should be yellow like degraded, empty grey like unknown")
	}
}

func TestUptimeSummary(t *testing.T) {
	for _, tc := range []struct {
		days []store.DayUptime
		want string
	}{
		{make([]store.DayUptime, 90), "Uptime unknown: no data in the last 90 days"},
		{[]store.DayUptime{{Up: 10}, {Up: 10}}, "100.00% uptime over the last 2 days"},
		{[]store.DayUptime{{Up: 9999, Down: 1}}, "99.99% uptime over the last day"},
		{[]store.DayUptime{{Up: 99999, Down: 1}}, "99.99% uptime over the last day"}, // 99.999 rounds down
		{[]store.DayUptime{{Up: 2, Partial: 2}, {}, {Unknown: 4}}, "75.00% uptime over the last 3 days (2 without data)"},
	} {
		if got := UptimeSummary(nil, tc.days); got != tc.want {
			t.Errorf("UptimeSummary(%+v) = %q, want %q", tc.days, got, tc.want)
		}
	}
}

func TestUptimeBarsLayout(t *testing.T) {
	b := newUptimeBars(nil)
	b.SetDays([]store.DayUptime{{Up: 1}, {}, {Down: 1}, {Degraded: 1}})
	b.Resize(fyne.NewSize(43, 24))
	objs := test.WidgetRenderer(b).Objects()
	if len(objs) != 4 {
		t.Fatalf("%d bars", len(objs))
	}
	want := []status.Status{status.Up, status.Unknown, status.Down, status.Degraded}
	for i, o := range objs {
		r := o.(*canvas.Rectangle)
		if r.FillColor != StatusColor(want[i]) || r.Size() != fyne.NewSize(10, 24) || r.Position().X != float32(i*11) {
			t.Errorf("bar %d: %v at %v size %v", i, r.FillColor, r.Position(), r.Size())
		}
	}
	b.SetDays(nil)
	if n := len(test.WidgetRenderer(b).Objects()); n != 0 {
		t.Errorf("%d bars without days", n)
	}
}
