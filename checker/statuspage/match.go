package statuspage

import (
	"fmt"
	"strings"
)

// Reading is what a page says of the components a service maps to.
type Reading struct {
	Level       Level
	Description string     // the mapping's own, e.g. "Voice: Partial Outage"; the page's with no names
	Incidents   []Incident // ongoing, touching the components or naming none; the caller's copy
}

// Read is what the page says of the components names stand for (see
// Component.matches). With no names, and on a page that lists no components
// (a feed), it is the page as a whole.
//
// An incident that names no component (usual early in an outage) concerns
// every mapping: its level counts and it is listed (unless the provider never
// names them: Page.Unscoped), and so does trouble the page reports without
// naming anything (Page.Unattributed). A name that matches no
// component is operational on a page that lists only the components in
// trouble (Page.AffectedOnly: Google, Slack); on any other page it makes
// the reading Unknown, with an error that names it: the page or the config
// changed, and nobody can tell the service's state.
func (p *Page) Read(names []string) (Reading, error) {
	if len(names) == 0 || len(p.Components) == 0 {
		return Reading{Level: p.Level, Description: p.Description, Incidents: append([]Incident(nil), p.Incidents...)}, nil
	}
	if missing := p.Missing(names); len(missing) > 0 {
		what := "component %s is"
		if len(missing) > 1 {
			what = "components %s are"
		}
		return Reading{Level: Unknown, Description: describe(Unknown)},
			fmt.Errorf(what+" not on status page %s", quoteList(missing), p.label())
	}
	var matched []Component
	level := Unknown
	if p.AffectedOnly {
		level = Operational // a product the page does not list is in no trouble
	}
	for _, c := range p.Components {
		for _, name := range names {
			if c.matches(name) {
				matched = append(matched, c)
				level = max(level, c.Level)
				break
			}
		}
	}
	keys := make(map[string]bool)
	for _, c := range matched {
		for _, k := range []string{c.Name, c.ID, c.Group} {
			if k != "" {
				keys[strings.ToLower(k)] = true
			}
		}
	}
	r := Reading{}
	unattached := p.Unattributed
	for _, in := range p.Incidents {
		if len(in.Components) == 0 && !p.Unscoped {
			r.Incidents = append(r.Incidents, in)
			unattached = max(unattached, in.Level)
			continue
		}
		for _, name := range in.Components {
			if keys[strings.ToLower(name)] {
				r.Incidents = append(r.Incidents, in)
				break
			}
		}
	}
	r.Level = max(level, unattached)
	r.Description = describeMapping(r.Level, matched, unattached)
	return r, nil
}

// LevelFor is Read's level: Unknown when it gives an error.
func (p *Page) LevelFor(names []string) Level {
	r, _ := p.Read(names)
	return r.Level
}

// IncidentsFor is Read's incidents: none when it gives an error.
func (p *Page) IncidentsFor(names []string) []Incident {
	r, _ := p.Read(names)
	return r.Incidents
}

// Missing lists the names that match none of the page's components. A page
// that lists no components, or only those in trouble, misses nothing: it
// cannot tell.
func (p *Page) Missing(names []string) []string {
	if len(p.Components) == 0 || p.AffectedOnly {
		return nil
	}
	var out []string
	for _, name := range names {
		found := false
		for _, c := range p.Components {
			if c.matches(name) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, name)
		}
	}
	return out
}

// label names the page in an error: its name, else its link.
func (p *Page) label() string {
	switch {
	case p.Name != "" && p.URL != "":
		return p.Name + " (" + p.URL + ")"
	case p.Name != "":
		return p.Name
	}
	return p.URL
}

// describeMapping is the description of a mapped service at level: the
// components at that level and its word for a component ("Voice, API:
// Partial Outage"), or, when an incident that names no component makes the
// level, the page-wide words.
func describeMapping(level Level, matched []Component, unattached Level) string {
	if level == Unknown || (unattached == level && unattached > Operational) {
		return describe(level)
	}
	var at []string
	for _, c := range matched {
		if c.Level == level {
			at = append(at, c.Name)
		}
	}
	if len(at) == 0 {
		return componentWords(level) // an AffectedOnly page's unlisted product
	}
	const shown = 3
	names := strings.Join(at[:min(len(at), shown)], ", ")
	if len(at) > shown {
		names += fmt.Sprintf(" and %d more", len(at)-shown)
	}
	return names + ": " + componentWords(level)
}

// componentWords is a level in the words status pages use for a component.
func componentWords(l Level) string {
	switch l {
	case Operational:
		return "Operational"
	case Maintenance:
		return "Under Maintenance"
	case Degraded:
		return "Degraded Performance"
	case Partial:
		return "Partial Outage"
	case Major:
		return "Major Outage"
	}
	return "Status Unknown"
}

// quoteList quotes names for an error, cut short when many.
func quoteList(names []string) string {
	const shown = 5
	q := make([]string, 0, min(len(names), shown))
	for _, n := range names[:min(len(names), shown)] {
		q = append(q, quote(n))
	}
	out := strings.Join(q, ", ")
	if len(names) > shown {
		out += fmt.Sprintf(" and %d more", len(names)-shown)
	}
	return out
}

// matches reports whether name stands for c: its Name, its ID, its
// "Group/Name" or its group's name, ignoring case and surrounding space.
func (c Component) matches(name string) bool {
	name = strings.TrimSpace(name)
	if name == "" {
		return false
	}
	if strings.EqualFold(c.Name, name) || (c.ID != "" && strings.EqualFold(c.ID, name)) {
		return true
	}
	if c.Group == "" {
		return false
	}
	if strings.EqualFold(c.Group, name) {
		return true
	}
	g, n, ok := strings.Cut(name, "/")
	// A name may hold slashes itself ("Apps/Integrations/APIs"): try every cut.
	for ok {
		if strings.EqualFold(strings.TrimSpace(g), c.Group) && strings.EqualFold(strings.TrimSpace(n), c.Name) {
			return true
		}
		var rest string
		rest, n, ok = strings.Cut(n, "/")
		g = g + "/" + rest
	}
	return false
}
