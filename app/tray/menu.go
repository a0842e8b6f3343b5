// Package tray is the resident agent's face: the icon in the system tray
// (fyne.io/systray, with no GL), its tooltip and its menu. What they say is
// computed by pure functions from a State (menu.go), so it is table-tested;
// tray.go only hands the result to systray and reports the clicks.
package tray

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/status"
)

// Service is one watched service as the tray shows it.
type Service struct {
	Name     string
	Status   status.Status
	Reason   string    // why unknown, when it is
	Since    time.Time // start of its incident in progress; zero if none
	Incident int64     // its incident in progress; 0 if none
	Muted    bool
}

// State is everything the tray shows.
type State struct {
	Services      []Service
	Network       status.Network // the last verdict on the user's connection; "" before any
	NetworkReason string         // the engine's words for it: a degraded link's figures
	PausedUntil   time.Time      // notifications are paused until then
	ConfigError   string         // the config file failed to reload: the running config stays
	Now           time.Time
}

// Paused reports whether notifications are paused at s.Now.
func (s State) Paused() bool { return s.Now.Before(s.PausedUntil) }

// offline reports whether the user's own connection is known not to reach
// the services (offline, captive, DNS broken): every failure is unknown.
func (s State) offline() bool {
	return s.Network != "" && s.Network != status.Online && s.Network != status.LinkDegraded
}

// slowLink reports whether the connection works but is slow or losing
// packets: timeouts and slowness are not blamed on the services.
func (s State) slowLink() bool { return s.Network == status.LinkDegraded }

// Icon names.
const (
	IconUp       = "up"
	IconDegraded = "degraded"
	IconDown     = "down"
	IconUnknown  = "unknown"
	IconPaused   = "paused"
)

// Icon is the icon for s: paused wins, then offline or unknown (grey:
// unknown is not up), then the worst service. A slow or lossy link does
// not change it by itself: it is no outage of a service, and the services
// show as the engine judges them under it (up when they answer slowly,
// unknown, grey, when they time out); the tooltip and the menu say it.
func Icon(s State) string {
	if s.Paused() {
		return IconPaused
	}
	if s.offline() || len(s.Services) == 0 {
		return IconUnknown
	}
	worst, unknown := status.Up, false
	for _, svc := range s.Services {
		if svc.Status == status.Unknown {
			unknown = true
			continue
		}
		worst = status.Worst(worst, svc.Status)
	}
	switch {
	case worst == status.Down:
		return IconDown
	case worst.Bad():
		return IconDegraded
	case unknown:
		return IconUnknown
	}
	return IconUp
}

// problems are the services not up and known, worst first, then the
// longest-running.
func problems(svcs []Service) []Service {
	var out []Service
	for _, s := range svcs {
		if s.Status.Bad() {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b Service) int {
		if c := cmp.Compare(b.Status.Rank(), a.Status.Rank()); c != 0 {
			return c
		}
		return a.Since.Compare(b.Since)
	})
	return out
}

// Tooltip is the one-line summary: "WhatsApp down for 12 min · 23 up".
func Tooltip(w *label.Words, s State) string {
	var parts []string
	if s.ConfigError != "" {
		parts = append(parts, w.Say("tray.tip_config"))
	}
	if s.offline() || s.slowLink() {
		parts = append(parts, w.Network(s.Network, s.NetworkReason))
	}
	probs := problems(s.Services)
	for i, p := range probs {
		if i == 2 {
			parts = append(parts, w.Count("tray.tip_more", len(probs)-2))
			break
		}
		part := w.Say("tray.tip_service", "Service", p.Name, "Status", w.Word(p.Status))
		if !p.Since.IsZero() {
			part = w.Say("tray.tip_service_for", "Service", p.Name, "Status", w.Word(p.Status), "Duration", w.Duration(s.Now.Sub(p.Since)))
		}
		parts = append(parts, part)
	}
	up, unknown := 0, 0
	for _, svc := range s.Services {
		switch svc.Status {
		case status.Up:
			up++
		case status.Unknown:
			unknown++
		}
	}
	if up > 0 {
		parts = append(parts, w.Count("tray.tip_up", up))
	}
	if unknown > 0 {
		parts = append(parts, w.Count("tray.tip_unknown", unknown))
	}
	if len(s.Services) == 0 {
		parts = append(parts, w.Say("tray.tip_none"))
	}
	if s.Paused() {
		parts = append(parts, w.Say("tray.tip_paused", "Until", w.Clock(s.PausedUntil, s.Now)))
	}
	return w.Desktop("DownRadar: " + strings.Join(parts, " · "))
}

// Action is what a menu item does when clicked.
type Action struct {
	Kind     string
	Incident int64 // for OpenIncident
}

