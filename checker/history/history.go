// Package history is the vocabulary of what DownRadar remembers: an
// incident, where it is seen (its scope), its evidence and where that came
// from; and the events the engine tells of them. The engine and the radar make them, the store keeps them, the tray,
// the notifications and the windows show them. It imports nothing but
// status, so that the pure parts (the notification planner, the radar) do
// not link the store's SQLite.
package history

import (
	"time"

	"github.com/downradar/downradar/checker/status"
)

// Scope is where an incident is seen.
type Scope string

// The scopes.
const (
	ScopeFromHere  Scope = "from_here"          // only by this machine's probes
	ScopeConfirmed Scope = "confirmed"          // by the probes, and by the status page or the news
	ScopeElsewhere Scope = "reported_elsewhere" // by the status page or the news while the probes succeed
)

// Source is where a piece of evidence comes from.
type Source string

// The sources of evidence.
const (
	SourceProbe      Source = "probe"
	SourceStatusPage Source = "status_page"
	SourceNews       Source = "news"
)

// Incident is a period during which a service was degraded, partly down or down.
type Incident struct {
	ID         int64
	Service    string
	Components []string      // affected components, sorted, unique
	Start      time.Time     // UTC
	End        time.Time     // UTC; zero while ongoing
	Peak       status.Status // peak severity: degraded, partial or down
	Scope      Scope
	Evidence   []Evidence // filled only when read with its evidence (Store.Incident)
}

// Ongoing reports whether the incident has not ended.
func (i Incident) Ongoing() bool { return i.End.IsZero() }

// Duration returns End-Start, or now-Start while the incident is ongoing.
func (i Incident) Duration(now time.Time) time.Duration {
	if i.Ongoing() {
		return now.Sub(i.Start)
	}
	return i.End.Sub(i.Start)
}

// Evidence is one observation attached to an incident: a failed probe, a
// status page's incident, a news report.
type Evidence struct {
	ID         int64
	IncidentID int64
	At         time.Time // UTC
	Source     Source
	Component  string
	Layer      string // dns, tcp, tls, http
	Class      string // error class, e.g. nxdomain, refused, http_status
	Message    string
	LatencyMS  int64
	Title      string // a status page incident's or a news item's title; empty for probes
	URL        string // its link (http or https only); empty for probes
	Lang       string // a news item's language; empty otherwise
}

// EventKind names what happened.
type EventKind string

// The events.
const (
	EventOpened    EventKind = "opened"    // an incident opened
	EventEscalated EventKind = "escalated" // it got worse or spread
	EventResolved  EventKind = "resolved"  // it ended
	EventChecked   EventKind = "checked"   // a service was checked (for live views)
	EventConfirmed EventKind = "confirmed" // the world reports what the probes found: scope confirmed
	// EventNetwork: the verdict on the user's own connection changed
	// (Network, with Reason); once per change.
	EventNetwork EventKind = "network"
)

// Event is what the engine tells as it goes: a check, a change of an
// incident, a new verdict on the network.
type Event struct {
	Kind     EventKind
	Service  string
	Status   status.Status  // the service's status in this check
	Reason   string         // why Unknown, if it is
	Network  status.Network // the network verdict: EventNetwork's new one, or the one a check asked for ("" if none)
	At       time.Time      // when the check ran (EventChecked)
	Incident Incident
	// Unsaved: the store refused to write the incident (a full disk); it
	// is kept in memory and written once the store takes it. Its
	// Incident.ID is then provisional (negative): it names the incident
	// in the engine's events, not in the store.
	Unsaved bool
}
