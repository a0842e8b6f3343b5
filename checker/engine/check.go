package engine

import (
	"context"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
)

// Report is the outcome of one round, as `downradar check` prints it.
type Report struct {
	Network       status.Network  `json:"network"`
	NetworkReason string          `json:"network_reason,omitempty"`
	Link          LinkReport      `json:"link"`
	Controls      []ProbeReport   `json:"controls"`
	Services      []ServiceReport `json:"services"`
}

// LinkReport is what the controls and probes measured of the user's own
// link: its round trip now and usually, and how many recent probes had to
// resend (see network.Link for the thresholds).
type LinkReport struct {
	RTTMS       int64 `json:"rtt_ms"`      // 0 when no control worked
	BaselineMS  int64 `json:"baseline_ms"` // 0 before any earlier measure
	SlowAboveMS int64 `json:"slow_above_ms"`
	Probes      int   `json:"probes"`
	Lossy       int   `json:"lossy"`
	Slow        bool  `json:"slow"`
	Losing      bool  `json:"losing"`
}

func linkReport(l network.Link) LinkReport {
	return LinkReport{
		RTTMS: l.RTT.Milliseconds(), BaselineMS: l.Baseline.Milliseconds(), SlowAboveMS: network.SlowAbove(l.Baseline).Milliseconds(),
		Probes: l.Probes, Lossy: l.Lossy, Slow: l.Slow, Losing: l.Losing,
	}
}

// ServiceReport is one service in a Report.
type ServiceReport struct {
	Name       string        `json:"name"`
	Status     status.Status `json:"status"`
	Reason     string        `json:"reason,omitempty"`
	Checks     int           `json:"checks"`   // checks made, counting the quick re-checks
	Failures   int           `json:"failures"` // consecutive bad checks at the end
	Incident   bool          `json:"incident"` // the failures reached the threshold: an incident would open
	Components []ProbeReport `json:"components"`
	// What the world says, when the engine has a radar: the status page
	// (absent when the service has none), the news, and the scope they give
	// an incident (confirmed, from_here, reported_elsewhere; absent when
	// neither the probes nor the world report trouble).
	StatusPage *PageReport   `json:"status_page,omitempty"`
	News       *NewsReport   `json:"news,omitempty"`
	Scope      history.Scope `json:"scope,omitempty"`
}

// PageReport is a service's status page in a Report.
type PageReport struct {
	URL         string         `json:"url"`
	Kind        string         `json:"kind,omitempty"`
	Level       string         `json:"level"` // unknown, operational, maintenance, degraded, partial_outage, major_outage
	Description string         `json:"description,omitempty"`
	Error       string         `json:"error,omitempty"` // why it could not be read (level unknown)
	Incidents   []PageIncident `json:"incidents"`
}

// PageIncident is an ongoing incident on a status page.
type PageIncident struct {
	Title   string    `json:"title"`
	Status  string    `json:"status"`
	Level   string    `json:"level"`
	URL     string    `json:"url,omitempty"`
	Started time.Time `json:"started"`
}

// NewsReport sums up the outage reports in the news window.
type NewsReport struct {
	Status    string     `json:"status"`    // read, unknown (no feed could be read: items says nothing), off (no feeds)
	Items     int        `json:"items"`     // distinct outage reports
	Sources   int        `json:"sources"`   // distinct sources of the fresh, sure ones (2 make news)
	Stale     int        `json:"stale"`     // reports that are not news: evergreen pages, a feed's backlog
	Unsure    int        `json:"unsure"`    // fresh reports perhaps about another service: not counted as sources
	Recovered int        `json:"recovered"` // reports of its recovery
	Languages []string   `json:"languages"`
	Regions   []string   `json:"regions"`
	Reports   []NewsItem `json:"reports"`
}

// NewsItem is one report in a NewsReport.
type NewsItem struct {
	Title     string    `json:"title"`
	Link      string    `json:"link,omitempty"`
	Lang      string    `json:"lang,omitempty"`
	At        time.Time `json:"at"`
	Source    string    `json:"source,omitempty"` // the publisher, as corroboration counts it
	Stale     bool      `json:"stale,omitempty"`  // evergreen or backlog: not news
	Unsure    bool      `json:"unsure,omitempty"` // the text may not say this service failed: not counted (radar.MinNamed)
	Recovered bool      `json:"recovered"`
	Matched   []string  `json:"matched"`
}

