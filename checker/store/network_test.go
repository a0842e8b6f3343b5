package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

var netT0 = time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)

func netAt(min int) time.Time { return netT0.Add(time.Duration(min) * time.Minute) }

// periodsLine is the periods as "network start-end" in minutes after
// netT0, "…" for an ongoing end.
func periodsLine(ps []NetworkPeriod) string {
	var parts []string
	for _, p := range ps {
		end := "…"
		if !p.Ongoing() {
			end = fmt.Sprint(int(p.End.Sub(netT0) / time.Minute))
		}
		parts = append(parts, fmt.Sprintf("%s %d-%s", p.Network, int(p.Start.Sub(netT0)/time.Minute), end))
	}
	return strings.Join(parts, ", ")
}

type netChange struct {
	at     int
	n      status.Network
	reason string
}

func TestRecordNetwork(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes []netChange
		want    string
	}{
		{"nothing", nil, ""},
		{"offline then back", []netChange{{0, status.Offline, "you are offline"}, {10, status.Online, ""}},
			"offline 0-10, online 10-…"},
		{"the same verdict again goes on", []netChange{{0, status.LinkDegraded, "slow"}, {5, status.LinkDegraded, "slow again"}, {9, status.Online, ""}},
			"degraded 0-9, online 9-…"},
		{"each change", []netChange{{0, status.Online, ""}, {1, status.Captive, ""}, {2, status.DNSBroken, ""}, {3, status.LinkDegraded, ""}, {4, status.Offline, ""}},
			"online 0-1, captive 1-2, dns_broken 2-3, degraded 3-4, offline 4-…"},
		// Two checks told their verdicts at once; the older was written last.
		{"a change written late takes its place", []netChange{{0, status.Online, ""}, {10, status.Online, ""}, {5, status.Offline, ""}},
			"online 0-5, offline 5-…"},
		{"a late change inside a closed period", []netChange{{0, status.Online, ""}, {10, status.Offline, ""}, {20, status.Online, ""}, {15, status.LinkDegraded, ""}},
			"online 0-10, offline 10-15, degraded 15-20, online 20-…"},
		{"a late change before the first", []netChange{{10, status.Offline, ""}, {5, status.LinkDegraded, ""}},
			"degraded 5-10, offline 10-…"},
		{"a late change of the next verdict moves its start", []netChange{{10, status.Offline, ""}, {5, status.Offline, ""}},
			"offline 5-…"},
		{"replaced in the same millisecond", []netChange{{0, status.Online, ""}, {3, status.Offline, ""}, {3, status.Captive, ""}},
			"online 0-3, captive 3-…"},
	} {
		s, _ := newStore(t)
		for _, c := range tc.changes {
			if err := s.RecordNetwork(t.Context(), netAt(c.at), c.n, c.reason); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		ps, err := s.NetworkPeriods(t.Context(), netAt(-60), netAt(60))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := periodsLine(ps); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestNetworkPeriodsKeepReasonAndOverlap(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	for _, c := range []netChange{
		{0, status.Offline, "you are offline"},
		{10, status.Online, ""},
		{20, status.LinkDegraded, "your connection is slow (round trip 1.6s, usually 40ms)"},
		{25, status.LinkDegraded, "your connection is losing packets (12 of 30 recent checks had to resend)"},
	} {
		if err := s.RecordNetwork(ctx, netAt(c.at), c.n, c.reason); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		from, to int
		want     string
	}{
		{-10, 0, ""}, // ends before the first starts
		{0, 1, "offline 0-10"},
		{10, 20, "online 10-20"}, // [from, to): the offline one ended at 10
		{9, 11, "offline 0-10, online 10-20"},
		{100, 200, "degraded 20-…"}, // an ongoing one overlaps any later range
	} {
		ps, err := s.NetworkPeriods(ctx, netAt(tc.from), netAt(tc.to))
		if err != nil {
			t.Fatal(err)
		}
		if got := periodsLine(ps); got != tc.want {
			t.Errorf("[%d, %d): %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
	ps, _ := s.NetworkPeriods(ctx, netAt(0), netAt(60))
	if ps[0].Reason != "you are offline" || !strings.Contains(ps[2].Reason, "slow (round trip 1.6s") || !ps[2].Start.Equal(netAt(20)) || ps[2].Start.Location() != time.UTC {
		t.Errorf("the reason told at the change is kept: %+v", ps)
	}
}

// A period left open by an engine that stopped ends where it stopped; the
// next verdict starts after the gap.
func TestEndNetwork(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	if err := s.RecordNetwork(ctx, netAt(0), status.Offline, "you are offline"); err != nil {
		t.Fatal(err)
	}
	if err := s.EndNetwork(ctx, netAt(7)); err != nil {
		t.Fatal(err)
	}
	if err := s.EndNetwork(ctx, netAt(9)); err != nil { // nothing open: nothing moves
		t.Fatal(err)
	}
	if err := s.RecordNetwork(ctx, netAt(30), status.Offline, "you are offline"); err != nil {
		t.Fatal(err)
	}
	ps, err := s.NetworkPeriods(ctx, netAt(0), netAt(60))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := periodsLine(ps), "offline 0-7, offline 30-…"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestRecordNetworkRefusesUnknownVerdict(t *testing.T) {
	s, _ := newStore(t)
	for _, n := range []status.Network{"", "sideways"} {
		if err := s.RecordNetwork(t.Context(), netAt(0), n, ""); err == nil || !strings.Contains(err.Error(), "invalid verdict") {
			t.Errorf("RecordNetwork(%q) = %v, want an invalid verdict error", n, err)
		}
	}
	if ps, _ := s.NetworkPeriods(t.Context(), netAt(-1), netAt(1)); len(ps) != 0 {
		t.Errorf("an invalid verdict was kept: %+v", ps)
	}
}

// A history written before the network table (schema version 1) gains it
// on Open, its incidents kept.
func TestMigrateVersion1AddsNetworkPeriods(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	db, err := sql.Open(driver, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{schemaV1, `INSERT INTO incidents (service, start_ms, peak, scope) VALUES ('x', 0, 'down', 'from_here')`, `PRAGMA user_version = 1`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(t.Context()); err != nil || v != 2 {
		t.Errorf("SchemaVersion = %d, %v; want 2", v, err)
	}
	if _, total, err := s.Incidents(t.Context(), Query{}); err != nil || total != 1 {
		t.Errorf("incidents after the migration: %d, %v", total, err)
	}
	if err := s.RecordNetwork(t.Context(), netAt(0), status.Offline, "you are offline"); err != nil {
		t.Errorf("after the migration: %v", err)
	}
}
