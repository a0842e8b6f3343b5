package statuspage

import (
	"testing"
	"time"
)

// TestStatusWord: the status of an update is a word that heads it, or one
// in the prose that nothing denies; never one that only sits in a sentence
// that says the opposite.
func TestStatusWord(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		// Atlassian's history.atom, newest update first.
		{"Jun 10, 10:40 UTC Resolved - This incident has been resolved. Jun 10, 09:50 UTC Investigating - We are investigating.", "resolved"},
		{"Jun 8, 14:00 UTC Update - The capacity issue is not yet resolved. Jun 7, 20:00 UTC Investigating - We are looking.", "update"},
		{"Identified – the cause is known", "identified"},
		{"Monitoring: a fix is out", "monitoring"},
		// incident.io's feed.
		{"Status: Identified We have identified a bad deploy. Affected components Chat Completions (Full outage)", "identified"},
		{"Status: Resolved Logins work again. We were investigating errors earlier.", "resolved"},
		// Slack's feed: prose.
		{"Some users are unable to connect. We're investigating.", "investigating"},
		{"Resolved: search indexing has caught up.", "resolved"},
		{"The issue is not yet resolved; we're working on a fix.", ""},
		{"This has not been resolved, we are still investigating.", "investigating"},
		{"The outage hasn't been resolved.", ""},
		{"We are yet to be resolved.", ""},
		{"The problem has been resolved.", "resolved"},
		{"Users who unresolved their DNS", ""}, // inside a word: not a status word
		{"Workflow Builder is read-only during maintenance.", ""},
		{"", ""},
	} {
		if got := statusWord(tc.text); got != tc.want {
			t.Errorf("statusWord(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestFeedAge: how long an entry's last update keeps it ongoing depends on
// what the update says.
func TestFeedAge(t *testing.T) {
	const hour = time.Hour
	for _, tc := range []struct {
		name    string
		age     time.Duration
		text    string
		ongoing bool
	}{
		{"no status word, fresh", 2 * hour, "Some users cannot log in.", true},
		{"no status word, a day old", 25 * hour, "Some users cannot log in.", false},
		{"investigating, two quiet days", 50 * hour, "Investigating - We are looking into it.", true},
		{"identified, six days", 6 * 24 * hour, "Identified - A fix is being rolled out.", true},
		{"investigating for a year: stale", 365 * 24 * hour, "Investigating - We are looking into it.", false},
		{"investigating for eight days: stale", 8 * 24 * hour, "Investigating - We are looking into it.", false},
		{"resolved, fresh", hour, "Resolved - All is well.", false},
		{"in the future", -hour, "Investigating - Clock skew.", true},
	} {
		e := feedEntry{id: "x", title: "Outage", text: tc.text, updated: testNow.Add(-tc.age)}
		if _, ok := e.incident(testNow); ok != tc.ongoing {
			t.Errorf("%s: ongoing %v, want %v", tc.name, ok, tc.ongoing)
		}
	}
}
