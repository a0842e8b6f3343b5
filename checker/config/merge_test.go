package config

import (
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/catalog"
)

// With no [[service]], the catalog's default set is watched and the rest is
// known, off.
func TestCatalogDefaultSet(t *testing.T) {
	c, err := Parse("c.toml", []byte("interval = \"60s\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	all := catalog.Builtin()
	if len(c.Services) != len(all) {
		t.Fatalf("%d services, want the catalog's %d", len(c.Services), len(all))
	}
	var want, got []string
	for i, e := range all {
		if e.Watch {
			want = append(want, e.ID)
		}
		if s := c.Services[i]; s.ID != e.ID || !s.Builtin || len(s.Components) != len(e.Components) {
			t.Errorf("service %d = %s (builtin %v, %d components), want %s in catalog order", i, s.ID, s.Builtin, len(s.Components), e.ID)
		}
	}
	for _, s := range c.Watched() {
		got = append(got, s.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("watched %v, want %v", got, want)
	}
	if def := Default(); len(def.Watched()) != len(want) {
		t.Errorf("Default() watches %d", len(def.Watched()))
	}
}

// A user's [[service]] with a catalog id overrides what it gives and keeps
// the rest; others are the user's own, after the catalog's.
func TestCatalogOverride(t *testing.T) {
	doc := `[[service]]
id = "discord"

[[service]]
id = "facebook"
enabled = false

[[service]]
id = "github"
name = "GitHub (work)"
interval = "5m"
mute = true
status = ""

[[service]]
name = "WhatsApp"
  [[service.component]]
  name = "Web only"
  probe = "https://web.whatsapp.test/"

[[service]]
id = "gmail"
status_kind = "atlassian"

[[service]]
name = "My blog"
  [[service.component]]
  name = "Web"
  probe = "https://blog.test/"
`
	c, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	d := byID(t, c, "discord")
	if e, _ := catalog.Lookup("discord"); !d.Enabled || d.Name != "Discord" || len(d.Components) != len(e.Components) || d.Status == nil {
		t.Errorf("discord listed: %+v", d)
	}
	if f := byID(t, c, "facebook"); f.Enabled {
		t.Error("facebook: enabled = false ignored")
	}
	g := byID(t, c, "github")
	if g.Name != "GitHub (work)" || g.Interval != 5*time.Minute || !g.Mute || g.Status != nil || !g.Enabled || len(g.Components) < 2 {
		t.Errorf("github overridden: %+v", g)
	}
	w := byID(t, c, "whatsapp")
	if len(w.Components) != 1 || w.Components[0].Name != "Web only" || !w.Builtin {
		t.Errorf("whatsapp components replaced: %+v", w.Components)
	}
	if gm := byID(t, c, "gmail"); gm.Status == nil || gm.Status.Kind != "atlassian" || gm.Status.URL == "" {
		t.Errorf("gmail status_kind alone: %+v", gm.Status)
	}
	last := c.Services[len(c.Services)-1]
	if last.Name != "My blog" || last.ID != "myblog" || last.Builtin || !last.Enabled {
		t.Errorf("own service last: %+v", last)
	}
	if byID(t, c, "threads").Enabled {
		t.Error("threads is not in the default set")
	}
}

// catalog = false: only the user's services.
func TestCatalogOff(t *testing.T) {
	c, err := Parse("c.toml", []byte("catalog = false\n"+svc))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Services) != 1 || c.Services[0].Builtin || len(c.Services[0].Components) != 1 {
		t.Errorf("%+v", c.Services)
	}
}
