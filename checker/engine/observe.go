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

// observation is one check of a service: the verdict and the raw results.
type observation struct {
	incident.Observation
	Results []probe.Result
	Network network.Verdict // set when the network was asked
}

// observe probes every component of svc at once (each probe holding a slot
// of the semaphore), judges the service and, before blaming it, asks the
// network monitor whether the user's own connection works: when it does
// not, the service is unknown; when it works but is slow or losing packets,
// what that explains (timeouts, slowness) is excused.
func (e *Engine) observe(ctx context.Context, svc config.Service) observation {
	o := observation{Results: make([]probe.Result, len(svc.Components))}
	var wg sync.WaitGroup
	for i, c := range svc.Components {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case e.sem <- struct{}{}:
				defer func() { <-e.sem }()
			case <-ctx.Done():
				o.Results[i] = probe.Result{Target: c.Target.Raw, Failed: probe.LayerNone, Class: probe.ClassError, Message: ctx.Err().Error(), Err: ctx.Err()}
				return
			}
			pctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
			defer cancel()
			o.Results[i] = e.prober.Probe(pctx, c.Target)
		}()
	}
	wg.Wait()
	e.net.Observe(o.Results)
	o.At = e.now().UTC().Truncate(time.Millisecond) // as the store keeps it
	statuses := make([]status.Status, len(svc.Components))
	for i, c := range svc.Components {
		r := o.Results[i]
		statuses[i] = r.Status()
		o.Components = append(o.Components, incident.Component{
			Name: c.Name, Status: statuses[i], Layer: string(r.Layer()), Class: string(r.Class),
			Message: r.Message, LatencyMS: r.Timings.Total.Milliseconds(),
		})
	}
	o.Status = status.Combine(statuses)
	if e.networkNow() == status.Captive {
		o.distrust(svc)
	}
	if !o.Status.Bad() || ctx.Err() != nil {
		return o
	}
	if until := e.graceUntil(); o.At.Before(until) {
		o.unknown("the computer just woke up; waiting for the network to settle")
		return o
	}
	o.Network = e.net.Check(ctx)
	e.noteNetwork(o.Network)
	switch o.Network.Network {
	case status.Online:
	case status.LinkDegraded:
		o.excuse(o.Network)
	default:
		o.unknown(o.Network.Reason())
	}
	return o
}

// unknown marks the service and its failing components unknown: a failure
// we cannot blame on the service is not evidence against it.
func (o *observation) unknown(reason string) {
	o.Status, o.Reason = status.Unknown, reason
	for i := range o.Components {
		if o.Components[i].Status.Bad() {
			o.Components[i].Status = status.Unknown
		}
	}
}

func (e *Engine) graceUntil() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.grace
}

// noteWake starts the grace period after a wall-clock jump.
func (e *Engine) noteWake(now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if until := now.Add(e.opts.Grace); until.After(e.grace) {
		e.grace = until
		e.logf("clock jumped (sleep or resume?): no incident opens before %s", until.Format(time.TimeOnly))
	}
}
