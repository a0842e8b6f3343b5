package cli

import (
	"strconv"
	"strings"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/radar"
	"github.com/downradar/downradar/checker/status"
)

// `check`'s table, in the user's language. The engine's and the status
// pages' own terms stay as they are, as in --json and docs/check.md: a
// component's layer (dns, tcp, tls, http) and error class (nxdomain,
// http_status), a status page's level (partial_outage), a probe's detail,
// a news report's language code. Statuses, the network's verdict, scopes
// and the reasons the engine words itself are said in the language.

// FormatReport renders a check as a table for people, in w's language.
func FormatReport(w *label.Words, rep engine.Report) string {
	var b strings.Builder
	ok := 0
	for _, c := range rep.Controls {
		if c.Status == status.Up {
			ok++
		}
	}
	line := w.Count("cli.network", ok, "Verdict", verdict(w, rep.Network), "Total", w.Number(len(rep.Controls)))
	if rep.NetworkReason != "" {
		line = w.Say("cli.network_reason", "Network", line, "Reason", w.Reason(rep.NetworkReason))
	}
	b.WriteString(line)
	if rep.Network == status.LinkDegraded {
		b.WriteString("\n" + LinkLine(w, rep.Link))
	}
	b.WriteString("\n\n")
	rows := [][]string{{w.Say("cli.col_service"), w.Say("cli.col_status"), w.Say("cli.col_component"), w.Say("cli.col_status"),
		w.Say("cli.col_layer"), w.Say("cli.col_error"), w.Say("cli.col_latency"), w.Say("cli.col_detail")}}
	for _, s := range rep.Services {
		name, st := s.Name, w.Word(s.Status)
		for _, c := range s.Components {
			errCls := c.Error
			if errCls == "" {
				errCls = w.Say("cli.none")
			}
			ms := w.Say("cli.ms", "MS", w.Digits(strconv.FormatInt(c.LatencyMS, 10)))
			rows = append(rows, []string{name, st, c.Name, w.Word(c.Status), c.Layer, errCls, ms, oneLine(c.Detail, 70)})
			name, st = "", ""
		}
		if s.Reason != "" && s.Reason != rep.NetworkReason {
			rows = append(rows, []string{"", "", w.Say("cli.reason", "Reason", w.Reason(s.Reason))})
		}
	}
	b.WriteString(table(rows, 2))
	if outside := formatOutside(w, rep); outside != "" {
		b.WriteString("\n" + w.Say("cli.elsewhere") + "\n" + outside)
	}
	return b.String()
}

// verdict is the network's verdict in a word or two: "online", "offline".
func verdict(w *label.Words, n status.Network) string {
	switch n {
	case status.Online:
		return w.Say("cli.net_online")
	case status.Offline:
		return w.Say("cli.net_offline")
	case status.Captive:
		return w.Say("cli.net_captive")
	case status.DNSBroken:
		return w.Say("cli.net_dns")
	case status.LinkDegraded:
		return w.Say("cli.net_degraded")
	}
	return string(n)
}

// LinkLine is the line of the user's own link's figures under a degraded
// verdict, in w's language: its round trip against the usual one and the
// threshold, and the recent probes that had to resend, each marked when
// it is what degrades the link: "Link: round trip 1600 ms, usually 40 ms,
// slow over 620 ms (slow); 4 of 30 recent probes had to resend".
func LinkLine(w *label.Words, l engine.LinkReport) string {
	ms := func(n int64) string { return w.Digits(strconv.FormatInt(n, 10)) }
	rtt := w.Say("cli.link_no_rtt")
	if l.RTTMS > 0 {
		rtt = w.Say("cli.link_rtt", "RTT", ms(l.RTTMS), "Limit", ms(l.SlowAboveMS))
		if l.BaselineMS > 0 {
			rtt = w.Say("cli.link_rtt_usual", "RTT", ms(l.RTTMS), "Usual", ms(l.BaselineMS), "Limit", ms(l.SlowAboveMS))
		}
	}
	if l.Slow {
		rtt = w.Say("cli.aside", "Text", rtt, "Aside", w.Say("label.link_slow"))
	}
	loss := w.Say("cli.link_no_probe")
	if l.Probes > 0 {
		loss = w.Count("cli.link_resent", l.Lossy, "Total", w.Number(l.Probes))
	}
	if l.Losing {
		loss = w.Say("cli.aside", "Text", loss, "Aside", w.Say("label.link_losing"))
	}
	return w.Say("cli.link", "RTT", rtt, "Loss", loss)
}

