package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/status"
)

// The languages the tests read the CLI in: right to left with its own
// digits, an Indic script with combining signs, a CJK one two columns a
// character. The expectations are the catalogs' own words, so they hold
// as translators write them (a message a catalog lacks is English).
var testLanguages = []string{"ar", "hi", "ja"}

// `check` speaks the config's language: its network line, its column
// headers and its status words, each column beginning at one display
// column on every line.
func TestCheckSpeaksTheConfigsLanguage(t *testing.T) {
	l := newLoopback(t)
	for _, lang := range testLanguages {
		t.Run(lang, func(t *testing.T) {
			w := label.New(lang)
			if w.Word(status.Down) == label.English.Word(status.Down) {
				t.Fatalf("no %s catalog: label.New(%q) speaks %s", lang, lang, w.Tag())
			}
			cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), l.services())
			doc, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cfg, append([]byte(fmt.Sprintf("language = %q\n", lang)), doc...), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errs := run(t, "check", "--config", cfg, "--service", "Facebook", "--service", "GitHub")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			lines := strings.Split(out, "\n")
			network := w.Count("cli.network", 1, "Verdict", w.Say("cli.net_online"), "Total", w.Number(1))
			if lines[0] != network {
				t.Errorf("first line %q, want %q", lines[0], network)
			}
			header := lines[2]
			if !strings.HasPrefix(header, w.Say("cli.col_service")) {
				t.Fatalf("header %q, want it to begin with %q\n%s", header, w.Say("cli.col_service"), out)
			}
			statusAt := column(header, w.Say("cli.col_status"))
			for _, row := range []struct {
				service string
				st      status.Status
			}{{"Facebook", status.Down}, {"GitHub", status.Up}} {
				line := lineWith(lines, row.service)
				if c := column(line, w.Word(row.st)); c != statusAt {
					t.Errorf("%q: %q at column %d, the header's at %d\n%s", line, w.Word(row.st), c, statusAt, out)
				}
			}
		})
	}
}

// lineWith is the first of lines that begins with prefix.
func lineWith(lines []string, prefix string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// `help`, a mistake and `catalog` speak the system's language, from
// LC_ALL, when there is no config to name one.
func TestCommandsSpeakTheSystemsLanguage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("[[service]]\nname = \"Intranet\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://intranet.test/\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, lang := range testLanguages {
		t.Run(lang, func(t *testing.T) {
			t.Setenv("LC_ALL", lang+"_XX.UTF-8")
			t.Setenv("LANGUAGE", "") // app/locale sets it to "en" when the test binary starts in the C locale
			w := label.New(lang)
			if code, out, _ := run(t, "help"); code != ExitOK || out != Usage(w) {
				t.Errorf("help: exit %d\n%s\nwant\n%s", code, out, Usage(w))
			}
			code, _, errs := run(t, "check", "--config", path, "extra")
			if want := "downradar check: " + w.Say("cli.unexpected_argument", "Argument", `"extra"`) + "\n"; code != ExitUsage || errs != want {
				t.Errorf("an extra argument: exit %d, %q, want %q", code, errs, want)
			}
			code, out, errs := run(t, "catalog", "--config", path)
			if code != ExitOK {
				t.Fatalf("catalog: exit %d: %s", code, errs)
			}
			if !strings.HasPrefix(out, w.Say("cli.col_watched")) || !strings.Contains(out, w.Say("cli.yours", "Service", "Intranet")) {
				t.Errorf("catalog:\n%s", out)
			}
		})
	}
}

// The table says numbers in the language's digits, and the engine's
// reasons in its words.
func TestFormatReportInALanguage(t *testing.T) {
	rep := engine.Report{Network: status.Online, Controls: []engine.ProbeReport{{Status: status.Up}, {Status: status.Down}},
		Services: []engine.ServiceReport{{Name: "WhatsApp", Status: status.Unknown, Reason: "not checked yet",
			Components: []engine.ProbeReport{{Name: "Web", Status: status.Unknown, Layer: "http", LatencyMS: 87}}}}}
	for _, lang := range testLanguages {
		w := label.New(lang)
		got := FormatReport(w, rep)
		for _, want := range []string{
			w.Count("cli.network", 1, "Verdict", w.Say("cli.net_online"), "Total", w.Number(2)),
			w.Say("cli.ms", "MS", w.Digits("87")),
			w.Say("cli.reason", "Reason", w.Say("label.reason_not_checked")),
			w.Word(status.Unknown),
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the table lacks %q:\n%s", lang, want, got)
			}
		}
	}
}
