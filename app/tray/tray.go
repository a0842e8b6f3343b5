package tray

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"

	"github.com/downradar/downradar/app/label"
)

// Tray is the icon in the system tray. fyne.io/systray keeps its state in
// package variables, so a process has at most one Tray.
type Tray struct {
	icon     func(name string) []byte
	onAction func(Action)
	end      func()

	mu      sync.Mutex
	shown   []Item
	menu    menu
	iconNow string
	tip     string
	cancel  context.CancelFunc // ends the click listener of the current menu
}

// Start puts the icon in the tray. icon returns the PNG for an icon name
// (see Icon); onAction is called, from a listener goroutine, for each click.
func Start(icon func(name string) []byte, onAction func(Action)) *Tray {
	t := &Tray{icon: icon, onAction: onAction, menu: menu{b: systrayMenu{}}}
	ready := make(chan struct{})
	start, end := systray.RunWithExternalLoop(func() { close(ready) }, nil)
	t.end = end
	systray.SetTitle("DownRadar")
	start()
	<-ready
	return t
}

// Update shows s in w's words: the icon, the tooltip and, when it
// changed, the menu, changed in place (see menu.show).
func (t *Tray) Update(w *label.Words, s State) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if name := Icon(s); name != t.iconNow {
		systray.SetIcon(t.icon(name))
		t.iconNow = name
	}
	if tip := Tooltip(w, s); tip != t.tip {
		systray.SetTooltip(tip)
		t.tip = tip
	}
	t.show(Menu(w, s))
}

// show makes the menu show items and, when it was rebuilt, listens to its
// new items. The caller holds t.mu.
func (t *Tray) show(items []Item) {
	if reflect.DeepEqual(items, t.shown) {
		return
	}
	t.shown = items
	if t.menu.fits(items) {
		t.menu.show(items)
		return
	}
	if t.cancel != nil {
		t.cancel() // before the rebuild closes the old items' channels
	}
	t.menu.show(items)
	leaves := t.menu.leaves()
	clicked := make([]<-chan struct{}, len(leaves))
	for i, sl := range leaves {
		clicked[i] = sl.h.clicks()
	}
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go listen(ctx, clicked, func(i int) {
		t.mu.Lock()
		act := leaves[i].item.Action // what the item shows now, changed in place
		t.mu.Unlock()
		if act.Kind != "" {
			t.onAction(act)
		}
	})
}

// systrayMenu builds the menu with fyne.io/systray.
type systrayMenu struct{}

func (systrayMenu) reset() { systray.ResetMenu() }

func (systrayMenu) add(parent handle, label string) handle {
	if parent == nil {
		return systrayItem{systray.AddMenuItem(label, "")}
	}
	return systrayItem{parent.(systrayItem).AddSubMenuItem(label, "")}
}

func (systrayMenu) separator(parent handle) {
	if parent == nil {
		systray.AddSeparator()
		return
	}
	parent.(systrayItem).AddSeparator()
}

// systrayItem is a built systray item.
type systrayItem struct{ *systray.MenuItem }

func (i systrayItem) clicks() <-chan struct{} { return i.ClickedCh }

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
