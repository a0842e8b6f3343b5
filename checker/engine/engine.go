// Package engine runs DownRadar's checks. It schedules each service on its
// interval (in rounds shared by the services of the same interval, and quick
// re-checks after a first failure), probes
// its components under a concurrency bound, asks the network monitor before
// blaming a service, folds each check into the incident hysteresis, and
// keeps the history in the store. It never imports a GUI toolkit.
package engine

import (
	"context"
	"log"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/incident"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// Options configure an Engine.
type Options struct {
	Config *config.Config
	Prober network.Prober   // default: a *probe.Prober from Config
	Store  *store.Store     // nil: nothing is recorded (as for `downradar check`)
	Now    func() time.Time // wall clock; default time.Now
	Grace  time.Duration    // after a wall-clock jump, no incident opens for this long; default 30s
	NetTTL time.Duration    // how long a network verdict is reused; default 10s
	Retain time.Duration    // probe samples kept for sparklines; default 14 days
	// FlushEvery is how often the checks' samples and tallies are written,
	// all in one transaction; default a minute. Incidents and their
	// evidence are written at once.
	FlushEvery time.Duration
	OnEvent    func(history.Event) // called for each event, from the checking goroutine
	Logf       func(string, ...any)
	// Radar is what the world says (status pages, news); nil: the probes
	// alone. Run runs it too, and checks a service at once when its view
	// changes.
	Radar *radar.Radar
	// QuietFor is how long the world must be quiet before an incident it
	// alone reported ends; default Config.StatusInterval.
	QuietFor time.Duration
}

// Engine checks services until its context ends.
type Engine struct {
	cfg    *config.Config
	opts   Options
	prober network.Prober
	net    *network.Monitor
	store  *store.Store
	sem    chan struct{}

	mu      sync.Mutex
	grace   time.Time
	network status.Network // the last verdict told (see noteNetwork); "" before any

	netMu     sync.Mutex // held while a change of the network is noted
	networkAt time.Time  // when the last verdict noted was made
	states    map[string]serviceState
	kick      []chan struct{}

	kickByName map[string]chan struct{}

	pendingMu sync.Mutex
	pending   []store.Check // checks not written yet (see flushLoop)

	log     *failLog // store failures, logged once a run
	journal *journal // incident writes, kept while the store refuses them
}

// serviceState is the latest of one service, for Snapshot.
type serviceState struct {
	obs     incident.Observation
	state   incident.State
	results []probe.Result // the probes' raw results, in component order
}

// New builds an engine.
func New(o Options) *Engine {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Grace <= 0 {
		o.Grace = 30 * time.Second
	}
	if o.NetTTL <= 0 {
		o.NetTTL = 10 * time.Second
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = time.Minute
	}
	if o.Retain <= 0 {
		o.Retain = 14 * 24 * time.Hour
	}
	if o.Prober == nil {
		o.Prober = NewProber(o.Config)
	}
	e := &Engine{
		cfg: o.Config, opts: o, prober: o.Prober, store: o.Store,
		sem:    make(chan struct{}, o.Config.Concurrency),
		states: map[string]serviceState{},
	}
	e.log = &failLog{logf: e.logf}
	if o.Store != nil {
		e.journal = &journal{st: o.Store, log: e.log, logf: e.logf}
	}
	e.net = &network.Monitor{Targets: o.Config.Control, Prober: o.Prober, Timeout: o.Config.Timeout, TTL: o.NetTTL}
	return e
}

// NewProber builds the prober a config asks for.
func NewProber(c *config.Config) *probe.Prober {
	p := &probe.Prober{Attempts: c.Attempts, Sessions: probe.NewSessions(probe.DefaultFullHandshakeEvery)}
	if c.Resolver != "" {
		p.Resolver.Servers = []string{c.Resolver}
	}
	return p
}

func (e *Engine) now() time.Time { return e.opts.Now() }

func (e *Engine) logf(format string, args ...any) {
	if e.opts.Logf != nil {
		e.opts.Logf(format, args...)
		return
	}
	log.Printf(format, args...)
}

func (e *Engine) policy(svc config.Service) incident.Policy {
	t := e.cfg.Thresholds
	return incident.Policy{Fail: t.Fail, Recover: t.Recover, Recheck: t.Recheck, Interval: svc.Interval}
}

// Run checks every service on its schedule until ctx ends. Incidents left
// open by an earlier run are restored first, so they survive a restart.
func (e *Engine) Run(ctx context.Context) error {
	restored, exts, err := e.restore(ctx)
	if err != nil {
		return err
	}
	e.mu.Lock()
	watched := e.cfg.Watched()
	e.kick = make([]chan struct{}, len(watched))
	e.kickByName = map[string]chan struct{}{}
	for i := range e.kick {
		e.kick[i] = make(chan struct{}, 1)
		e.kickByName[watched[i].Name] = e.kick[i]
	}
	e.mu.Unlock()
	var wg sync.WaitGroup
	for i, svc := range watched {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.loop(ctx, svc, restored[svc.Name], exts[svc.Name], e.kick[i])
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.pruneLoop(ctx)
	}()
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		e.flushLoop(ctx)
	}()
	defer func() { <-flushed }() // after the checks: their last samples are written
	if e.opts.Radar != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.opts.Radar.Run(ctx, e.Kick)
		}()
	}
	wg.Wait()
	e.endNetwork(ctx)
	return nil
}

