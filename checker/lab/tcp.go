package lab

import (
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"
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
// connection there is refused. The port stays bound until the process ends,
// by a socket that never listens (and lacks SO_REUSEADDR): a port merely
// freed could go to the next listener on port 0, a parallel test's, which
// would then answer.
func ClosedPort() (string, error) {
	fd, err := streamSocket()
	if err != nil {
		return "", fmt.Errorf("lab closed port: socket: %w", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		closeSocket(fd)
		return "", fmt.Errorf("lab closed port: bind: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		closeSocket(fd)
		return "", fmt.Errorf("lab closed port: getsockname: %w", err)
	}
	closedMu.Lock()
	closedFDs = append(closedFDs, fd)
	closedMu.Unlock()
	return fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port), nil
}

// closedFDs are the sockets that hold the ClosedPort ports.
var (
	closedMu  sync.Mutex
	closedFDs []sockfd
)

// Stalled is a loopback port whose TCP handshake never completes: it
// listens with a backlog of zero and never accepts, and once its queue is
// full the kernel drops further SYNs, so a connect there times out, as to a
// host that has vanished from the network.
type Stalled struct {
	Addr  string
	fd    sockfd
	queue []net.Conn
}

// StartStalled makes such a port and fills its queue.
func StartStalled() (*Stalled, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, fmt.Errorf("lab stalled: socket: %w", err)
	}
	s := &Stalled{fd: fd}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		s.Close()
		return nil, fmt.Errorf("lab stalled: bind: %w", err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		s.Close()
		return nil, fmt.Errorf("lab stalled: listen: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("lab stalled: getsockname: %w", err)
	}
	s.Addr = fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	// Fill the accept queue until a connect no longer completes at once.
	for range 8 {
		c, err := net.DialTimeout("tcp", s.Addr, 200*time.Millisecond)
		if err != nil {
			return s, nil
		}
		s.queue = append(s.queue, c)
	}
	s.Close()
	return nil, fmt.Errorf("lab stalled: the kernel kept accepting connections on a full backlog")
}

// Close releases the port.
func (s *Stalled) Close() {
	for _, c := range s.queue {
		c.Close()
	}
	closeSocket(s.fd)
}
