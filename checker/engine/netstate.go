package engine

import (
	"context"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// noteNetwork follows the user's connection: each change of the verdict
// (online, offline, captive, dns_broken, degraded) is kept in the store's
// network periods, logged once and told as an EventNetwork. The first
// verdict is told only when it is not online, but always kept: an online
// one ends a period an earlier run left open. A store error is logged with
// the change it failed to keep (changes are rare: never once per check).
//
// Changes are noted one at a time (netMu), so that they are stored and told
// in the order they are decided; a verdict older than the last one noted
// (a check that was slower to ask) is dropped.
func (e *Engine) noteNetwork(v network.Verdict) {
	if v.Network == "" {
		return
	}
	e.netMu.Lock()
	defer e.netMu.Unlock()
	if v.At.Before(e.networkAt) {
		return
	}
	e.networkAt = v.At
	e.mu.Lock()
	prev := e.network
	e.network = v.Network
	e.mu.Unlock()
	if v.Network == prev {
		return
	}
	reason := v.Reason()
	if e.store != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		e.try("record the network's change", e.store.RecordNetwork(ctx, e.now(), v.Network, reason))
		cancel()
	}
	if prev == "" && v.Network == status.Online {
		return
	}
	e.logf("%s", NetworkLine(v.Network, reason))
	e.emit(history.Event{Kind: history.EventNetwork, Network: v.Network, Reason: reason, At: v.At})
}

// NetworkLine is the log line of a change of the network verdict.
func NetworkLine(n status.Network, reason string) string {
	if n == status.Online || reason == "" {
		return "network: " + string(n)
	}
	return "network: " + string(n) + " (" + reason + ")"
}

// networkNow is the last verdict told, "" before any.
func (e *Engine) networkNow() status.Network {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.network
}

// recheckNetwork asks for a verdict after a check that needed none, while
// the last one told was not online: a service that answers is a sign the
// connection is back (the verdict, reused for NetTTL, says for sure).
func (e *Engine) recheckNetwork(ctx context.Context, o observation) {
	if n := e.networkNow(); n == "" || n == status.Online || o.Status == status.Unknown || ctx.Err() != nil {
		return
	}
	e.noteNetwork(e.net.Check(ctx))
}

// excuse clears a service of what a degraded link explains: a component
// that timed out is unknown (the link may have lost what it sent), one
// that worked slowly or after retries is up. What a service said itself
// (a refusal, an HTTP error, a bad certificate, NXDOMAIN) still counts.
func (o *observation) excuse(v network.Verdict) {
	statuses := make([]status.Status, len(o.Components))
	var excused bool
	for i := range o.Components {
		c := &o.Components[i]
		switch {
		case c.Status == status.Degraded: // worked: slowly, or after retries
			c.Status = status.Up
			excused = true
		case c.Status.Bad() && timedOut(o.Results[i]):
			c.Status = status.Unknown
			excused = true
		}
		statuses[i] = c.Status
	}
	o.Status = status.Combine(statuses)
	if excused {
		o.Reason = v.Reason()
	}
}

// timedOut reports whether a failed probe ran out of time, at whatever
// layer: what a lossy or slow link does to a working service.
func timedOut(r probe.Result) bool {
	return !r.OK && (r.Class == probe.ClassTimeout || r.Class == probe.ClassDNSTimeout)
}

// endNetwork closes the open network period when the engine stops: what
// the connection does while nobody watches is not known.
func (e *Engine) endNetwork(ctx context.Context) {
	if e.store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	e.try("end the network's period", e.store.EndNetwork(ctx, e.now()))
}

// verified reports whether a probe of t that worked proves the service
// itself answered: only a TLS handshake whose certificate was verified for
// the name does. Behind a captive portal, a name resolves to the portal, a
// TCP port may be accepted by it and a plain HTTP page is its sign-in page.
func verified(t probe.Target) bool {
	return t.Kind == probe.KindTLS || (t.Kind == probe.KindHTTP && t.URL != nil && t.URL.Scheme == "https")
}

// distrust makes unknown, behind a captive portal, the components whose
// success does not prove the service answered (see verified).
func (o *observation) distrust(svc config.Service) {
	statuses := make([]status.Status, len(o.Components))
	var distrusted bool
	for i := range o.Components {
		c := &o.Components[i]
		if !c.Status.Bad() && c.Status != status.Unknown && !verified(svc.Components[i].Target) {
			c.Status = status.Unknown
			distrusted = true
		}
		statuses[i] = c.Status
	}
	if distrusted {
		o.Status = status.Combine(statuses)
		if o.Status == status.Unknown {
			o.Reason = network.Reason(status.Captive)
		}
	}
}

// distrust is observation.distrust for a service of `downradar check`, once
// the round's verdict says captive.
func (sr *ServiceReport) distrust(svc config.Service) {
	statuses := make([]status.Status, len(sr.Components))
	for i := range sr.Components {
		c := &sr.Components[i]
		if !c.Status.Bad() && c.Status != status.Unknown && !verified(svc.Components[i].Target) {
			c.Status = status.Unknown
		}
		statuses[i] = c.Status
	}
	if st := status.Combine(statuses); st != sr.Status {
		sr.Status = st
		if st == status.Unknown {
			sr.Reason = network.Reason(status.Captive)
		}
	}
}
