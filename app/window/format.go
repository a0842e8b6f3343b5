package window

import (
	"strconv"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
)

// ListRow is the text of one incident in the list: a title line and a detail line.
type ListRow struct {
	Title  string // "✖ Facebook — DNS, Web"
	Detail string // "Mon 4 Oct 15:39 · ongoing for 6 h 14 min · down · seen from here"
}

// String joins the two lines of r.
func (r ListRow) String() string { return r.Title + "\n" + r.Detail }

// sep separates the parts of a line: "15:39 · 12 min · down".
const sep = " · "

// IncidentRow is the list row of inc in w's language, with times in loc
// and durations of ongoing incidents counted to now.
func IncidentRow(w *label.Words, inc history.Incident, now time.Time, loc *time.Location) ListRow {
	return ListRow{
		Title: label.Mark(inc.Peak) + " " + w.Say("window.row_title", "Service", serviceName(w, inc.Service), "Components", Components(w, inc.Components)),
		Detail: strings.Join([]string{when(w, inc.Start, now.In(loc)), DurationLabel(w, inc, now),
			w.Severity(inc.Peak), w.Scope(inc.Scope)}, sep),
	}
}

// DetailField is one line of the detail pane's header.
type DetailField struct{ Name, Value string }

// IncidentFields is the header of inc's detail: what, when, how bad.
func IncidentFields(w *label.Words, inc history.Incident, now time.Time, loc *time.Location) []DetailField {
	end := w.Say("window.ongoing")
	if !inc.Ongoing() {
		end = instant(w, inc.End, now.In(loc))
	}
	return []DetailField{
		{w.Say("window.field_service"), serviceName(w, inc.Service)},
		{w.Say("window.field_components"), Components(w, inc.Components)},
		{w.Say("window.field_started"), instant(w, inc.Start, now.In(loc))},
		{w.Say("window.field_ended"), end},
		{w.Say("window.field_duration"), DurationLabel(w, inc, now)},
		{w.Say("window.field_peak"), label.Mark(inc.Peak) + " " + w.Severity(inc.Peak)},
		{w.Say("window.field_scope"), w.Scope(inc.Scope)},
	}
}

// IncidentTitle names an incident: "Facebook incident #42".
func IncidentTitle(w *label.Words, inc history.Incident) string {
	return w.Say("window.incident", "Service", serviceName(w, inc.Service), "ID", w.Digits(strconv.FormatInt(inc.ID, 10)))
}

// IncidentDetail is inc's detail as plain text: the header fields, then
// one line per piece of evidence.
func IncidentDetail(w *label.Words, inc history.Incident, now time.Time, loc *time.Location) string {
	var b strings.Builder
	b.WriteString(IncidentTitle(w, inc) + "\n")
	for _, f := range IncidentFields(w, inc, now, loc) {
		b.WriteString(w.Say("window.field", "Name", f.Name, "Value", f.Value) + "\n")
	}
	b.WriteString("\n" + w.Count("window.evidence_lines", len(inc.Evidence)) + "\n")
	for _, e := range inc.Evidence {
		b.WriteString(NewEvidenceEntry(w, e, now.In(loc)).String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Components lists component names, or says they are unknown.
func Components(w *label.Words, c []string) string {
	if len(c) == 0 {
		return w.Say("window.components_unknown")
	}
	return strings.Join(c, w.Say("label.list_comma"))
}

// DurationLabel is "12 min" for an ended incident, "ongoing for 6 h 14 min" for one
// still going.
func DurationLabel(w *label.Words, inc history.Incident, now time.Time) string {
	if inc.Ongoing() {
		return w.Say("window.ongoing_for", "Duration", w.Duration(inc.Duration(now)))
	}
	return w.Duration(inc.Duration(now))
}

// CountLabel is the line above the list.
func CountLabel(w *label.Words, total int, filtered bool) string {
	switch {
	case total == 0 && filtered:
		return w.Say("window.none_match")
	case total == 0:
		return w.Say("window.none_yet")
	}
	return w.Count("window.incidents", total)
}

// serviceName is a service's name, or says it is unknown.
func serviceName(w *label.Words, s string) string {
	if s == "" {
		return w.Say("window.service_unknown")
	}
	return s
}
