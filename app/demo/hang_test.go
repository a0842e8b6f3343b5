package demo

import (
	"context"
	"sync"
	"time"

	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// The replays' probe timeouts. The lab makes some probes hang (a component
// that takes connections and never answers, a port that stalls, the
// resolver silent while the network is down): those time out, at
// testTimeout from their start, and the scenarios expect them to. Every
// other probe must work, and once had the same 1 s: on a machine whose
// cores were busy with other work, a loopback HTTPS probe of a healthy
// component (TLS under the race detector, three replays at once) took
// longer than that, timed out, and made incidents the scenarios do not
// have (TestReplays in `make stress`, with the process starved for a few
// hundred milliseconds at worst). Whether a probe times out must depend on
// what the lab does to it, not on the machine's load: the config's timeout
// is steadyTimeout, which no working loopback probe reaches, and
// hangingProber ends each probe that the lab makes hang at testTimeout, by
// the same path as the engine's deadline (its context ends with
// context.DeadlineExceeded).
const steadyTimeout = 10 * time.Second

// hangingProber probes through Prober, and ends a probe with a deadline
// testTimeout after its start whenever the lab makes its target hang,
// whether it did at the start or begins during the probe.
type hangingProber struct {
	network.Prober
	lab *Lab
}

func (p hangingProber) Probe(ctx context.Context, t probe.Target) probe.Result {
	deadline := time.Now().Add(testTimeout)
	cut := newCutContext(ctx)
	defer cut.end(context.Canceled)
	go func() {
		for {
			changed := p.lab.changes() // before looking, so no change is missed
			if p.lab.hangs(t.Raw) {
				timer := time.NewTimer(time.Until(deadline))
				defer timer.Stop()
				select {
				case <-timer.C:
					cut.end(context.DeadlineExceeded)
				case <-cut.Done():
				}
				return
			}
			select {
			case <-changed:
			case <-cut.Done():
				return
			}
		}
	}()
	return p.Prober.Probe(cut, t)
}

// hangs reports whether the lab now makes a probe of raw (a target as the
// lab's config writes it) wait for its deadline: the lab DNS silent for
// its name, its port stalled, or its server taking the connection and
// never answering (see endpoint.accept and Lab.sync).
func (l *Lab) hangs(raw string) bool {
	for _, e := range l.endpointsAll() {
		if e.probe != raw {
			continue
		}
		l.mu.RLock()
		n := l.network
		var a lab.Answer
		if e.byName {
			a = l.answerLocked(e.host)
		}
		l.mu.RUnlock()
		b := e.currentBehaviour()
		switch {
		case e.byName && a.Silent:
			return true
		case e.byName && (a.Rcode != 0 || len(a.Addrs) == 0), e.port == nil:
			return false // the lab DNS answers: a failure, or a DNS probe's answer
		}
		switch e.portState(n, b) {
		case lab.PortStalled:
			return true
		case lab.PortShut:
			return false
		}
		return n != status.Captive && b == Timeout // a portal answers everything
	}
	return false
}

// cutContext is its parent until end is called or the parent ends; it then
// ends with end's error (context.DeadlineExceeded for a deadline reached).
type cutContext struct {
	context.Context
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	err  error
}

func newCutContext(parent context.Context) *cutContext {
	c := &cutContext{Context: parent, done: make(chan struct{})}
	go func() {
		select {
		case <-parent.Done():
			c.end(parent.Err())
		case <-c.done:
		}
	}()
	return c
}

func (c *cutContext) end(err error) {
	c.once.Do(func() {
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
		close(c.done)
	})
}

func (c *cutContext) Done() <-chan struct{} { return c.done }

func (c *cutContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}
