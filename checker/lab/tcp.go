package lab

import (
	"fmt"
	"net"
	"sync"
)

// BlackHole is a TCP port that accepts connections and never says a word:
// TLS handshakes and HTTP requests to it time out.
type BlackHole struct {
	Addr string
	l    net.Listener
	mu   sync.Mutex
	conn []net.Conn
	done chan struct{}
}

// StartBlackHole listens on a free loopback port.
func StartBlackHole() (*BlackHole, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lab black hole: %w", err)
	}
	b := &BlackHole{Addr: l.Addr().String(), l: l, done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			b.mu.Lock()
			b.conn = append(b.conn, c)
			b.mu.Unlock()
		}
	}()
	return b, nil
}

// Close stops listening and drops every held connection.
func (b *BlackHole) Close() {
	b.l.Close()
	<-b.done
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range b.conn {
		c.Close()
	}
	b.conn = nil
}

// ClosedPort returns a loopback host:port where nothing listens, so a
// connection there is refused.
func ClosedPort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("lab closed port: %w", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr, nil
}
