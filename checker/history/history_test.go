package history_test

import (
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
)

func TestDuration(t *testing.T) {
	start := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	now := start.Add(90 * time.Minute)
	open := history.Incident{Start: start}
	if !open.Ongoing() || open.Duration(now) != 90*time.Minute {
		t.Errorf("open incident: ongoing %v, duration %v; want true, 1h30m", open.Ongoing(), open.Duration(now))
	}
	ended := history.Incident{Start: start, End: start.Add(20 * time.Minute)}
	if ended.Ongoing() || ended.Duration(now) != 20*time.Minute {
		t.Errorf("ended incident: ongoing %v, duration %v; want false, 20m", ended.Ongoing(), ended.Duration(now))
	}
}
