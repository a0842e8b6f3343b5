package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"

	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/store"
)

// agent runs the engine on schedule, keeping history, until ctx ends. For
// now it reports incidents on stderr; the tray and notifications build on it.
func agent(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("headless", flag.ContinueOnError)
	var c Flags
	c.Register(fs)
	cfg, code, ok := c.Setup(fs, args, stderr)
	if !ok {
		return code
	}
	st, err := store.Open(c.StorePath())
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return ExitError
	}
	defer st.Close()
	logger := log.New(stderr, "downradar: ", log.LstdFlags)
	source := cfg.File
	if source == "" {
		source = "built-in services"
	}
	logger.Printf("watching %d services (%s); history in %s", len(cfg.Services), source, c.StorePath())
	r, err := radar.New(radar.Options{Config: cfg, Logf: logger.Printf})
	if err != nil {
		logger.Printf("no status pages or news: %v", err) // the probes go on alone
	} else {
		logger.Printf("reading %d news feeds every %s", r.FeedCount(), cfg.News.Interval)
	}
	e := engine.New(engine.Options{
		Config: cfg,
		Store:  st,
		Logf:   logger.Printf,
		Radar:  r,
		OnEvent: func(ev engine.Event) {
			if line := EventLine(ev); line != "" {
				logger.Print(line)
			}
		},
	})
	if err := e.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// EventLine describes an incident event in one line; "" for routine checks.
func EventLine(ev engine.Event) string {
	inc := ev.Incident
	switch ev.Kind {
	case engine.EventOpened:
		if inc.Scope == store.ScopeElsewhere {
			return fmt.Sprintf("%s: an outage is reported elsewhere since %s (status page or news); it works from here", ev.Service, inc.Start.Local().Format("15:04:05"))
		}
		return fmt.Sprintf("%s is %s since %s (%s)", ev.Service, inc.Peak, inc.Start.Local().Format("15:04:05"), joinOr(inc.Components))
	case engine.EventConfirmed:
		return fmt.Sprintf("%s: the status page or the news confirm the outage", ev.Service)
	case engine.EventEscalated:
		return fmt.Sprintf("%s got worse: %s (%s)", ev.Service, inc.Peak, joinOr(inc.Components))
	case engine.EventResolved:
		if inc.Scope == store.ScopeElsewhere {
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
