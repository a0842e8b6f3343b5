package window

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
)

// EvidenceEntry is one entry of an incident's evidence timeline, as shown.
type EvidenceEntry struct {
	Time    string   // "Tue 4 Mar 15:39:05"
	Source  string   // "probe", "status page", "news"
	Summary string   // probes: component · layer · class · latency; others: title · language
	Message string   // what the probe said, or the item's text
	Link    *url.URL // an http(s) link to open; nil when there is none or it is not safe
	RawLink string   // a link that is not http(s), shown as plain text only
	notWeb  string   // RawLink with why it is not opened
}

// NewEvidenceEntry describes e in w's language, its time in now's
// location. A probe's layer, error class and message are the engine's
// technical words, and stay as they are.
func NewEvidenceEntry(w *label.Words, e history.Evidence, now time.Time) EvidenceEntry {
	at := e.At.In(now.Location())
	out := EvidenceEntry{Time: w.Say("label.date_time", "Date", day(w, at, now), "Time", w.Digits(at.Format("15:04:05"))),
		Source: w.Source(e.Source), Message: e.Message}
	isProbe := e.Source == "probe" || (e.Source == "" && e.Title == "" && e.URL == "")
	if isProbe {
		latency := w.Say("window.latency_unknown")
		if e.LatencyMS > 0 {
			latency = ms(w, e.LatencyMS)
		}
		out.Summary = strings.Join([]string{
			orElse(e.Component, w.Say("window.component_unknown")), orElse(e.Layer, w.Say("window.layer_unknown")),
			orElse(e.Class, w.Say("window.class_unknown")), latency}, sep)
	} else {
		out.Summary = orElse(e.Title, w.Say("window.untitled")) + sep + languageName(w, e.Lang)
	}
	if e.URL != "" {
		if u, ok := SafeLink(e.URL); ok {
			out.Link = u
		} else {
			out.RawLink = e.URL
			out.notWeb = w.Say("window.not_web_link", "Link", e.URL)
		}
	}
	return out
}

// Head is the entry's first line: when, where from, what.
func (e EvidenceEntry) Head() string { return e.Time + sep + e.Source + sep + e.Summary }

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
		parts = append(parts, e.notWeb)
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

// languageName is a news item's language named in w's language ("fr":
// "French"), its code when it has no name there, or says it is unknown.
func languageName(w *label.Words, code string) string {
	if code == "" {
		return w.Say("window.language_unknown")
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if name := display.Tags(w.Tag()).Name(tag); name != "" {
		return name
	}
	return code
}

// orElse returns s, or other when s is empty.
func orElse(s, other string) string {
	if s == "" {
		return other
	}
	return s
}
