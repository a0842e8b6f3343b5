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

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
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
	Action   string // the default action's label, where the desktop shows it: "Open incident"
}

// Policy sets the Planner's timing.
type Policy struct {
	Batch  time.Duration // a new notification waits this long for the rest of its round; default 3s
	Group  time.Duration // an incident joins a notification updated this recently; default 5 min
	MinGap time.Duration // the least time between two sends of one notification; default 10s
	Keep   time.Duration // how long a notification's incidents are remembered; default 24h
	// Settle is how long a link back from slow or lossy must stay so before
	// "back to normal" is said, so that a link at the edge is not told
	// each minute; default 2 min.
	Settle time.Duration
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
	if p.Settle <= 0 {
		p.Settle = 2 * time.Minute
	}
	return p
}

// member is one incident in a notification.
type member struct {
	inc     history.Incident
	status  status.Status // its latest status while open
	unsaved bool          // the history could not save it yet (history.Event.Unsaved)
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

	network   status.Network // the last verdict told on the user's connection; "" after EngineRestarted
	shown     status.Network // what the last network message said; online when there is nothing to take back
	netDue    time.Time      // when the pending network message is sent; zero when none is pending
	netEvent  status.Network // what the pending network message says
	netReason string         // the engine's words for it
}

// NewPlanner returns a Planner with policy p (zero fields take defaults).
func NewPlanner(p Policy) *Planner {
	return &Planner{policy: p.withDefaults(), network: status.Online, shown: status.Online}
}

// Event takes one engine event observed at now.
func (p *Planner) Event(ev history.Event, now time.Time) {
	elsewhere := ev.Incident.Scope == history.ScopeElsewhere
	switch {
	case ev.Kind == history.EventChecked:
		// A check says nothing of the network: the engine tells each
		// change of its verdict (EventNetwork).
	case ev.Kind == history.EventNetwork:
		p.networkChanged(ev.Network, ev.Reason, now)
	case ev.Kind == history.EventOpened && elsewhere:
		// Information, once per incident: it works from here.
		g := p.newGroup(now)
		g.info, g.key = true, fmt.Sprintf("elsewhere-%d", ev.Incident.ID)
		g.members = append(g.members, &member{inc: ev.Incident, status: ev.Incident.Peak, unsaved: ev.Unsaved})
		p.touch(g, now)
	case elsewhere:
		// Its updates and its end are not worth a notification.
	case ev.Kind == history.EventOpened:
		p.opened(ev, now)
	case ev.Kind == history.EventEscalated, ev.Kind == history.EventResolved, ev.Kind == history.EventConfirmed:
		g, m := p.find(ev.Incident.ID)
		if g == nil && ev.Kind == history.EventConfirmed {
			break // confirmation of an incident never notified (muted, or before a restart)
		}
		if g == nil {
			g = p.newGroup(now)
			m = &member{}
			g.members = append(g.members, m)
		}
		m.inc, m.unsaved = ev.Incident, ev.Unsaved
		if ev.Status.Bad() {
			m.status = ev.Status
		}
		p.touch(g, now)
	}
	p.prune(now)
}

func (p *Planner) opened(ev history.Event, now time.Time) {
	st := ev.Status
	if !st.Bad() {
		st = ev.Incident.Peak
	}
	m := &member{inc: ev.Incident, status: st, unsaved: ev.Unsaved}
	if g := p.latest(); g != nil && now.Sub(g.changed) < p.policy.Group && !allResolved(g) {
		g.members = append(g.members, m)
		p.touch(g, now)
		return
	}
	g := p.newGroup(now)
	g.members = append(g.members, m)
	p.touch(g, now)
}

// networkChanged follows the user's connection from the engine's changes
// of verdict: "You are offline" (or a sign-in, or name lookups) once when
// it goes, "Your connection is slow" once when it degrades, and "Back
// online" or "back to normal" once when it returns, only if what it
// returns from was said. A change waits Batch, and a return from a slow
// link Settle, so that a blip back and forth says nothing.
func (p *Planner) networkChanged(n status.Network, reason string, now time.Time) {
	if n == "" || n == p.network {
		return
	}
	p.network = n
	if n == p.shown {
		p.netDue = time.Time{} // back to what was said: nothing to add
		return
	}
	p.netEvent, p.netReason = n, reason
	wait := p.policy.Batch
	if n == status.Online && p.shown == status.LinkDegraded {
		wait = p.policy.Settle
	}
	p.netDue = now.Add(wait)
}

// EngineRestarted tells the planner that the engine started again (on a
// reload of the config): the new one tells again any verdict that is not
// online, and nothing of an online one. What was said stays: the same
// verdict told again says nothing more; when none comes within Settle
// after a message that something was wrong, the connection is taken to
// work again and that is said.
func (p *Planner) EngineRestarted(now time.Time) {
	p.network = ""
	p.netDue = time.Time{}
	if p.shown != status.Online {
		p.netEvent, p.netReason = status.Online, ""
		p.netDue = now.Add(p.policy.Settle)
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

// Flush returns the messages due at now, in w's words. When silent (paused, quiet hours)
// they are dropped instead, and the changes of incidents count as told; a
// network message dropped leaves nothing to take back ("Back online" is
// said only after "You are offline" was shown).
func (p *Planner) Flush(w *label.Words, now time.Time, silent bool) []Message {
	var out []Message
	if !p.netDue.IsZero() && !now.Before(p.netDue) {
		p.netDue = time.Time{}
		if !silent {
			out = append(out, desktop(w, networkMessage(w, p.shown, p.netEvent, p.netReason)))
			p.shown = p.netEvent
		}
	}
	for _, g := range p.groups {
		if g.due.IsZero() || now.Before(g.due) {
			continue
		}
		g.due = time.Time{}
		g.sent = now
		if !silent {
			out = append(out, desktop(w, render(w, g, now)))
		}
	}
	return out
}

// desktop marks m's text for the desktop that draws it
// (label.Words.Desktop: right to left in Arabic, Persian, Urdu).
func desktop(w *label.Words, m Message) Message {
	m.Summary, m.Body = w.Desktop(m.Summary), w.Desktop(m.Body)
	return m
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
