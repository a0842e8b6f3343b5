package window

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestDisplayReady(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the check is for X11 and Wayland")
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if err := displayReady(env(nil)); !errors.Is(err, errNoDisplay) {
		t.Errorf("no DISPLAY, no WAYLAND_DISPLAY: %v, want errNoDisplay", err)
	}
	for _, m := range []map[string]string{{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"}} {
		if err := displayReady(env(m)); err != nil {
			t.Errorf("%v: %v", m, err)
		}
	}
	got := noDisplay(env(map[string]string{"DISPLAY": ":987"}), "NotInitialized: The GLFW library is not initialized")
	if !strings.Contains(got, `cannot open a window on the display ":987" (DISPLAY)`) {
		t.Errorf("noDisplay = %q", got)
	}
}

// Only GLFW's panics read as a display that cannot be opened; any other is
// a bug and must not be dressed up as one.
func TestDisplayPanic(t *testing.T) {
	for r, want := range map[any]bool{
		"NotInitialized: The GLFW library is not initialized": true,
		"PlatformError: X11: Failed to open display :987":     true,
		"runtime error: index out of range [3] with length 3": false,
		errors.New("store: closed"):                           false,
	} {
		if got := displayPanic(r); got != want {
			t.Errorf("displayPanic(%v) = %v, want %v", r, got, want)
		}
	}
}
