package window

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// Spark is a latency sparkline scaled into a box of a given size.
type Spark struct {
	Lines [][]fyne.Position // runs of working checks; failures and long gaps break them
	Fails []float32         // x of the columns holding a failed check
	Max   int64             // latency at the top of the box, ms; 0 when no check worked
}

// SparkPoints scales samples taken in [from, to) into size: time left to
// right in cols columns, each the worst (highest) latency of its working
// checks, latency bottom (0) to top (Max). A column with a failed check
// (status down or partial) breaks the line and is listed in Fails, as is a
// gap of more than three times the median interval between samples.
// Unknown samples are left out.
func SparkPoints(samples []store.Sample, from, to time.Time, size fyne.Size, cols int) Spark {
	var sp Spark
	span := to.Sub(from)
	if cols <= 0 || span <= 0 || size.Width <= 0 || size.Height <= 0 {
		return sp
	}
	type column struct {
		lat      int64
		ok, fail bool
		last     time.Time
	}
	col := make([]column, cols)
	for _, s := range samples {
		if s.At.Before(from) || !s.At.Before(to) {
			continue
		}
		c := &col[min(cols-1, int(float64(s.At.Sub(from))/float64(span)*float64(cols)))]
		switch s.Status {
		case status.Up, status.Degraded:
			c.lat, c.ok, c.last = max(c.lat, s.LatencyMS), true, s.At
			sp.Max = max(sp.Max, s.LatencyMS)
		case status.Down, status.Partial:
			c.fail = true
		}
	}
	maxGap := 3 * medianInterval(samples)
	scale := float32(1)
	if sp.Max > 0 {
		scale = size.Height / float32(sp.Max)
	}
	var run []fyne.Position
	var prev time.Time
	flush := func() {
		if len(run) > 0 {
			sp.Lines = append(sp.Lines, run)
		}
		run = nil
	}
	for i, c := range col {
		x := (float32(i) + 0.5) * size.Width / float32(cols)
		if c.fail {
			sp.Fails = append(sp.Fails, x)
			flush()
		}
		if !c.ok {
			continue
		}
		if len(run) > 0 && maxGap > 0 && c.last.Sub(prev) > maxGap {
			flush()
		}
		run = append(run, fyne.NewPos(x, size.Height-float32(c.lat)*scale))
		prev = c.last
	}
	flush()
	return sp
}

// medianInterval is the median time between consecutive samples, 0 for
// fewer than two.
func medianInterval(samples []store.Sample) time.Duration {
	var d []time.Duration
	for i := 1; i < len(samples); i++ {
		if gap := samples[i].At.Sub(samples[i-1].At); gap > 0 {
			d = append(d, gap)
		}
	}
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// SparkCaption sums up one component's samples above its sparkline, in
// w's language.
func SparkCaption(w *label.Words, component string, samples []store.Sample) string {
	name := componentName(w, component)
	var ok []int64
	var failed int
	for _, s := range samples {
		switch s.Status {
		case status.Up, status.Degraded:
			ok = append(ok, s.LatencyMS)
		case status.Down, status.Partial:
			failed++
		}
	}
	switch {
	case len(samples) == 0:
		return w.Say("window.spark_none", "Component", name)
	case len(ok) == 0:
		return w.Count("window.spark_all_failed", failed, "Component", name)
	}
	slices.Sort(ok)
	s := w.Say("window.spark", "Component", name, "Median", ms(w, ok[len(ok)/2]), "Max", ms(w, ok[len(ok)-1]))
	if failed > 0 {
		s = w.Count("window.spark_failed", failed, "Caption", s)
	}
	return s
}

// componentName is a sparkline's component: "" stands for all of them.
func componentName(w *label.Words, c string) string {
	if c == "" {
		return w.Say("window.all_components")
	}
	return c
}

// sparkline draws a component's latency over [from, to), shading the
// incident's span [bandFrom, bandTo).
type sparkline struct {
	widget.BaseWidget
	samples                    []store.Sample
	from, to, bandFrom, bandTo time.Time
}

func newSparkline(samples []store.Sample, from, to, bandFrom, bandTo time.Time) *sparkline {
	s := &sparkline{samples: samples, from: from, to: to, bandFrom: bandFrom, bandTo: bandTo}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer is part of fyne.Widget.
func (s *sparkline) CreateRenderer() fyne.WidgetRenderer {
	return &sparkRenderer{spark: s, band: canvas.NewRectangle(color.NRGBA{R: 0xd7, G: 0x3a, B: 0x49, A: 0x30})}
}

// sparkRenderer draws a sparkline: the incident band, line segments and
// failure ticks, made again at each layout.
type sparkRenderer struct {
	spark   *sparkline
	band    *canvas.Rectangle
	objects []fyne.CanvasObject
}

// sparkColumns bounds the points of a sparkline, however wide it is.
const sparkColumns = 240

func (r *sparkRenderer) Layout(size fyne.Size) {
	s := r.spark
	x := func(t time.Time) float32 {
		f := float64(t.Sub(s.from)) / float64(s.to.Sub(s.from))
		return float32(min(max(f, 0), 1)) * size.Width
	}
	r.band.Move(fyne.NewPos(x(s.bandFrom), 0))
	r.band.Resize(fyne.NewSize(x(s.bandTo)-x(s.bandFrom), size.Height))
	r.objects = []fyne.CanvasObject{r.band}
	sp := SparkPoints(s.samples, s.from, s.to, size, min(sparkColumns, max(1, int(size.Width/2))))
	line := StatusColor(status.Up)
	for _, run := range sp.Lines {
		if len(run) == 1 {
			run = []fyne.Position{run[0].SubtractXY(1, 0), run[0].AddXY(1, 0)}
		}
		for i := 1; i < len(run); i++ {
			l := canvas.NewLine(line)
			l.StrokeWidth = 1.5
			l.Position1, l.Position2 = run[i-1], run[i]
			r.objects = append(r.objects, l)
		}
	}
	for _, fx := range sp.Fails {
		t := canvas.NewLine(StatusColor(status.Down))
		t.StrokeWidth = 2
		t.Position1, t.Position2 = fyne.NewPos(fx, size.Height-6), fyne.NewPos(fx, size.Height)
		r.objects = append(r.objects, t)
	}
}

func (r *sparkRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 36) }

func (r *sparkRenderer) Refresh() {
	r.Layout(r.spark.Size())
	canvas.Refresh(r.spark)
}

func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *sparkRenderer) Destroy() {}
