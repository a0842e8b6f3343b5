// Package label words DownRadar's state for people, in their language:
// durations, "since" times, status words, state marks, lists of names, the
// user's own connection. The tray menu, the tooltip, the notifications,
// the windows and the CLI's tables share it, so they always say the same
// thing the same way.
//
// A Words value speaks one language (New, English); its messages come from
// the catalogs embedded from catalog/ (words.go), with the plural rules of
// the language (CLDR's, from golang.org/x/text) and its digits. Which
// language the user reads is chosen by app/locale.
package label

import (
	"strings"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// Duration is a short human duration: "40 s", "12 min", "3 h 5 min", "2 d 4 h".
func (w *Words) Duration(d time.Duration) string {
	pair := func(a, b string) string { return w.Say("label.duration_pair", "A", a, "B", b) }
	switch {
	case d < 0:
		d = 0
		fallthrough
	case d < time.Minute:
		return w.Count("label.seconds", int(d/time.Second))
	case d < time.Hour:
		return w.Count("label.minutes", int(d/time.Minute))
	case d < 24*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return w.Count("label.hours", h)
		}
		return pair(w.Count("label.hours", h), w.Count("label.minutes", m))
	default:
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return w.Count("label.days", days)
		}
		return pair(w.Count("label.days", days), w.Count("label.hours", h))
	}
}

// Time is the time of day of t: "14:02", in the language's digits.
func (w *Words) Time(t time.Time) string { return w.Digits(t.Format("15:04")) }

// Clock is the time of day of t in now's location, with the date when it
// is not today: "14:02", or "Mon 2 Nov 14:02".
func (w *Words) Clock(t, now time.Time) string {
	t = t.In(now.Location())
	y1, m1, d1 := t.Date()
	y2, m2, d2 := now.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return w.Time(t)
	}
	return w.Say("label.date_time", "Date", w.Date(t), "Time", w.Time(t))
}

// Date is t's day: "Mon 2 Nov".
func (w *Words) Date(t time.Time) string {
	return w.Say("label.date", "Weekday", nth(w.Say("label.weekdays"), int(t.Weekday())),
		"Day", w.Number(t.Day()), "Month", nth(w.Say("label.months"), int(t.Month())-1))
}

// nth is the i-th name of a comma-separated list ("Sun,Mon,...").
func nth(list string, i int) string {
	names := strings.Split(list, ",")
	if i < 0 || i >= len(names) {
		return ""
	}
	return strings.TrimSpace(names[i])
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

// Is says a service's status as a sentence: "WhatsApp is down",
// "WhatsApp is partly down", "... is degraded", "... is up", "... is unknown".
func (w *Words) Is(service string, s status.Status) string {
	switch s {
	case status.Down:
		return w.Say("label.is_down", "Service", service)
	case status.Partial:
		return w.Say("label.is_partial", "Service", service)
	case status.Degraded:
		return w.Say("label.is_degraded", "Service", service)
	case status.Up:
		return w.Say("label.is_up", "Service", service)
	}
	return w.Say("label.is_unknown", "Service", service)
}

// Word is a status as one word for lists and menus: "down", "partly down",
// "degraded", "up", "unknown".
func (w *Words) Word(s status.Status) string {
	switch s {
	case status.Down:
		return w.Say("label.down")
	case status.Partial:
		return w.Say("label.partial")
	case status.Degraded:
		return w.Say("label.degraded")
	case status.Up:
		return w.Say("label.up")
	}
	return w.Say("label.unknown")
}

// List joins names as a sentence does: "A", "A and B", "A, B and C".
func (w *Words) List(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return w.Say("label.list_and", "Rest", strings.Join(names[:len(names)-1], w.Say("label.list_comma")), "Last", names[len(names)-1])
}

// Severity says an incident's peak severity in words: "down", "partly
// down", "degraded", or "severity unknown".
func (w *Words) Severity(peak status.Status) string {
	if peak.Rank() >= 0 {
		return w.Word(peak)
	}
	return w.Say("label.severity_unknown")
}

// Scope says an incident's scope in words: "seen from here",
// "confirmed", "reported elsewhere", or "scope unknown".
func (w *Words) Scope(scope history.Scope) string {
	switch scope {
	case history.ScopeFromHere:
		return w.Say("label.scope_here")
	case history.ScopeConfirmed:
		return w.Say("label.scope_confirmed")
	case history.ScopeElsewhere:
		return w.Say("label.scope_elsewhere")
	case "":
		return w.Say("label.scope_unknown")
	}
	return string(scope)
}

// Source says where a piece of evidence came from: "probe", "status
// page", "news", or "source unknown".
func (w *Words) Source(source history.Source) string {
	switch source {
	case history.SourceProbe:
		return w.Say("label.source_probe")
	case history.SourceNews:
		return w.Say("label.source_news")
	case history.SourceStatusPage:
		return w.Say("label.source_status_page")
	case "":
		return w.Say("label.source_unknown")
	}
	return string(source)
}