// ProbeReport is one component (or control probe) in a Report.
type ProbeReport struct {
	Name         string        `json:"name"`
	Probe        string        `json:"probe"`
	Status       status.Status `json:"status"`
	Layer        string        `json:"layer"`           // the layer that failed, or the last reached
	Error        string        `json:"error,omitempty"` // the error class when not up
	Detail       string        `json:"detail,omitempty"`
	LatencyMS    int64         `json:"latency_ms"`
	Attempts     int           `json:"attempts"`
	CertDaysLeft *int          `json:"cert_days_left,omitempty"`
}

// Check runs one round over services, with the quick re-checks of the
// hysteresis, and the network's control probes alongside. It records
// nothing: the resident agent owns the history.
func (e *Engine) Check(ctx context.Context, services []config.Service) Report {
	var rep Report
	var wg sync.WaitGroup
	if e.opts.Radar != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A slow page or feed must not hold the round: what is not read
			// by then is unknown.
			rctx, cancel := context.WithTimeout(ctx, 2*e.cfg.Timeout)
			defer cancel()
			e.opts.Radar.Refresh(rctx)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.net.Check(ctx) // alongside the services, ready when one fails
	}()
	rep.Services = make([]ServiceReport, len(services))
	for i, svc := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep.Services[i] = e.checkService(ctx, svc)
		}()
	}
	wg.Wait()
	// The verdict once every service has been probed: their retransmissions
	// tell a lossy link.
	v := e.net.Check(ctx)
	rep.Network, rep.NetworkReason = v.Network, v.Reason()
	rep.Link = linkReport(v.Link)
	for _, c := range v.Controls {
		rep.Controls = append(rep.Controls, e.probeReport(c.Target.Raw, c.Target.Raw, c.Result, c.Result.Status()))
	}
	if v.Network == status.Captive { // what the portal may have answered in the services' stead
		for i := range rep.Services {
			rep.Services[i].distrust(services[i])
		}
	}
	if e.opts.Radar != nil {
		for i := range rep.Services {
			sr := &rep.Services[i]
			sr.outside(e.opts.Radar.View(sr.Name))
		}
	}
	return rep
}

// outside fills in what the world says.
func (sr *ServiceReport) outside(v radar.View) {
	if p := v.Page; p != nil {
		pr := &PageReport{URL: p.URL, Kind: string(p.Kind), Level: p.Level.String(), Description: p.Description, Error: p.Err, Incidents: []PageIncident{}}
		for _, inc := range p.Incidents {
			pr.Incidents = append(pr.Incidents, PageIncident{Title: inc.Title, Status: inc.Status, Level: inc.Level.String(), URL: inc.URL, Started: inc.Started})
		}
		sr.StatusPage = pr
	}
	nr := &NewsReport{Status: v.News.State(), Items: v.News.Items, Sources: v.News.Sources, Stale: v.News.Stale, Unsure: v.News.Unsure, Recovered: v.News.Recovered,
		Languages: v.News.Languages, Regions: v.News.Regions, Reports: []NewsItem{}}
	for _, r := range v.News.Reports {
		nr.Reports = append(nr.Reports, NewsItem{Title: r.Title, Link: r.Link, Lang: r.Lang, At: r.At,
			Source: radar.SourceOf(r), Stale: !r.Fresh(), Unsure: r.Unsure, Recovered: r.Recovered, Matched: r.Matched})
	}
	sr.News = nr
	sr.Scope = radar.Scope(sr.Status.Bad(), v)
}

// checkService checks svc until the hysteresis is satisfied: once when up,
// and with the quick re-checks while a failure is short of the threshold.
func (e *Engine) checkService(ctx context.Context, svc config.Service) ServiceReport {
	p := e.policy(svc)
	var st incident.State
	var o observation
	sr := ServiceReport{Name: svc.Name}
	for {
		o = e.observe(ctx, svc)
		sr.Checks++
		var d incident.Decision
		st, d = incident.Step(p, st, o.Observation)
		if d.Next >= svc.Interval || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(d.Next):
		}
	}
	sr.Status, sr.Reason, sr.Failures, sr.Incident = o.Status, o.Reason, st.Failures, st.Open != nil
	for i, c := range svc.Components {
		sr.Components = append(sr.Components, e.probeReport(c.Name, c.Target.Raw, o.Results[i], o.Components[i].Status))
	}
	return sr
}

func (e *Engine) probeReport(name, raw string, r probe.Result, st status.Status) ProbeReport {
	pr := ProbeReport{
		Name: name, Probe: raw, Status: st, Layer: string(r.Layer()),
		Detail: r.Message, LatencyMS: r.Timings.Total.Milliseconds(), Attempts: r.Attempts,
	}
	if st != status.Up || r.Class == probe.ClassBlocked {
		pr.Error = string(r.Class)
	}
	if d, ok := r.CertDaysLeft(e.now()); ok {
		pr.CertDaysLeft = &d
	}
	return pr
}
