package statuspage

import "strings"

// LevelFor is the worst level among the page's components that one of names
// stands for. A name stands for the components whose Name or ID it equals
// (ignoring case), for the one "Group/Name" names, and, when it is a group's
// name, for all that group's components. A name that matches nothing counts
// as Unknown, so the result is Unknown only when no name matches; Missing
// lists such names for the config validator.
//
// With no names, and on a page that lists no components (a feed), the result
// is the page's overall Level.
func (p *Page) LevelFor(names []string) Level {
	if len(names) == 0 || len(p.Components) == 0 {
		return p.Level
	}
	l := Unknown
	for _, name := range names {
		for _, c := range p.Components {
			if c.matches(name) {
				l = max(l, c.Level)
			}
		}
	}
	return l
}

// IncidentsFor lists the ongoing incidents that touch the components names
// stand for (matched as in LevelFor). With no names, and on a page that lists
// no components, it lists them all.
func (p *Page) IncidentsFor(names []string) []Incident {
	if len(names) == 0 || len(p.Components) == 0 {
		return append([]Incident(nil), p.Incidents...)
	}
	keys := make(map[string]bool)
	for _, name := range names {
		for _, c := range p.Components {
			if !c.matches(name) {
				continue
			}
			for _, k := range []string{c.Name, c.ID, c.Group} {
				if k != "" {
					keys[strings.ToLower(k)] = true
				}
			}
		}
	}
	var out []Incident
	for _, in := range p.Incidents {
		for _, name := range in.Components {
			if keys[strings.ToLower(name)] {
				out = append(out, in)
				break
			}
		}
	}
	return out
}

// Missing lists the names that match none of the page's components. A page
// that lists no components misses nothing: it cannot tell.
func (p *Page) Missing(names []string) []string {
	if len(p.Components) == 0 {
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
