package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// catalogEntry is one service as `downradar catalog --json` prints it.
type catalogEntry struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Watched    bool     `json:"watched"`
	Builtin    bool     `json:"builtin"`
	Components []string `json:"components"`
	Status     string   `json:"status_page,omitempty"`
}

// catalogCmd runs `downradar catalog [--config F] [--json]`: every service
// the config knows (the built-in catalog merged with the user's), whether it
// is watched, its components and its status page.
func catalogCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	var fl Flags
	fl.Register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, code, ok := fl.Setup(fs, args, stderr)
	if !ok {
		return code
	}
	var out []catalogEntry
	for _, s := range cfg.Services {
		e := catalogEntry{ID: s.ID, Name: s.Name, Watched: s.Enabled, Builtin: s.Builtin}
		for _, c := range s.Components {
			e.Components = append(e.Components, c.Name)
		}
		if s.Status != nil {
			e.Status = s.Status.URL
		}
		out = append(out, e)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "downradar catalog: %v\n", err)
			return ExitError
		}
		return ExitOK
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WATCHED\tID\tSERVICE\tCOMPONENTS\tSTATUS PAGE")
	watched := 0
	for _, e := range out {
		mark := "-"
		if e.Watched {
			mark, watched = "yes", watched+1
		}
		name := e.Name
		if !e.Builtin {
			name += " (yours)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", mark, e.ID, name, strings.Join(e.Components, ", "), e.Status)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%d of %d watched. To change: the settings window, or [[service]] id = \"...\" (enabled = false to stop) in %s\n",
		watched, len(out), fl.ConfigPath())
	return ExitOK
}
