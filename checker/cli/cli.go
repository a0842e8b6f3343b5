// Package cli implements downradar's commands that need no GUI: the
// headless agent and `check`. The window process lives in app/.
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
  downradar [--config FILE] [--data-dir DIR]        run the agent (checks on schedule, keeps history)
  downradar check [--config FILE] [--json] [--service NAME]...
                                                    run one round of checks and print the verdicts
  downradar window [--data-dir DIR] [--incident ID] open the history window
  downradar help                                    show this help

Files:
  config   $XDG_CONFIG_HOME/downradar/config.toml (built-in services when absent)
  history  $XDG_DATA_HOME/downradar/history.db
`

// Main runs the command named by args[0] (the agent when there is none)
// and returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		return agent(ctx, args, stdout, stderr)
	case "check":
		return check(ctx, args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, Usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "downradar: unknown command %q\n\n%s", cmd, Usage)
	return ExitUsage
}

// common are the flags every command shares.
type common struct {
	config  string
	dataDir string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "config file (default "+config.DefaultPath()+")")
	fs.StringVar(&c.dataDir, "data-dir", "", "directory of the history database (default "+filepath.Dir(store.DefaultPath())+")")
}

// setup parses the flags and loads the config they name. ok false means:
// exit with code (the error is already said on stderr).
func (c *common) setup(fs *flag.FlagSet, args []string, stderr io.Writer) (cfg *config.Config, code int, ok bool) {
	if code, ok := parse(fs, args, stderr); !ok {
		return nil, code, false
	}
	cfg, err := c.load()
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return nil, ExitUsage, false
	}
	return cfg, 0, true
}

// load reads the config the flags name.
func (c *common) load() (*config.Config, error) {
	if c.config != "" {
		return config.Load(c.config, true)
	}
	return config.Load(config.DefaultPath(), false)
}

// storePath is where the history database lives.
func (c *common) storePath() string {
	if c.dataDir != "" {
		return filepath.Join(c.dataDir, "history.db")
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
