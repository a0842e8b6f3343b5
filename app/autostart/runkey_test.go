package autostart

import (
	"strings"
	"testing"
)

func TestRunCommand(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`C:\Users\ana\downradar.exe`, `"C:\Users\ana\downradar.exe"`},
		{`C:\Program Files\DownRadar\downradar.exe`, `"C:\Program Files\DownRadar\downradar.exe"`},
		{`\\server\share\down radar.exe`, `"\\server\share\down radar.exe"`},
		{`C:\odd\`, `"C:\odd\\"`},
		{`C:\a"b`, `"C:\a\"b"`},
		{`C:\a\"b`, `"C:\a\\\"b"`},
		{`C:\Users\Ωmega\डाउन.exe`, `"C:\Users\Ωmega\डाउन.exe"`},
	} {
		if got := RunCommand(tc.in); got != tc.want {
			t.Errorf("RunCommand(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// argv0 reads the first argument of a command line as CommandLineToArgvW
// does (the rules of Microsoft's "Parsing C++ command-line arguments").
func argv0(cmd string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(cmd); i++ {
		switch c := cmd[i]; {
		case c == '\\':
			n := 0
			for i < len(cmd) && cmd[i] == '\\' {
				n++
				i++
			}
			if i < len(cmd) && cmd[i] == '"' {
				b.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					b.WriteByte('"')
					continue
				}
			} else {
				b.WriteString(strings.Repeat(`\`, n))
			}
			i--
		case c == '"':
			quoted = !quoted
		case (c == ' ' || c == '\t') && !quoted:
			return b.String()
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestRunCommandRoundTrips(t *testing.T) {
	for _, p := range []string{`C:\Program Files\DownRadar\downradar.exe`, `C:\a b\`, `C:\x\\y`, `C:\"q"\z`, `D:\100% sure\d.exe`} {
		if got := argv0(RunCommand(p) + ` --flag`); got != p {
			t.Errorf("%q came back as %q (command line %s)", p, got, RunCommand(p))
		}
	}
}

func TestApproved(t *testing.T) {
	for _, tc := range []struct {
		data []byte
		on   bool
	}{
		{nil, true},
		{[]byte{0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, true},
		{[]byte{0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, true},
		{[]byte{0x03, 0, 0, 0, 0x8a, 0x1f, 0x2b, 0x4c, 0x61, 0x7e, 0xd9, 0x01}, false},
		{[]byte{0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
	} {
		if got := approvedOn(tc.data); got != tc.on {
			t.Errorf("approvedOn(% x) = %v, want %v", tc.data, got, tc.on)
		}
	}
	if got := approvedKeyFor(RunKey); got != ApprovedKey {
		t.Errorf("approved key for the Run key: %s", got)
	}
	if got := approvedKeyFor(`Software\DownRadarTest\Run`); got != `Software\DownRadarTest\Run\StartupApproved` {
		t.Errorf("approved key for a test key: %s", got)
	}
}
