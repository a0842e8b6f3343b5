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
		if got := Duration(tc.d); got != tc.want {
			t.Errorf("Duration(%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestClock(t *testing.T) {
	loc := time.FixedZone("X", 3600)
	now := time.Date(2026, 11, 21, 15, 0, 0, 0, loc)
	if got := Clock(time.Date(2026, 11, 21, 13, 2, 0, 0, time.UTC), now); got != "14:02" {
		t.Errorf("today = %q", got)
	}
	if got := Clock(time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC), now); got != "00:30" {
		t.Errorf("the 20th in UTC is today in now's zone: %q", got)
	}
	if got := Clock(time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC), now); got != "Thu 19 Nov 09:00" {
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
		if got := Status(tc.s); got != tc.verb {
			t.Errorf("Status(%s) = %q", tc.s, got)
		}
		if got := Word(tc.s); got != tc.word {
			t.Errorf("Word(%s) = %q", tc.s, got)
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
		if got := List(tc.in); got != tc.want {
			t.Errorf("List(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if Plural(1, "is", "are") != "is" || Plural(2, "is", "are") != "are" || Plural(0, "is", "are") != "are" {
		t.Error("Plural")
	}
}

func TestSeverityAndScope(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Severity(status.Down), "down"}, {Severity(status.Partial), "partly down"}, {Severity(status.Degraded), "degraded"},
		{Severity(status.Unknown), "severity unknown"}, {Severity(""), "severity unknown"},
		{Scope(history.ScopeFromHere), "seen from here"}, {Scope(history.ScopeConfirmed), "confirmed"},
		{Scope(history.ScopeElsewhere), "reported elsewhere"}, {Scope(""), "scope unknown"}, {Scope("odd"), "odd"},
		{Source(history.SourceProbe), "probe"}, {Source(history.SourceStatusPage), "status page"}, {Source(history.SourceNews), "news"},
		{Source(""), "source unknown"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
