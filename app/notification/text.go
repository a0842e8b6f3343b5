package notification

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// render words one notification from the state of its incidents.
func render(w *label.Words, g *group, now time.Time) Message {
	ms := slices.Clone(g.members)
	slices.SortStableFunc(ms, func(a, b *member) int { return cmp.Compare(a.inc.Service, b.inc.Service) })
	var failing, back []*member
	for _, m := range ms {
		if m.resolved() {
			back = append(back, m)
		} else {
			failing = append(failing, m)
		}
	}
	msg := Message{Key: g.key, Urgency: Normal}
	switch {
	case g.info:
		m := ms[0]
		msg.Summary = w.Say("notification.elsewhere", "Service", m.inc.Service)
		msg.Body = w.Say("notification.elsewhere_body", "Since", w.Clock(m.inc.Start, now))
		msg.Incident = m.inc.ID
		msg.Urgency = Low
	case len(ms) == 1 && len(failing) == 1:
		m := failing[0]
		msg.Summary = w.Is(m.inc.Service, m.status)
		msg.Body = w.Count("notification.failing", len(m.inc.Components), "Components", w.List(m.inc.Components), "Since", w.Clock(m.inc.Start, now))
		if m.inc.Scope == history.ScopeConfirmed {
			msg.Body += " " + w.Say("notification.confirmed")
		}
		msg.Incident = m.inc.ID
	case len(ms) == 1:
		m := back[0]
		msg.Summary = w.Say("notification.back", "Service", m.inc.Service)
		msg.Body = w.Say("notification.back_body", "Peak", w.Word(m.inc.Peak), "Duration", w.Duration(m.inc.Duration(now)), "Components", w.List(m.inc.Components))
		msg.Incident = m.inc.ID
		msg.Urgency = Low
	case len(failing) == 0:
		msg.Summary = w.Say("notification.back_many", "Services", w.List(names(back)))
		msg.Body = lines(w, back, now)
		msg.Incident = worst(back).inc.ID
		msg.Urgency = Low
	default:
		msg.Summary = failingSummary(w, failing)
		msg.Body = lines(w, ms, now)
		msg.Incident = worst(failing).inc.ID
	}
	for _, m := range ms {
		if m.unsaved {
			msg.Body += "\n" + w.Say("notification.unsaved")
			break
		}
	}
	if msg.Incident < 0 { // not in the history (yet): a click opens the history
		msg.Incident = 0
	}
	return msg
}

// failingSummary is "Facebook, Instagram and WhatsApp are down", or "...
// have problems" when not all of them are down.
func failingSummary(w *label.Words, ms []*member) string {
	if len(ms) == 1 {
		return w.Is(ms[0].inc.Service, ms[0].status)
	}
	for _, m := range ms {
		if m.status != status.Down {
			return w.Say("notification.have_problems", "Services", w.List(names(ms)))
		}
	}
	return w.Say("notification.are_down", "Services", w.List(names(ms)))
}

// lines is one line per incident: "WhatsApp: down since 14:02 (Web)" or
// "Facebook: back after 12 min".
func lines(w *label.Words, ms []*member, now time.Time) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte('\n')
		}
		if m.resolved() {
			b.WriteString(w.Say("notification.line_back", "Service", m.inc.Service, "Duration", w.Duration(m.inc.Duration(now))))
			continue
		}
		b.WriteString(w.Say("notification.line_failing", "Service", m.inc.Service, "Status", w.Word(m.status),
			"Since", w.Clock(m.inc.Start, now), "Components", w.List(m.inc.Components)))
	}
	return b.String()
}

func names(ms []*member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.inc.Service
	}
	return out
}

// worst is the most severe incident, the one a click opens.
func worst(ms []*member) *member {
	w := ms[0]
	for _, m := range ms[1:] {
		if m.inc.Peak.Rank() > w.inc.Peak.Rank() || (m.status.Rank() > w.status.Rank() && !m.resolved()) {
			w = m
		}
	}
	return w
}

// networkMessage is said once when the connection goes (or degrades) and
// once when it returns, from what the last one said: "Back online" after
// an outage of the connection, "back to normal" after a slow link.
func networkMessage(w *label.Words, from, n status.Network, reason string) Message {
	m := Message{Key: "network", Urgency: Normal, Summary: w.Capitalize(w.Network(n, reason))}
	switch n {
	case status.Online:
		m.Summary, m.Body, m.Urgency = w.Say("notification.online"), w.Say("notification.online_body"), Low
		if from == status.LinkDegraded {
			m.Summary, m.Body = w.Say("notification.normal"), w.Say("notification.normal_body")
		}
	case status.LinkDegraded:
		m.Body = w.Say("notification.link_body")
		if f := w.LinkFigures(reason); f != "" {
			m.Body = w.Say("notification.link_figures", "Figures", w.Capitalize(f)) + " " + m.Body
		}
	case status.Captive:
		m.Body = w.Say("notification.captive_body")
	case status.DNSBroken:
		m.Body = w.Say("notification.dns_body")
	default:
		m.Summary = w.Capitalize(w.Network(status.Offline, ""))
		m.Body = w.Say("notification.offline_body")
	}
	return m
}

// Escape makes plain text safe inside a notification body that the server
// reads as markup (&, <, >, and quotes become entities).
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
