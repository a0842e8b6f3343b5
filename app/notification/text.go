package notification

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// render words one notification from the state of its incidents.
func render(g *group, now time.Time) Message {
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
		msg.Summary = m.inc.Service + ": outage reported elsewhere"
		msg.Body = fmt.Sprintf("Its status page or the news report trouble since %s. It works from here.", label.Clock(m.inc.Start, now))
		msg.Incident = m.inc.ID
		msg.Urgency = Low
	case len(ms) == 1 && len(failing) == 1:
		m := failing[0]
		msg.Summary = m.inc.Service + " " + label.Status(m.status)
		msg.Body = fmt.Sprintf("%s failing since %s.", label.List(m.inc.Components), label.Clock(m.inc.Start, now))
		if m.inc.Scope == history.ScopeConfirmed {
			msg.Body += " Its status page or the news report it too."
		}
		msg.Incident = m.inc.ID
	case len(ms) == 1:
		m := back[0]
		msg.Summary = m.inc.Service + " is back"
		msg.Body = fmt.Sprintf("It was %s for %s (%s).", label.Word(m.inc.Peak), label.Duration(m.inc.Duration(now)), label.List(m.inc.Components))
		msg.Incident = m.inc.ID
		msg.Urgency = Low
	case len(failing) == 0:
		msg.Summary = label.List(names(back)) + " are back"
		msg.Body = lines(back, now)
		msg.Incident = worst(back).inc.ID
		msg.Urgency = Low
	default:
		msg.Summary = failingSummary(failing)
		msg.Body = lines(ms, now)
		msg.Incident = worst(failing).inc.ID
	}
	for _, m := range ms {
		if m.unsaved {
			msg.Body += "\n" + unsavedNote
			break
		}
	}
	if msg.Incident < 0 { // not in the history (yet): a click opens the history
		msg.Incident = 0
	}
	return msg
}

// unsavedNote is said of an incident the history could not save (a full
// disk): DownRadar keeps it and saves it once it can.
const unsavedNote = "Not saved in the history yet (is the disk full?): DownRadar keeps trying."

// failingSummary is "Facebook, Instagram and WhatsApp are down", or "...
// have problems" when not all of them are down.
func failingSummary(ms []*member) string {
	if len(ms) == 1 {
		return ms[0].inc.Service + " " + label.Status(ms[0].status)
	}
	verb := "are down"
	for _, m := range ms {
		if m.status != status.Down {
			verb = "have problems"
		}
	}
	return label.List(names(ms)) + " " + verb
}

// lines is one line per incident: "WhatsApp: down since 14:02 (Web)" or
// "Facebook: back after 12 min".
func lines(ms []*member, now time.Time) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte('\n')
		}
		if m.resolved() {
			fmt.Fprintf(&b, "%s: back after %s", m.inc.Service, label.Duration(m.inc.Duration(now)))
			continue
		}
		fmt.Fprintf(&b, "%s: %s since %s (%s)", m.inc.Service, label.Word(m.status), label.Clock(m.inc.Start, now), label.List(m.inc.Components))
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
func networkMessage(from, n status.Network, reason string) Message {
	m := Message{Key: "network", Urgency: Normal, Summary: label.Capitalize(label.Network(n, reason))}
	switch n {
	case status.Online:
		m.Summary, m.Body, m.Urgency = "Back online", "Your connection works again; DownRadar is checking your services.", Low
		if from == status.LinkDegraded {
			m.Summary, m.Body = "Your connection is back to normal", "It is no longer slow or losing packets; DownRadar judges your services as usual again."
		}
	case status.LinkDegraded:
		m.Body = "Services that only time out show as unknown, not down, and slow ones as up. This is not an outage of any service."
		if f := label.LinkFigures(reason); f != "" {
			m.Body = label.Capitalize(f) + ". " + m.Body
		}
	case status.Captive:
		m.Body = "A captive portal answers instead of the internet; services show as unknown until you sign in. This is not an outage of any service."
	case status.DNSBroken:
		m.Body = "Your DNS resolver does not answer, so every service looks unreachable; they show as unknown until it works. This is not an outage of any service."
	default:
		m.Summary = label.Capitalize(label.Network(status.Offline, ""))
		m.Body = "DownRadar cannot reach the internet from this computer; services show as unknown until you are back. This is not an outage of any service."
	}
	return m
}

// Escape makes plain text safe inside a notification body that the server
// reads as markup (&, <, >, and quotes become entities).
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}
