package statuspage

// parseInstatus reads an Instatus page's /summary.json:
//
//	page{name, url, status: UP | HASISSUES | UNDERMAINTENANCE}
//	components[{id, name, status, group{name}}]   (when the page includes them)
//	activeIncidents[{id, name, started, status, impact, url, updatedAt}]
//	activeMaintenances[{id, name, start, status, url, updatedAt}]
//
// Component statuses and incident impacts share one vocabulary:
// OPERATIONAL, UNDERMAINTENANCE, DEGRADEDPERFORMANCE, PARTIALOUTAGE,
// MINOROUTAGE, MAJOROUTAGE. A minor outage is Partial. Resolved incidents
// and maintenances not started or completed are left out.
func parseInstatus(base string, body []byte) (*Page, error) {
	root, err := decodeJSON("summary.json", body)
	if err != nil {
		return nil, err
	}
	root.object()
	page := root.key("page").object()
	pageLevel, _ := page.key("status").level(instatusPage)
	p := &Page{
		Kind:     KindInstatus,
		Unscoped: true, // its incidents name no components
		Name:     page.key("name").str(),
		URL:      firstLink(base, page.key("url").str(), base),
	}
	for _, c := range root.key("components").items() {
		c.object()
		l, raw := c.key("status").level(instatusLevel)
		p.Components = append(p.Components, Component{
			ID:    c.key("id").id(),
			Name:  c.key("name").str(),
			Group: c.key("group").object().key("name").str(),
			Level: l,
			Raw:   raw,
		})
	}
	for _, n := range root.key("activeIncidents").items() {
		n.object()
		in := Incident{
			ID:      n.key("id").id(),
			Title:   n.key("name").str(),
			Status:  n.key("status").word("INVESTIGATING", "IDENTIFIED", "MONITORING", "RESOLVED"),
			Started: n.key("started").time(),
			Updated: n.key("updatedAt").time(),
			Level:   Partial, // ongoing, impact unstated: assume it hurts
		}
		if imp := n.key("impact"); imp.present() {
			in.Level, in.Impact = imp.level(instatusLevel)
		}
		in.URL = firstLink(p.URL, n.key("url").str(), "incident/"+in.ID)
		if in.Status != "RESOLVED" {
			p.Incidents = append(p.Incidents, in)
		}
	}
	for _, n := range root.key("activeMaintenances").items() {
		n.object()
		in := Incident{
			ID:      n.key("id").id(),
			Title:   n.key("name").str(),
			Status:  n.key("status").word("NOTSTARTEDYET", "INPROGRESS", "COMPLETED"),
			Impact:  "UNDERMAINTENANCE",
			Started: n.key("start").time(),
			Updated: n.key("updatedAt").time(),
			Level:   Maintenance,
		}
		in.URL = firstLink(p.URL, n.key("url").str(), "maintenance/"+in.ID)
		if in.Status == "INPROGRESS" {
			p.Incidents = append(p.Incidents, in)
		}
	}
	if root.failed() {
		return nil, root.d.err
	}
	p.Level = max(pageLevel, worstComponent(p.Components), worstIncident(p.Incidents))
	return p, nil
}

func instatusPage(s string) (Level, bool) {
	switch s {
	case "UP":
		return Operational, true
	case "HASISSUES":
		return Degraded, true // something is wrong; the components or incidents say what
	case "UNDERMAINTENANCE":
		return Maintenance, true
	}
	return Unknown, false
}

func instatusLevel(s string) (Level, bool) {
	switch s {
	case "OPERATIONAL":
		return Operational, true
	case "UNDERMAINTENANCE":
		return Maintenance, true
	case "DEGRADEDPERFORMANCE":
		return Degraded, true
	case "PARTIALOUTAGE", "MINOROUTAGE":
		return Partial, true
	case "MAJOROUTAGE":
		return Major, true
	}
	return Unknown, false
}
