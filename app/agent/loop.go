package agent

import (
	"context"
	"runtime/debug"
	"sync"
	"time"

	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/control"
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/notification"
	"github.com/downradar/downradar/app/tray"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// Agent is the running resident process. Its state belongs to the loop
// goroutine; other goroutines talk to it through channels.
type Agent struct {
	opts     Options
	logf     func(string, ...any)
	cfg      *config.Config
	st       *store.Store
	notifier notification.Sender
	tray     trayView     // nil without a tray
	words    *label.Words // the language of the tray and the notifications; nil is English
	language envLanguage  // the environment's LANGUAGE before the config's (setConfig)
	planner  *notification.Planner

	requests chan request       // from the control socket
	actions  chan tray.Action   // tray clicks
	opened   chan int64         // notification clicks
	events   chan history.Event // from the engine

	eng       *engine.Engine
	engCancel context.CancelFunc
	engDone   sync.WaitGroup

	network     status.Network // the engine's last verdict told on the user's connection; "" before any
	netReason   string         // its words for it (a degraded link's figures)
	pausedUntil time.Time
	configErr   string
	stamp       stamp
	windows     *launcher
	mutes       mutes
	sizedFor    *config.Config // the config the heap was last sized for (see sizeHeap)
}

// trayView shows the agent's state: the system tray, or a test's.
type trayView interface {
	Update(*label.Words, tray.State)
	Close()
}

type request struct {
	req   control.Request
	reply chan control.Reply
}

// handle answers a control request by passing it to the loop.
func (a *Agent) handle(req control.Request) control.Reply {
	r := request{req: req, reply: make(chan control.Reply, 1)}
	select {
	case a.requests <- r:
	case <-time.After(10 * time.Second):
		return control.Reply{Error: "the agent is busy"}
	}
	return <-r.reply
}

// loop runs until ctx ends or the user quits, on a goroutine of its own:
// the caller may be the main goroutine, which Fyne's GL driver locks to the
// main thread (its init calls runtime.LockOSThread; the window shares the
// binary), and a locked goroutine runs on its thread alone. Each wake-up of
// the loop (one per check) then handed the agent's one P over to that
// thread and back: two futex calls and two thread switches, 12% of the
// agent's CPU at 1,000 endpoints under perf (docs/performance.md).
func (a *Agent) loop(ctx context.Context) int {
	code := make(chan int, 1)
	go func() { code <- a.runLoop(ctx) }()
	return <-code
}

// runLoop is the loop itself.
func (a *Agent) runLoop(ctx context.Context) int {
	a.planner = notification.NewPlanner(a.opts.Policy)
	a.stamp = stampOf(a.opts.Flags.ConfigPath())
	a.startEngine(ctx)
	defer a.stopEngine()
	flush := time.NewTimer(time.Hour)
	defer flush.Stop()
	refresh := time.NewTicker(30 * time.Second) // "since" durations in the menu
	defer refresh.Stop()
	// The config file, edited by hand (the settings window says so itself).
	cw, err := newConfigWatch(a.opts.Flags.ConfigPath())
	if err != nil {
		a.logf("%v", err)
	}
	defer func() { cw.Close() }()
	watch := time.NewTicker(cw.Poll())
	defer watch.Stop()
	settle := time.NewTimer(time.Hour)
	settle.Stop()
	defer settle.Stop()
	// Trims: after the first round, again once the start has settled, then
	// every 5 min if the code pages grew back; each half-way between two
	// rounds of checks (see quietAt).
	trim := time.NewTimer(quietAt(a.opts.Now(), 30*time.Second, a.cfg.Interval))
	defer trim.Stop()
	if !a.opts.Trim {
		trim.Stop()
	}
	trims := 0
	a.sizeHeap()
	// The tray, updated at most once per trayEvery (see pacer).
	pace := pacer{every: trayEvery}
	paced := time.NewTimer(time.Hour)
	paced.Stop()
	defer paced.Stop()
	a.trayChanged(&pace, paced)
	for {
		select {
		case <-ctx.Done():
			return cli.ExitOK
		case ev := <-a.events:
			a.onEvent(ev)
		case act := <-a.actions:
			if act.Kind == tray.Quit {
				a.logf("quit from the tray")
				return cli.ExitOK
			}
			a.onAction(act)
		case id := <-a.opened:
			a.openWindow(incidentRequest(id))
		case r := <-a.requests:
			r.reply <- a.onRequest(ctx, r.req)
		case <-flush.C:
		case <-refresh.C:
		case <-trim.C:
			if trims < 2 || codeResident() > trimAbove {
				if err := trimCode(); err != nil {
					a.logf("%v", err)
				}
				trims++
			}
			if trims == 1 {
				trim.Reset(quietAt(a.opts.Now(), 90*time.Second, a.cfg.Interval))
			} else {
				trim.Reset(quietAt(a.opts.Now(), 5*time.Minute, a.cfg.Interval))
			}
		case ev, ok := <-cw.Events():
			if !ok { // the watch broke: look every pollFallback instead
				cw.Close()
				cw = &configWatch{}
				watch.Reset(cw.Poll())
				continue
			}
			if cw.Relevant(ev) {
				settle.Reset(settleDelay)
			}
			continue // nothing else changed
		case err := <-cw.Errors():
			a.logf("watching the config file: %v", err)
			continue
		case <-settle.C:
			a.reloadIfChanged(ctx)
		case <-watch.C:
			a.reloadIfChanged(ctx)
		case <-paced.C:
			if pace.fired(time.Now()) {
				a.updateTray()
			}
			continue
		}
		a.flush()
		if at, ok := a.planner.Next(); ok {
			flush.Reset(max(at.Sub(a.opts.Now()), 0))
		}
		a.trayChanged(&pace, paced)
		a.sizeHeap()
	}
}

// sizeHeap sizes the garbage collector for the config, when Main asked
// for it (Options.SizeHeap) and the config changed since.
func (a *Agent) sizeHeap() {
	if !a.opts.SizeHeap || a.sizedFor == a.cfg {
		return
	}
	a.sizedFor = a.cfg
	n := 0
	for _, s := range a.cfg.Watched() {
		n += len(s.Components)
	}
	percent, limit := heapFor(n)
	debug.SetGCPercent(percent)
	debug.SetMemoryLimit(limit)
}

// The agent lives all day: for a desktop's few dozen components it keeps
// its heap small rather than fast. Garbage collected at 30% growth, its
// anonymous memory peaked 0.6–0.8 MB lower than at 50, for no CPU the idle
// benchmark could tell apart, under a limit of 16 MiB (see
// docs/performance.md). Those settings do not follow the load: at 1,000 components
// the live heap alone nears 16 MiB, and the collector ran all the time
// (issue 14: 39% more CPU). So above smallHeapComponents the growth rises
// towards Go's default (100%, as `headless` runs) and the limit by
// heapPerComponent each (docs/performance.md has the figures).
const (
	smallHeapComponents = 32
	smallHeapPercent    = 30
	smallHeapLimit      = 16 << 20
	heapPerComponent    = 64 << 10
	componentsPerPoint  = 2 // of growth above smallHeapPercent
)

// heapFor is the garbage collector's growth (GOGC, percent) and memory
// limit (bytes) for a config of n components.
func heapFor(n int) (percent int, limit int64) {
	more := max(n-smallHeapComponents, 0)
	return min(smallHeapPercent+more/componentsPerPoint, 100), smallHeapLimit + int64(more)*heapPerComponent
}

// trayEvery is the least time between two updates of the tray. A round of
// checks is a burst of events, one per service, and an update computes the
// whole menu from every service: updated on each event, a round cost
// O(services²) (issue 14: 56% of the agent's CPU at 200 services, and its
// schedule lost at 1,000). Paced, a round costs a few updates.
const trayEvery = 500 * time.Millisecond

// trayChanged shows the state in the tray now, or arms the timer that
// shows it once trayEvery has passed since the last update.
func (a *Agent) trayChanged(pace *pacer, timer *time.Timer) {
	if a.tray == nil {
		return
	}
	show, wait := pace.changed(time.Now())
	switch {
	case show:
		a.updateTray()
	case wait > 0:
		timer.Reset(wait)
	}
}

// pacer spaces the tray's updates: a change is shown at once when the last
// update is at least every old, else once it is, with every change that
// came in between.
type pacer struct {
	every   time.Duration
	last    time.Time // the last update; zero before any
	pending bool      // a change waits for the timer
}

// changed says the state changed at now: show it now, or wait that long
// (0 when a wait is already under way).
func (p *pacer) changed(now time.Time) (show bool, wait time.Duration) {
	if p.pending {
		return false, 0
	}
	if since := now.Sub(p.last); p.last.IsZero() || since >= p.every {
		p.last = now
		return true, 0
	}
	p.pending = true
	return false, p.every - now.Sub(p.last)
}

// fired says the timer armed by changed fired at now: show the state.
func (p *pacer) fired(now time.Time) bool {
	if !p.pending {
		return false
	}
	p.pending, p.last = false, now
	return true
}

// reloadIfChanged reloads the config when its file is not what was loaded.
func (a *Agent) reloadIfChanged(ctx context.Context) {
	if s := stampOf(a.opts.Flags.ConfigPath()); s != a.stamp {
		a.logf("the config file changed; reloading")
		if a.reload(ctx) == nil {
			a.engineRestarted()
		}
	}
}

// engineRestarted forgets the network verdict the old engine told: the new
// one tells again any that is not online, and nothing of an online one.
func (a *Agent) engineRestarted() {
	a.network, a.netReason = "", ""
	a.planner.EngineRestarted(a.opts.Now())
}

func incidentRequest(id int64) control.Request {
	if id == 0 {
		return control.Request{Op: control.OpHistory}
	}
	return control.Request{Op: control.OpIncident, Incident: id}
}

// onEvent follows the network, logs incidents and tells the planner.
//
// The network is followed from the engine's EventNetwork alone, told once
// per change of its verdict (the engine logs it itself). A check's own
// verdict (EventChecked.Network) is the one just told, and a service that
// answers is no sign the connection is back to normal: on a slow link
// services answer, slowly.
func (a *Agent) onEvent(ev history.Event) {
	if ev.Kind == history.EventNetwork {
		a.network, a.netReason = ev.Network, ev.Reason
	}
	if line := cli.EventLine(ev); line != "" {
		a.logf("%s", line)
	}
	if ev.Service != "" && ev.Kind != history.EventChecked && a.muted(ev.Service) {
		return
	}
	a.planner.Event(ev, a.opts.Now())
}

// muted reports whether the config mutes service.
func (a *Agent) muted(service string) bool {
	if a.mutes.of != a.cfg {
		a.mutes = mutesOf(a.cfg)
	}
	return a.mutes.names[service]
}

// mutes are the muted services of a config, by name: trayState asks for
// each service (a scan of the list for each made a round O(services²)).
type mutes struct {
	of    *config.Config
	names map[string]bool
}

func mutesOf(cfg *config.Config) mutes {
	m := mutes{of: cfg, names: map[string]bool{}}
	for _, s := range cfg.Services {
		if s.Mute {
			m.names[s.Name] = true
		}
	}
	return m
}

// flush sends what the planner says is due, unless notifications are silent.
func (a *Agent) flush() {
	now := a.opts.Now()
	for _, m := range a.planner.Flush(a.words, now, Silent(now, a.pausedUntil, a.cfg.Notify.Quiet)) {
		m.Action = a.words.Say("notification.open")
		if err := a.notifier.Send(m); err != nil {
			a.logf("%v", err)
		}
	}
}

// Silent reports whether notifications are held back at now: paused by the
// user, or in the configured quiet hours (local time).
func Silent(now, pausedUntil time.Time, quiet *config.Quiet) bool {
	return now.Before(pausedUntil) || quiet.Contains(now.Local())
}

func (a *Agent) onAction(act tray.Action) {
	now := a.opts.Now()
	switch act.Kind {
	case tray.OpenIncident:
		a.openWindow(incidentRequest(act.Incident))
	case tray.OpenHistory:
		a.openWindow(control.Request{Op: control.OpHistory})
	case tray.OpenSettings:
		a.openWindow(control.Request{Op: control.OpSettings})
	case tray.CheckNow:
		a.logf("checking every service now")
		a.eng.CheckNow()
	case tray.PauseHour, tray.PauseTomorrow:
		a.pausedUntil = tray.PauseUntil(act.Kind, now)
		a.logf("notifications paused until %s", a.pausedUntil.Format(time.DateTime))
	case tray.Resume:
		a.pausedUntil = time.Time{}
		a.logf("notifications resumed")
	}
}

func (a *Agent) onRequest(ctx context.Context, req control.Request) control.Reply {
	switch req.Op {
	case control.OpPing:
	case control.OpHistory, control.OpIncident, control.OpSettings:
		a.openWindow(req)
	case control.OpCheck:
		a.eng.CheckNow()
	case control.OpReload:
		if stampOf(a.opts.Flags.ConfigPath()) == a.stamp {
			// Already loaded (the file watch came first) or already refused.
			if a.configErr != "" {
				return control.Reply{Error: a.configErr}
			}
			break
		}
		if err := a.reload(ctx); err != nil {
			return control.Reply{Error: err.Error()}
		}
		a.engineRestarted()
	default:
		return control.Reply{Error: "unknown request " + req.Op}
	}
	return control.Reply{OK: true}
}

func (a *Agent) openWindow(req control.Request) {
	if err := a.windows.open(req); err != nil {
		a.logf("open the window: %v", err)
	}
}

// updateTray shows the latest state in the tray.
func (a *Agent) updateTray() {
	if a.tray == nil {
		return
	}
	a.tray.Update(a.words, a.trayState(a.opts.Now()))
}

// trayState is what the tray shows, from the engine's snapshot.
func (a *Agent) trayState(now time.Time) tray.State {
	s := tray.State{Network: a.network, NetworkReason: a.netReason, PausedUntil: a.pausedUntil, ConfigError: a.configErr, Now: now}
	snaps := a.eng.Snapshot()
	s.Services = make([]tray.Service, 0, len(snaps))
	for _, snap := range snaps {
		svc := tray.Service{Name: snap.Name, Status: snap.Status, Reason: snap.Reason, Muted: a.muted(snap.Name)}
		if snap.Open != nil {
			svc.Since, svc.Incident = snap.Open.Start, snap.Open.ID
		}
		s.Services = append(s.Services, svc)
	}
	return s
}
