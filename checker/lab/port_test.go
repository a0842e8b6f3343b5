package lab

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

// A Port keeps its number through every state: open accepts, shut refuses,
// stalled lets the attempt time out, and open again accepts.
func TestPortStates(t *testing.T) {
	p, err := ListenPort()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	go func() { // a server: close whatever it accepts
		for {
			c, err := p.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	addr := p.Addr().String()
	dial := func() error {
		c, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err
	}
	refused := func(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
	timedOut := func(err error) bool {
		var ne net.Error
		return errors.As(err, &ne) && ne.Timeout()
	}
	steps := []struct {
		state PortState
		want  func(error) bool
		what  string
	}{
		{PortOpen, func(err error) bool { return err == nil }, "accepted"},
		{PortShut, refused, "refused"},
		{PortOpen, func(err error) bool { return err == nil }, "accepted"},
		{PortStalled, timedOut, "timed out"},
		{PortShut, refused, "refused"},
		{PortStalled, timedOut, "timed out"},
		{PortOpen, func(err error) bool { return err == nil }, "accepted"},
	}
	for i, s := range steps {
		if err := p.Set(s.state); err != nil {
			t.Fatalf("step %d: set %s: %v", i, s.state, err)
		}
		if got := p.State(); got != s.state {
			t.Fatalf("step %d: state %s, want %s", i, got, s.state)
		}
		if p.Addr().String() != addr {
			t.Fatalf("step %d: the port moved from %s to %s", i, addr, p.Addr())
		}
		tries := 3
		if s.state == PortStalled {
			tries = 1 // each waits for its timeout
		}
		for range tries {
			if err := dial(); !s.want(err) {
				t.Fatalf("step %d (%s): dial: %v, want %s", i, s.state, err, s.what)
			}
		}
	}
	p.Close()
	if _, err := p.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v", err)
	}
	if err := p.Set(PortOpen); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Set after Close: %v", err)
	}
}

// While a Port is shut, nobody else can take its number, not even a
// listener that names it: Go's listeners set SO_REUSEADDR, which a bound
// socket that does not listen lets through unless it lacks SO_REUSEADDR
// itself (the kernel even hands such a port out for port 0). And the Port
// listens again afterwards, though its earlier connections are still open
// or in TIME_WAIT.
func TestPortKeepsItsNumberFromOthersWhileShut(t *testing.T) {
	p, err := ListenPort()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var held []net.Conn // the server side of connections still open
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	addr := p.Addr().String()
	// Connections: some the server closes first (its side waits in
	// TIME_WAIT on the port), some still open when the port shuts.
	for i := range 6 {
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		s, err := p.Accept()
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			s.Close()
			c.Read(make([]byte, 1)) // the server's FIN
		} else {
			held = append(held, s)
		}
		c.Close()
	}
	for round := range 3 {
		if err := p.Set(PortShut); err != nil {
			t.Fatalf("round %d: shut: %v", round, err)
		}
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			t.Fatalf("round %d: another listener took %s while the port was shut", round, addr)
		} else if !errors.Is(err, syscall.EADDRINUSE) {
			t.Fatalf("round %d: another listener on %s: %v, want address already in use", round, addr, err)
		}
		if err := p.Set(PortOpen); err != nil {
			t.Fatalf("round %d: open again: %v", round, err)
		}
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatalf("round %d: dial after opening: %v", round, err)
		}
		s, err := p.Accept()
		if err != nil {
			t.Fatal(err)
		}
		s.Close() // one more in TIME_WAIT for the next round
		c.Read(make([]byte, 1))
		c.Close()
		if p.Addr().String() != addr {
			t.Fatalf("round %d: the port moved from %s to %s", round, addr, p.Addr())
		}
	}
}

// A ClosedPort refuses connections, and stays closed: no listener can take
// its number.
func TestClosedPortStaysClosed(t *testing.T) {
	addr, err := ClosedPort()
	if err != nil {
		t.Fatal(err)
	}
	if c, err := net.DialTimeout("tcp", addr, 10*time.Second); err == nil {
		c.Close()
		t.Fatalf("a connection to %s was accepted", addr)
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial %s: %v, want refused", addr, err)
	}
	if l, err := net.Listen("tcp", addr); err == nil {
		l.Close()
		t.Fatalf("a listener took %s", addr)
	} else if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("listen on %s: %v, want address already in use", addr, err)
	}
}
