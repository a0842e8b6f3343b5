package tray

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// fakeMenu is a menu built in memory, counting the calls a D-Bus menu
// pays a signal for.
type fakeMenu struct {
	root    fakeItem
	resets  int
	changes int // SetTitle, Enable, Disable, Hide, Show on built items
}

type fakeItem struct {
	m         *fakeMenu
	label     string
	disabled  bool
	hidden    bool
	separator bool
	children  []*fakeItem
	clicked   chan struct{}
}

func (f *fakeMenu) reset() {
	f.resets++
	for _, it := range f.root.children {
		it.close()
	}
	f.root.children = nil
}

func (it *fakeItem) close() {
	if it.clicked != nil {
		close(it.clicked)
	}
	for _, c := range it.children {
		c.close()
	}
}

func (f *fakeMenu) parent(h handle) *fakeItem {
	if h == nil {
		return &f.root
	}
	return h.(*fakeItem)
}

func (f *fakeMenu) add(parent handle, label string) handle {
	it := &fakeItem{m: f, label: label, clicked: make(chan struct{}, 1)}
	p := f.parent(parent)
	p.children = append(p.children, it)
	return it
}

func (f *fakeMenu) separator(parent handle) {
	p := f.parent(parent)
	p.children = append(p.children, &fakeItem{separator: true})
}

func (it *fakeItem) SetTitle(s string)       { it.label = s; it.m.changes++ }
func (it *fakeItem) Enable()                 { it.disabled = false; it.m.changes++ }
func (it *fakeItem) Disable()                { it.disabled = true; it.m.changes++ }
func (it *fakeItem) Hide()                   { it.hidden = true; it.m.changes++ }
func (it *fakeItem) Show()                   { it.hidden = false; it.m.changes++ }
func (it *fakeItem) clicks() <-chan struct{} { return it.clicked }

// visible is what the user sees: the visible items, "---" for a
// separator, "(off)" after a disabled one, submenus indented.
func visible(items []*fakeItem, indent string) []string {
	var out []string
	for _, it := range items {
		switch {
		case it.hidden:
		case it.separator:
			out = append(out, indent+"---")
		default:
			line := indent + it.label
			if it.disabled {
				line += " (off)"
			}
			out = append(out, line)
			out = append(out, visible(it.children, indent+"  ")...)
		}
	}
	return out
}

// want is the same for the items Menu returns.
func want(items []Item, indent string) []string {
	var out []string
	for _, it := range items {
		if it.Separator {
			out = append(out, indent+"---")
			continue
		}
		line := indent + it.Label
		if it.Disabled {
			line += " (off)"
		}
		out = append(out, line)
		out = append(out, want(it.Children, indent+"  ")...)
	}
	return out
}

// many is n services, all up.
func many(n int) []Service {
	out := make([]Service, n)
	for i := range out {
		out[i] = svc(fmt.Sprintf("Service %03d", i), status.Up)
	}
	return out
}

// The menu is built once and then changed in place, touching only the
// items whose label or state changed; it is rebuilt only when its lines
// outgrow the slots built for them. Whatever the sequence of states, the
// user sees exactly Menu's items.
func TestMenuChangedInPlace(t *testing.T) {
	svcs := many(200)
	withDown := slices.Clone(svcs)
	withDown[150] = down("Service 150", status.Down, 5, 7)
	offline := State{Services: svcs, Network: status.Offline, Now: now}
	paused := State{Services: svcs, PausedUntil: now.Add(time.Hour), Now: now}
	for _, tc := range []struct {
		name            string
		states          []State
		resets, changes int // for the last state
	}{
		{"first build", []State{{Services: svcs, Now: now}}, 1, 1 + spareSlots},
		{"nothing changed", []State{{Services: svcs, Now: now}, {Services: svcs, Now: now}}, 0, 0},
		// Service 150 moves first: the 151 lines above it shift by one.
		{"one service down", []State{{Services: svcs, Now: now}, {Services: withDown, Now: now}}, 0, 151},
		{"its duration grows", []State{{Services: withDown, Now: now}, {Services: withDown, Now: now.Add(time.Minute)}}, 0, 1},
		// The network line comes first, disabled, and takes a spare slot:
		// every line shifts down by one, the spare shown.
		{"offline", []State{{Services: svcs, Now: now}, offline}, 0, 2 + 199 + 2},
		// And back: enabled, the last line hidden and emptied.
		{"online again", []State{offline, {Services: svcs, Now: now}}, 0, 2 + 199 + 2},
		{"paused", []State{{Services: svcs, Now: now}, paused}, 0, 2},
		{"fewer services", []State{{Services: svcs, Now: now}, {Services: svcs[:10], Now: now}}, 0, 190 * 2},
		{"more services than slots", []State{{Services: svcs[:10], Now: now}, {Services: svcs, Now: now}}, 1, 1 + spareSlots},
		{"no service", []State{{Services: svcs, Now: now}, {Now: now}}, 0, 1 + 199*2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeMenu{}
			m := menu{b: f}
			for i, s := range tc.states {
				if i == len(tc.states)-1 {
					f.resets, f.changes = 0, 0
				}
				m.show(Menu(nil, s))
				if got, want := visible(f.root.children, ""), want(Menu(nil, s), ""); !slices.Equal(got, want) {
					t.Fatalf("state %d: the menu shows\n%s\nwant\n%s", i, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			if f.resets != tc.resets || f.changes != tc.changes {
				t.Errorf("last state: %d rebuilds and %d item changes, want %d and %d", f.resets, f.changes, tc.resets, tc.changes)
			}
		})
	}
}

// A click does what the item shows now, after it changed in place: the
// first line was Service 000's (its history) and is Service 150's once it
// is down (its incident).
func TestClickFollowsTheItemChangedInPlace(t *testing.T) {
	f := &fakeMenu{}
	tr := &Tray{menu: menu{b: f}}
	clicks := make(chan Action, 1)
	tr.onAction = func(a Action) { clicks <- a }
	defer func() {
		if tr.cancel != nil {
			tr.cancel()
		}
	}()
	svcs := many(200)
	tr.mu.Lock()
	tr.show(Menu(nil, State{Services: svcs, Now: now}))
	tr.mu.Unlock()
	first := f.root.children[0]
	first.clicked <- struct{}{}
	if a := <-clicks; a != (Action{Kind: OpenHistory}) {
		t.Errorf("click on %q: %+v", first.label, a)
	}
	svcs[150] = down("Service 150", status.Down, 5, 7)
	tr.mu.Lock()
	tr.show(Menu(nil, State{Services: svcs, Now: now}))
	tr.mu.Unlock()
	if f.resets != 1 {
		t.Fatalf("%d rebuilds, want the first build alone", f.resets)
	}
	first.clicked <- struct{}{}
	if a := <-clicks; a != (Action{Kind: OpenIncident, Incident: 7}) {
		t.Errorf("click on %q: %+v", first.label, a)
	}
	// A hidden spare does nothing.
	spare := f.root.children[200]
	spare.clicked <- struct{}{}
	quit := f.root.children[len(f.root.children)-1]
	quit.clicked <- struct{}{}
	if a := <-clicks; a != (Action{Kind: Quit}) {
		t.Errorf("after a click on a hidden spare and one on %q: %+v", quit.label, a)
	}
}
