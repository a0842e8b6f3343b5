package config

import (
	"fmt"
	"strings"

	"github.com/downradar/downradar/checker/catalog"
)

// merged is one service to build: the user's [[service]], a catalog entry,
// or a catalog entry with the user's keys over it.
type merged struct {
	key     string // where errors point: the user's service[i], or catalog[id]
	raw     rawService
	builtin bool
}

// merge lays the user's services over the built-in catalog (unless the
// config says catalog = false). A user's [[service]] whose id (given, or
// made from its name) is a catalog id overrides that entry: the keys it
// gives replace the catalog's, its components (if any) replace them all,
// and it is watched unless it says enabled = false. Catalog services the
// user does not name are watched when the catalog puts them in the default
// set. The order is the catalog's, then the user's own services.
func (b *builder) merge(r rawConfig) []merged {
	var out []merged
	ids, names := map[string]int{}, map[string]int{}
	for i, rs := range r.Service {
		key := fmt.Sprintf("service[%d]", i)
		id := rawID(rs)
		if rs.ID != nil && !validID(id) {
			b.fail(key+".id", "%q is not an id: lowercase letters, digits and - only (like \"whatsapp\")", *rs.ID)
		}
		if j, dup := ids[id]; dup && id != "" {
			if rs.ID != nil {
				b.fail(key+".id", "%q is already the id of service[%d]", id, j)
			} else {
				b.fail(key+".name", "%q is already the name of service[%d]", strings.TrimSpace(rs.Name), j)
			}
		}
		ids[id] = i
		if n := strings.ToLower(strings.TrimSpace(rs.Name)); n != "" {
			if j, dup := names[n]; dup {
				b.fail(key+".name", "%q is already the name of service[%d]", strings.TrimSpace(rs.Name), j)
			}
			names[n] = i
		}
	}
	used := map[int]bool{}
	if r.Catalog == nil || *r.Catalog {
		for _, e := range catalog.Builtin() {
			m := merged{key: "catalog[" + e.ID + "]", raw: entryRaw(e), builtin: true}
			if i, ok := ids[e.ID]; ok {
				used[i] = true
				m.key, m.raw = fmt.Sprintf("service[%d]", i), override(m.raw, r.Service[i])
			} else if i, ok := names[strings.ToLower(e.Name)]; ok {
				b.fail(fmt.Sprintf("service[%d].name", i), "%q is the name of the catalog's service %q: add id = %q to change it, or give yours another name",
					strings.TrimSpace(r.Service[i].Name), e.ID, e.ID)
			}
			out = append(out, m)
		}
	}
	for i, rs := range r.Service {
		if !used[i] {
			out = append(out, merged{key: fmt.Sprintf("service[%d]", i), raw: rs})
		}
	}
	return out
}

// rawID is the id a user's service goes by: its id key, or its name's.
func rawID(rs rawService) string {
	if rs.ID != nil {
		return strings.TrimSpace(*rs.ID)
	}
	return DefaultID(rs.Name)
}

// entryRaw is a catalog entry as if the user had written it.
func entryRaw(e catalog.Entry) rawService {
	id, watch := e.ID, e.Watch
	rs := rawService{Name: e.Name, ID: &id, Enabled: &watch}
	if e.Status != "" {
		st := e.Status
		rs.Status = &st
		if e.StatusKind != "" {
			k := e.StatusKind
			rs.StatusKind = &k
		}
	}
	for _, c := range e.Components {
		rc := rawComponent{Name: c.Name, Probe: c.Probe, Status: c.StatusComponents}
		if c.Expect != "" {
			rc.Expect = &c.Expect
		}
		if c.Slow != "" {
			rc.Slow = &c.Slow
		}
		if c.Body != "" {
			rc.Body = &c.Body
		}
		rs.Component = append(rs.Component, rc)
	}
	return rs
}

// override lays the keys the user gave over a catalog entry.
func override(base, user rawService) rawService {
	on := true
	base.Enabled = &on
	if user.Enabled != nil {
		base.Enabled = user.Enabled
	}
	if n := strings.TrimSpace(user.Name); n != "" {
		base.Name = n
	}
	if user.Mute != nil {
		base.Mute = user.Mute
	}
	if user.Interval != nil {
		base.Interval = user.Interval
	}
	if user.Status != nil {
		base.Status, base.StatusKind = user.Status, user.StatusKind
		if *user.Status == "" { // status = "": no status page
			base.Status, base.StatusKind = nil, nil
		}
	} else if user.StatusKind != nil {
		base.StatusKind = user.StatusKind
	}
	if len(user.Component) > 0 {
		base.Component = user.Component
	}
	return base
}
