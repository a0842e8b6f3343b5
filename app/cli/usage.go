package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/store"
)

// usageColumn is the column where the help's descriptions begin; a
// command's synopsis longer than that puts its description on the next
// line.
const usageColumn = 52

// Usage is the help text, in w's language. The commands' synopses
// (`downradar check [--json]`) are what people type, and stay as they are.
func Usage(w *label.Words) string {
	var b strings.Builder
	b.WriteString(w.Say("cli.usage_intro") + "\n\n" + w.Say("cli.usage") + "\n")
	for _, c := range []struct{ synopsis, desc string }{
		{"downradar [--config FILE] [--data-dir DIR]", w.Say("cli.usage_agent")},
		{"downradar headless [--config FILE] [--data-dir DIR] [--metrics ADDR [--metrics-public]]", w.Say("cli.usage_headless")},
		{"downradar check [--config FILE] [--json] [--service NAME]...", w.Say("cli.usage_check")},
		{"downradar classify [--json]", w.Say("cli.usage_classify")},
		{"downradar catalog [--config FILE] [--json]", w.Say("cli.usage_catalog")},
		{"downradar demo", w.Say("cli.usage_demo")},
		{"downradar window [--config FILE] [--data-dir DIR] [--incident ID | --settings]", w.Say("cli.usage_window")},
		{"downradar version " + w.Say("cli.usage_or", "Command", "--version"), w.Say("cli.usage_version")},
		{"downradar help", w.Say("cli.usage_help")},
	} {
		b.WriteString(described("  "+c.synopsis, c.desc, usageColumn))
	}
	b.WriteString("\n" + w.Say("cli.usage_files") + "\n")
	files := [][]string{
		{"", w.Say("cli.usage_config"), w.Say("cli.usage_config_path", "Path", "$XDG_CONFIG_HOME/downradar/config.toml")},
		{"", w.Say("cli.usage_history"), "$XDG_DATA_HOME/downradar/history.db"},
	}
	b.WriteString(table(files, 2))
	return b.String()
}

// described is head with desc beside it from column col on, each of its
// lines indented to col; on the next line when head reaches col.
func described(head, desc string, col int) string {
	var b strings.Builder
	b.WriteString(head)
	indent := strings.Repeat(" ", col)
	if w := displayWidth(head); w+2 <= col {
		b.WriteString(strings.Repeat(" ", col-w))
	} else {
		b.WriteString("\n" + indent)
	}
	b.WriteString(strings.ReplaceAll(strings.TrimRight(desc, "\n"), "\n", "\n"+indent) + "\n")
	return b.String()
}

// placeholders name the value each option takes in its help.
var placeholders = map[string]string{"config": "FILE", "data-dir": "DIR", "service": "NAME", "metrics": "ADDR"}

// options is the help of fs's options, in w's language: each option, then
// what it does.
func options(w *label.Words, fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString(w.Say("cli.options", "Command", "downradar "+fs.Name()) + "\n")
	fs.VisitAll(func(f *flag.Flag) {
		head := "  --" + f.Name
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
			meta := placeholders[f.Name]
			if meta == "" {
				meta = "VALUE"
			}
			head += " " + meta
		}
		b.WriteString(head + "\n      " + strings.ReplaceAll(f.Usage, "\n", "\n      ") + "\n")
	})
	return b.String()
}

// Register adds the flags to fs, their help in the system's language.
func (c *Flags) Register(fs *flag.FlagSet) {
	w := systemWords()
	fs.StringVar(&c.Config, "config", "", w.Say("cli.flag_config", "Default", config.DefaultPath()))
	fs.StringVar(&c.DataDir, "data-dir", "", w.Say("cli.flag_data_dir", "Default", filepath.Dir(store.DefaultPath())))
}

// parse parses flags, saying a mistake and the options' help on stderr in
// the system's language; ok false means exit with code. The flag
// package's own words for a mistake ("flag provided but not defined")
// stay English, inside a sentence in the user's language.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		io.WriteString(stderr, options(systemWords(), fs))
		return ExitOK, false
	case err != nil:
		w := systemWords()
		fmt.Fprintf(stderr, "downradar %s: %s\n\n%s", fs.Name(), w.Say("cli.bad_option", "Error", err.Error()), options(w, fs))
		return ExitUsage, false
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "downradar %s: %s\n", fs.Name(), systemWords().Say("cli.unexpected_argument", "Argument", fmt.Sprintf("%q", fs.Arg(0))))
		return ExitUsage, false
	}
	return 0, true
}