// Action kinds.
const (
	OpenIncident  = "incident"
	OpenHistory   = "history"
	OpenSettings  = "settings"
	CheckNow      = "check"
	PauseHour     = "pause-hour"
	PauseTomorrow = "pause-tomorrow"
	Resume        = "resume"
	Quit          = "quit"
)

// Item is one menu entry. A separator has only Separator set.
type Item struct {
	Label     string
	Action    Action
	Disabled  bool
	Separator bool
	Children  []Item
}

// Menu is the tray menu for s: problems first, one line per service, then
// the commands.
func Menu(w *label.Words, s State) []Item {
	var items []Item
	if s.ConfigError != "" {
		items = append(items, Item{Label: "⚠ " + w.Say("tray.config_error", "Error", s.ConfigError), Action: Action{Kind: OpenSettings}})
	}
	if line := NetworkLine(w, s); line != "" {
		items = append(items, Item{Label: line, Disabled: true})
	}
	probs := problems(s.Services)
	rest := make([]Service, 0, len(s.Services))
	for _, svc := range s.Services {
		if !svc.Status.Bad() {
			rest = append(rest, svc)
		}
	}
	for _, svc := range append(probs, rest...) {
		if s.offline() || (s.slowLink() && label.IsLinkReason(svc.Reason)) {
			svc.Reason = "" // said once, above
		}
		it := Item{Label: ServiceLine(w, svc, s.Now), Action: Action{Kind: OpenHistory}}
		if svc.Incident != 0 {
			it.Action = Action{Kind: OpenIncident, Incident: svc.Incident}
		}
		items = append(items, it)
	}
	if len(s.Services) == 0 {
		items = append(items, Item{Label: w.Say("tray.none_watched"), Action: Action{Kind: OpenSettings}})
	}
	pause := Item{Label: w.Say("tray.pause"), Children: []Item{
		{Label: w.Say("tray.pause_hour"), Action: Action{Kind: PauseHour}},
		{Label: w.Say("tray.pause_tomorrow"), Action: Action{Kind: PauseTomorrow}},
		{Label: w.Say("tray.resume"), Action: Action{Kind: Resume}, Disabled: !s.Paused()},
	}}
	if s.Paused() {
		pause.Label = w.Say("tray.paused_until", "Until", w.Clock(s.PausedUntil, s.Now))
	}
	items = append(items,
		Item{Separator: true},
		Item{Label: w.Say("tray.check_now"), Action: Action{Kind: CheckNow}},
		pause,
		Item{Label: w.Say("tray.history"), Action: Action{Kind: OpenHistory}},
		Item{Label: w.Say("tray.settings"), Action: Action{Kind: OpenSettings}},
		Item{Separator: true},
		Item{Label: w.Say("tray.quit"), Action: Action{Kind: Quit}},
	)
	desktop(w, items)
	return items
}

// desktop marks the items' labels for the desktop that draws them
// (label.Words.Desktop: right to left in Arabic, Persian, Urdu).
func desktop(w *label.Words, items []Item) {
	for i := range items {
		items[i].Label = w.Desktop(items[i].Label)
		desktop(w, items[i].Children)
	}
}

// NetworkLine is the menu's line on the user's own connection, "" when it
// works: "⚠ You are offline: services unknown", or for a degraded link
// "⚠ Your connection is slow (round trip 1.6s, usually 40ms): services not
// blamed".
func NetworkLine(w *label.Words, s State) string {
	network := w.Capitalize(w.Network(s.Network, s.NetworkReason))
	switch {
	case s.offline():
		return "⚠ " + w.Say("tray.net_unknown", "Network", network)
	case s.slowLink():
		if f := w.LinkFigures(s.NetworkReason); f != "" {
			network += " (" + f + ")"
		}
		return "⚠ " + w.Say("tray.net_not_blamed", "Network", network)
	}
	return ""
}

// ServiceLine is one service's menu line: its state and since when.
func ServiceLine(w *label.Words, svc Service, now time.Time) string {
	line := w.Say("tray.service", "Service", svc.Name, "Status", w.Word(svc.Status))
	switch {
	case svc.Status.Bad() && !svc.Since.IsZero():
		line = w.Say("tray.service_since", "Service", svc.Name, "Status", w.Word(svc.Status),
			"Since", w.Clock(svc.Since, now), "Duration", w.Duration(now.Sub(svc.Since)))
	case svc.Status == status.Unknown && svc.Reason != "":
		line += " (" + w.Reason(svc.Reason) + ")"
	}
	if svc.Muted {
		line += " · " + w.Say("tray.muted")
	}
	return label.Mark(svc.Status) + " " + line
}

// PauseUntil is when a pause chosen at now ends: an hour later, or
// tomorrow at 08:00 local time.
func PauseUntil(kind string, now time.Time) time.Time {
	if kind == PauseHour {
		return now.Add(time.Hour)
	}
	y, m, d := now.Date()
	return time.Date(y, m, d+1, 8, 0, 0, 0, now.Location())
}
