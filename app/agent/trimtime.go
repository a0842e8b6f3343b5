package agent

import "time"

// quietAt is the delay from now to the first moment, at least after from
// now, that falls half-way between two rounds of checks (rounds run on the
// interval's grid: see engine.untilRound). The agent trims its code pages
// then: code that runs during a trim faults its pages straight back, and on
// a kernel that caches the binary in large folios those come back whole,
// which left one agent at 30 MB instead of 23 after its first trim.
func quietAt(now time.Time, after, interval time.Duration) time.Duration {
	if interval <= 0 {
		return after
	}
	off := time.Duration(now.Add(after).UnixNano() % int64(interval))
	d := interval/2 - off
	if d < 0 {
		d += interval
	}
	return after + d
}
