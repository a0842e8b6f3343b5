package lab

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"
)

// PortState is how a Port answers a connection attempt.
type PortState int

// The states of a Port.
const (
	PortOpen    PortState = iota // connections are accepted
	PortShut                     // connections are refused (RST), as by a closed port
	PortStalled                  // connection attempts time out, as to a host gone from the network
)

func (s PortState) String() string {
	switch s {
	case PortOpen:
		return "open"
	case PortShut:
		return "shut"
	case PortStalled:
		return "stalled"
	}
	return fmt.Sprintf("PortState(%d)", int(s))
}

// portBacklog is the accept queue of an open Port.
const portBacklog = 128

// Port is a TCP listener on a loopback port that can be shut (connections
// refused) and stalled (connection attempts time out), then opened again,
// keeping its port number: the socket stays bound while it stops listening
// (Linux: shutdown(2) of a listening socket ends the listen and keeps the
// bind when the port was named explicitly), and its options keep every
// other socket off the port meanwhile (see portConfig), so nobody else
// takes the port in between. It is a net.Listener; servers use it like any
// other.
type Port struct {
	l     *net.TCPListener
	conns chan net.Conn
	done  chan struct{}

	setMu  sync.Mutex // serialises Set
	filler []net.Conn // connections that fill the queue while stalled

	mu     sync.Mutex
	cond   *sync.Cond
	state  PortState
	idle   bool // the acceptor waits for the port to open
	closed bool
}

// ListenPort listens on a free loopback port, open.
func ListenPort() (*Port, error) {
	var lastErr error
	for range 20 {
		probe, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("lab port: %w", err)
		}
		addr := probe.Addr().String()
		probe.Close()
		// Listening on the port by number makes the kernel keep the bind
		// when the listen is shut down.
		l, err := portConfig.Listen(context.Background(), "tcp", addr)
		if err != nil {
			lastErr = err
			continue
		}
		p := &Port{l: l.(*net.TCPListener), conns: make(chan net.Conn), done: make(chan struct{})}
		p.cond = sync.NewCond(&p.mu)
		go p.acceptLoop()
		return p, nil
	}
	return nil, fmt.Errorf("lab port: no free port: %w", lastErr)
}

// Accept waits for the next connection while the port is open.
func (p *Port) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.done:
		return nil, net.ErrClosed
	}
}

// Addr is the port's address (127.0.0.1:port).
func (p *Port) Addr() net.Addr { return p.l.Addr() }

// State is the port's current state.
func (p *Port) State() PortState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// Set switches the port to s. Stalling takes a moment: the port's accept
// queue is filled until the kernel drops further attempts.
func (p *Port) Set(s PortState) error {
	p.setMu.Lock()
	defer p.setMu.Unlock()
	p.mu.Lock()
	cur, closed := p.state, p.closed
	if closed {
		p.mu.Unlock()
		return net.ErrClosed
	}
	if s == cur {
		p.mu.Unlock()
		return nil
	}
	p.state = s // the acceptor stops once its Accept fails below
	p.mu.Unlock()

	if cur != PortShut { // stop listening; a stalled queue is dropped
		if err := p.control(func(fd sockfd) error { return syscall.Shutdown(fd, syscall.SHUT_RDWR) }); err != nil {
			return fmt.Errorf("lab port %s: stop listening: %w", p.Addr(), err)
		}
	}
	p.waitIdle()
	for _, c := range p.filler {
		c.Close()
	}
	p.filler = nil
	switch s {
	case PortOpen:
		if err := p.listen(portBacklog); err != nil {
			return err
		}
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	case PortStalled:
		if err := p.listen(0); err != nil {
			return err
		}
		return p.fill()
	}
	return nil
}

// Close stops the port for good.
func (p *Port) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
	close(p.done)
	err := p.l.Close()
	p.setMu.Lock()
	for _, c := range p.filler {
		c.Close()
	}
	p.filler = nil
	p.setMu.Unlock()
	return err
}

func (p *Port) listen(backlog int) error {
	if err := p.control(func(fd sockfd) error { return syscall.Listen(fd, backlog) }); err != nil {
		return fmt.Errorf("lab port %s: listen: %w", p.Addr(), err)
	}
	return nil
}

// fill queues connections until one is not accepted at once: with a
// backlog of zero and nobody accepting, the kernel then drops new SYNs.
func (p *Port) fill() error {
	for range 8 {
		c, err := net.DialTimeout("tcp", p.Addr().String(), 200*time.Millisecond)
		if err != nil {
			return nil
		}
		p.filler = append(p.filler, c)
	}
	return fmt.Errorf("lab port %s: the kernel kept accepting connections on a full backlog", p.Addr())
}

func (p *Port) control(f func(fd sockfd) error) error {
	rc, err := p.l.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = f(sockfd(fd)) }); err != nil {
		return err
	}
	return ferr
}

// waitIdle waits until the acceptor has seen that the port is not open.
func (p *Port) waitIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.idle && !p.closed {
		p.cond.Wait()
	}
}

// acceptLoop accepts while the port is open and hands the connections to
// Accept; otherwise it waits, so that nothing drains a stalled queue.
func (p *Port) acceptLoop() {
	for {
		p.mu.Lock()
		for p.state != PortOpen && !p.closed {
			p.idle = true
			p.cond.Broadcast()
			p.cond.Wait()
		}
		p.idle = false
		closed := p.closed
		p.mu.Unlock()
		if closed {
			return
		}
		c, err := p.l.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if p.State() == PortOpen { // a transient error (EMFILE...): do not spin
				time.Sleep(5 * time.Millisecond)
			}
			continue
		}
		select {
		case p.conns <- c:
		case <-p.done:
			c.Close()
			return
		}
	}
}