// formatOutside is one line per service on what its status page and the
// news say, and the scope they give.
func formatOutside(w *label.Words, rep engine.Report) string {
	var b strings.Builder
	for _, s := range rep.Services {
		var parts []string
		if p := s.StatusPage; p != nil {
			switch {
			case p.Error != "":
				parts = append(parts, w.Say("cli.page_unknown", "Error", oneLine(p.Error, 60)))
			case len(p.Incidents) > 0:
				parts = append(parts, w.Say("cli.page_incident", "Level", p.Level, "Title", oneLine(p.Incidents[0].Title, 60)))
			default:
				parts = append(parts, w.Say("cli.page_level", "Level", p.Level))
			}
		}
		if n := s.News; n != nil {
			parts = append(parts, newsPart(w, n))
		}
		if len(parts) == 0 {
			continue
		}
		line := w.Say("cli.outside", "Service", s.Name, "Said", strings.Join(parts, w.Say("label.list_semicolon")))
		if s.Scope != "" {
			line = w.Say("cli.outside_scope", "Line", line, "Scope", w.Scope(s.Scope))
		}
		b.WriteString("  " + line + "\n")
	}
	return b.String()
}

// oneLine trims s to one line of at most n columns.
func oneLine(s string, n int) string {
	return cut(strings.Join(strings.Fields(s), " "), n)
}

// newsPart is the news' part of a service's line in `check`: whether a
// feed was read, how many outage reports, from how many sources, in which
// languages, how many of them are not news (evergreen pages, a feed's
// backlog) and how many perhaps about another service (not counted as
// sources), or how many reports of a recovery.
func newsPart(w *label.Words, n *engine.NewsReport) string {
	switch {
	case n.Status == "unknown" && n.Items == 0 && n.Recovered == 0:
		return w.Say("cli.news_unread")
	case n.Status == "off":
		return w.Say("cli.news_off")
	case n.Items > 0:
		out := w.Count("cli.news_reports", n.Items, "Sources", w.Count("cli.news_sources", n.Sources),
			"Languages", strings.Join(n.Languages, w.Say("label.list_comma")))
		if n.Stale > 0 {
			out = w.Count("cli.news_stale", n.Stale, "News", out)
		}
		if n.Unsure > 0 {
			out = w.Count("cli.news_unsure", n.Unsure, "News", out)
		}
		return out
	case n.Recovered > 0:
		return w.Count("cli.news_recovered", n.Recovered)
	}
	return w.Say("cli.news_none")
}

// maxFeedErrors bounds the feeds' errors the table lists: with no network,
// every one of dozens of feeds fails the same way.
const maxFeedErrors = 5

// FormatFeeds is the table's lines on the news feeds when some could not
// be read, in w's language: how many, and why (the error in English, as
// the feed's reader gives it); "" when every feed was read.
func FormatFeeds(w *label.Words, states []radar.FeedState) string {
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
	b.WriteString("\n" + w.Count("cli.feeds_unread", len(failed), "Total", w.Number(len(states))) + "\n")
	for _, f := range failed[:min(len(failed), maxFeedErrors)] {
		why := oneLine(f.Err, 100)
		if why == "" {
			why = w.Say("cli.feed_not_read")
		}
		name := f.Name
		if name == "" {
			name = f.URL
		}
		b.WriteString("  " + w.Say("cli.feed", "Feed", name, "Error", why) + "\n")
	}
	if n := len(failed) - maxFeedErrors; n > 0 {
		b.WriteString("  " + w.Count("cli.feeds_more", n) + "\n")
	}
	return b.String()
}
