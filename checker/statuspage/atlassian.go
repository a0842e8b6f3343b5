package statuspage

import "slices"

// parseAtlassian reads an Atlassian Statuspage /api/v2/summary.json, or the
// Statuspage-compatible summary some incident.io pages also serve.
//
// Group containers (group: true) are not components themselves: their name
// becomes the Group of the components that point at them by group_id.
// incidents[] holds the unresolved incidents; scheduled_maintenances[] the
// upcoming and in-progress ones, of which only in_progress and verifying
// count, as Maintenance. An incident's components are those it lists, else
// those its updates' affected_components name; early in an outage it often
// names none, and then concerns the whole page.
func parseAtlassian(base string, body []byte) (*Page, error) {
	root, err := decodeJSON("summary.json", body)
	if err != nil {
		return nil, err
	}
	root.object()
	page := root.key("page").object()
	p := &Page{
		Kind: KindAtlassian,
		Name: page.key("name").str(),
		URL:  firstLink(base, page.key("url").str(), base),
	}
	st := root.key("status").object()
	indicator, _ := st.key("indicator").level(atlassianIndicator)
	p.Description = st.key("description").str()

	comps := root.key("components").items()
	groups := make(map[string]string)
	for _, c := range comps {
		if c.object().key("group").boolean(false) {
			groups[c.key("id").str()] = c.key("name").str()
		}
	}
	for _, c := range comps {
		level, raw := c.key("status").level(atlassianComponent)
		if c.key("group").boolean(false) {
			continue
		}
		p.Components = append(p.Components, Component{
			ID:    c.key("id").str(),
			Name:  c.key("name").str(),
			Group: groups[c.key("group_id").str()],
			Level: level,
			Raw:   raw,
		})
	}
	for _, n := range root.key("incidents").items() {
		if in, ongoing := atlassianIncident(n, p.URL, false); ongoing {
			p.Incidents = append(p.Incidents, in)
		}
	}
	for _, n := range root.key("scheduled_maintenances").items() {
		if in, ongoing := atlassianIncident(n, p.URL, true); ongoing {
			p.Incidents = append(p.Incidents, in)
		}
	}
	if root.failed() {
		return nil, root.d.err
	}
	p.Level = max(indicator, worstComponent(p.Components), worstIncident(p.Incidents))
	return p, nil
}

// atlassianIncident reads one incident or scheduled maintenance and tells
// whether it is ongoing.
func atlassianIncident(n node, base string, maintenance bool) (Incident, bool) {
	n.object()
	var status string
	var ongoing bool
	if maintenance {
		status = n.key("status").word("scheduled", "in_progress", "verifying", "completed")
		ongoing = status == "in_progress" || status == "verifying"
	} else {
		status = n.key("status").word("investigating", "identified", "monitoring", "resolved", "postmortem")
		ongoing = status != "resolved" && status != "postmortem"
	}
	impact, impactWord := n.key("impact").level(atlassianImpact)
	in := Incident{
		ID:      n.key("id").str(),
		Title:   n.key("name").str(),
		Status:  status,
		Impact:  impactWord,
		Started: n.key("started_at").time(),
		Updated: n.key("updated_at").time(),
		Level:   impact,
	}
	if in.Started.IsZero() {
		in.Started = n.key("created_at").time()
	}
	if maintenance {
		in.Level = Maintenance
		if t := n.key("scheduled_for").time(); !t.IsZero() {
			in.Started = t
		}
	}
	in.URL = firstLink(base, n.key("shortlink").str(), "incidents/"+in.ID)
	for _, c := range n.key("components").items() {
		if name := c.object().key("name").str(); name != "" {
			in.Components = append(in.Components, name)
		}
	}
	var named []string // the components the updates name, when the incident names none
	for _, u := range n.key("incident_updates").items() {
		u.object()
		at := u.key("display_at").time()
		if at.IsZero() {
			at = u.key("created_at").time()
		}
		in.Updates = append(in.Updates, Update{At: at, Status: u.key("status").str(), Body: u.key("body").str()})
		for _, a := range u.key("affected_components").items() {
			if name := a.object().key("name").str(); name != "" && !slices.Contains(named, name) {
				named = append(named, name)
			}
		}
	}
	if len(in.Components) == 0 {
		in.Components = named // still none: it concerns the whole page (Page.Read)
	}
	return in, ongoing
}

func atlassianIndicator(s string) (Level, bool) {
	switch s {
	case "none":
		return Operational, true
	case "minor":
		return Degraded, true
	case "major":
		return Partial, true
	case "critical":
		return Major, true
	case "maintenance":
		return Maintenance, true
	}
	return Unknown, false
}

func atlassianComponent(s string) (Level, bool) {
	switch s {
	case "operational":
		return Operational, true
	case "degraded_performance":
		return Degraded, true
	case "partial_outage":
		return Partial, true
	case "major_outage":
		return Major, true
	case "under_maintenance":
		return Maintenance, true
	}
	return Unknown, false
}

// atlassianImpact rates an incident's impact, in the words of the page's
// indicator; "none" is an incident that hurts nothing (yet).
func atlassianImpact(s string) (Level, bool) { return atlassianIndicator(s) }
