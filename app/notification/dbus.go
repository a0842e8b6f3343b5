package notification

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/esiqveland/notify"
	"github.com/gen2brain/beeep"
	"github.com/godbus/dbus/v5"

	"github.com/downradar/downradar/app/label"
)

// Sender shows messages on the desktop.
type Sender interface {
	Send(Message) error
	Close() error
}

// AppName is how notifications name their sender.
const AppName = "DownRadar"

// DBus sends notifications to the desktop's org.freedesktop.Notifications
// server on the session bus. A message with the Key of one already shown
// replaces it. When the server supports actions, each notification has a
// default action (a click on it) that calls OnOpen with its incident.
type DBus struct {
	conn    *dbus.Conn
	n       notify.Notifier
	icon    string
	markup  bool
	actions bool
	onOpen  func(incident int64)

	mu       sync.Mutex
	ids      map[string]uint32 // message key -> the server's id of it
	incident map[uint32]int64  // the server's id -> the incident it opens
}

// DialDBus connects to the session bus (its own connection, so its signals
// are not mixed with the tray's) and asks the notification server what it
// can do. icon is the app_icon sent with each notification (a file path or
// an icon name); onOpen is called, from a D-Bus goroutine, when the user
// clicks a notification.
func DialDBus(icon string, onOpen func(incident int64)) (*DBus, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("notifications: session bus: %w", err)
	}
	caps, err := notify.GetCapabilities(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("notifications: no notification server on the session bus: %w", err)
	}
	d := &DBus{
		conn: conn, icon: icon, onOpen: onOpen,
		markup:  slices.Contains(caps, "body-markup"),
		actions: slices.Contains(caps, "actions"),
		ids:     map[string]uint32{}, incident: map[uint32]int64{},
	}
	d.n, err = notify.New(conn, notify.WithOnAction(d.action), notify.WithLogger(quiet{}))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("notifications: listen for clicks: %w", err)
	}
	return d, nil
}

// Actions reports whether the server lets the user click a notification.
func (d *DBus) Actions() bool { return d.actions }

// Send shows m, replacing the notification shown earlier with its Key.
func (d *DBus) Send(m Message) error {
	body := m.Body
	if d.markup {
		body = Escape(body)
	}
	d.mu.Lock()
	replaces := d.ids[m.Key]
	d.mu.Unlock()
	n := notify.Notification{
		AppName: AppName, ReplacesID: replaces, AppIcon: d.icon,
		Summary: m.Summary, Body: body, ExpireTimeout: notify.ExpireTimeoutSetByNotificationServer,
		Hints: map[string]dbus.Variant{"desktop-entry": dbus.MakeVariant("io.github.downradar")},
	}
	n.SetUrgency(notify.Urgency(m.Urgency))
	if d.actions {
		action := m.Action
		if action == "" {
			action = label.English.Say("notification.open")
		}
		n.Actions = []notify.Action{notify.NewDefaultAction(action)}
	}
	id, err := d.n.SendNotification(n)
	if err != nil {
		return fmt.Errorf("notifications: %q: %w", m.Summary, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if replaces != 0 && replaces != id {
		delete(d.incident, replaces)
	}
	d.ids[m.Key] = id
	d.incident[id] = m.Incident
	return nil
}

// action handles ActionInvoked: the default action opens the incident.
func (d *DBus) action(s *notify.ActionInvokedSignal) {
	d.mu.Lock()
	inc, ours := d.incident[s.ID]
	d.mu.Unlock()
	if !ours || s.ActionKey != "default" || d.onOpen == nil {
		return
	}
	d.onOpen(inc)
}

// Close stops listening and closes the connection.
func (d *DBus) Close() error {
	return errors.Join(d.n.Close(), d.conn.Close())
}

// quiet drops the notify package's chatter.
type quiet struct{}

func (quiet) Printf(string, ...any) {}

// Beeep sends through github.com/gen2brain/beeep, where the D-Bus server is
// not available. Its notifications cannot be clicked or replaced.
type Beeep struct {
	Icon string
}

// Send shows m.
func (b Beeep) Send(m Message) error {
	if err := beeep.Notify(m.Summary, m.Body, b.Icon); err != nil {
		return fmt.Errorf("notifications: %q: %w", m.Summary, err)
	}
	return nil
}

// Close does nothing.
func (Beeep) Close() error { return nil }
