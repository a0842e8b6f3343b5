package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"

	"github.com/downradar/downradar/app/metrics"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/store"
)

// metricsFlags are headless's --metrics and --metrics-public
// (docs/monitoring.md).
type metricsFlags struct {
	addr   string
	public bool
}

func (m *metricsFlags) register(fs *flag.FlagSet) {
	w := systemWords()
	fs.StringVar(&m.addr, "metrics", "", w.Say("cli.flag_metrics", "Example", "127.0.0.1:9841"))
	fs.BoolVar(&m.public, "metrics-public", false, w.Say("cli.flag_metrics_public"))
}

// metricsServer is a running metrics endpoint; a nil one is none (no
// --metrics), on which set and stop do nothing.
type metricsServer struct {
	x      *metrics.Exporter
	cancel context.CancelFunc
	done   chan struct{}
}

// start serves the metrics when --metrics asks for it, until stop or ctx
// ends. An address refused (not loopback without --metrics-public) exits
// with ExitUsage, one that cannot be listened on with ExitError; the error
// is said on stderr.
func (m *metricsFlags) start(ctx context.Context, logger *log.Logger, stderr io.Writer) (*metricsServer, int) {
	if m.addr == "" {
		return nil, ExitOK
	}
	if err := metrics.CheckAddr(m.addr, m.public); err != nil {
		fmt.Fprintf(stderr, "downradar headless: --metrics: %v\n", err)
		return nil, ExitUsage
	}
	ctx, cancel := context.WithCancel(ctx)
	ln, err := metrics.Listen(ctx, m.addr, m.public)
	if err != nil {
		cancel()
		fmt.Fprintf(stderr, "downradar headless: --metrics: %v\n", err)
		return nil, ExitError
	}
	s := &metricsServer{x: metrics.New(logger.Printf), cancel: cancel, done: make(chan struct{})}
	logger.Printf("serving metrics on http://%s%s", ln.Addr(), metrics.Path)
	go func() {
		defer close(s.done)
		if err := metrics.Serve(ctx, ln, s.x.Handler()); err != nil {
			logger.Printf("%v", err)
		}
	}()
	return s, ExitOK
}

// set makes the metrics describe this engine, on this config, with its
// radar (nil: none) and store, from the next scrape on. An agent that
// restarts its engine (a config reload) calls it again.
func (s *metricsServer) set(cfg *config.Config, e *engine.Engine, r *radar.Radar, st *store.Store) {
	if s == nil {
		return
	}
	src := metrics.Source{Config: cfg, Engine: e}
	if r != nil { // a nil *radar.Radar in the interface would not be nil
		src.World = r
	}
	if st != nil {
		src.Store = st
	}
	s.x.Set(src)
}

// stop ends the server and waits for it.
func (s *metricsServer) stop() {
	if s == nil {
		return
	}
	s.cancel()
	<-s.done
}
