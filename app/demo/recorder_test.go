package demo

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder collects what one replay, running in its own goroutine, has to
// say; the subtest that waits for it reports it (testing.T's -parallel
// would otherwise run two replays at a time, for minutes).
type recorder struct {
	mu         sync.Mutex
	errs, logs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Logf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, time.Now().Format("15:04:05.000 ")+fmt.Sprintf(format, args...))
}

// report fails t with the errors, showing the logs then.
func (r *recorder) report(t *testing.T) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errs) == 0 {
		for _, l := range r.logs {
			if strings.Contains(l, "starved") {
				t.Log(l)
			}
		}
		return
	}
	t.Log(strings.Join(r.logs, "\n"))
	for _, e := range r.errs {
		t.Error(e)
	}
}

// stalls measures how late a 50 ms timer fires, at worst, until stop is
// called: how long the machine starved the process of CPU.
func stalls() (stop func() time.Duration) {
	done, worst := make(chan struct{}), make(chan time.Duration)
	go func() {
		var max time.Duration
		for {
			t0 := time.Now()
			select {
			case <-done:
				worst <- max
				return
			case <-time.After(50 * time.Millisecond):
			}
			max = maxDur(max, time.Since(t0)-50*time.Millisecond)
		}
	}()
	return func() time.Duration { close(done); return <-worst }
}

func maxDur(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}
