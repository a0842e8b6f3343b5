package probe

import (
	"net"
	"sync"
)

// countedConn is a TCP connection that reads, as it closes, how many
// segments the kernel retransmitted on it (see retransmits), so that the
// handshake's and the exchange's losses are all counted.
type countedConn struct {
	net.Conn
	onClose func(retransmits int) // nil: none; called once, by the first Close

	mu     sync.Mutex
	closed bool
	n      int // read at close
}

// Close reads the retransmissions, hands them to onClose, and closes.
func (c *countedConn) Close() error {
	c.mu.Lock()
	first := !c.closed
	if first {
		c.closed = true
		c.n, _ = retransmits(c.Conn) // a socket that cannot say counts none
	}
	n := c.n
	c.mu.Unlock()
	if first && c.onClose != nil {
		c.onClose(n)
	}
	return c.Conn.Close()
}

// retransmits is the count read at close, or now while c is open.
func (c *countedConn) retransmits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return c.n
	}
	n, _ := retransmits(c.Conn)
	return n
}
