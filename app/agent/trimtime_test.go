package agent

import (
	"testing"
	"time"
)

func TestQuietAt(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		now             string
		after, interval time.Duration
		want            time.Duration
	}{
		{"2026-11-21T10:00:00Z", 30 * time.Second, time.Minute, 30 * time.Second},    // 10:00:30, half-way
		{"2026-11-21T10:00:10Z", 30 * time.Second, time.Minute, 80 * time.Second},    // 10:00:40 is past: 10:01:30
		{"2026-11-21T10:00:59Z", 30 * time.Second, time.Minute, 31 * time.Second},    // 10:01:29 -> 10:01:30
		{"2026-11-21T10:00:30Z", 5 * time.Minute, time.Minute, 5 * time.Minute},      // on a half-way point already
		{"2026-11-21T10:00:00Z", 90 * time.Second, 2 * time.Minute, 3 * time.Minute}, // rounds every 2 min on even minutes: 10:03:00 is half-way
		{"2026-11-21T10:00:00Z", 30 * time.Second, 0, 30 * time.Second},              // no interval: just after
	} {
		if got := quietAt(at(tc.now), tc.after, tc.interval); got != tc.want {
			t.Errorf("quietAt(%s, %v, %v) = %v, want %v", tc.now, tc.after, tc.interval, got, tc.want)
		}
	}
}
