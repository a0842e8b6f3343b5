package autostart

import "strings"

// What start at login writes on Windows (autostart_windows.go): a string
// value named ValueName under the current user's Run key, holding the
// command line that starts DownRadar. These parts need no Windows and are
// tested everywhere.
const (
	// RunKey is the current user's Run key (under HKEY_CURRENT_USER),
	// Dir() on Windows.
	RunKey = `Software\Microsoft\Windows\CurrentVersion\Run`
	// ValueName names DownRadar's value in it (and in ApprovedKey).
	ValueName = "DownRadar"
	// ApprovedKey is where Windows (Task Manager's Startup tab, Settings >
	// Apps > Startup) records that the user switched a Run entry off.
	ApprovedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
)

// approvedKeyFor is the StartupApproved key that goes with the Run key
// dir: ApprovedKey for RunKey; for another key (a test's), a subkey of it.
func approvedKeyFor(dir string) string {
	if strings.EqualFold(dir, RunKey) {
		return ApprovedKey
	}
	return dir + `\StartupApproved`
}

// RunCommand is the command line the Run value holds to start exe:
// the path quoted as CommandLineToArgvW (and so Go's os.Args) reads it
// back, whatever spaces it holds ("C:\Program Files\..."): inside the
// quotes, a run of backslashes before a quote, or at the end, is doubled
// and the quote escaped.
func RunCommand(exe string) string {
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for i := 0; i < len(exe); i++ {
		c := exe[i]
		switch c {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteByte(c)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// approvedOn reads a StartupApproved value: 12 bytes whose first is even
// (02, 06) while the entry is on and odd (03, 07) once the user switched it
// off. No value, or one too short to read, leaves the entry on.
func approvedOn(data []byte) bool {
	return len(data) == 0 || data[0]&1 == 0
}
