package statuspage

// parseIncidentIO reads the JSON an incident.io status page's front end
// loads from https://<host>/proxy/<host>. The format is not a published API;
// this reads the fields it is known to carry and ignores the rest:
//
//	summary.name, summary.public_url
//	summary.components[{id, name}]
//	summary.structure.items[{group: {name, components[{component_id}]}} | {component: {component_id}}]
//	summary.affected_components[{component_id, status}]
//	summary.ongoing_incidents[{id, name, status, url, published_at, last_update_at,
//	    current_worst_impact, affected_components[{component_id, status}], updates[{published_at, message_string, to_status}]}]
//	summary.in_progress_maintenances[{id, name, status, url, started_at, affected_components}]
//
// A component not listed as affected is operational; one listed with a
// status word not known here is at least degraded (affectedLevel).
func parseIncidentIO(base string, body []byte) (*Page, error) {
	root, err := decodeJSON("proxy JSON", body)
	if err != nil {
		return nil, err
	}
	s := root.object().key("summary").object()
	if !root.failed() && !s.present() {
		s.fail("missing")
	}
	p := &Page{
		Kind: KindIncidentIO,
		Name: s.key("name").str(),
		URL:  firstLink(base, s.key("public_url").str(), base),
	}

	// Names and groups come from the component list and the page layout.
	names := make(map[string]string)
	groups := make(map[string]string)
	var order []string
	add := func(id, name string) {
		if id == "" {
			return
		}
		if _, seen := names[id]; !seen {
			order = append(order, id)
		}
		if name != "" || names[id] == "" {
			names[id] = name
		}
	}
	for _, c := range s.key("components").items() {
		add(c.object().key("id").str(), c.key("name").str())
	}
	for _, item := range s.key("structure").object().key("items").items() {
		item.object()
		if g := item.key("group").object(); g.present() {
			gname := g.key("name").str()
			for _, c := range g.key("components").items() {
				id := c.object().key("component_id").str()
				add(id, c.key("name").str())
				groups[id] = gname
			}
		}
		if c := item.key("component").object(); c.present() {
			add(c.key("component_id").str(), c.key("name").str())
		}
	}

	levels := make(map[string]Level)
	raws := make(map[string]string)
	for _, a := range s.key("affected_components").items() {
		l, raw := affectedLevel(a.object().key("status"))
		id := a.key("component_id").str()
		levels[id], raws[id] = l, raw
	}

	for _, n := range s.key("ongoing_incidents").items() {
		in, ongoing := incidentIOIncident(n, p.URL, names, false)
		if ongoing {
			p.Incidents = append(p.Incidents, in)
		}
	}
	for _, n := range s.key("in_progress_maintenances").items() {
		in, _ := incidentIOIncident(n, p.URL, names, true)
		p.Incidents = append(p.Incidents, in)
		// Components under maintenance and otherwise fine say so.
		for _, a := range n.key("affected_components").items() {
			id := a.object().key("component_id").str()
			if id == "" {
				id = a.key("id").str()
			}
			if levels[id] <= Operational {
				levels[id], raws[id] = Maintenance, "under_maintenance"
			}
		}
	}
	if root.failed() {
		return nil, root.d.err
	}

	for _, id := range order {
		c := Component{ID: id, Name: names[id], Group: groups[id], Level: Operational, Raw: "operational"}
		if l, ok := levels[id]; ok {
			c.Level, c.Raw = l, raws[id]
		}
		p.Components = append(p.Components, c)
	}
	p.Level = max(Operational, worstComponent(p.Components), worstIncident(p.Incidents))
	return p, nil
}

// incidentIOIncident reads one ongoing incident or in-progress maintenance
// and tells whether it is still ongoing.
func incidentIOIncident(n node, base string, names map[string]string, maintenance bool) (Incident, bool) {
	n.object()
	in := Incident{
		ID:      n.key("id").str(),
		Title:   n.key("name").str(),
		Started: n.key("published_at").time(),
		Updated: n.key("last_update_at").time(),
	}
	ongoing := true
	if maintenance {
		in.Status = n.key("status").str()
		in.Level = Maintenance
		if t := n.key("started_at").time(); !t.IsZero() {
			in.Started = t
		}
	} else {
		in.Status = n.key("status").word("investigating", "identified", "monitoring", "resolved")
		ongoing = in.Status != "resolved"
	}
	worst := Unknown
	for _, a := range n.key("affected_components").items() {
		a.object()
		id := a.key("component_id").str()
		if id == "" {
			id = a.key("id").str()
		}
		if st := a.key("status"); st.present() {
			l, _ := affectedLevel(st)
			worst = max(worst, l)
		}
		name := a.key("name").str()
		if name == "" {
			name = names[id]
		}
		if name != "" {
			in.Components = append(in.Components, name)
		}
	}
	if !maintenance {
		switch imp := n.key("current_worst_impact"); {
		case imp.present():
			in.Level, in.Impact = affectedLevel(imp)
		case worst != Unknown:
			in.Level = worst
		default:
			in.Level = Partial // ongoing, impact unstated: assume it hurts
		}
	}
	in.URL = firstLink(base, n.key("url").str(), "incidents/"+in.ID)
	for _, u := range n.key("updates").items() {
		u.object()
		in.Updates = append(in.Updates, Update{
			At:     u.key("published_at").time(),
			Status: u.key("to_status").str(),
			Body:   u.key("message_string").str(),
		})
	}
	return in, ongoing
}

// affectedLevel reads the status of an affected component, or an
// incident's worst impact. A word the package does not know (a page's
// newer vocabulary) does not void the page: something listed as affected
// is at least Degraded. A value that is not a string still fails.
func affectedLevel(n node) (Level, string) {
	s := n.str()
	if n.failed() {
		return Unknown, s
	}
	if l, ok := incidentIOStatus(s); ok {
		return l, s
	}
	return Degraded, s
}

// incidentIOStatus reads a component status. incident.io's own word for
// the worst is full_outage; some pages send Atlassian's major_outage.
func incidentIOStatus(s string) (Level, bool) {
	switch s {
	case "operational":
		return Operational, true
	case "degraded_performance":
		return Degraded, true
	case "partial_outage":
		return Partial, true
	case "full_outage", "major_outage":
		return Major, true
	case "under_maintenance":
		return Maintenance, true
	}
	return Unknown, false
}
