package probe

import (
	"crypto/tls"
	"sync"
	"time"
)

// DefaultFullHandshakeEvery is how long the agent resumes a TLS session
// verified in a full handshake before the next full handshake with the same
// server name checks its certificate chain again.
const DefaultFullHandshakeEvery = time.Hour

// Sessions holds TLS sessions by server name (the key crypto/tls asks
// with) so that most probes of a server resume its session: no certificate
// sent, parsed or verified, which was a third of the idle agent's CPU. It
// hands out a session only while the last full handshake with that name,
// whose chain the probe verified, is younger than every; after that, and
// after any failure of a probe of that name, the next handshake is full.
// It is safe for concurrent use; a Prober with none makes full handshakes.
type Sessions struct {
	every time.Duration
	now   func() time.Time
	lru   tls.ClientSessionCache

	mu   sync.Mutex
	full map[string]time.Time // server name -> last verified full handshake
}

// NewSessions returns an empty cache whose sessions are resumed for every
// after each verified full handshake (an hour in the agent).
func NewSessions(every time.Duration) *Sessions {
	return &Sessions{every: every, now: time.Now, lru: tls.NewLRUClientSessionCache(256), full: map[string]time.Time{}}
}

// Get implements tls.ClientSessionCache.
func (c *Sessions) Get(name string) (*tls.ClientSessionState, bool) {
	c.mu.Lock()
	at, ok := c.full[name]
	c.mu.Unlock()
	if !ok || c.now().Sub(at) >= c.every || c.now().Before(at) {
		return nil, false
	}
	return c.lru.Get(name)
}

// Put implements tls.ClientSessionCache: it keeps the tickets a server
// sends, after a full handshake or a resumed one.
func (c *Sessions) Put(name string, cs *tls.ClientSessionState) { c.lru.Put(name, cs) }

// verified records a full handshake with name whose chain checked out.
func (c *Sessions) verified(name string) {
	c.mu.Lock()
	c.full[name] = c.now()
	c.mu.Unlock()
}

// forget drops name's session: its next handshake is full.
func (c *Sessions) forget(name string) {
	c.mu.Lock()
	delete(c.full, name)
	c.mu.Unlock()
	c.lru.Put(name, nil)
}
