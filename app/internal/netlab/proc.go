package netlab

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// EnvRole names the role a re-executed test binary plays (see Main); the
// arguments of the role follow "--" on its command line.
const EnvRole = "NETLAB_ROLE"

// Lines is a growing log of the lines a process wrote on one stream, that
// a test can wait on.
type Lines struct {
	mu      sync.Mutex
	lines   []string
	changed chan struct{} // closed and replaced on each new line and at EOF
	eof     bool
}

func newLines() *Lines { return &Lines{changed: make(chan struct{})} }

func (l *Lines) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		l.mu.Lock()
		l.lines = append(l.lines, sc.Text())
		close(l.changed)
		l.changed = make(chan struct{})
		l.mu.Unlock()
	}
	l.mu.Lock()
	l.eof = true
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
}

// All is every line so far.
func (l *Lines) All() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// Len is how many lines there are so far.
func (l *Lines) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

// Wait waits for the first line at index from or later that match accepts,
// and returns its index and text. It fails when ctx ends or the stream
// ends without one.
func (l *Lines) Wait(ctx context.Context, from int, match func(string) bool) (int, string, error) {
	for {
		l.mu.Lock()
		for i := from; i < len(l.lines); i++ {
			if match(l.lines[i]) {
				s := l.lines[i]
				l.mu.Unlock()
				return i, s, nil
			}
		}
		from = max(from, len(l.lines))
		eof, changed := l.eof, l.changed
		l.mu.Unlock()
		if eof {
			return -1, "", io.EOF
		}
		select {
		case <-ctx.Done():
			return -1, "", ctx.Err()
		case <-changed:
		}
	}
}

// Proc is a helper process: the test binary re-executed in a namespace
// through `ip netns exec`, in a role. It dies with the test process
// (SIGKILL on the parent's death), so a killed test leaves no helper.
type Proc struct {
	Name   string // for messages: role@namespace
	Role   string
	Stdout *Lines
	Stderr *Lines

	cmd   *exec.Cmd
	stdin io.WriteCloser
	seq   atomic.Int64
	wmu   sync.Mutex
	done  chan struct{}
	err   error // the exit status, after done
}

// startProc runs the test binary in namespace ns in role with args.
// env is added to the environment, from which proxy settings are removed
// (the lab has no proxy).
func startProc(ns, role string, args, env []string) (*Proc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("netlab: the test binary: %w", err)
	}
	argv := append([]string{"netns", "exec", ns, self, "-test.run=^$", "--"}, args...)
	cmd := exec.Command("ip", argv...)
	cmd.Env = append(cleanEnv(), EnvRole+"="+role)
	cmd.Env = append(cmd.Env, env...)
	// ip netns exec execs the command in place, so the signal reaches the helper.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p := &Proc{Name: role + "@" + ns, Role: role, Stdout: newLines(), Stderr: newLines(), cmd: cmd, done: make(chan struct{})}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("netlab: %s: %w", p.Name, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("netlab: %s: %w", p.Name, err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("netlab: %s: %w", p.Name, err)
	}
	p.stdin = stdin
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("netlab: start %s: %w", p.Name, err)
	}
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); p.Stdout.read(stdout) }()
	go func() { defer readers.Done(); p.Stderr.read(stderr) }()
	go func() {
		readers.Wait() // Wait closes the pipes: read them to the end first
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// cleanEnv is this process's environment without proxy settings.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", EnvRole:
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Ready waits for the helper's "ready" line.
func (p *Proc) Ready(ctx context.Context) error {
	_, _, err := p.Stdout.Wait(ctx, 0, func(s string) bool { return s == "ready" })
	if err != nil {
		return fmt.Errorf("netlab: %s not ready: %w (stderr: %s)", p.Name, err, p.tail())
	}
	return nil
}

// Call sends a command line and waits for its reply: the helper answers
// "ID ok ..." or "ID error ...". It returns what follows "ok".
func (p *Proc) Call(ctx context.Context, command string) (string, error) {
	id := strconv.FormatInt(p.seq.Add(1), 10)
	p.wmu.Lock()
	_, err := io.WriteString(p.stdin, id+" "+command+"\n")
	p.wmu.Unlock()
	if err != nil {
		return "", fmt.Errorf("netlab: %s: send %q: %w", p.Name, command, err)
	}
	_, line, err := p.Stdout.Wait(ctx, 0, func(s string) bool { return strings.HasPrefix(s, id+" ") })
	if err != nil {
		return "", fmt.Errorf("netlab: %s: %q: %w (stderr: %s)", p.Name, command, err, p.tail())
	}
	reply := strings.TrimPrefix(line, id+" ")
	if rest, ok := strings.CutPrefix(reply, "ok"); ok {
		return strings.TrimSpace(rest), nil
	}
	return "", fmt.Errorf("netlab: %s: %q: %s", p.Name, command, reply)
}

// Signal sends sig to the helper.
func (p *Proc) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Wait waits for the helper to exit and returns its exit status.
func (p *Proc) Wait(ctx context.Context) error {
	select {
	case <-p.done:
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Done is closed when the helper has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Kill ends the helper and waits for it (at most a few seconds: a process
// stuck in the kernel is left to the namespace's removal).
func (p *Proc) Kill() {
	p.stdin.Close()
	p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
}

// tail is the last lines of the helper's stderr, for error messages.
func (p *Proc) tail() string {
	lines := p.Stderr.All()
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	if len(lines) == 0 {
		return "(empty)"
	}
	return strings.Join(lines, "\n")
}