// CheckNow asks every service to be checked at once.
func (e *Engine) CheckNow() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, k := range e.kick {
		select {
		case k <- struct{}{}:
		default:
		}
	}
}

// Kick asks for one service to be checked at once (the radar's view of it
// changed). Unknown names are ignored.
func (e *Engine) Kick(service string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if k := e.kickByName[service]; k != nil {
		select {
		case k <- struct{}{}:
		default:
		}
	}
}

// loop is one service's schedule: check, decide, record, wait.
func (e *Engine) loop(ctx context.Context, svc config.Service, st incident.State, out outside, kick <-chan struct{}) {
	p := e.policy(svc)
	// Spread the first checks over a few seconds so they do not all start at once.
	delay := time.Duration(rand.Int64N(int64(min(svc.Interval/10, 3*time.Second)) + 1))
	timer := time.NewTimer(delay)
	defer timer.Stop()
	// The wall clock is compared with the monotonic one (which stops while
	// the machine sleeps) over back-to-back stretches, so that a sleep is
	// seen whenever it begins: in the wait, in the check, or while its
	// result is recorded.
	mark := func() (time.Time, time.Time) { return e.now().Round(0), time.Now() }
	before, monoBefore := mark()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-kick:
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
			delay = 0
		}
		// Over the wait and the recording before it: a timer that fires late
		// on a busy machine moves both clocks alike and is no sleep.
		if now := e.now().Round(0); network.Slept(before, now, time.Since(monoBefore), svc.Interval) {
			e.noteWake(now)
		}
		wallStart, monoStart := mark()
		o := e.observe(ctx, svc)
		if ctx.Err() != nil {
			return
		}
		if o.Network.Network == "" {
			e.recheckNetwork(ctx, o)
		}
		// A jump during the check itself: with rounds, every service may be
		// checking at that moment, and none would see it across its wait.
		if now := e.now().Round(0); network.Slept(wallStart, now, time.Since(monoStart), svc.Interval) {
			e.noteWake(now)
			if o.Status.Bad() {
				o.unknown("the computer just woke up; waiting for the network to settle")
			}
		}
		before, monoBefore = mark()
		var d incident.Decision
		st, d = incident.Step(p, st, o.Observation)
		st = e.settle(ctx, svc, o, st, d, &out)
		delay = e.next(svc, o, d)
		timer.Reset(delay)
	}
}

// next is the delay before the following check: a quick re-check as the
// hysteresis asks, the end of a grace period, or the next round.
func (e *Engine) next(svc config.Service, o observation, d incident.Decision) time.Duration {
	if d.Next < svc.Interval {
		return d.Next
	}
	if until := e.graceUntil(); o.Status == status.Unknown && o.At.Before(until) {
		return until.Sub(o.At) + time.Second
	}
	return untilRound(e.now(), svc.Interval)
}

// untilRound is the delay from now to the next round of the services
// checked every interval: rounds fall on the multiples of interval since
// the Unix epoch, so that those services are checked together, one burst of
// work a round rather than one per service. An idle process pays for each
// burst in wakeups: the Go runtime's monitor thread alone polls for a
// millisecond after each. A round closer than a quarter interval (after a
// quick re-check) is skipped for the one after.
func untilRound(now time.Time, interval time.Duration) time.Duration {
	if interval <= 0 {
		return 0
	}
	d := interval - time.Duration(now.UnixNano()%int64(interval))
	if d < interval/4 {
		d += interval
	}
	return d
}

func (e *Engine) pruneLoop(ctx context.Context) {
	if e.store == nil {
		return
	}
	t := time.NewTicker(6 * time.Hour)
	defer t.Stop()
	for {
		if _, err := e.store.Prune(ctx, e.now().Add(-e.opts.Retain)); err != nil && ctx.Err() == nil {
			e.logf("prune history: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Snapshot is the latest state of every service, in config order.
func (e *Engine) Snapshot() []ServiceSnapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	watched := e.cfg.Watched()
	out := make([]ServiceSnapshot, 0, len(watched))
	for _, svc := range watched {
		s, ok := e.states[svc.Name]
		snap := ServiceSnapshot{Name: svc.Name, Status: status.Unknown, Reason: "not checked yet"}
		if ok {
			snap.Status, snap.Reason, snap.At = s.obs.Status, s.obs.Reason, s.obs.At
			snap.Components, snap.Results = s.obs.Components, s.results
			if s.state.Open != nil {
				open := *s.state.Open
				snap.Open = &open
			}
		}
		out = append(out, snap)
	}
	return out
}

// ServiceSnapshot is one service's latest check.
type ServiceSnapshot struct {
	Name       string
	Status     status.Status
	Reason     string
	At         time.Time
	Components []incident.Component
	// Results are the probes' raw results behind Components, in the same
	// order (phase timings, certificate expiry, HTTP status); shared, not
	// to be modified. Nil before the first check.
	Results []probe.Result
	Open    *incident.Open // the incident in progress, if any
}

// Network is the last verdict on the user's own connection, "" before any
// was needed (a verdict is asked for only when a check fails).
func (e *Engine) Network() status.Network { return e.networkNow() }
