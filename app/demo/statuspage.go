package demo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/lab"
)

// StatusPage is the lab's Atlassian Statuspage (v2 summary.json, in the
// documented format) with one component per service it covers, named as
// the service. Meta publishes no status page for its consumer apps: this
// one is a lab device that stands for "the world's view" of them, as a
// real page does for the services that have one.
type StatusPage struct {
	port *lab.Port
	srv  *http.Server
	url  string
	now  func() time.Time

	mu      sync.Mutex
	comps   []pageComponent
	inc     *pageIncident // the unresolved incident, if any
	seq     int
	version int // of the summary, for its ETag
	updated time.Time
}

type pageComponent struct{ id, name, status string }

type pageIncident struct {
	id, title, status, impact string
	started                   time.Time
	components                []string // ids
	updates                   []pageUpdate
}

type pageUpdate struct {
	id, status, body string
	at               time.Time
}

// PageReport is what the lab status page says in one update of an outage.
type PageReport struct {
	Services []string // ids of the services it touches
	Title    string   // the incident's name (kept from the first report when empty)
	Body     string   // the update's text
	Status   string   // investigating (default), identified or monitoring
	Impact   string   // minor, major (default) or critical
	Level    string   // of the components: degraded_performance, partial_outage or major_outage (default)
}

func startStatusPage(now func() time.Time) (*StatusPage, error) {
	p := &StatusPage{now: now, updated: now()}
	var err error
	if p.port, err = lab.ListenPort(); err != nil {
		return nil, fmt.Errorf("demo: status page: %w", err)
	}
	p.url = "http://" + p.port.Addr().String()
	p.srv = &http.Server{Handler: p, ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(p.port)
	return p, nil
}

func (p *StatusPage) close() { p.srv.Close() }

func (p *StatusPage) addComponent(id, name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.comps = append(p.comps, pageComponent{id: id, name: name, status: "operational"})
	p.version++
}

// URL is the page's address (the config's status).
func (p *StatusPage) URL() string { return p.url }

// Report opens the page's incident, or adds an update to it.
func (p *StatusPage) Report(r PageReport) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range r.Services {
		if !slices.ContainsFunc(p.comps, func(c pageComponent) bool { return c.id == id }) {
			return fmt.Errorf("demo: the lab status page does not cover %q", id)
		}
	}
	now := p.now().UTC().Truncate(time.Millisecond)
	if p.inc == nil {
		p.seq++
		p.inc = &pageIncident{id: fmt.Sprintf("lab%d", p.seq), started: now}
	}
	in := p.inc
	in.title = cmp.Or(r.Title, in.title)
	in.status = cmp.Or(r.Status, "investigating")
	in.impact = cmp.Or(r.Impact, "major")
	for _, id := range r.Services {
		if !slices.Contains(in.components, id) {
			in.components = append(in.components, id)
		}
	}
	level := cmp.Or(r.Level, "major_outage")
	for i := range p.comps {
		if slices.Contains(in.components, p.comps[i].id) {
			p.comps[i].status = level
		}
	}
	in.updates = append(in.updates, pageUpdate{id: fmt.Sprintf("%s-u%d", in.id, len(in.updates)+1), status: in.status, body: r.Body, at: now})
	p.updated = now
	p.version++
	return nil
}

// Resolve ends the page's incident: every component operational again.
func (p *StatusPage) Resolve() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inc = nil
	for i := range p.comps {
		p.comps[i].status = "operational"
	}
	p.updated = p.now().UTC().Truncate(time.Millisecond)
	p.version++
}

// Reports reports whether the page's open incident touches the service
// with catalog id id.
func (p *StatusPage) Reports(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inc != nil && slices.Contains(p.inc.components, id)
}

// Summary is the page's /api/v2/summary.json now.
func (p *StatusPage) Summary() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
	type obj = map[string]any
	indicator, desc := "none", "All Systems Operational"
	var comps, incs []obj
	for i, c := range p.comps {
		comps = append(comps, obj{"id": c.id, "name": c.name, "status": c.status, "position": i + 1,
			"group": false, "group_id": nil, "page_id": "downradar-lab", "only_show_if_degraded": false,
			"description": "Lab stand-in for " + c.name})
	}
	if in := p.inc; in != nil {
		indicator = in.impact
		desc = map[string]string{"minor": "Minor Service Outage", "major": "Partial System Outage", "critical": "Major System Outage"}[in.impact]
		var cs, us []obj
		for _, c := range p.comps {
			if slices.Contains(in.components, c.id) {
				cs = append(cs, obj{"id": c.id, "name": c.name, "status": c.status})
			}
		}
		for i := len(in.updates) - 1; i >= 0; i-- { // newest first, as Statuspage lists them
			u := in.updates[i]
			us = append(us, obj{"id": u.id, "status": u.status, "body": u.body, "incident_id": in.id,
				"created_at": ts(u.at), "updated_at": ts(u.at), "display_at": ts(u.at)})
		}
		last := in.updates[len(in.updates)-1].at
		incs = append(incs, obj{"id": in.id, "name": in.title, "status": in.status, "impact": in.impact,
			"created_at": ts(in.started), "updated_at": ts(last), "started_at": ts(in.started),
			"monitoring_at": nil, "resolved_at": nil, "shortlink": p.url + "/incidents/" + in.id,
			"page_id": "downradar-lab", "components": cs, "incident_updates": us})
	}
	b, _ := json.Marshal(obj{
		"page":       obj{"id": "downradar-lab", "name": "DownRadar lab: the world's view", "url": p.url, "time_zone": "Etc/UTC", "updated_at": ts(p.updated)},
		"status":     obj{"indicator": indicator, "description": desc},
		"components": comps, "incidents": orEmpty(incs), "scheduled_maintenances": []obj{},
	})
	return b
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ServeHTTP serves the summary, and a page for the incident's link.
func (p *StatusPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/api/v2/summary.json":
		p.mu.Lock()
		v := p.version
		p.mu.Unlock()
		if notModified(w, r, v) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(p.Summary())
	case strings.HasPrefix(r.URL.Path, "/incidents/") || r.URL.Path == "/":
		p.mu.Lock()
		defer p.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>DownRadar lab status page</title><h1>The world's view (a lab device)</h1>\n")
		if in := p.inc; in != nil {
			fmt.Fprintf(w, "<h2>%s</h2>\n", html.EscapeString(in.title))
			for i := len(in.updates) - 1; i >= 0; i-- {
				u := in.updates[i]
				fmt.Fprintf(w, "<p><b>%s</b> %s: %s</p>\n", html.EscapeString(u.status), u.at.Format(time.RFC3339), html.EscapeString(u.body))
			}
		} else {
			fmt.Fprint(w, "<p>All Systems Operational</p>\n")
		}
	default:
		http.NotFound(w, r)
	}
}
