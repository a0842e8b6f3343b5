package window

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// Sparkline window: the incident with an hour either side, at most a day
// and two hours, at most three components, at most sparkSamples each.
const (
	sparkMargin     = time.Hour
	sparkMaxSpan    = 26 * time.Hour
	sparkComponents = 3
	sparkSamples    = 20_000
)

// detailData is what the detail pane shows, read off the UI goroutine.
type detailData struct {
	id      int64            // incident asked for; 0 for none
	inc     history.Incident // with Evidence, when err is nil
	err     error            // reading the incident
	service string           // service of the uptime panel; "" for none
	uptime  []store.DayUptime
	upErr   error
	from    time.Time // sparkline window
	to      time.Time
	sparks  []sparkData
}

type sparkData struct {
	component string
	samples   []store.Sample
	err       error
}

// readDetail reads incident id (0: none) with its evidence, latencies and
// the uptime of its service — or, with no incident, of service.
func readDetail(ctx context.Context, st *store.Store, id int64, service string, now time.Time) detailData {
	d := detailData{id: id, service: service}
	if id != 0 {
		d.inc, d.err = st.Incident(ctx, id)
		d.service = ""
		if d.err != nil {
			return d
		}
		d.service = d.inc.Service
		d.from, d.to = sparkWindow(d.inc, now)
		comps := d.inc.Components
		if len(comps) == 0 {
			comps = []string{""}
		}
		for _, c := range comps[:min(len(comps), sparkComponents)] {
			s, err := st.LatenciesBetween(ctx, d.service, c, d.from, d.to, sparkSamples)
			d.sparks = append(d.sparks, sparkData{component: c, samples: s, err: err})
		}
	}
	if d.service != "" {
		d.uptime, d.upErr = st.Uptime(ctx, d.service, uptimeDays, now)
	}
	return d
}

// sparkWindow is the time span of inc's sparklines: from an hour before it
// started to an hour after it ended (or now), at most sparkMaxSpan, ending
// at the latest now.
func sparkWindow(inc history.Incident, now time.Time) (from, to time.Time) {
	to = now
	if !inc.Ongoing() && inc.End.Add(sparkMargin).Before(now) {
		to = inc.End.Add(sparkMargin)
	}
	from = inc.Start.Add(-sparkMargin)
	if to.Sub(from) > sparkMaxSpan {
		from = to.Add(-sparkMaxSpan)
	}
	if !to.After(from) {
		to = from.Add(sparkMargin)
	}
	return from, to
}

// detailPane shows one incident: above, a header, the service's uptime bars
// and latency sparklines; below, the evidence timeline, a virtual list since
// a long outage gathers thousands of failed probes.
type detailPane struct {
	words *label.Words
	open  func(*url.URL) // opens a safe link

	message  *widget.Label
	title    *widget.Label
	fields   *fyne.Container
	upLabel  *widget.Label
	uptime   *uptimeBars
	sparks   *fyne.Container
	evLabel  *widget.Label
	evidence *widget.List
	timeline *fyne.Container // evLabel over evidence
	summary  *fyne.Container // the part above the timeline
	split    *container.Split
	entries  []EvidenceEntry
	text     string
	data     detailData
	root     fyne.CanvasObject
}

func newDetailPane(w *label.Words, open func(*url.URL)) *detailPane {
	d := &detailPane{words: w, open: open}
	d.message = newLabel("")
	d.message.Wrapping = fyne.TextWrapWord
	d.title = newBold("")
	d.fields = container.New(layout.NewFormLayout())
	d.upLabel = newLabel("")
	d.upLabel.Wrapping = fyne.TextWrapWord
	d.uptime = newUptimeBars(w)
	d.sparks = container.NewVBox()
	d.evLabel = newBold("")
	d.evidence = widget.NewList(func() int { return len(d.entries) }, newEvidenceItem,
		func(i widget.ListItemID, o fyne.CanvasObject) { d.setItem(d.entries[i], o) })
	d.summary = container.NewVBox(d.title, d.message, d.fields, d.upLabel, d.uptime, d.sparks)
	d.timeline = container.NewBorder(d.evLabel, nil, nil, nil, d.evidence)
	d.split = container.NewVSplit(container.NewVScroll(d.summary), d.timeline)
	d.split.Offset = 0.6
	d.root = d.split
	d.show(detailData{}, time.Time{}, time.UTC)
	return d
}

