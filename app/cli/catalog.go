package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/downradar/downradar/app/label"
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
	asJSON := fs.Bool("json", false, systemWords().Say("cli.flag_json"))
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
	io.WriteString(stdout, catalogTable(configWords(cfg), out, fl.ConfigPath()))
	return ExitOK
}

// catalogTable is `downradar catalog`'s table for people, in w's
// language, and how many services are watched.
func catalogTable(w *label.Words, entries []catalogEntry, configPath string) string {
	rows := [][]string{{w.Say("cli.col_watched"), w.Say("cli.col_id"), w.Say("cli.col_service"), w.Say("cli.col_components"), w.Say("cli.col_status_page")}}
	watched := 0
	for _, e := range entries {
		mark := w.Say("cli.none")
		if e.Watched {
			mark, watched = w.Say("cli.yes"), watched+1
		}
		name := e.Name
		if !e.Builtin {
			name = w.Say("cli.yours", "Service", name)
		}
		rows = append(rows, []string{mark, e.ID, name, strings.Join(e.Components, w.Say("label.list_comma")), e.Status})
	}
	return table(rows, 2) + "\n" + w.Count("cli.catalog_watched", watched, "Total", w.Number(len(entries)), "Path", configPath) + "\n"
}
