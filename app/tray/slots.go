package tray

import (
	"context"
	"reflect"
)

// The menu is built once and then changed in place: over D-Bus each change
// of an item (systray's SetTitle, Enable, Hide...) is one signal and a new
// copy of the layout for the tray host, and a rebuild (systray.ResetMenu)
// removes the items one by one, a signal each, in time quadratic in their
// number. Rebuilding the menu of 1,000 services for every check event made
// the agent miss its schedule (issue 14). So only the items whose label or
// state changed are touched, and the menu is rebuilt only when its lines
// outgrow the slots built for them or the commands change shape.

// spareSlots are the hidden line slots a built menu keeps below its lines,
// so that a line that comes and goes (the config error, the network) does
// not rebuild the menu.
const spareSlots = 2

// backend builds the menu: systray's (tray.go), or a test's.
type backend interface {
	// reset removes every item.
	reset()
	// add appends an item to parent's submenu (nil: the menu) and returns it.
	add(parent handle, label string) handle
	// separator appends a separator to parent's submenu (nil: the menu).
	separator(parent handle)
}

// handle is one built item.
type handle interface {
	SetTitle(string)
	Enable()
	Disable()
	Hide()
	Show()
	// clicks is the item's click channel, closed when the item is removed.
	clicks() <-chan struct{}
}

// slot is one built item and what it shows now.
type slot struct {
	h        handle // nil for a separator
	item     Item   // its Children are in children
	hidden   bool
	children []*slot
}

// menu is the built menu: the lines above the first separator (services,
// the network, the config error), each in a slot of its own, then hidden
// spare slots; then the commands, from the first separator on.
type menu struct {
	b     backend
	lines []*slot
	cmds  []*slot
	built bool
}

// split cuts items at the first separator: the lines, then the commands.
func split(items []Item) (lines, cmds []Item) {
	for i, it := range items {
		if it.Separator {
			return items[:i], items[i:]
		}
	}
	return items, nil
}

// fits reports whether items can be shown in the menu as built: no more
// lines than its slots, single items, and commands of the same shape.
func (m *menu) fits(items []Item) bool {
	lines, cmds := split(items)
	return m.built && len(lines) <= len(m.lines) && !hasChildren(lines) && sameShape(cmds, m.cmds)
}

// show makes the menu show items, in place when it fits what is built,
// and reports whether it had to rebuild it.
func (m *menu) show(items []Item) (rebuilt bool) {
	lines, cmds := split(items)
	if !m.fits(items) {
		m.build(lines, cmds)
		return true
	}
	for i, sl := range m.lines {
		if i < len(lines) {
			m.set(sl, lines[i])
		} else {
			m.hide(sl)
		}
	}
	for i, it := range cmds {
		m.set(m.cmds[i], it)
	}
	return false
}

// hasChildren reports whether a line has a submenu: lines are single items.
func hasChildren(items []Item) bool {
	for _, it := range items {
		if it.Separator || len(it.Children) > 0 {
			return true
		}
	}
	return false
}

// sameShape reports whether items have the shape of the built slots:
// separators and submenus at the same places.
func sameShape(items []Item, slots []*slot) bool {
	if len(items) != len(slots) {
		return false
	}
	for i, it := range items {
		if it.Separator != (slots[i].h == nil) || !sameShape(it.Children, slots[i].children) {
			return false
		}
	}
	return true
}

// build rebuilds the menu: the lines, spareSlots hidden slots, the commands.
func (m *menu) build(lines, cmds []Item) {
	m.b.reset()
	m.built = true
	m.lines = m.lines[:0]
	for _, it := range lines {
		m.lines = append(m.lines, m.add(nil, it))
	}
	for range spareSlots {
		sl := m.add(nil, Item{})
		sl.h.Hide()
		sl.hidden = true
		m.lines = append(m.lines, sl)
	}
	m.cmds = m.cmds[:0]
	for _, it := range cmds {
		m.cmds = append(m.cmds, m.add(nil, it))
	}
}

// add builds the slot of it (and of its children) under parent.
func (m *menu) add(parent handle, it Item) *slot {
	if it.Separator {
		m.b.separator(parent)
		return &slot{item: it}
	}
	sl := &slot{h: m.b.add(parent, it.Label), item: it}
	sl.item.Children = nil
	if it.Disabled {
		sl.h.Disable()
	}
	for _, c := range it.Children {
		sl.children = append(sl.children, m.add(sl.h, c))
	}
	return sl
}

// set makes a slot show it (of the slot's shape), touching only what changed.
func (m *menu) set(sl *slot, it Item) {
	if sl.h == nil {
		return
	}
	if sl.item.Label != it.Label {
		sl.h.SetTitle(it.Label)
	}
	if sl.item.Disabled != it.Disabled {
		if it.Disabled {
			sl.h.Disable()
		} else {
			sl.h.Enable()
		}
	}
	if sl.hidden {
		sl.h.Show()
		sl.hidden = false
	}
	for i, c := range it.Children {
		m.set(sl.children[i], c)
	}
	sl.item = it
	sl.item.Children = nil
}

// hide makes a line slot a hidden spare, its label emptied (a hidden item
// still has its label in the layout the tray host reads).
func (m *menu) hide(sl *slot) {
	if sl.hidden {
		return
	}
	sl.h.Hide()
	if sl.item.Label != "" {
		sl.h.SetTitle("")
	}
	sl.hidden = true
	sl.item = Item{Disabled: sl.item.Disabled}
}

// leaves are the built items a click on which can do something: every
// item without a submenu.
func (m *menu) leaves() []*slot {
	var out []*slot
	var walk func([]*slot)
	walk = func(slots []*slot) {
		for _, sl := range slots {
			switch {
			case sl.h == nil:
			case len(sl.children) > 0:
				walk(sl.children)
			default:
				out = append(out, sl)
			}
		}
	}
	walk(m.lines)
	walk(m.cmds)
	return out
}

// listen calls click(i) for each click on clicked[i] until ctx ends or an
// item is removed: systray closes the channel of a removed item (ResetMenu
// does, on each rebuild, after which a new listener takes over). A closed
// channel is no click: reading it as one made every rebuild fire the old
// items' actions ("Check now", open a window) over and over. One goroutine
// listens to every item of the menu.
func listen(ctx context.Context, clicked []<-chan struct{}, click func(i int)) {
	cases := make([]reflect.SelectCase, 0, len(clicked)+1)
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())})
	for _, ch := range clicked {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)})
	}
	for {
		i, _, ok := reflect.Select(cases)
		if i == 0 || !ok {
			return
		}
		click(i - 1)
	}
}
