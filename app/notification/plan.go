// Package notification turns the engine's events into desktop notifications:
// a Planner (pure, driven by the caller's clock) decides what to say and
// when, grouping the services that fail together into one notification and
// replacing a notification when its incidents change; a Sender shows them
// through org.freedesktop.Notifications over D-Bus, with a default action
// that opens the incident, or through beeep where D-Bus is not available.
package notification

import (
	"fmt"
	"time"

	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// Urgency is the notification's urgency level, as in the spec.
type Urgency byte

// Urgency levels.
const (
	Low Urgency = iota
	Normal
	Critical
)

// Message is one notification to show.
type Message struct {
	Key      string // a message replaces the one on screen with the same Key
	Summary  string // plain text
	Body     string // plain text; the Sender escapes it when the server reads markup
	Incident int64  // what the default action opens; 0 opens the history
	Urgency  Urgency
}

// Policy sets the Planner's timing.
type Policy struct {
	Batch  time.Duration // a new notification waits this long for the rest of its round; default 3s
	Group  time.Duration // an incident joins a notification updated this recently; default 5 min
	MinGap time.Duration // the least time between two sends of one notification; default 10s
	Keep   time.Duration // how long a notification's incidents are remembered; default 24h
}

func (p Policy) withDefaults() Policy {
	if p.Batch <= 0 {
		p.Batch = 3 * time.Second
	}
	if p.Group <= 0 {
		p.Group = 5 * time.Minute
	}
	if p.MinGap <= 0 {
		p.MinGap = 10 * time.Second
	}
	if p.Keep <= 0 {
		p.Keep = 24 * time.Hour
	}
	return p
}

// member is one incident in a notification.
type member struct {
	inc    store.Incident
	status status.Status // its latest status while open
}

func (m *member) resolved() bool { return !m.inc.Ongoing() }

// group is one notification and the incidents it speaks of.
type group struct {
	key     string
	info    bool // an outage reported elsewhere while it works from here: said once
	members []*member
	changed time.Time // last event
	sent    time.Time // last send; zero before the first
	due     time.Time // when its pending change may be sent; zero when nothing is pending
}

// Planner decides which notifications to show. It is not safe for
// concurrent use; the agent drives it from one goroutine.
type Planner struct {
	policy Policy
	groups []*group
	seq    int

	network  status.Network // the last verdict on the user's connection
	netSaid  bool           // "You are offline" was shown for it
	netDue   time.Time
	netEvent status.Network // what the pending network message says
}

// NewPlanner returns a Planner with policy p (zero fields take defaults).
func NewPlanner(p Policy) *Planner {
	return &Planner{policy: p.withDefaults(), network: status.Online}
}

// Event takes one engine event observed at now.
func (p *Planner) Event(ev engine.Event, now time.Time) {
	elsewhere := ev.Incident.Scope == store.ScopeElsewhere
	switch {
	case ev.Kind == engine.EventChecked:
		p.checked(ev, now)
	case ev.Kind == engine.EventOpened && elsewhere:
		// Information, once per incident: it works from here.
		g := p.newGroup(now)
		g.info, g.key = true, fmt.Sprintf("elsewhere-%d", ev.Incident.ID)
		g.members = append(g.members, &member{inc: ev.Incident, status: ev.Incident.Peak})
		p.touch(g, now)
	case elsewhere:
		// Its updates and its end are not worth a notification.
	case ev.Kind == engine.EventOpened:
		p.opened(ev, now)
	case ev.Kind == engine.EventEscalated, ev.Kind == engine.EventResolved, ev.Kind == engine.EventConfirmed:
		g, m := p.find(ev.Incident.ID)
		if g == nil && ev.Kind == engine.EventConfirmed {
			break // confirmation of an incident never notified (muted, or before a restart)
		}
		if g == nil {
			g = p.newGroup(now)
			m = &member{}
			g.members = append(g.members, m)
		}
		m.inc = ev.Incident
		if ev.Status.Bad() {
			m.status = ev.Status
		}
		p.touch(g, now)
	}
	p.prune(now)
}

func (p *Planner) opened(ev engine.Event, now time.Time) {
	st := ev.Status
	if !st.Bad() {
		st = ev.Incident.Peak
	}
	m := &member{inc: ev.Incident, status: st}
	if g := p.latest(); g != nil && now.Sub(g.changed) < p.policy.Group && !allResolved(g) {
		g.members = append(g.members, m)
		p.touch(g, now)
		return
	}
	g := p.newGroup(now)
	g.members = append(g.members, m)
	p.touch(g, now)
}

// checked follows the user's connection: "You are offline" once when it
// goes, "Back online" once when it returns.
func (p *Planner) checked(ev engine.Event, now time.Time) {
	verdict := ev.Network
	if verdict == "" {
		if ev.Status == status.Unknown || ev.Status.Bad() {
			return // says nothing about the network
		}
		verdict = status.Online // a service answered: the connection works
	}
	if verdict == p.network {
		return
	}
	p.network = verdict
	if verdict == status.Online && !p.netSaid {
		p.netDue = time.Time{} // the outage was never announced: nothing to take back
		return
	}
	p.netEvent = verdict
	if p.netDue.IsZero() {
		p.netDue = now.Add(p.policy.Batch)
	}
}

func (p *Planner) newGroup(now time.Time) *group {
	p.seq++
	g := &group{key: fmt.Sprintf("incidents-%d", p.seq), changed: now}
	p.groups = append(p.groups, g)
	return g
}

// touch marks g changed; a first send waits Batch, later ones MinGap.
func (p *Planner) touch(g *group, now time.Time) {
	g.changed = now
	if !g.due.IsZero() {
		return
	}
	if g.sent.IsZero() {
		g.due = now.Add(p.policy.Batch)
	} else {
		g.due = later(now, g.sent.Add(p.policy.MinGap))
	}
}

func (p *Planner) latest() *group {
	if len(p.groups) == 0 {
		return nil
	}
	return p.groups[len(p.groups)-1]
}

func (p *Planner) find(id int64) (*group, *member) {
	for i := len(p.groups) - 1; i >= 0; i-- {
		if p.groups[i].info {
			continue
		}
		for _, m := range p.groups[i].members {
			if m.inc.ID == id {
				return p.groups[i], m
			}
		}
	}
	return nil, nil
}

// prune forgets notifications whose incidents all ended long ago.
func (p *Planner) prune(now time.Time) {
	kept := p.groups[:0]
	for _, g := range p.groups {
		if g.due.IsZero() && now.Sub(g.changed) > p.policy.Keep {
			continue
		}
		kept = append(kept, g)
	}
	p.groups = kept
}

// Next is when Flush will have something to send; ok is false when nothing
// is pending.
func (p *Planner) Next() (at time.Time, ok bool) {
	at = p.netDue
	for _, g := range p.groups {
		if !g.due.IsZero() && (at.IsZero() || g.due.Before(at)) {
			at = g.due
		}
	}
	return at, !at.IsZero()
}

// Flush returns the messages due at now. When silent (paused, quiet hours)
// they are dropped instead, and the changes count as told.
func (p *Planner) Flush(now time.Time, silent bool) []Message {
	var out []Message
	if !p.netDue.IsZero() && !now.Before(p.netDue) {
		p.netDue = time.Time{}
		if !silent {
			out = append(out, networkMessage(p.netEvent))
		}
		p.netSaid = p.netEvent != status.Online
	}
	for _, g := range p.groups {
		if g.due.IsZero() || now.Before(g.due) {
			continue
		}
		g.due = time.Time{}
		g.sent = now
		if !silent {
			out = append(out, render(g, now))
		}
	}
	return out
}

func allResolved(g *group) bool {
	for _, m := range g.members {
		if !m.resolved() {
			return false
		}
	}
	return true
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
