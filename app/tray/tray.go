package tray

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
)

// Tray is the icon in the system tray. fyne.io/systray keeps its state in
// package variables, so a process has at most one Tray.
type Tray struct {
	icon     func(name string) []byte
	onAction func(Action)
	end      func()

	mu      sync.Mutex
	shown   []Item
	iconNow string
	tip     string
	cancel  context.CancelFunc // ends the click listeners of the current menu
}

// Start puts the icon in the tray. icon returns the PNG for an icon name
// (see Icon); onAction is called, from a listener goroutine, for each click.
func Start(icon func(name string) []byte, onAction func(Action)) *Tray {
	t := &Tray{icon: icon, onAction: onAction}
	ready := make(chan struct{})
	start, end := systray.RunWithExternalLoop(func() { close(ready) }, nil)
	t.end = end
	systray.SetTitle("DownRadar")
	start()
	<-ready
	return t
}

// Update shows s: the icon, the tooltip and, when it changed, the menu.
func (t *Tray) Update(s State) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if name := Icon(s); name != t.iconNow {
		systray.SetIcon(t.icon(name))
		t.iconNow = name
	}
	if tip := Tooltip(s); tip != t.tip {
		systray.SetTooltip(tip)
		t.tip = tip
	}
	items := Menu(s)
	if reflect.DeepEqual(items, t.shown) {
		return
	}
	t.shown = items
	if t.cancel != nil {
		t.cancel()
	}
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	systray.ResetMenu()
	for _, it := range items {
		t.add(ctx, nil, it)
	}
}

// add puts one item (and its children) in the menu and listens for its clicks.
func (t *Tray) add(ctx context.Context, parent *systray.MenuItem, it Item) {
	if it.Separator {
		if parent == nil {
			systray.AddSeparator()
		} else {
			parent.AddSeparator()
		}
		return
	}
	var mi *systray.MenuItem
	if parent == nil {
		mi = systray.AddMenuItem(it.Label, "")
	} else {
		mi = parent.AddSubMenuItem(it.Label, "")
	}
	if it.Disabled {
		mi.Disable()
	}
	for _, c := range it.Children {
		t.add(ctx, mi, c)
	}
	if len(it.Children) > 0 || it.Action.Kind == "" {
		return
	}
	go listen(ctx, mi.ClickedCh, func() { t.onAction(it.Action) })
}

// listen calls click for each click on an item until ctx ends or the item
// is removed. systray closes the channel of a removed item (ResetMenu does,
// on each rebuild of the menu): a closed channel is no click. Reading it as
// one made every rebuild fire the old items' actions ("Check now", open a
// window) over and over.
func listen(ctx context.Context, clicked <-chan struct{}, click func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-clicked:
			if !ok {
				return
			}
			click()
		}
	}
}

// Close removes the icon.
func (t *Tray) Close() {
	t.mu.Lock()
	if t.cancel != nil {
		t.cancel()
	}
	t.mu.Unlock()
	t.end()
}

// HostPresent reports whether the desktop has a tray host: a
// StatusNotifierWatcher on the session bus. Without one (GNOME without an
// extension, say) the icon is never shown.
func HostPresent() (bool, error) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return false, fmt.Errorf("tray: session bus: %w", err)
	}
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	if err != nil {
		return false, fmt.Errorf("tray: ask for a StatusNotifierWatcher: %w", err)
	}
	return has, nil
}

// PreferDark reports whether the desktop asks for a dark style, through
// the XDG desktop portal's org.freedesktop.appearance color-scheme. Panels
// follow it on GNOME and KDE; without a portal it says true, as most panels
// are dark.
func PreferDark() bool {
	conn, err := dbus.SessionBus()
	if err != nil {
		return true
	}
	var v dbus.Variant
	err = conn.Object("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop").
		Call("org.freedesktop.portal.Settings.Read", 0, "org.freedesktop.appearance", "color-scheme").Store(&v)
	if err != nil {
		return true
	}
	// The value comes wrapped once more in a variant: 0 no preference, 1 dark, 2 light.
	for {
		inner, ok := v.Value().(dbus.Variant)
		if !ok {
			break
		}
		v = inner
	}
	n, ok := v.Value().(uint32)
	return !ok || n != 2
}
