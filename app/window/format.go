package window

import (
	"fmt"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
)

// unknownText is what the window says for anything it does not know.
const unknownText = "unknown"

// ListRow is the text of one incident in the list: a title line and a detail line.
type ListRow struct {
	Title  string // "✖ Facebook — DNS, Web"
	Detail string // "2021-10-04 15:39 · ongoing for 6 h 14 min · down · seen from here"
}

// String joins the two lines of r.
func (r ListRow) String() string { return r.Title + "\n" + r.Detail }

// IncidentRow is the list row of inc, with times in loc and durations of
// ongoing incidents counted to now.
func IncidentRow(inc history.Incident, now time.Time, loc *time.Location) ListRow {
	return ListRow{
		Title: fmt.Sprintf("%s %s — %s", label.Mark(inc.Peak), orUnknown(inc.Service), Components(inc.Components)),
		Detail: strings.Join([]string{inc.Start.In(loc).Format("2006-01-02 15:04"), DurationLabel(inc, now),
			label.Severity(inc.Peak), label.Scope(inc.Scope)}, " · "),
	}
}

// DetailField is one line of the detail pane's header.
type DetailField struct{ Name, Value string }

// IncidentFields is the header of inc's detail: what, when, how bad.
func IncidentFields(inc history.Incident, now time.Time, loc *time.Location) []DetailField {
	end := "ongoing"
	if !inc.Ongoing() {
		end = inc.End.In(loc).Format(detailTimeLayout)
	}
	return []DetailField{
		{"Service", orUnknown(inc.Service)},
		{"Components", Components(inc.Components)},
		{"Started", inc.Start.In(loc).Format(detailTimeLayout)},
		{"Ended", end},
		{"Duration", DurationLabel(inc, now)},
		{"Peak", label.Mark(inc.Peak) + " " + label.Severity(inc.Peak)},
		{"Scope", label.Scope(inc.Scope)},
	}
}

// detailTimeLayout is how the detail pane writes an instant.
const detailTimeLayout = "2006-01-02 15:04:05 MST"

// IncidentDetail is inc's detail as plain text: the header fields, then
// one line per piece of evidence.
func IncidentDetail(inc history.Incident, now time.Time, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s incident #%d\n", orUnknown(inc.Service), inc.ID)
	for _, f := range IncidentFields(inc, now, loc) {
		fmt.Fprintf(&b, "%s: %s\n", f.Name, f.Value)
	}
	fmt.Fprintf(&b, "\nEvidence (%d):\n", len(inc.Evidence))
	for _, e := range inc.Evidence {
		b.WriteString(NewEvidenceEntry(e, loc).String())
		b.WriteByte('\n')
	}
	return b.String()
}

// Components lists component names, or says they are unknown.
func Components(c []string) string {
	if len(c) == 0 {
		return "components unknown"
	}
	return strings.Join(c, ", ")
}

// DurationLabel is "12 min" for an ended incident, "ongoing for 6 h 14 min" for one
// still going.
func DurationLabel(inc history.Incident, now time.Time) string {
	if inc.Ongoing() {
		return "ongoing for " + label.Duration(inc.Duration(now))
	}
	return label.Duration(inc.Duration(now))
}

// CountLabel is the line above the list.
func CountLabel(total int, filtered bool) string {
	switch {
	case total == 0 && filtered:
		return "No incidents match these filters."
	case total == 0:
		return "No incidents recorded yet."
	case total == 1:
		return "1 incident"
	}
	return fmt.Sprintf("%d incidents", total)
}

// orUnknown returns s, or "unknown" when s is empty.
func orUnknown(s string) string {
	if s == "" {
		return unknownText
	}
	return s
}
