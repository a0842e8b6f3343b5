package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
)

// names is a repeatable string flag.
type names []string

func (n *names) String() string     { return strings.Join(*n, ",") }
func (n *names) Set(s string) error { *n = append(*n, s); return nil }

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var c Flags
	c.Register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	var only names
	fs.Var(&only, "service", "check only this service (repeatable)")
	cfg, code, ok := c.Setup(fs, args, stderr)
	if !ok {
		return code
	}
	services, err := pick(cfg, only)
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
	io.WriteString(stdout, FormatReport(rep)+FormatFeeds(feeds))
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

// maxFeedErrors bounds the feeds' errors the table lists: with no network,
// every one of dozens of feeds fails the same way.
const maxFeedErrors = 5

// FormatFeeds is the table's line on the news feeds when some could not be
// read: how many, and why, "" when every feed was read.
func FormatFeeds(states []radar.FeedState) string {
	var failed []radar.FeedState
	for _, f := range states {
		if f.Err != "" || f.Read.IsZero() {
			failed = append(failed, f)
		}
	}
	if len(failed) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nNews feeds: %d of %d could not be read:\n", len(failed), len(states))
	for _, f := range failed[:min(len(failed), maxFeedErrors)] {
		why := f.Err
		if why == "" {
			why = "not read"
		}
		name := f.Name
		if name == "" {
			name = f.URL
		}
		fmt.Fprintf(&b, "  %s: %s\n", name, oneLine(why, 100))
	}
	if n := len(failed) - maxFeedErrors; n > 0 {
		fmt.Fprintf(&b, "  and %d more\n", n)
	}
	return b.String()
}

// pick selects the services named (case-insensitively), in config order.
// pick is the services named by --service (enabled or not), or else every
// watched one.
func pick(cfg *config.Config, only []string) ([]config.Service, error) {
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
			return nil, fmt.Errorf("no service named %q (configured: %s)", name, strings.Join(have, ", "))
		}
	}
	return out, nil
}

// FormatReport renders a check as a table for people.
func FormatReport(rep engine.Report) string {
	var b strings.Builder
	ok := 0
	for _, c := range rep.Controls {
		if c.Status == status.Up {
			ok++
		}
	}
	fmt.Fprintf(&b, "Network: %s (%d of %d control probes worked)", rep.Network, ok, len(rep.Controls))
	if rep.NetworkReason != "" {
		fmt.Fprintf(&b, " - %s", rep.NetworkReason)
	}
	if rep.Network == status.LinkDegraded {
		b.WriteString("\n" + LinkLine(rep.Link))
	}
	b.WriteString("\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tSTATUS\tCOMPONENT\tSTATUS\tLAYER\tERROR\tLATENCY\tDETAIL")
	for _, s := range rep.Services {
		name, st := s.Name, string(s.Status)
		for _, c := range s.Components {
			errCls := c.Error
			if errCls == "" {
				errCls = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%dms\t%s\n", name, st, c.Name, c.Status, c.Layer, errCls, c.LatencyMS, oneLine(c.Detail, 70))
			name, st = "", ""
		}
		if s.Reason != "" && s.Reason != rep.NetworkReason {
			fmt.Fprintf(tw, "\t\t(%s)\t\t\t\t\t\n", s.Reason)
		}
	}
	tw.Flush()
	if outside := formatOutside(rep); outside != "" {
		b.WriteString("\nElsewhere:\n" + outside)
	}
	return b.String()
}

// LinkLine is the line of the user's own link's figures under a degraded
// verdict: its round trip against the usual one and the threshold, and
// the recent probes that had to resend, each marked when it is what
// degrades the link: "Link: round trip 1600 ms, usually 40 ms, slow over
// 620 ms (slow); 4 of 30 recent probes had to resend".
func LinkLine(l engine.LinkReport) string {
	rtt := "no control probe worked"
	if l.RTTMS > 0 {
		rtt = fmt.Sprintf("round trip %d ms", l.RTTMS)
		if l.BaselineMS > 0 {
			rtt += fmt.Sprintf(", usually %d ms", l.BaselineMS)
		}
		rtt += fmt.Sprintf(", slow over %d ms", l.SlowAboveMS)
	}
	if l.Slow {
		rtt += " (slow)"
	}
	loss := "no recent probe"
	if l.Probes > 0 {
		loss = fmt.Sprintf("%d of %d recent probes had to resend", l.Lossy, l.Probes)
	}
	if l.Losing {
		loss += " (losing packets)"
	}
	return "Link: " + rtt + "; " + loss
}

// formatOutside is one line per service on what its status page and the
// news say, and the scope they give.
func formatOutside(rep engine.Report) string {
	var b strings.Builder
	for _, s := range rep.Services {
		var parts []string
		if p := s.StatusPage; p != nil {
			switch {
			case p.Error != "":
				parts = append(parts, "status page unknown ("+oneLine(p.Error, 60)+")")
			case len(p.Incidents) > 0:
				parts = append(parts, fmt.Sprintf("status page %s: %s", p.Level, oneLine(p.Incidents[0].Title, 60)))
			default:
				parts = append(parts, "status page "+p.Level)
			}
		}
		if n := s.News; n != nil {
			switch {
			case n.Status == "unknown" && n.Items == 0 && n.Recovered == 0:
				parts = append(parts, "news: unknown (no feed could be read)")
			case n.Status == "off":
				parts = append(parts, "news: no feeds")
			case n.Items > 0:
				parts = append(parts, newsPart(n))
			case n.Recovered > 0:
				parts = append(parts, fmt.Sprintf("news: %d reports of a recovery", n.Recovered))
			default:
				parts = append(parts, "news: no outage reports")
			}
		}
		if len(parts) == 0 {
			continue
		}
		line := "  " + s.Name + ": " + strings.Join(parts, "; ")
		if s.Scope != "" {
			line += " => " + strings.ReplaceAll(string(s.Scope), "_", " ")
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// oneLine trims s to one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// newsPart is the news' part of a service's line in `check`: how many
// outage reports, from how many sources, in which languages, and how many
// of them are not news (evergreen pages, a feed's backlog).
func newsPart(n *engine.NewsReport) string {
	src := "sources"
	if n.Sources == 1 {
		src = "source"
	}
	out := fmt.Sprintf("news: %d outage reports from %d %s (%s)", n.Items, n.Sources, src, strings.Join(n.Languages, ", "))
	if n.Stale > 0 {
		out += fmt.Sprintf(", %d not news", n.Stale)
	}
	return out
}
