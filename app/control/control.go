// Package control is how DownRadar's processes talk to each other on one
// desktop: a Unix socket under the XDG runtime dir that carries one JSON
// request and one JSON reply per connection. The resident agent listens on
// one (so a second `downradar` asks the first to open its window instead of
// starting another agent), and so does the window process (so the agent
// shows an incident in the window already open instead of starting another).
package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// The operations a request can ask for.
const (
	OpPing     = "ping"     // are you there?
	OpHistory  = "history"  // open the history window
	OpIncident = "incident" // open the history window on Request.Incident
	OpSettings = "settings" // open the settings window
	OpReload   = "reload"   // reload the config file (agent)
	OpCheck    = "check"    // check every service now (agent)
)

// Request is one message to a listening process.
type Request struct {
	Op       string `json:"op"`
	Incident int64  `json:"incident,omitempty"`
}

// Reply answers a Request. Error is set when the request was refused, e.g.
// the config the agent was asked to reload does not load.
type Reply struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// Handler answers one request.
type Handler func(Request) Reply

// MaxRequest and MaxReply bound what a process reads of a request and of a
// reply: a request is a few dozen bytes, and a peer that sends more (100 MB
// on one line) is refused after this much, not held in memory.
const (
	MaxRequest = 64 << 10
	MaxReply   = 64 << 10
)

// Dir is where DownRadar's sockets live: $DOWNRADAR_RUNTIME_DIR when set,
// else $XDG_RUNTIME_DIR/downradar, or, when the session has no runtime dir
// (a login without systemd, su, cron), downradar-UID under the temp dir.
// Listen makes it private (see Private).
//
// On Windows, where there is no runtime dir and no uid, it is
// $DOWNRADAR_RUNTIME_DIR or downradar under the user's own temp dir
// (%LOCALAPPDATA%\Temp): see control_windows.go.
func Dir() string { return defaultDir() }

// dirFrom is Dir with the environment, the temp dir and the user given.
// $XDG_RUNTIME_DIR is read as it is now: the xdg package's default when it
// is unset, /run/user/UID, is a directory the user cannot create.
func dirFrom(getenv func(string) string, tmp string, uid int) string {
	if d := getenv(DirEnv); d != "" {
		return d
	}
	if d := getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "downradar")
	}
	return filepath.Join(tmp, fmt.Sprintf("downradar-%d", uid))
}

// Private makes dir a directory that only uid can enter: it creates it
// (and its parents) 0700 when missing; one that exists must be a real
// directory (not a link) owned by uid, and looser permissions are tightened
// to 0700. Under a shared temp dir, another user may have made it first:
// that is refused, naming the owner, rather than used.
func Private(dir string, uid int) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("runtime dir: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("runtime dir: %w", err)
	}
	return private(dir, uid, fi)
}

// DirEnv names an environment variable that, when set, is the directory of
// the sockets instead: `downradar demo` runs its own agent and window beside
// the user's, each pair on its own sockets.
const DirEnv = "DOWNRADAR_RUNTIME_DIR"

// ErrBusy is returned by Listen when another live process already listens.
var ErrBusy = errors.New("another process is already listening")

// Server listens on a socket until closed.
type Server struct {
	path string
	ln   net.Listener
	lock *os.File
	wg   sync.WaitGroup
}

// Listen takes the socket at path for h, in a directory made private
// (see Private). A lock file beside it makes the
// check-then-listen atomic between two processes starting at once; a stale
// socket left by a process that died is replaced. If a live process holds
// it, Listen returns ErrBusy.
func Listen(path string, h Handler) (*Server, error) {
	if err := Private(filepath.Dir(path), os.Getuid()); err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	if err := lockFile(lock); err != nil {
		lock.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("control: %s: %w", path, ErrBusy)
		}
		return nil, fmt.Errorf("control: lock %s: %w", path, err)
	}
	// We hold the lock, so whatever socket is there belongs to a dead process.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		lock.Close()
		return nil, fmt.Errorf("control: remove stale socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("control: %w", err)
	}
	s := &Server{path: path, ln: ln, lock: lock}
	s.wg.Add(1)
	go s.serve(h)
	return s, nil
}

func (s *Server) serve(h Handler) {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return // closed
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(10 * time.Second))
			var req Request
			lr := &io.LimitedReader{R: c, N: MaxRequest + 1}
			if err := json.NewDecoder(lr).Decode(&req); err != nil {
				msg := "bad request: " + err.Error()
				if lr.N <= 0 {
					msg = fmt.Sprintf("bad request: longer than %d bytes", MaxRequest)
				}
				_ = json.NewEncoder(c).Encode(Reply{Error: msg})
				return
			}
			_ = json.NewEncoder(c).Encode(h(req))
		}()
	}
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Close stops listening, waits for requests in flight, and releases the lock.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	unlockFile(s.lock)
	s.lock.Close()
	return err
}

// Send delivers req to the process listening at path and returns its reply.
// An error means nobody answered (no process, or a dead one's socket).
func Send(ctx context.Context, path string, req Request) (Reply, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return Reply{}, fmt.Errorf("control: %w", err)
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	if err := json.NewEncoder(c).Encode(req); err != nil {
		return Reply{}, fmt.Errorf("control: send %s: %w", req.Op, err)
	}
	var rep Reply
	if err := json.NewDecoder(io.LimitReader(c, MaxReply)).Decode(&rep); err != nil {
		return Reply{}, fmt.Errorf("control: reply to %s: %w", req.Op, err)
	}
	return rep, nil
}
