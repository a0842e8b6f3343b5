// Package statuspage reads the official status pages of the services
// DownRadar watches: Atlassian Statuspage, incident.io, Slack, Google Cloud
// and Workspace, status.io, Instatus, and plain Atom/RSS incident histories.
//
// Each provider's payload becomes one Page: an overall Level, the components
// with their levels, and the ongoing incidents (resolved and completed ones are
// left out). A Level maps onto the project's status.Status; maintenance is
// never an outage. Parse decodes a payload; Client fetches one with
// conditional GETs, detects the kind of a page it is not told, and caps what
// it reads. Any failure is an error: a page that cannot be read says nothing,
// and the caller treats it as Unknown, never as operational.
//
// Pages are values to read, not to change: a Client may hand the same
// slices to several callers.
package statuspage

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// Polling intervals for the config: the default, and the least a config may
// ask for (status pages change in minutes and some rate-limit eager clients).
const (
	DefaultInterval = 3 * time.Minute
	MinInterval     = time.Minute
)

// Kind names a status page provider, that is, a payload format.
type Kind string

// The kinds. The empty Kind means "detect it".
const (
	KindAtlassian  Kind = "atlassian"
	KindIncidentIO Kind = "incidentio"
	KindSlack      Kind = "slack"
	KindGoogle     Kind = "google"
	KindStatusIO   Kind = "statusio"
	KindInstatus   Kind = "instatus"
	KindFeed       Kind = "feed"
)

// Kinds lists the known kinds, in a fixed order.
func Kinds() []Kind {
	return []Kind{KindAtlassian, KindIncidentIO, KindSlack, KindGoogle, KindStatusIO, KindInstatus, KindFeed}
}

// ParseKind reads a kind from a config value, ignoring case and surrounding
// space. The empty string is allowed and gives "" (detect).
func ParseKind(s string) (Kind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if k := Kind(s); slices.Contains(Kinds(), k) {
		return k, nil
	}
	names := make([]string, 0, len(Kinds()))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return "", fmt.Errorf("unknown status page kind %q (want one of %s, or empty to detect)", s, strings.Join(names, ", "))
}

// Level is how a status page rates a component, an incident or itself. The
// values order by severity; Unknown is the lowest, so the worst of a known
// level and Unknown is the known one.
type Level int

// The levels, from least to most severe.
const (
	Unknown     Level = iota // the page did not say, or said nothing we understand
	Operational              // working
	Maintenance              // planned work in progress: not an outage
	Degraded                 // working, slowly or with errors
	Partial                  // some of it is down
	Major                    // down
)

// String gives the level's config and log word.
func (l Level) String() string {
	switch l {
	case Operational:
		return "operational"
	case Maintenance:
		return "maintenance"
	case Degraded:
		return "degraded"
	case Partial:
		return "partial_outage"
	case Major:
		return "major_outage"
	}
	return "unknown"
}

// Status maps the level onto the project's states. Maintenance is Up: the
// provider planned it, and it is not an outage.
func (l Level) Status() status.Status {
	switch l {
	case Operational, Maintenance:
		return status.Up
	case Degraded:
		return status.Degraded
	case Partial:
		return status.Partial
	case Major:
		return status.Down
	}
	return status.Unknown
}

// Outage reports whether the level is a problem: Degraded, Partial or Major.
func (l Level) Outage() bool { return l >= Degraded && l <= Major }

// valid reports whether l is one of the defined levels.
func (l Level) valid() bool { return l >= Unknown && l <= Major }

// describe is the summary line for a page whose provider gives none.
func describe(l Level) string {
	switch l {
	case Operational:
		return "All Systems Operational"
	case Maintenance:
		return "Service Under Maintenance"
	case Degraded:
		return "Degraded Performance"
	case Partial:
		return "Partial System Outage"
	case Major:
		return "Major System Outage"
	}
	return "Status Unknown"
}

// Component is one part of a service as its status page lists it.
type Component struct {
	ID    string
	Name  string
	Group string // the name of the group it sits in, if any
	Level Level
	Raw   string // the provider's own word for the state, e.g. "partial_outage"
}

// Update is one message posted on an incident.
type Update struct {
	At     time.Time
	Status string // the provider's word, e.g. "identified"
	Body   string
}

// Incident is one ongoing incident or maintenance. Text fields hold the
// provider's text as is: they are not HTML-safe.
type Incident struct {
	ID, Title, Status, Impact, URL string
	Started, Updated               time.Time
	Level                          Level    // from the impact or severity; maintenance is Maintenance
	Components                     []string // names of the affected components; none: the page as a whole
	Updates                        []Update // newest first
}

// Page is the state of one status page at one time.
type Page struct {
	Kind        Kind
	Name        string
	URL         string // the page for humans
	Level       Level  // overall: the provider's own rating, raised to its worst component or ongoing incident
	Description string // e.g. "All Systems Operational", "Partial System Outage"
	Components  []Component
	Incidents   []Incident // ongoing only: resolved and completed ones are left out
	Fetched     time.Time
	// AffectedOnly: the provider lists only the components in trouble (or
	// ever in trouble), so one it does not list is operational (Google's
	// products, Slack's services). Other pages list every component.
	AffectedOnly bool
	// Unscoped: the provider does not say which components its incidents
	// touch (Instatus), so an incident that names none does not concern
	// every mapping; the components' own levels tell.
	Unscoped bool
	// Unattributed is the trouble the page reports without naming any
	// component or incident (Slack's "active" with no incident listed):
	// like an incident that names no component, it concerns every mapping.
	Unattributed Level
}

// finish puts a parsed page in its final shape: updates newest first, a
// description when the provider gave none.
func (p *Page) finish() {
	for i := range p.Incidents {
		slices.SortStableFunc(p.Incidents[i].Updates, func(a, b Update) int { return b.At.Compare(a.At) })
	}
	if p.Description == "" {
		p.Description = describe(p.Level)
	}
}

// worstComponent is the worst level among the components, or Unknown when
// there are none.
func worstComponent(cs []Component) Level {
	l := Unknown
	for _, c := range cs {
		l = max(l, c.Level)
	}
	return l
}

// worstIncident is the worst level among the incidents, or Unknown when there
// are none.
func worstIncident(is []Incident) Level {
	l := Unknown
	for _, i := range is {
		l = max(l, i.Level)
	}
	return l
}
