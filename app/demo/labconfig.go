package demo

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	toml "github.com/pelletier/go-toml/v2"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/statuspage"
)

// tomlDoc is the lab's config file: the keys docs/configuration.md documents.
type tomlDoc struct {
	Interval       string         `toml:"interval"`
	Timeout        string         `toml:"timeout"`
	Resolver       string         `toml:"resolver"`
	Attempts       int            `toml:"attempts"`
	Concurrency    int            `toml:"concurrency"`
	StatusInterval string         `toml:"status_interval"`
	Thresholds     tomlThresholds `toml:"thresholds"`
	Network        tomlNetwork    `toml:"network"`
	News           tomlNews       `toml:"news"`
	Catalog        *bool          `toml:"catalog,omitempty"`
	Service        []tomlService  `toml:"service"`
}

type tomlThresholds struct {
	Fail    int      `toml:"fail"`
	Recover int      `toml:"recover"`
	Recheck []string `toml:"recheck"`
}

type tomlNetwork struct {
	Control []string `toml:"control"`
}

type tomlNews struct {
	Builtin  bool       `toml:"builtin"`
	Interval string     `toml:"interval"`
	Window   string     `toml:"window"`
	Feed     []tomlFeed `toml:"feed"`
}

type tomlFeed struct {
	URL  string `toml:"url"`
	Lang string `toml:"lang"`
	Name string `toml:"name"`
}

type tomlService struct {
	Name       string          `toml:"name"`
	ID         string          `toml:"id"`
	Status     string          `toml:"status,omitempty"`
	StatusKind string          `toml:"status_kind,omitempty"`
	Mute       bool            `toml:"mute,omitempty"`
	Component  []tomlComponent `toml:"component"`
}

type tomlComponent struct {
	Name             string   `toml:"name"`
	Probe            string   `toml:"probe"`
	Expect           string   `toml:"expect,omitempty"`
	Slow             string   `toml:"slow,omitempty"`
	Body             string   `toml:"body,omitempty"`
	StatusComponents []string `toml:"status_components,omitempty"`
}

const tomlHeader = `# DownRadar's outage lab (app/demo), generated: every service below is
# answered on 127.0.0.1 by the lab, at its real host name through the lab's
# DNS server (resolver) and with a certificate from the lab's CA (set
# SSL_CERT_FILE to it). The status page and the news feeds are the lab's
# too. The ports change each time the lab starts. Intervals under the
# file's minimums (status_interval, news) are set by the lab's Tune.

`

// buildTOML writes the config that points cfg's chosen services at the lab,
// and checks that config.Parse reads it.
func (l *Lab) buildTOML(cfg *config.Config) ([]byte, error) {
	o := l.opts
	doc := tomlDoc{
		Interval:       duration(o.Interval),
		Timeout:        duration(o.Timeout),
		Resolver:       l.dns.Addr,
		Attempts:       cfg.Attempts,
		Concurrency:    cfg.Concurrency,
		StatusInterval: duration(config.MinStatusInterval),
		Thresholds:     tomlThresholds{Fail: o.Fail, Recover: o.Recover},
		News: tomlNews{
			Interval: duration(config.MinNewsInterval),
			Window:   duration(config.MinNewsWindow),
		},
	}
	if knowsCatalog() {
		doc.Catalog = new(bool) // the lab's services only, not the whole built-in catalog
	}
	for _, d := range o.Recheck {
		doc.Thresholds.Recheck = append(doc.Thresholds.Recheck, duration(d))
	}
	for _, e := range l.controls {
		doc.Network.Control = append(doc.Network.Control, e.probe)
	}
	for _, lang := range l.feed.Languages() {
		doc.News.Feed = append(doc.News.Feed, tomlFeed{URL: l.feed.URL(lang), Lang: lang, Name: "DownRadar lab news (" + lang + ")"})
	}
	for _, id := range o.Services {
		svc, _ := serviceByID(cfg, id)
		ts := tomlService{Name: svc.Name, ID: svc.ID, Mute: svc.Mute}
		paged := l.page != nil && slices.Contains(o.PageServices, id)
		if paged {
			// Meta has no public status page for its consumer apps: this
			// page is a lab device that stands for the world's view.
			ts.Status, ts.StatusKind = l.page.URL(), string(statuspage.KindAtlassian)
		}
		for _, e := range l.comps {
			if e.ref.Service != id {
				continue
			}
			tc := tomlComponent{Name: e.ref.Component, Probe: e.probe, Body: e.target.Body}
			if e.kind == probe.KindHTTP && e.target.Expect.String() != probe.DefaultExpect().String() {
				tc.Expect = e.target.Expect.String()
			}
			if e.target.Slow > 0 {
				tc.Slow = duration(e.target.Slow)
			}
			if paged {
				tc.StatusComponents = []string{svc.Name}
			}
			ts.Component = append(ts.Component, tc)
		}
		doc.Service = append(doc.Service, ts)
	}
	var b bytes.Buffer
	b.WriteString(tomlHeader)
	enc := toml.NewEncoder(&b)
	enc.SetIndentTables(true)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("demo: write the lab's config: %w", err)
	}
	if _, err := config.Parse("lab.toml", b.Bytes()); err != nil {
		return nil, fmt.Errorf("demo: the lab's config does not load: %w", err)
	}
	return b.Bytes(), nil
}

// knowsCatalog reports whether the config package reads the "catalog" key,
// with which a config file watches its own services only. (Until the
// built-in catalog lands, a config file has no such key and watches only
// its own services anyway.)
func knowsCatalog() bool {
	_, err := config.Parse("", []byte("catalog = false\n[[service]]\nname = \"x\"\n  [[service.component]]\n  name = \"x\"\n  probe = \"dns://x.test\"\n"))
	return err == nil
}

// TOML is the lab's config file: valid under config.Parse, to be loaded by
// an agent (then Tune it).
func (l *Lab) TOML() []byte { return bytes.Clone(l.toml) }

// Config is the lab's config, parsed afresh (the caller may change it),
// not tuned.
func (l *Lab) Config() (*config.Config, error) {
	c, err := config.Parse("lab.toml", l.toml)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return c, nil
}

// Tune sets what the config file cannot say at the lab's pace (the file's
// minimums are for the real world): the status page and the news feeds
// are read every check interval, and a news report counts for a window
// that fits the scripts: long enough to confirm the outage it reports (3
// intervals at least: the reports come within seconds, and a poll and a
// check follow), gone before the next scenario of the demo, whose own
// outage it would otherwise confirm in advance (30 s of script time
// between them, at Options.Speed), and 8 intervals at most.
func (l *Lab) Tune(c *config.Config) {
	i := l.opts.Interval
	c.StatusInterval = i
	c.News.Interval = i
	c.News.Window = max(3*i, min(8*i, time.Duration(float64(30*time.Second)/l.opts.Speed)))
}

// duration writes d as config files do: "2s", "500ms", "1m".
func duration(d time.Duration) string {
	switch {
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}
