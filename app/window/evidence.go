package window

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/downradar/downradar/app/label"

	"github.com/downradar/downradar/checker/history"
)

// EvidenceEntry is one entry of an incident's evidence timeline, as shown.
type EvidenceEntry struct {
	Time    string   // "Oct 04 15:39:05"
	Source  string   // "probe", "status page", "news"
	Summary string   // probes: component · layer · class · latency; others: title · language
	Message string   // what the probe said, or the item's text
	Link    *url.URL // an http(s) link to open; nil when there is none or it is not safe
	RawLink string   // a link that is not http(s), shown as plain text only
}

// NewEvidenceEntry describes e with its time in loc.
func NewEvidenceEntry(e history.Evidence, loc *time.Location) EvidenceEntry {
	out := EvidenceEntry{Time: e.At.In(loc).Format("Jan 02 15:04:05"), Source: label.Source(e.Source), Message: e.Message}
	isProbe := e.Source == "probe" || (e.Source == "" && e.Title == "" && e.URL == "")
	if isProbe {
		latency := "latency unknown"
		if e.LatencyMS > 0 {
			latency = fmt.Sprintf("%d ms", e.LatencyMS)
		}
		out.Summary = strings.Join([]string{unknownIfEmpty(e.Component, "component"), unknownIfEmpty(e.Layer, "layer"),
			unknownIfEmpty(e.Class, "error class"), latency}, " · ")
	} else {
		title := e.Title
		if title == "" {
			title = "untitled"
		}
		out.Summary = title + " · " + unknownIfEmpty(e.Lang, "language")
	}
	if e.URL != "" {
		if u, ok := SafeLink(e.URL); ok {
			out.Link = u
		} else {
			out.RawLink = e.URL
		}
	}
	return out
}

// String is the entry on one line, as in IncidentDetail.
func (e EvidenceEntry) String() string {
	parts := []string{e.Time, e.Source, e.Summary}
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	switch {
	case e.Link != nil:
		parts = append(parts, e.Link.String())
	case e.RawLink != "":
		parts = append(parts, e.RawLink+" (not opened: not a web link)")
	}
	return strings.Join(parts, "  ")
}

// SafeLink parses raw and reports whether it may be opened in the browser:
// only absolute http and https URLs with a host and no user info (which
// could disguise where a link goes) are.
func SafeLink(raw string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.User != nil || u.Opaque != "" {
		return nil, false
	}
	return u, true
}

// unknownIfEmpty returns s, or "<what> unknown" when s is empty.
func unknownIfEmpty(s, what string) string {
	if s == "" {
		return what + " " + unknownText
	}
	return s
}
