package agent

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/control"
)

// launcher shows requests in the window process, starting it when none
// runs: one at a time. Requests made while the one it started is not yet
// listening are handed to it once it listens, rather than starting more
// (30 clicks in a second started 17 window processes).
type launcher struct {
	exe   string
	sock  string // the window process's control socket
	flags cli.Flags
	logf  func(string, ...any)
	out   io.Writer

	mu      sync.Mutex
	running chan struct{} // closed when the window process it started ends; nil when none runs
}

// handOverFor is how long a request waits for a starting window process to
// listen.
const handOverFor = 30 * time.Second

// open passes req to the running window process, or starts one with it.
func (l *launcher) open(req control.Request) error {
	if err := l.send(req); err == nil || !errors.Is(err, errNotListening) {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running != nil {
		go l.handOver(req, l.running)
		return nil
	}
	cmd := exec.Command(l.exe, WindowArgs(l.flags, req)...)
	why := &lastLine{w: l.out}
	cmd.Stdout, cmd.Stderr = l.out, why
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s window: %w", l.exe, err)
	}
	ended := make(chan struct{})
	l.running = ended
	go func() {
		if err := cmd.Wait(); err != nil {
			if line := why.String(); line != "" {
				l.logf("no window opened: %s", line)
			} else {
				l.logf("the window process ended: %v", err)
			}
		}
		l.mu.Lock()
		l.running = nil
		l.mu.Unlock()
		close(ended)
	}()
	return nil
}

// errNotListening is send's error when no window process listens.
var errNotListening = errors.New("no window process listens")

// send passes req to the window process that listens, if one does.
func (l *launcher) send(req control.Request) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rep, err := control.Send(ctx, l.sock, req)
	if err != nil {
		return fmt.Errorf("%w: %w", errNotListening, err)
	}
	if !rep.OK {
		return fmt.Errorf("the window refused %s: %s", req.Op, rep.Error)
	}
	return nil
}

// handOver gives req to the window process starting, once it listens;
// it gives up when that process ends first (it said why) or after
// handOverFor.
func (l *launcher) handOver(req control.Request, ended <-chan struct{}) {
	deadline := time.NewTimer(handOverFor)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ended:
			return
		case <-deadline.C:
			l.logf("the window process did not take the %s request within %v", req.Op, handOverFor)
			return
		case <-tick.C:
			if err := l.send(req); err == nil || !errors.Is(err, errNotListening) {
				if err != nil {
					l.logf("%v", err)
				}
				return
			}
		}
	}
}

// lastLine passes what is written on to w and keeps the last line that
// is not empty (up to 512 bytes): why a window process ended.
type lastLine struct {
	w    io.Writer
	mu   sync.Mutex
	line []byte // the last complete line
	cur  []byte // the line being written
}

func (l *lastLine) Write(p []byte) (int, error) {
	l.mu.Lock()
	for _, c := range p {
		switch {
		case c == '\n':
			if len(bytes.TrimSpace(l.cur)) > 0 {
				l.line = append(l.line[:0], l.cur...)
			}
			l.cur = l.cur[:0]
		case len(l.cur) < 512:
			l.cur = append(l.cur, c)
		}
	}
	l.mu.Unlock()
	return l.w.Write(p)
}

// String is the last line written that is not empty.
func (l *lastLine) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(bytes.TrimSpace(l.cur)) > 0 {
		return string(bytes.TrimSpace(l.cur))
	}
	return string(bytes.TrimSpace(l.line))
}

// WindowArgs are the arguments that start the window process on req.
func WindowArgs(f cli.Flags, req control.Request) []string {
	args := []string{"window"}
	if f.Config != "" {
		args = append(args, "--config", f.Config)
	}
	if f.DataDir != "" {
		args = append(args, "--data-dir", f.DataDir)
	}
	switch req.Op {
	case control.OpIncident:
		args = append(args, "--incident", strconv.FormatInt(req.Incident, 10))
	case control.OpSettings:
		args = append(args, "--settings")
	}
	return args
}
