package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/radar"
)

// names is a repeatable string flag.
type names []string

func (n *names) String() string     { return strings.Join(*n, ",") }
func (n *names) Set(s string) error { *n = append(*n, s); return nil }

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	sys := systemWords()
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var c Flags
	c.Register(fs)
	asJSON := fs.Bool("json", false, sys.Say("cli.flag_json"))
	var only names
	fs.Var(&only, "service", sys.Say("cli.flag_service"))
	cfg, code, ok := c.Setup(fs, args, stderr)
	if !ok {
		return code
	}
	w := configWords(cfg)
	services, err := pick(w, cfg, only)
	if err != nil {
		fmt.Fprintf(stderr, "downradar check: %v\n", err)
		return ExitUsage
	}
	r, err := radar.New(radar.Options{Config: cfg, Logf: func(string, ...any) {}}) // errors show in the report
	if err != nil {
		fmt.Fprintf(stderr, "downradar check: %v\n", err)
		return ExitError
	}
	// The report says what the engine would log (the network's verdict).
	// The round runs the control probes alongside the services so that
	// their verdict is ready when a service fails, and a failure by timeout
	// comes a whole probe timeout after they started. With the engine's
	// usual reuse (10 s from the verdict, the default timeout's length) the
	// verdict had just expired then, so the round ran the controls a second
	// time and waited up to another timeout: 20 s and more on a lossy link,
	// where the first verdict, taken while that very probe was failing, is
	// the evidence that matters. The round's verdict stands for the round:
	// one timeout plus the usual reuse.
	rep := engine.New(engine.Options{Config: cfg, Radar: r, NetTTL: cfg.Timeout + netReuse, Logf: func(string, ...any) {}}).Check(ctx, services)
	feeds := r.FeedStates()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(checkOutput{Report: rep, Feeds: feedOutputs(feeds)}); err != nil {
			fmt.Fprintf(stderr, "downradar check: %v\n", err)
			return ExitError
		}
		return ExitOK
	}
	io.WriteString(stdout, FormatReport(w, rep)+FormatFeeds(w, feeds))
	return ExitOK
}

// netReuse is how long the engine reuses a network verdict by default;
// `check` adds its probe timeout (see check).
const netReuse = 10 * time.Second

// checkOutput is what `check --json` prints: the round's report, and how
// the read of each news feed went.
type checkOutput struct {
	engine.Report
	Feeds []feedOutput `json:"feeds"`
}

// feedOutput is one news feed in `check --json`.
type feedOutput struct {
	Name  string `json:"name"`
	URL   string `json:"url"`
	Read  bool   `json:"read"`            // this check read it
	Error string `json:"error,omitempty"` // why it could not be read
}

func feedOutputs(states []radar.FeedState) []feedOutput {
	out := make([]feedOutput, 0, len(states))
	for _, f := range states {
		out = append(out, feedOutput{Name: f.Name, URL: f.URL, Read: f.Err == "" && !f.Read.IsZero(), Error: f.Err})
	}
	return out
}

// pick is the services named by --service (case-insensitively, enabled
// or not), or else every watched one.
func pick(w *label.Words, cfg *config.Config, only []string) ([]config.Service, error) {
	all := cfg.Services
	if len(only) == 0 {
		return cfg.Watched(), nil
	}
	var out []config.Service
	have := make([]string, len(all))
	for i, s := range all {
		have[i] = s.Name
	}
	for _, name := range only {
		found := false
		for _, s := range all {
			if strings.EqualFold(s.Name, name) {
				out, found = append(out, s), true
				break
			}
		}
		if !found {
			return nil, errors.New(w.Say("cli.no_service", "Name", strconv.Quote(name), "Names", strings.Join(have, w.Say("label.list_comma"))))
		}
	}
	return out, nil
}
