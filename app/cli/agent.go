package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/downradar/downradar/app/confwatch"
	"github.com/downradar/downradar/app/datadir"
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/store"
)

// agent is `downradar headless`: the engine on schedule, keeping history,
// until ctx ends. It reports incidents and the network's changes on stderr
// (a log, in English: see app/label/catalog/en/cli.toml), holds its data
// directory against a second agent (see datadir; that refusal, said before
// the log begins, is in the user's language), and reloads the config file
// when it is edited, as the tray agent does: a file that does not load, is
// empty or is gone is refused, said once, and the running config stays
// (see confwatch).
func agent(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("headless", flag.ContinueOnError)
	var c Flags
	c.Register(fs)
	var mf metricsFlags
	mf.register(fs)
	cfg, code, ok := c.Setup(fs, args, stderr)
	if !ok {
		return code
	}
	lock, err := datadir.Acquire(filepath.Dir(c.StorePath()), "headless")
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %s\n", busy(configWords(cfg), err))
		return ExitError
	}
	defer lock.Release()
	st, err := store.Open(c.StorePath())
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return ExitError
	}
	defer st.Close()
	h := &headless{st: st, logger: log.New(stderr, "downradar: ", log.LstdFlags)}
	if h.metrics, code = mf.start(ctx, h.logger, stderr); code != ExitOK {
		return code
	}
	defer h.metrics.stop()
	source := cfg.File
	if source == "" {
		source = "built-in services"
	}
	h.logger.Printf("watching %d services (%s); history in %s", len(cfg.Services), source, c.StorePath())
	if err := h.run(ctx, cfg, confwatch.NewReloader(c.ConfigPath(), c.Load)); err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// busy says, in w's language, that another agent holds the data
// directory; another error as it is.
func busy(w *label.Words, err error) string {
	var b *datadir.BusyError
	if !errors.As(err, &b) {
		return err.Error()
	}
	who := w.Say("cli.busy_agent")
	switch {
	case b.PID != 0 && b.Agent != "":
		who = w.Say("cli.busy_agent_kind", "Agent", b.Agent, "PID", strconv.Itoa(b.PID))
	case b.PID != 0:
		who = w.Say("cli.busy_agent_pid", "PID", strconv.Itoa(b.PID))
	}
	return w.Say("cli.busy", "Who", who, "Dir", b.Dir)
}

// headless is the running `downradar headless`.
type headless struct {
	st      *store.Store
	logger  *log.Logger
	metrics *metricsServer // --metrics; nil: none
}

// run runs an engine on cfg, and a new one on each config the reloader
// accepts, until ctx ends. Open incidents carry over through the store.
func (h *headless) run(ctx context.Context, cfg *config.Config, rl *confwatch.Reloader) error {
	changes := make(chan struct{}, 1)
	wctx, stopWatch := context.WithCancel(ctx)
	var watching sync.WaitGroup
	watching.Add(1)
	go func() {
		defer watching.Done()
		confwatch.Follow(wctx, rl.Path, h.logger.Printf, func() {
			select {
			case changes <- struct{}{}:
			default: // one is already pending
			}
		})
	}()
	defer func() { stopWatch(); watching.Wait() }()
	eng := h.start(ctx, cfg)
	for {
		select {
		case <-ctx.Done():
			eng.stop(h.logger.Printf)
			return nil
		case err := <-eng.done: // ended by itself, or ctx just ended
			if ctx.Err() != nil {
				eng.said(err, h.logger.Printf)
				return nil
			}
			return err
		case <-changes:
			if !rl.Changed() {
				continue
			}
			next, fresh, err := rl.Reload()
			if err != nil {
				if fresh {
					h.logger.Print(confwatch.RefusedLine(err))
				}
				continue
			}
			eng.stop(h.logger.Printf)
			eng = h.start(ctx, next)
			h.logger.Print(confwatch.ReloadedLine(next))
		}
	}
}

// running is an engine running on its own goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan error // its Run's result
}

// stop ends the engine and waits for its checks to return.
func (r *running) stop(logf func(string, ...any)) {
	r.cancel()
	r.said(<-r.done, logf)
}

// said logs what a stopped engine's Run returned, unless it only says it
// was stopped. Cut short as it started, it may fail otherwise (the store's
// query interrupted): no reason to stop the agent.
func (r *running) said(err error, logf func(string, ...any)) {
	if err != nil && !errors.Is(err, context.Canceled) {
		logf("%v", err)
	}
}

// start runs an engine, and the radar it reads, on cfg.
func (h *headless) start(ctx context.Context, cfg *config.Config) *running {
	r, err := radar.New(radar.Options{Config: cfg, Logf: h.logger.Printf})
	if err != nil {
		h.logger.Printf("no status pages or news: %v", err) // the probes go on alone
	} else {
		h.logger.Printf("reading %d news feeds every %s", r.FeedCount(), cfg.News.Interval)
	}
	e := engine.New(engine.Options{
		Config: cfg,
		Store:  h.st,
		Logf:   h.logger.Printf, // the engine logs the network's changes itself (engine.NetworkLine)
		Radar:  r,
		OnEvent: func(ev history.Event) {
			if line := EventLine(ev); line != "" {
				h.logger.Print(line)
			}
		},
	})
	h.metrics.set(cfg, e, r, h.st)
	ectx, cancel := context.WithCancel(ctx)
	run := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { run.done <- e.Run(ectx) }()
	return run
}

// EventLine describes an incident event in one line; "" for routine checks.
func EventLine(ev history.Event) string {
	line := eventLine(ev)
	if line != "" && ev.Unsaved {
		line += " [" + unsavedNote + "]"
	}
	return line
}

// unsavedNote is said of an incident the history could not save yet (a
// full disk): the engine keeps it and saves it once the store takes writes.
const unsavedNote = "not saved in the history yet: the store refuses writes; kept and retried"

func eventLine(ev history.Event) string {
	inc := ev.Incident
	switch ev.Kind {
	case history.EventOpened:
		if inc.Scope == history.ScopeElsewhere {
			return fmt.Sprintf("%s: an outage is reported elsewhere since %s (status page or news); it works from here", ev.Service, inc.Start.Local().Format("15:04:05"))
		}
		return fmt.Sprintf("%s is %s since %s (%s)", ev.Service, inc.Peak, inc.Start.Local().Format("15:04:05"), joinOr(inc.Components))
	case history.EventConfirmed:
		return fmt.Sprintf("%s: the status page or the news confirm the outage", ev.Service)
	case history.EventEscalated:
		return fmt.Sprintf("%s got worse: %s (%s)", ev.Service, inc.Peak, joinOr(inc.Components))
	case history.EventResolved:
		if inc.Scope == history.ScopeElsewhere {
			return fmt.Sprintf("%s: no more outage reported elsewhere, after %s", ev.Service, inc.End.Sub(inc.Start).Round(1e9))
		}
		return fmt.Sprintf("%s works again after %s", ev.Service, inc.End.Sub(inc.Start).Round(1e9))
	}
	return ""
}

func joinOr(list []string) string {
	if len(list) == 0 {
		return "no component named"
	}
	out := list[0]
	for _, s := range list[1:] {
		out += ", " + s
	}
	return out
}
