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
