// Package cli implements downradar's commands that need no GUI: the
// headless agent, `check`, `classify` and `catalog`. The resident agent
// with its tray lives in app/agent, the window process in app/window.
//
// What the commands print for people (the help, the tables, mistakes on
// stderr) is in the user's language: the config's `language`, else the
// system's (app/locale), through app/label's messages cli.* (catalog
// en/cli.toml says what stays English: JSON, the headless log, what is
// typed). The tables are padded by display width (width.go), so their
// columns line up in any script.
package cli

import (
	"context"
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
		io.WriteString(stdout, Usage(systemWords()))
		return ExitOK
	}
	w := systemWords()
	fmt.Fprintf(stderr, "downradar: %s\n\n%s", w.Say("cli.unknown_command", "Command", fmt.Sprintf("%q", cmd)), Usage(w))
	return ExitUsage
}

// Flags are the flags every command shares: --config and --data-dir.
type Flags struct {
	Config  string // "" for the default path
	DataDir string // "" for the default directory
}

// Setup parses the flags and loads the config they name. ok false means:
// exit with code (the error is already said on stderr).
func (c *Flags) Setup(fs *flag.FlagSet, args []string, stderr io.Writer) (cfg *config.Config, code int, ok bool) {
	if code, ok := parse(fs, args, stderr); !ok {
		return nil, code, false
	}
	cfg, err := c.Load()
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %s\n", systemWords().Say("cli.config_refused", "Error", err.Error()))
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
