package assets

import "embed"

//go:generate go run ./gen

// Tray icon states, the names accepted by TrayIcon.
const (
	// TrayUp means every service is up: green badge, check mark.
	TrayUp = "up"
	// TrayDegraded means something is degraded or partially down: amber
	// badge, exclamation mark.
	TrayDegraded = "degraded"
	// TrayDown means something is down: red badge, cross.
	TrayDown = "down"
	// TrayUnknown means offline or not known yet: grey badge, question
	// mark. TrayIcon falls back to it for names it does not know.
	TrayUnknown = "unknown"
	// TrayPaused means notifications are paused: the app icon's navy
	// badge with two pause bars.
	TrayPaused = "paused"
)

// TrayStates lists every tray icon state.
var TrayStates = []string{TrayUp, TrayDegraded, TrayDown, TrayUnknown, TrayPaused}

// trayFS holds the tray icons, tray/<state>-<light|dark>.png: 64×64 PNGs
// drawn by assets/gen (go generate ./assets).
//
//go:embed tray/*.png
var trayFS embed.FS

// TrayIcon returns the tray icon for a state as PNG bytes (64×64, RGBA with
// transparency): a round radar badge coloured and marked by state. dark
// selects the variant for dark panels (light outline) rather than light
// panels (dark outline). Names not in TrayStates give the TrayUnknown icon.
// The returned slice is shared; do not modify it.
func TrayIcon(state string, dark bool) []byte {
	if b, ok := trayIcons[trayKey{state, dark}]; ok {
		return b
	}
	return trayIcons[trayKey{TrayUnknown, dark}]
}

type trayKey struct {
	state string
	dark  bool
}

// trayIcons maps every state and variant to its embedded PNG.
var trayIcons = loadTrayIcons()

func loadTrayIcons() map[trayKey][]byte {
	m := make(map[trayKey][]byte, 2*len(TrayStates))
	for _, s := range TrayStates {
		for _, dark := range []bool{false, true} {
			b, err := trayFS.ReadFile(trayFileName(s, dark))
			if err != nil {
				panic("assets: missing tray icon: " + err.Error())
			}
			m[trayKey{s, dark}] = b
		}
	}
	return m
}

// trayFileName is the embedded path of a state's icon.
func trayFileName(state string, dark bool) string {
	if dark {
		return "tray/" + state + "-dark.png"
	}
	return "tray/" + state + "-light.png"
}
