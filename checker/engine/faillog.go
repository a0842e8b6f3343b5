package engine

import (
	"context"
	"errors"
	"sync"
)

// failLog logs a failing write once, when it starts failing, and once more
// when it works again, not at every check: a full disk would otherwise
// write a line a check, and bury the one that says what went wrong.
type failLog struct {
	logf func(string, ...any)

	mu      sync.Mutex
	failing map[string]int // what -> failures since it last worked
}

// note reports whether err is nil, logging the first failure of what and
// the success that ends a run of them. A cancelled write is not a failure.
func (f *failLog) note(what string, err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	f.mu.Lock()
	n := f.failing[what]
	if err != nil {
		if f.failing == nil {
			f.failing = map[string]int{}
		}
		f.failing[what] = n + 1
	} else if n > 0 {
		delete(f.failing, what)
	}
	f.mu.Unlock()
	switch {
	case err != nil && n == 0:
		f.logf("%s: %v (retried; logged again once it works)", what, err)
	case err == nil && n > 0:
		f.logf("%s: works again, after %d failed attempts", what, n)
	}
	return err == nil
}
