package label

import (
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"

	"github.com/downradar/downradar/checker/status"
)

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0 s"},
		{0, "0 s"},
		{59 * time.Second, "59 s"},
		{time.Minute, "1 min"},
		{12*time.Minute + 40*time.Second, "12 min"},
		{time.Hour, "1 h"},
		{6*time.Hour + 5*time.Minute, "6 h 5 min"},
		{24 * time.Hour, "1 d"},
		{50 * time.Hour, "2 d 2 h"},
	} {
		if got := English.Duration(tc.d); got != tc.want {
			t.Errorf("English.Duration(%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestClock(t *testing.T) {
	loc := time.FixedZone("X", 3600)
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, loc)
	if got := English.Clock(time.Date(2026, 11, 21, 13, 2, 0, 0, time.UTC), now); got != "14:02" {
		t.Errorf("today = %q", got)
	}
	if got := English.Clock(time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC), now); got != "00:30" {
		t.Errorf("the 20th in UTC is today in now's zone: %q", got)
	}
	if got := English.Clock(time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC), now); got != "Thu 19 Nov 09:00" {
		t.Errorf("another day = %q", got)
	}
}

func TestStatusWords(t *testing.T) {
	for _, tc := range []struct {
		s          status.Status
		verb, word string
	}{
		{status.Down, "is down", "down"},
		{status.Partial, "is partly down", "partly down"},
		{status.Degraded, "is degraded", "degraded"},
		{status.Up, "is up", "up"},
		{status.Unknown, "is unknown", "unknown"},
		{status.Status("bogus"), "is unknown", "unknown"},
	} {
		if got := English.Is("X", tc.s); got != "X "+tc.verb {
			t.Errorf("Is(%s) = %q", tc.s, got)
		}
		if got := English.Word(tc.s); got != tc.word {
			t.Errorf("English.Word(%s) = %q", tc.s, got)
		}
	}
}

func TestList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"A"}, "A"},
		{[]string{"A", "B"}, "A and B"},
		{[]string{"Facebook", "Instagram", "WhatsApp"}, "Facebook, Instagram and WhatsApp"},
	} {
		if got := English.List(tc.in); got != tc.want {
			t.Errorf("English.List(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSeverityAndScope(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{English.Severity(status.Down), "down"}, {English.Severity(status.Partial), "partly down"}, {English.Severity(status.Degraded), "degraded"},
		{English.Severity(status.Unknown), "severity unknown"}, {English.Severity(""), "severity unknown"},
		{English.Scope(history.ScopeFromHere), "seen from here"}, {English.Scope(history.ScopeConfirmed), "confirmed"},
		{English.Scope(history.ScopeElsewhere), "reported elsewhere"}, {English.Scope(""), "scope unknown"}, {English.Scope("odd"), "odd"},
		{English.Source(history.SourceProbe), "probe"}, {English.Source(history.SourceStatusPage), "status page"}, {English.Source(history.SourceNews), "news"},
		{English.Source(""), "source unknown"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
