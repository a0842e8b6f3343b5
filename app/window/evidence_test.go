package window

import (
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
)

func TestSafeLink(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want string // "" when not safe
	}{
		{"https://status.hub.test/incidents/42", "https://status.hub.test/incidents/42"},
		{"http://news.example.test/a?b=c#d", "http://news.example.test/a?b=c#d"},
		{"HTTPS://Status.Hub.test/", "https://Status.Hub.test/"},
		{"  https://status.hub.test/  ", "https://status.hub.test/"},
		{"javascript:alert(1)", ""},
		{"file:///etc/passwd", ""},
		{"ftp://files.hub.test/x", ""},
		{"mailto:ops@hub.test", ""},
		{"data:text/html,<b>x</b>", ""},
		{"//status.hub.test/no-scheme", ""},
		{"status.hub.test/relative", ""},
		{"https:opaque", ""},
		{"https://", ""},
		{"https://:443/", ""},
		{"https://user:pass@status.hub.test/", ""},
		{"https://status.hub.test/\x00", ""},
		{"", ""},
	} {
		u, ok := SafeLink(tc.raw)
		switch {
		case ok != (tc.want != ""):
			t.Errorf("SafeLink(%q) ok = %v", tc.raw, ok)
		case ok && u.String() != tc.want:
			t.Errorf("SafeLink(%q) = %q, want %q", tc.raw, u, tc.want)
		}
	}
}

func TestEvidenceEntry(t *testing.T) {
	at := time.Date(2025, 3, 1, 11, 20, 5, 0, time.UTC)
	for _, tc := range []struct {
		name string
		e    history.Evidence
		want string
		link bool
	}{
		{"probe", history.Evidence{At: at, Source: "probe", Component: "Web", Layer: "http", Class: "http_status", Message: "HTTP 503", LatencyMS: 340},
			"Sat 1 Mar 11:20:05  probe  Web · http · http_status · 340 ms  HTTP 503", false},
		{"probe unknowns", history.Evidence{At: at, Source: "probe"},
			"Sat 1 Mar 11:20:05  probe  component unknown · layer unknown · error class unknown · latency unknown", false},
		{"status page", history.Evidence{At: at, Source: "status_page", Title: "Degraded API", URL: "https://status.hub.test/1", Lang: "en"},
			"Sat 1 Mar 11:20:05  status page  Degraded API · English  https://status.hub.test/1", true},
		{"news without title or language", history.Evidence{At: at, Source: "news", URL: "http://news.hub.test/x", Message: "Outage hits users"},
			"Sat 1 Mar 11:20:05  news  untitled · language unknown  Outage hits users  http://news.hub.test/x", true},
		{"unsafe link", history.Evidence{At: at, Source: "news", Title: "x", Lang: "de", URL: "javascript:alert(1)"},
			"Sat 1 Mar 11:20:05  news  x · German  javascript:alert(1) (not opened: not a web link)", false},
	} {
		got := NewEvidenceEntry(nil, tc.e, at)
		if got.String() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
		if (got.Link != nil) != tc.link {
			t.Errorf("%s: link %v", tc.name, got.Link)
		}
	}
}