// show puts d on screen, durations counted to now, times in loc.
func (p *detailPane) show(d detailData, now time.Time, loc *time.Location) {
	w := p.words
	same := d.id == p.data.id
	p.data = d
	hasInc := d.id != 0 && d.err == nil
	id := w.Digits(strconv.FormatInt(d.id, 10))
	switch {
	case d.id == 0:
		p.text = w.Say("window.select_hint")
	case errors.Is(d.err, store.ErrNotFound):
		p.text = w.Say("window.not_found", "ID", id)
	case d.err != nil:
		p.text = w.Say("window.cannot_read_incident", "ID", id, "Error", d.err)
	default:
		p.text = IncidentDetail(w, d.inc, now, loc)
	}
	setText(p.message, p.text)
	showIf(p.message, !hasInc)
	showIf(p.title, hasInc || d.service != "")
	for _, o := range []fyne.CanvasObject{p.fields, p.sparks, p.timeline} {
		showIf(o, hasInc)
	}
	showIf(p.upLabel, d.service != "")
	showIf(p.uptime, d.service != "" && d.upErr == nil)
	setText(p.title, d.service)
	p.entries = nil
	if hasInc {
		setText(p.title, IncidentTitle(w, d.inc))
		p.tick(now, loc)
		for _, e := range d.inc.Evidence {
			p.entries = append(p.entries, NewEvidenceEntry(w, e, now.In(loc)))
		}
		setText(p.evLabel, w.Count("window.evidence", len(p.entries)))
		p.setSparks(d, now, loc)
	}
	p.evidence.Refresh()
	if !same {
		p.evidence.ScrollToOffset(0)
	}
	p.summary.Refresh() // what is shown changed: lay out again
	p.split.Refresh()
	switch {
	case d.upErr != nil:
		setText(p.upLabel, w.Say("window.cannot_read_uptime", "Error", d.upErr))
	case d.service != "":
		setText(p.upLabel, UptimeSummary(w, d.uptime))
		p.uptime.SetDays(d.uptime)
	}
}

// tick writes the header fields again with durations counted to now.
func (p *detailPane) tick(now time.Time, loc *time.Location) {
	if p.data.id == 0 || p.data.err != nil {
		return
	}
	fields := IncidentFields(p.words, p.data.inc, now, loc)
	if len(p.fields.Objects) != 2*len(fields) {
		p.fields.Objects = nil
		for range fields {
			p.fields.Add(widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
			p.fields.Add(widget.NewLabel(""))
		}
	}
	for i, f := range fields {
		setText(p.fields.Objects[2*i].(*widget.Label), f.Name)
		setText(p.fields.Objects[2*i+1].(*widget.Label), f.Value)
	}
	p.text = IncidentDetail(p.words, p.data.inc, now, loc)
}

func (p *detailPane) setSparks(d detailData, now time.Time, loc *time.Location) {
	w := p.words
	p.sparks.Objects = nil
	band := d.inc.End
	if d.inc.Ongoing() {
		band = d.to
	}
	now = now.In(loc)
	p.sparks.Add(wrapped(w.Say("window.latency_span", "From", dateTime(w, d.from, now), "To", dateTime(w, d.to, now))))
	for _, s := range d.sparks {
		if s.err != nil {
			p.sparks.Add(wrapped(w.Say("window.cannot_read_latencies", "Component", componentName(w, s.component), "Error", s.err)))
			continue
		}
		p.sparks.Add(wrapped(SparkCaption(w, s.component, s.samples)))
		if len(s.samples) > 0 {
			p.sparks.Add(newSparkline(s.samples, d.from, d.to, d.inc.Start, band))
		}
	}
	p.sparks.Refresh()
}

// newEvidenceItem is the template of a timeline entry: a line saying when,
// where from and what, and under it the message or the link.
func newEvidenceItem() fyne.CanvasObject {
	head := newFitLabel(fyne.TextStyle{})
	msg := newFitLabel(fyne.TextStyle{})
	link := widget.NewHyperlink("", nil)
	link.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(head, container.NewStack(msg, link))
}

func (p *detailPane) setItem(e EvidenceEntry, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	head := box.Objects[0].(*fitLabel)
	stack := box.Objects[1].(*fyne.Container)
	msg, link := stack.Objects[0].(*fitLabel), stack.Objects[1].(*widget.Hyperlink)
	head.SetFull(e.Head())
	text := e.Message
	if e.RawLink != "" {
		text = e.notWeb
	}
	msg.SetFull(text)
	showIf(msg, e.Link == nil)
	showIf(link, e.Link != nil)
	if u := e.Link; u != nil {
		link.SetText(shown(u.String()))
		link.SetURL(u)
		link.OnTapped = func() { p.open(u) }
	}
}

func showIf(o fyne.CanvasObject, v bool) {
	if v {
		o.Show()
	} else {
		o.Hide()
	}
}

// wrapped is a label showing s on as many lines as its width needs.
func wrapped(s string) *widget.Label {
	l := newLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
