package engine

import (
	"context"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// Report is the outcome of one round, as `downradar check` prints it.
type Report struct {
	Network       status.Network  `json:"network"`
	NetworkReason string          `json:"network_reason,omitempty"`
	Controls      []ProbeReport   `json:"controls"`
	Services      []ServiceReport `json:"services"`
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
	wg.Add(1)
	go func() {
		defer wg.Done()
		v := e.net.Check(ctx)
		rep.Network, rep.NetworkReason = v.Network, network.Reason(v.Network)
		for _, c := range v.Controls {
			rep.Controls = append(rep.Controls, e.probeReport(c.Target.Raw, c.Target.Raw, c.Result, c.Result.Status()))
		}
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
	return rep
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
