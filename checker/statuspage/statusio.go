package statuspage

import "fmt"

// parseStatusIO reads status.io's public https://api.status.io/1.0/status/<page id>:
//
//	result.status_overall{status, status_code}
//	result.status[{id, name, status, status_code, containers[{id, name, status, status_code}]}]
//	result.incidents[{_id, name, datetime_open, current_active, messages[{details, datetime, state, status}], components_affected[{name}]}]
//	result.maintenance{active[...], upcoming[...]}
//
// Status codes: 100 operational, 200 planned maintenance, 300 degraded
// performance, 400 partial disruption, 500 disruption, 600 security event.
// A security event is Degraded: worth a look, not by itself an outage. A
// component with containers (its regions or parts) becomes one component per
// container, grouped under the component's name. The API gives no page name
// or link.
func parseStatusIO(base string, body []byte) (*Page, error) {
	root, err := decodeJSON("status JSON", body)
	if err != nil {
		return nil, err
	}
	res := root.object().key("result").object()
	if !root.failed() && !res.present() {
		res.fail("missing")
	}
	p := &Page{Kind: KindStatusIO, URL: link(base, base)}
	overall := res.key("status_overall").object()
	code := overall.key("status_code")
	if !root.failed() && !code.present() {
		code.fail("missing")
	}
	level, _ := statusIOLevel(code)
	p.Description = overall.key("status").str()

	for _, s := range res.key("status").items() {
		s.object()
		name := s.key("name").str()
		l, raw := statusIOLevel(s.key("status_code"))
		if st := s.key("status").str(); st != "" {
			raw = st
		}
		containers := s.key("containers").items()
		if len(containers) == 0 {
			p.Components = append(p.Components, Component{ID: s.key("id").id(), Name: name, Level: l, Raw: raw})
		}
		for _, c := range containers {
			c.object()
			cl, craw := statusIOLevel(c.key("status_code"))
			if st := c.key("status").str(); st != "" {
				craw = st
			}
			p.Components = append(p.Components, Component{ID: c.key("id").id(), Name: c.key("name").str(), Group: name, Level: cl, Raw: craw})
		}
	}
	for _, n := range res.key("incidents").items() {
		if in, ongoing := statusIOIncident(n, false); ongoing {
			p.Incidents = append(p.Incidents, in)
		}
	}
	m := res.key("maintenance")
	active := m.key("active")
	if _, isArray := m.v.([]any); isArray {
		active = m // some pages send a bare list of the active ones
	}
	for _, n := range active.items() {
		in, _ := statusIOIncident(n, true)
		p.Incidents = append(p.Incidents, in)
	}
	if root.failed() {
		return nil, root.d.err
	}
	p.Level = max(level, worstComponent(p.Components), worstIncident(p.Incidents))
	return p, nil
}

// statusIOIncident reads one incident or active maintenance and tells
// whether it is ongoing.
func statusIOIncident(n node, maintenance bool) (Incident, bool) {
	n.object()
	in := Incident{ID: n.key("_id").id(), Title: n.key("name").str(), Started: n.key("datetime_open").time()}
	if in.ID == "" {
		in.ID = n.key("id").id()
	}
	for _, c := range n.key("components_affected").items() {
		if name := c.object().key("name").str(); name != "" {
			in.Components = append(in.Components, name)
		}
	}
	var latest node
	for _, msg := range n.key("messages").items() {
		msg.object()
		u := Update{At: msg.key("datetime").time(), Body: msg.key("details").str()}
		if st := msg.key("state"); st.present() && !maintenance {
			u.Status = statusIOState(st)
		}
		in.Updates = append(in.Updates, u)
		if latest.d == nil || !u.At.Before(in.Updated) {
			latest, in.Updated = msg, u.At
		}
	}
	if maintenance {
		in.Level, in.Status = Maintenance, "in_progress"
		if t := n.key("datetime_planned_start").time(); !t.IsZero() {
			in.Started = t
		}
		return in, true
	}
	in.Level, in.Impact = Partial, "" // ongoing, impact unstated: assume it hurts
	if latest.d != nil {
		if l, word := statusIOLevel(latest.key("status")); l != Unknown {
			in.Level, in.Impact = l, word
		}
		if st := latest.key("state"); st.present() {
			in.Status = statusIOState(st)
		}
	} else if l, word := statusIOLevel(n.key("status_code")); l != Unknown {
		in.Level, in.Impact = l, word
	}
	return in, n.key("current_active").boolean(true)
}

// statusIOLevel reads a status code; absent gives Unknown and "".
func statusIOLevel(n node) (Level, string) {
	code, ok := n.num()
	if !ok {
		return Unknown, ""
	}
	switch code {
	case 100:
		return Operational, "operational"
	case 200:
		return Maintenance, "planned_maintenance"
	case 300:
		return Degraded, "degraded_performance"
	case 400:
		return Partial, "partial_service_disruption"
	case 500:
		return Major, "service_disruption"
	case 600:
		return Degraded, "security_event"
	}
	n.fail("unknown value %s", fmt.Sprint(code))
	return Unknown, ""
}

// statusIOState names an incident's state code.
func statusIOState(n node) string {
	code, _ := n.num()
	switch code {
	case 100:
		return "investigating"
	case 200:
		return "identified"
	case 300:
		return "monitoring"
	}
	if !n.failed() {
		n.fail("unknown value %s", fmt.Sprint(code))
	}
	return ""
}
