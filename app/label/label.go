// Package label words DownRadar's state for people: durations, "since"
// times, status words, state marks and lists of names. The tray menu, the
// tooltip, the notifications and the windows share it, so they always say
// the same thing the same way.
// Everything here is a pure function.
package label

import (
	"fmt"
	"strings"
	"time"

	"github.com/downradar/downradar/checker/history"

	"github.com/downradar/downradar/checker/status"
)

// Duration is a short human duration: "40 s", "12 min", "3 h 5 min", "2 d 4 h".
func Duration(d time.Duration) string {
	switch {
	case d < 0:
		d = 0
		fallthrough
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 24*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	default:
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return fmt.Sprintf("%d d", days)
		}
		return fmt.Sprintf("%d d %d h", days, h)
	}
}

// Clock is the time of day of t in now's location, with the date when it
// is not today: "14:02", or "Mon 2 Nov 14:02".
func Clock(t, now time.Time) string {
	t = t.In(now.Location())
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return t.Format("15:04")
	}
	return t.Format("Mon 2 Jan 15:04")
}

// Mark tells the states apart without colour, before a service's name in
// the tray menu and an incident's in the window: ✔ up, ▲ degraded,
// ◆ partly down, ✖ down, ? unknown.
func Mark(s status.Status) string {
	switch s {
	case status.Up:
		return "✔"
	case status.Degraded:
		return "▲"
	case status.Partial:
		return "◆"
	case status.Down:
		return "✖"
	}
	return "?"
}

// Status is how a service's status reads after its name: "is down",
// "is partly down", "is degraded", "is up", "is unknown".
func Status(s status.Status) string {
	switch s {
	case status.Down:
		return "is down"
	case status.Partial:
		return "is partly down"
	case status.Degraded:
		return "is degraded"
	case status.Up:
		return "is up"
	}
	return "is unknown"
}

// Word is a status as one word for lists and menus: "down", "partly down",
// "degraded", "up", "unknown".
func Word(s status.Status) string { return strings.TrimPrefix(Status(s), "is ") }

// List joins names as a sentence does: "A", "A and B", "A, B and C".
func List(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Plural picks the singular or plural form for n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Severity says an incident's peak severity in words: "down", "partly
// down", "degraded", or "severity unknown".
func Severity(peak status.Status) string {
	if w := Word(peak); w != "unknown" {
		return w
	}
	return "severity unknown"
}

// Scope says an incident's scope in words: "seen from here",
// "confirmed", "reported elsewhere", or "scope unknown".
func Scope(scope history.Scope) string {
	switch scope {
	case history.ScopeFromHere:
		return "seen from here"
	case history.ScopeConfirmed:
		return "confirmed"
	case history.ScopeElsewhere:
		return "reported elsewhere"
	case "":
		return "scope unknown"
	}
	return string(scope)
}

// Source says where a piece of evidence came from: "probe", "status
// page", "news", or "source unknown".
func Source(source history.Source) string {
	switch source {
	case history.SourceProbe, history.SourceNews:
		return string(source)
	case history.SourceStatusPage:
		return "status page"
	case "":
		return "source unknown"
	}
	return string(source)
}
