package window

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

func sample(min int, st status.Status, ms int64) store.Sample {
	return store.Sample{At: testNow().Add(time.Duration(min) * time.Minute), Status: st, LatencyMS: ms}
}

func TestSparkPoints(t *testing.T) {
	from, to := testNow(), testNow().Add(10*time.Minute)
	size := fyne.NewSize(100, 50)
	samples := []store.Sample{
		sample(-1, status.Up, 999), // before the window: left out
		sample(0, status.Up, 50),
		sample(1, status.Degraded, 100),
		sample(1, status.Up, 20), // same column: the worst latency counts
		sample(2, status.Down, 5000),
		sample(3, status.Up, 25),
		sample(4, status.Unknown, 700), // left out
		sample(5, status.Up, 50),
		sample(9, status.Up, 100), // after a gap of 4 minutes > 3 × the 1-minute median
		sample(10, status.Up, 1),  // at to: left out
	}
	sp := SparkPoints(samples, from, to, size, 10)
	want := [][]fyne.Position{
		{{X: 5, Y: 25}, {X: 15, Y: 0}},
		{{X: 35, Y: 37.5}, {X: 55, Y: 25}},
		{{X: 95, Y: 0}},
	}
	if sp.Max != 100 || len(sp.Fails) != 1 || sp.Fails[0] != 25 {
		t.Errorf("max %d, fails %v", sp.Max, sp.Fails)
	}
	if len(sp.Lines) != len(want) {
		t.Fatalf("lines %v, want %v", sp.Lines, want)
	}
	for i := range want {
		if len(sp.Lines[i]) != len(want[i]) {
			t.Errorf("line %d: %v, want %v", i, sp.Lines[i], want[i])
			continue
		}
		for j := range want[i] {
			if sp.Lines[i][j] != want[i][j] {
				t.Errorf("line %d point %d: %v, want %v", i, j, sp.Lines[i][j], want[i][j])
			}
		}
	}
	for _, tc := range []struct {
		name     string
		from, to time.Time
		size     fyne.Size
		cols     int
	}{
		{"empty window", from, from, size, 10},
		{"no columns", from, to, size, 0},
		{"no width", from, to, fyne.NewSize(0, 50), 10},
	} {
		if sp := SparkPoints(samples, tc.from, tc.to, tc.size, tc.cols); len(sp.Lines) != 0 || len(sp.Fails) != 0 {
			t.Errorf("%s: %+v", tc.name, sp)
		}
	}
	if sp := SparkPoints([]store.Sample{sample(1, status.Up, 0), sample(2, status.Up, 0)}, from, to, size, 10); sp.Max != 0 || sp.Lines[0][0].Y != 50 {
		t.Errorf("all zero latencies: %+v", sp)
	}
}

func TestSparkCaption(t *testing.T) {
	for _, tc := range []struct {
		comp    string
		samples []store.Sample
		want    string
	}{
		{"Web", nil, "Web: no latency samples kept for this period"},
		{"", []store.Sample{sample(0, status.Up, 10)}, "All components latency: median 10 ms, max 10 ms"},
		{"DNS", []store.Sample{sample(0, status.Up, 10), sample(1, status.Up, 30), sample(2, status.Degraded, 20), sample(3, status.Down, 9000)},
			"DNS latency: median 20 ms, max 30 ms; 1 failed check"},
		{"API", []store.Sample{sample(0, status.Down, 10), sample(1, status.Unknown, 10)}, "API: no check worked (1 failed); latency unknown"},
	} {
		if got := SparkCaption(nil, tc.comp, tc.samples); got != tc.want {
			t.Errorf("SparkCaption(%q) = %q, want %q", tc.comp, got, tc.want)
		}
	}
}

func TestSparkWindow(t *testing.T) {
	now := testNow()
	for _, tc := range []struct {
		name     string
		inc      history.Incident
		from, to time.Time
	}{
		{"ongoing", history.Incident{Start: now.Add(-time.Hour)}, now.Add(-2 * time.Hour), now},
		{"ended long ago", history.Incident{Start: now.Add(-48 * time.Hour), End: now.Add(-47 * time.Hour)}, now.Add(-49 * time.Hour), now.Add(-46 * time.Hour)},
		{"ended just now", history.Incident{Start: now.Add(-time.Hour), End: now.Add(-time.Minute)}, now.Add(-2 * time.Hour), now},
		{"long: the last 26 hours", history.Incident{Start: now.Add(-72 * time.Hour)}, now.Add(-26 * time.Hour), now},
		{"starts in the future", history.Incident{Start: now.Add(2 * time.Hour)}, now.Add(time.Hour), now.Add(2 * time.Hour)},
	} {
		from, to := sparkWindow(tc.inc, now)
		if !from.Equal(tc.from) || !to.Equal(tc.to) {
			t.Errorf("%s: %s – %s, want %s – %s", tc.name, from, to, tc.from, tc.to)
		}
	}
}

func TestSparklineDraws(t *testing.T) {
	from := testNow()
	s := newSparkline([]store.Sample{sample(0, status.Up, 10), sample(1, status.Up, 20), sample(2, status.Down, 0)},
		from, from.Add(4*time.Minute), from.Add(2*time.Minute), from.Add(3*time.Minute))
	s.Resize(fyne.NewSize(80, 40))
	var lines, ticks int
	var band *canvas.Rectangle
	for _, o := range test.WidgetRenderer(s).Objects() {
		switch o := o.(type) {
		case *canvas.Rectangle:
			band = o
		case *canvas.Line:
			if o.StrokeColor == StatusColor(status.Down) {
				ticks++
			} else {
				lines++
			}
		}
	}
	if lines != 1 || ticks != 1 || band == nil || band.Position().X != 40 || band.Size().Width != 20 {
		t.Errorf("%d lines, %d ticks, band %v", lines, ticks, band)
	}
}
