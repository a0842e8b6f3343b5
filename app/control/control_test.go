package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestSendAndReply(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agent.sock")
	got := make(chan Request, 1)
	s, err := Listen(path, func(r Request) Reply {
		got <- r
		if r.Op == OpReload {
			return Reply{Error: "config.toml:3: interval: bad"}
		}
		return Reply{OK: true}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := Send(ctx(t), path, Request{Op: OpIncident, Incident: 42})
	if err != nil || !rep.OK {
		t.Fatalf("Send = %+v, %v", rep, err)
	}
	if r := <-got; r.Op != OpIncident || r.Incident != 42 {
		t.Errorf("handler got %+v", r)
	}
	rep, err = Send(ctx(t), path, Request{Op: OpReload})
	if err != nil || rep.OK || rep.Error != "config.toml:3: interval: bad" {
		t.Errorf("refused reload = %+v, %v", rep, err)
	}
}

func TestSecondListenerIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agent.sock")
	s, err := Listen(path, func(Request) Reply { return Reply{OK: true} })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Listen(path, func(Request) Reply { return Reply{} }); !errors.Is(err, ErrBusy) {
		t.Fatalf("second Listen: %v, want ErrBusy", err)
	}
	// The first still answers.
	if rep, err := Send(ctx(t), path, Request{Op: OpPing}); err != nil || !rep.OK {
		t.Fatalf("ping after refused second listener: %+v, %v", rep, err)
	}
	s.Close()
	// Once closed, the place is free again.
	s2, err := Listen(path, func(Request) Reply { return Reply{OK: true} })
	if err != nil {
		t.Fatalf("Listen after Close: %v", err)
	}
	s2.Close()
}

func TestStaleSocketReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agent.sock")
	// A socket file left behind by a process that died (nobody accepts).
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("stale socket not left behind: %v", err)
	}
	if _, err := Send(ctx(t), path, Request{Op: OpPing}); err == nil {
		t.Fatal("Send to a dead socket succeeded")
	}
	s, err := Listen(path, func(Request) Reply { return Reply{OK: true} })
	if err != nil {
		t.Fatalf("Listen over stale socket: %v", err)
	}
	defer s.Close()
	if rep, err := Send(ctx(t), path, Request{Op: OpPing}); err != nil || !rep.OK {
		t.Fatalf("ping: %+v, %v", rep, err)
	}
}

func TestBadRequest(t *testing.T) {
	c := dialAgreeable(t)
	c.Write([]byte("not json\n"))
	buf := make([]byte, 256)
	n, _ := c.Read(buf)
	if got := string(buf[:n]); got == "" || got[:len(`{"ok":false,"error":"bad request`)] != `{"ok":false,"error":"bad request` {
		t.Errorf("reply to garbage = %q", got)
	}
}

// A request longer than MaxRequest (a peer sending 100 MB on one line) is
// refused once MaxRequest bytes are read, with a reply that says so and
// echoes none of it.
func TestOversizedRequestRefused(t *testing.T) {
	c := dialAgreeable(t)
	go func() {
		c.Write([]byte(`{"op":"`))
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for range 100 { // 100 MB, unless the server stops reading first
			if _, err := c.Write(chunk); err != nil {
				return
			}
		}
	}()
	var rep Reply
	if err := json.NewDecoder(io.LimitReader(c, MaxReply)).Decode(&rep); err != nil {
		t.Fatalf("no reply: %v", err)
	}
	if want := fmt.Sprintf("bad request: longer than %d bytes", MaxRequest); rep.OK || rep.Error != want {
		t.Errorf("reply %+v; want %q", rep, want)
	}
}

// dialAgreeable connects to a server that answers every request OK.
func dialAgreeable(t *testing.T) net.Conn {
	t.Helper()
	path := filepath.Join(t.TempDir(), "agent.sock")
	s, err := Listen(path, func(Request) Reply { return Reply{OK: true} })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestDirFromEnvironment(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, c := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"the session's runtime dir", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}, "/run/user/1000/downradar"},
		{"no runtime dir: the temp dir", map[string]string{"HOME": "/home/u"}, "/tmp/downradar-1000"},
		{"the demo's own", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000", DirEnv: "/tmp/demo"}, "/tmp/demo"},
	} {
		if got := dirFrom(env(c.env), "/tmp", 1000); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// Without XDG_RUNTIME_DIR the agent's socket goes in a private directory of
// the temp dir (it went in /run/user/UID, which a user cannot create).
func TestListenWithoutRuntimeDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv(DirEnv, "")
	t.Setenv("TMPDIR", tmp)
	dir := Dir()
	if want := filepath.Join(tmp, fmt.Sprintf("downradar-%d", os.Getuid())); dir != want {
		t.Fatalf("Dir() = %q, want %q", dir, want)
	}
	s, err := Listen(filepath.Join(dir, "agent.sock"), func(Request) Reply { return Reply{OK: true} })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the runtime dir: %v %v", fi.Mode(), err)
	}
}

func TestPrivateDir(t *testing.T) {
	uid := os.Getuid()
	root := t.TempDir()

	loose := filepath.Join(root, "loose")
	os.Mkdir(loose, 0o755)
	os.Chmod(loose, 0o777) // past the umask
	if err := Private(loose, uid); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(loose); fi.Mode().Perm() != 0o700 {
		t.Errorf("a loose runtime dir left %s, want it tightened to 0700", fi.Mode().Perm())
	}

	nested := filepath.Join(root, "a", "b")
	if err := Private(nested, uid); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(nested); fi.Mode().Perm() != 0o700 {
		t.Errorf("created %s", fi.Mode().Perm())
	}

	// Made first by another user (here: the directory is ours, the user
	// asking is another; the tests may run as root).
	other := filepath.Join(root, "other")
	os.Mkdir(other, 0o777)
	os.Chmod(other, 0o777)
	err := Private(other, uid+1)
	want := fmt.Sprintf("runtime dir %s belongs to user %d, not to you (%d): remove it, or set %s or XDG_RUNTIME_DIR", other, uid, uid+1, DirEnv)
	if err == nil || err.Error() != want {
		t.Errorf("another user's dir:\n got %v\nwant %s", err, want)
	}
	if fi, _ := os.Stat(other); fi.Mode().Perm() != 0o777 {
		t.Errorf("another user's dir was changed: %s", fi.Mode().Perm())
	}

	link := filepath.Join(root, "link")
	os.Symlink(nested, link)
	if err := Private(link, uid); err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Errorf("a link: %v", err)
	}
}
