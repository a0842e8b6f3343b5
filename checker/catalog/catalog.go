// Package catalog is DownRadar's built-in list of the services people worry
// about: for each, its component probes, its official status page where one
// exists, whether it is in the default set, and its names in every script
// for the news radar. The list is data (catalog.toml, embedded); the config
// package merges the user's config over it and the classifier learns the
// names from it.
package catalog

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/downradar/downradar/checker/internal/tomldoc"
)

//go:embed catalog.toml
var builtin []byte

// Entry is one service of the catalog, as written.
type Entry struct {
	ID         string      `toml:"id"`
	Name       string      `toml:"name"`
	Watch      bool        `toml:"watch"`       // in the default set
	Status     string      `toml:"status"`      // its status page, "" if none
	StatusKind string      `toml:"status_kind"` // "" to detect it
	Names      []string    `toml:"names"`       // for the news classifier
	Components []Component `toml:"component"`
}

// Component is one probed part of a service, as written.
type Component struct {
	Name             string   `toml:"name"`
	Probe            string   `toml:"probe"`
	Expect           string   `toml:"expect"`
	Slow             string   `toml:"slow"`
	Body             string   `toml:"body"`
	StatusComponents []string `toml:"status_components"`
}

type file struct {
	Service []Entry `toml:"service"`
}

// Builtin returns the embedded catalog. It is parsed once; the entries are
// shared, so callers must not modify them.
func Builtin() []Entry { return builtinOnce() }

var builtinOnce = sync.OnceValue(func() []Entry {
	es, err := Parse("catalog.toml", builtin)
	if err != nil {
		panic("catalog: the built-in catalog is invalid: " + err.Error()) // caught by TestBuiltin
	}
	return es
})

// TOML is the text of the built-in catalog.
func TOML() []byte { return bytes.Clone(builtin) }

// Lookup returns the built-in entry with this id.
func Lookup(id string) (Entry, bool) {
	for _, e := range Builtin() {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Names maps each built-in service id to its names, for the classifier.
func Names() map[string][]string {
	m := make(map[string][]string, len(Builtin()))
	for _, e := range Builtin() {
		m[e.ID] = e.Names
	}
	return m
}

// Parse decodes a catalog document strictly (an unknown key is an error)
// and checks what the catalog itself promises: every service has an id, a
// name, names for the news and at least one component with a probe, and no
// id or name is used twice. Probe URLs and status pages are checked where
// they are used, by the config package, with the same rules as a user's.
// Errors name the file, the line when known, and the key.
func Parse(name string, data []byte) ([]Entry, error) {
	var f file
	if err := tomldoc.Decode(data, &f); err != nil {
		return nil, tomldoc.In(name, err)
	}
	if len(f.Service) == 0 {
		return nil, fmt.Errorf("%s: no [[service]]", name)
	}
	ids, names := map[string]int{}, map[string]int{}
	for i, e := range f.Service {
		key := fmt.Sprintf("%s: service[%d]", name, i)
		switch {
		case e.ID == "":
			return nil, fmt.Errorf("%s: no id", key)
		case e.Name == "":
			return nil, fmt.Errorf("%s (%s): no name", key, e.ID)
		case len(e.Names) == 0:
			return nil, fmt.Errorf("%s (%s): no names for the news", key, e.ID)
		case len(e.Components) == 0:
			return nil, fmt.Errorf("%s (%s): no [[service.component]]", key, e.ID)
		}
		if j, dup := ids[e.ID]; dup {
			return nil, fmt.Errorf("%s.id: %q is already the id of service[%d]", key, e.ID, j)
		}
		if j, dup := names[strings.ToLower(e.Name)]; dup {
			return nil, fmt.Errorf("%s.name: %q is already the name of service[%d]", key, e.Name, j)
		}
		ids[e.ID], names[strings.ToLower(e.Name)] = i, i
		for j, c := range e.Components {
			if c.Name == "" || c.Probe == "" {
				return nil, fmt.Errorf("%s (%s).component[%d]: a component needs a name and a probe", key, e.ID, j)
			}
		}
	}
	return f.Service, nil
}
