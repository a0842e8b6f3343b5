package statuspage

import (
	"net/url"
	"slices"
	"strings"
)

// parseGoogle reads Google's incidents.json (Google Cloud's
// status.cloud.google.com and Google Workspace's appsstatus dashboard share
// the format): a flat array of incidents, newest first, each with begin,
// end, severity (low | medium | high), status_impact (SERVICE_INFORMATION |
// SERVICE_DISRUPTION | SERVICE_OUTAGE), service_name, affected_products[]
// and updates[]. An incident without "end" is ongoing.
//
// The components are the products the file names anywhere, history
// included: operational unless an ongoing incident touches them. A product
// the file never names is operational too (AffectedOnly). The page's level
// is the worst ongoing incident's, Operational when none is.
func parseGoogle(base string, body []byte) (*Page, error) {
	root, err := decodeJSON("incidents.json", body)
	if err != nil {
		return nil, err
	}
	p := &Page{Kind: KindGoogle, Name: googleName(base), URL: link(base, base), AffectedOnly: true}
	products := make(map[string]Component) // by lower-case name
	for _, n := range root.items() {
		n.object()
		in := Incident{
			ID:      n.key("id").id(),
			Title:   firstLine(n.key("external_desc").str()),
			Started: n.key("begin").time(),
			Updated: n.key("modified").time(),
			Level:   Partial, // ongoing, impact unstated: assume it hurts
		}
		ended := !n.key("end").time().IsZero()
		if s := n.key("severity"); s.present() {
			in.Level, in.Impact = s.level(googleSeverity)
		}
		if s := n.key("status_impact"); s.present() {
			in.Level, in.Impact = s.level(googleImpact)
		}
		for _, a := range n.key("affected_products").items() {
			a.object()
			if name := strings.TrimSpace(a.key("title").str()); name != "" {
				in.Components = append(in.Components, name)
				addProduct(products, a.key("id").str(), name)
			}
		}
		// service_name is the product when the incident lists none; with
		// several it is a label such as "Multiple Products".
		if name := strings.TrimSpace(n.key("service_name").str()); name != "" && len(in.Components) == 0 {
			addProduct(products, n.key("service_key").str(), name)
			in.Components = append(in.Components, name)
		}
		if ended {
			continue // history: only its product names matter
		}
		recent := n.key("most_recent_update").object()
		in.Status = recent.key("status").str()
		updates := n.key("updates").items()
		if len(updates) == 0 && recent.present() {
			updates = []node{recent}
		}
		for _, u := range updates {
			u.object()
			at := u.key("when").time()
			if at.IsZero() {
				at = u.key("created").time()
			}
			in.Updates = append(in.Updates, Update{At: at, Status: u.key("status").str(), Body: strings.TrimSpace(u.key("text").str())})
		}
		in.URL = link(base, n.key("uri").str())
		p.Incidents = append(p.Incidents, in)
	}
	if root.failed() {
		return nil, root.d.err
	}

	for _, in := range p.Incidents {
		for _, name := range in.Components {
			k := strings.ToLower(name)
			if c := products[k]; in.Level > c.Level {
				c.Level, c.Raw = in.Level, in.Impact
				products[k] = c
			}
		}
	}
	for _, c := range products {
		p.Components = append(p.Components, c)
	}
	slices.SortFunc(p.Components, func(a, b Component) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	p.Level = max(Operational, worstIncident(p.Incidents))
	return p, nil
}

// addProduct records a product as operational, once.
func addProduct(products map[string]Component, id, name string) {
	k := strings.ToLower(name)
	if _, ok := products[k]; !ok {
		products[k] = Component{ID: id, Name: name, Level: Operational, Raw: "available"}
	}
}

// googleName names the page after its host.
func googleName(base string) string {
	u, err := url.Parse(base)
	switch {
	case err != nil:
	case u.Host == "status.cloud.google.com":
		return "Google Cloud"
	case strings.HasPrefix(u.Path, "/appsstatus"):
		return "Google Workspace"
	}
	return "Google"
}

// firstLine is the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

func googleSeverity(s string) (Level, bool) {
	switch s {
	case "low":
		return Degraded, true
	case "medium":
		return Partial, true
	case "high":
		return Major, true
	}
	return Unknown, false
}

func googleImpact(s string) (Level, bool) {
	switch s {
	case "SERVICE_INFORMATION":
		return Degraded, true
	case "SERVICE_DISRUPTION":
		return Partial, true
	case "SERVICE_OUTAGE":
		return Major, true
	}
	return Unknown, false
}
