// Package cli implements downradar's commands that need no GUI: the
// headless agent, `check`, `classify` and `catalog`. The resident agent with its tray lives in
// app/agent, the window process in app/.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/store"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and failed (e.g. the store cannot be opened)
	ExitUsage = 2 // a usage or config error
)

// Usage is the help text.
const Usage = `DownRadar watches the online services you depend on and tells you when one breaks.

Usage:
  downradar [--config FILE] [--data-dir DIR]        run the agent: tray icon, notifications, checks
                                                    on schedule, history (if one runs, open its window)
  downradar headless [--config FILE] [--data-dir DIR] [--metrics ADDR [--metrics-public]]
                                                    run the checks and keep history with no tray or
                                                    notifications; incidents are logged on stderr;
                                                    --metrics serves Prometheus metrics on ADDR
                                                    (loopback only unless --metrics-public)
  downradar check [--config FILE] [--json] [--service NAME]...
                                                    run one round of checks and print the verdicts
  downradar classify [--json]                       read news headlines, one per line on stdin (or JSON
                                                    lines {"text": ..., "lang": ...}), and print for each
                                                    whether it reports an outage, of which services
  downradar catalog [--config FILE] [--json]        list the services DownRadar knows, and which are watched
  downradar demo                                    watch a loopback outage lab replay three real outages
                                                    (no internet needed; your own history is not touched)
  downradar window [--config FILE] [--data-dir DIR] [--incident ID | --settings]
                                                    open the history (or settings) window
  downradar version (or --version)                  print the version and the git commit it was built from
  downradar help                                    show this help

Files:
  config   $XDG_CONFIG_HOME/downradar/config.toml (built-in services when absent)
  history  $XDG_DATA_HOME/downradar/history.db
`

// Main runs the command named by args[0] (the agent when there is none)
// and returns the process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "", "headless":
		return agent(ctx, args, stdout, stderr)
	case "check":
		return check(ctx, args, stdout, stderr)
	case "classify":
		return classifyCmd(ctx, args, stdin, stdout, stderr)
	case "catalog":
		return catalogCmd(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, Usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "downradar: unknown command %q\n\n%s", cmd, Usage)
	return ExitUsage
}

// Flags are the flags every command shares: --config and --data-dir.
type Flags struct {
	Config  string // "" for the default path
	DataDir string // "" for the default directory
}

// Register adds the flags to fs.
func (c *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.Config, "config", "", "config file (default "+config.DefaultPath()+")")
	fs.StringVar(&c.DataDir, "data-dir", "", "directory of the history database (default "+filepath.Dir(store.DefaultPath())+")")
}

// Setup parses the flags and loads the config they name. ok false means:
// exit with code (the error is already said on stderr).
func (c *Flags) Setup(fs *flag.FlagSet, args []string, stderr io.Writer) (cfg *config.Config, code int, ok bool) {
	if code, ok := parse(fs, args, stderr); !ok {
		return nil, code, false
	}
	cfg, err := c.Load()
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return nil, ExitUsage, false
	}
	return cfg, 0, true
}

// Load reads the config the flags name: the file given with --config, which
// must exist, or else the default path, where a missing file means the
// built-in services.
func (c *Flags) Load() (*config.Config, error) {
	return config.Load(c.ConfigPath(), c.Config != "")
}

// ConfigPath is the config file the flags name, existing or not.
func (c *Flags) ConfigPath() string {
	if c.Config != "" {
		return c.Config
	}
	return config.DefaultPath()
}

// StorePath is where the history database lives.
func (c *Flags) StorePath() string {
	if c.DataDir != "" {
		return filepath.Join(c.DataDir, "history.db")
	}
	return store.DefaultPath()
}

// parse parses flags; ok false means exit with code.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "downradar %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ExitUsage, false
	}
	return 0, true
}
