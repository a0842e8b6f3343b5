package notification

import (
	"bufio"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// startBus runs a private session bus (a real dbus-daemon) for the test.
func startBus(t *testing.T) {
	t.Helper()
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon (Debian package dbus; `make deps` installs it): %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))
}

// server is a notification server on the bus that records what it gets.
type server struct {
	conn *dbus.Conn
	caps []string
	mu   sync.Mutex
	next uint32
	got  []call
}

type call struct {
	AppName       string
	ReplacesID    uint32
	Summary, Body string
	Actions       []string
	Urgency       byte
}

func (s *server) GetCapabilities() ([]string, *dbus.Error) { return s.caps, nil }

func (s *server) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := replaces
	if id == 0 {
		s.next++
		id = s.next
	}
	u, _ := hints["urgency"].Value().(byte)
	s.got = append(s.got, call{app, replaces, summary, body, actions, u})
	return id, nil
}

func (s *server) calls() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.got...)
}

func startServer(t *testing.T, caps ...string) *server {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s := &server{conn: conn, caps: caps}
	if err := conn.ExportMethodTable(map[string]any{"GetCapabilities": s.GetCapabilities, "Notify": s.Notify},
		"/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.freedesktop.Notifications: %v %v", r, err)
	}
	return s
}

func (s *server) click(t *testing.T, id uint32, action string) {
	t.Helper()
	if err := s.conn.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications.ActionInvoked", id, action); err != nil {
		t.Fatal(err)
	}
}

func TestDBusSendReplaceAndClick(t *testing.T) {
	startBus(t)
	srv := startServer(t, "actions", "body", "body-markup")
	opened := make(chan int64, 4)
	d, err := DialDBus("/tmp/icon.png", func(id int64) { opened <- id })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if !d.Actions() {
		t.Fatal("server offers actions but Actions() is false")
	}
	if err := d.Send(Message{Key: "incidents-1", Summary: "A&B is down", Body: "<Web> failing since 14:02.", Incident: 7, Urgency: Normal}); err != nil {
		t.Fatal(err)
	}
	if err := d.Send(Message{Key: "incidents-1", Summary: "A&B is back", Body: "It was down for 12 min (Web).", Incident: 7, Urgency: Low}); err != nil {
		t.Fatal(err)
	}
	if err := d.Send(Message{Key: "network", Summary: "You are offline", Body: "x", Urgency: Normal}); err != nil {
		t.Fatal(err)
	}
	got := srv.calls()
	if len(got) != 3 {
		t.Fatalf("server got %d notifications, want 3: %+v", len(got), got)
	}
	first := call{"DownRadar", 0, "A&B is down", "&lt;Web&gt; failing since 14:02.", []string{"default", "Open incident"}, 1}
	if !equal(got[0], first) {
		t.Errorf("first = %+v\nwant %+v", got[0], first)
	}
	if got[1].ReplacesID != 1 || got[1].Summary != "A&B is back" || got[1].Urgency != 0 {
		t.Errorf("the update does not replace the first: %+v", got[1])
	}
	if got[2].ReplacesID != 0 {
		t.Errorf("another key replaced a notification: %+v", got[2])
	}
	// A click on the incident's notification opens it; on another, or a
	// non-default action, nothing of ours.
	srv.click(t, 1, "default")
	select {
	case id := <-opened:
		if id != 7 {
			t.Errorf("opened incident %d, want 7", id)
		}
	case <-time.After(time.Minute): // a guard against a hang
		t.Fatal("click did not open the incident")
	}
	// The clicks are handled in order: one that opened something it should
	// not would show before the opens that follow.
	srv.click(t, 1, "other")
	srv.click(t, 99, "default")
	srv.click(t, 2, "default") // the network message: opens the history (incident 0)
	srv.click(t, 1, "default") // the incident's again, last
	for _, want := range []int64{0, 7} {
		select {
		case id := <-opened:
			if id != want {
				t.Errorf("opened %d, want %d (0: the network message's history, then 7: the incident's)", id, want)
			}
		case <-time.After(time.Minute): // a guard against a hang
			t.Fatalf("no click opened %d", want)
		}
	}
}

func TestDBusPlainServer(t *testing.T) {
	startBus(t)
	srv := startServer(t, "body")
	d, err := DialDBus("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Actions() {
		t.Error("Actions() true without the capability")
	}
	if err := d.Send(Message{Key: "k", Summary: "S", Body: "<b>raw</b>"}); err != nil {
		t.Fatal(err)
	}
	got := srv.calls()
	if len(got) != 1 || got[0].Body != "<b>raw</b>" || len(got[0].Actions) != 0 {
		t.Errorf("plain server got %+v: body must not be escaped, no actions", got)
	}
}

func TestDBusNoServer(t *testing.T) {
	startBus(t)
	if _, err := DialDBus("", nil); err == nil || !strings.Contains(err.Error(), "no notification server") {
		t.Fatalf("DialDBus without a server: %v", err)
	}
}

func equal(a, b call) bool {
	return a.AppName == b.AppName && a.ReplacesID == b.ReplacesID && a.Summary == b.Summary && a.Body == b.Body &&
		strings.Join(a.Actions, "|") == strings.Join(b.Actions, "|") && a.Urgency == b.Urgency
}
