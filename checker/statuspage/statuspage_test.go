package statuspage

import (
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

func TestParseKind(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Kind
		wantErr string
	}{
		{"", "", ""},
		{"  ", "", ""},
		{"atlassian", KindAtlassian, ""},
		{"IncidentIO", KindIncidentIO, ""},
		{" slack ", KindSlack, ""},
		{"google", KindGoogle, ""},
		{"statusio", KindStatusIO, ""},
		{"instatus", KindInstatus, ""},
		{"feed", KindFeed, ""},
		{"statuspage", "", `unknown status page kind "statuspage" (want one of atlassian, incidentio, slack, google, statusio, instatus, feed, or empty to detect)`},
		{"rss", "", `unknown status page kind "rss" (want one of atlassian, incidentio, slack, google, statusio, instatus, feed, or empty to detect)`},
	} {
		got, err := ParseKind(tc.in)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("ParseKind(%q) error %v, want %s", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, k := range Kinds() {
		if got, err := ParseKind(string(k)); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
}

func TestLevel(t *testing.T) {
	for _, tc := range []struct {
		l      Level
		str    string
		st     status.Status
		outage bool
	}{
		{Unknown, "unknown", status.Unknown, false},
		{Operational, "operational", status.Up, false},
		{Maintenance, "maintenance", status.Up, false},
		{Degraded, "degraded", status.Degraded, true},
		{Partial, "partial_outage", status.Partial, true},
		{Major, "major_outage", status.Down, true},
		{Level(42), "unknown", status.Unknown, false},
		{Level(-1), "unknown", status.Unknown, false},
	} {
		if got := tc.l.String(); got != tc.str {
			t.Errorf("Level(%d).String() = %q, want %q", tc.l, got, tc.str)
		}
		if got := tc.l.Status(); got != tc.st {
			t.Errorf("Level(%d).Status() = %q, want %q", tc.l, got, tc.st)
		}
		if got := tc.l.Outage(); got != tc.outage {
			t.Errorf("Level(%d).Outage() = %v, want %v", tc.l, got, tc.outage)
		}
	}
	// Severity order: the worst of two is the larger, and any known level
	// beats Unknown.
	order := []Level{Unknown, Operational, Maintenance, Degraded, Partial, Major}
	for i := 1; i < len(order); i++ {
		if order[i] <= order[i-1] {
			t.Errorf("%v should rank above %v", order[i], order[i-1])
		}
		if max(Unknown, order[i]) != order[i] {
			t.Errorf("worst of unknown and %v is not %v", order[i], order[i])
		}
	}
}

func TestIntervals(t *testing.T) {
	if DefaultInterval < MinInterval {
		t.Errorf("DefaultInterval %v below MinInterval %v", DefaultInterval, MinInterval)
	}
}

// TestParseNow: the exported Parse stamps the page with the current time,
// and judges a feed by it: the fixture's June 2025 entries are long over.
func TestParseNow(t *testing.T) {
	before := time.Now()
	p, err := Parse(KindFeed, "https://www.githubstatus.com", fixture(t, "feed/atlassian-history.atom"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Fetched.Before(before) || p.Level != Operational || len(p.Incidents) != 0 {
		t.Errorf("fetched %v (test began %v), level %v, %d incidents", p.Fetched, before, p.Level, len(p.Incidents))
	}
}
