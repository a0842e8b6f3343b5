package statuspage

import (
	"slices"
	"strings"
)

// slackServices are the services Slack's status page lists. The API names a
// service only when an incident touches it, so the list makes the rest
// known, and operational; a service an incident names that is not here is
// added, and one nobody names is operational (AffectedOnly).
func slackServices() []string {
	return []string{
		"Login/SSO", "Messaging", "Notifications", "Search", "Workspace/Org Administration",
		"Canvases", "Connectivity", "Files", "Huddles", "Apps/Integrations/APIs", "Workflows",
	}
}

// parseSlack reads Slack's https://slack-status.com/api/v2.0.0/current:
// status "ok" or "active", and active_incidents[] each with a type, a
// status, the services it touches and notes.
//
// Slack's docs name three types, and the levels follow what they mean on
// Slack's page: "outage" (Slack, or a feature, is unavailable) is Major;
// "incident" (something is broken for some users) is Partial; "notice" (a
// minor issue, or information) is Degraded. A "maintenance" type, should it
// appear, is Maintenance. Only status "active" is ongoing; "resolved",
// "scheduled" and "completed" are left out.
func parseSlack(base string, body []byte) (*Page, error) {
	root, err := decodeJSON("current", body)
	if err != nil {
		return nil, err
	}
	root.object()
	st := root.key("status").word("ok", "active")
	p := &Page{Kind: KindSlack, Name: "Slack", URL: link(base, base), AffectedOnly: true}
	listed := root.key("active_incidents").items()
	for _, n := range listed {
		n.object()
		level, typ := n.key("type").level(slackType)
		in := Incident{
			ID:      n.key("id").id(),
			Title:   n.key("title").str(),
			Status:  n.key("status").word("active", "resolved", "scheduled", "completed"),
			Impact:  typ,
			Started: n.key("date_created").time(),
			Updated: n.key("date_updated").time(),
			Level:   level,
		}
		in.URL = link(base, n.key("url").str())
		for _, s := range n.key("services").items() {
			if name := strings.TrimSpace(s.str()); name != "" {
				in.Components = append(in.Components, name)
			}
		}
		for _, note := range n.key("notes").items() {
			note.object()
			in.Updates = append(in.Updates, Update{At: note.key("date_created").time(), Status: in.Status, Body: note.key("body").str()})
		}
		if in.Status == "active" {
			p.Incidents = append(p.Incidents, in)
		}
	}
	if root.failed() {
		return nil, root.d.err
	}

	services := slackServices()
	for _, in := range p.Incidents {
		for _, name := range in.Components {
			if !slices.ContainsFunc(services, func(s string) bool { return strings.EqualFold(s, name) }) {
				services = append(services, name)
			}
		}
	}
	for _, name := range services {
		c := Component{ID: name, Name: name, Level: Operational, Raw: "ok"}
		for _, in := range p.Incidents {
			if in.Level > c.Level && slices.ContainsFunc(in.Components, func(s string) bool { return strings.EqualFold(s, name) }) {
				c.Level, c.Raw = in.Level, in.Impact
			}
		}
		p.Components = append(p.Components, c)
	}
	p.Level = max(Operational, worstIncident(p.Incidents))
	if st == "active" && len(listed) == 0 {
		p.Level, p.Unattributed = Degraded, Degraded // Slack says something is wrong without saying what
	}
	return p, nil
}

func slackType(s string) (Level, bool) {
	switch s {
	case "outage":
		return Major, true
	case "incident":
		return Partial, true
	case "notice":
		return Degraded, true
	case "maintenance":
		return Maintenance, true
	}
	return Unknown, false
}
