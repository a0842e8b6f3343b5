package window

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
)

// errNoDisplay is the window process's error where there is no graphical
// session to open a window in.
var errNoDisplay = errors.New("no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so there is no graphical session to open a window in (the agent and `downradar headless` need none)")

// displayReady says whether a window can be tried: on Linux and the BSDs
// (X11 or Wayland), DISPLAY or WAYLAND_DISPLAY must name a display.
func displayReady(getenv func(string) string) error {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return errNoDisplay
	}
	return nil
}

// noDisplay words the panic of a display that could not be opened.
func noDisplay(getenv func(string) string, r any) string {
	where := "the display"
	if d := getenv("DISPLAY"); d != "" {
		where = fmt.Sprintf("the display %q (DISPLAY)", d)
	} else if d := getenv("WAYLAND_DISPLAY"); d != "" {
		where = fmt.Sprintf("the Wayland display %q (WAYLAND_DISPLAY)", d)
	}
	return fmt.Sprintf("cannot open a window on %s: %v", where, r)
}

// displayPanic reports whether a panic is GLFW's: the window system could
// not be initialized (its errors are PlatformError, NotInitialized,
// APIUnavailable...: all go-gl/glfw's Error values, which name GLFW).
func displayPanic(r any) bool {
	msg := fmt.Sprint(r)
	return strings.Contains(msg, "GLFW") || strings.HasPrefix(msg, "PlatformError") || strings.HasPrefix(msg, "APIUnavailable")
}
