//go:build linux

package agent

import (
	"bufio"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestTrimmable(t *testing.T) {
	const smaps = `00400000-00404000 r--p 00000000 fe:00 10142585                           /usr/bin/down radar
Size:                 16 kB
Rss:                  16 kB
Anonymous:             0 kB
00404000-00eb0000 r-xp 00004000 fe:00 10142585                           /usr/bin/down radar
Size:              11000 kB
Anonymous:             0 kB
VmFlags: rd ex mr mw me
00eb0000-00ec0000 r--p 00ab0000 fe:00 10142585                           /usr/bin/down radar
Size:                 64 kB
Anonymous:            12 kB
018de000-020a1000 rw-p 014dd000 fe:00 10142585                           /usr/bin/down radar
Anonymous:             4 kB
020a1000-020b0000 rw-p 00000000 00:00 0                                  [heap]
Anonymous:            60 kB
7f0000000000-7f0000010000 r-xp 00000000 fe:00 77                         /usr/lib/x86_64-linux-gnu/libc.so.6
Anonymous:             0 kB
7f0000010000-7f0000020000 ---p 00010000 fe:00 77                         /usr/lib/x86_64-linux-gnu/libc.so.6
Anonymous:             0 kB
7f0000020000-7f0000030000 rw-p 00000000 00:00 0 
Anonymous:            64 kB
7ffd00000000-7ffd00001000 r-xp 00000000 00:00 0                          [vdso]
Anonymous:             0 kB
`
	got, err := trimmable(bufio.NewScanner(strings.NewReader(smaps)))
	if err != nil {
		t.Fatal(err)
	}
	want := []span{
		{0x400000, 0x404000, "/usr/bin/down radar"},
		{0x404000, 0xeb0000, "/usr/bin/down radar"},
		{0x7f0000000000, 0x7f0000010000, "/usr/lib/x86_64-linux-gnu/libc.so.6"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("trimmable:\n got %x\nwant %x", got, want)
	}
}

func TestMappingHeader(t *testing.T) {
	for _, tc := range []struct {
		line   string
		header bool
		path   string
	}{
		{"00400000-00404000 r--p 00000000 fe:00 1   /usr/bin/downradar", true, "/usr/bin/downradar"},
		{"00400000-00404000 r-xp 00000000 fe:00 1   /usr/bin/downradar (deleted)", true, "/usr/bin/downradar (deleted)"},
		{"00400000-00404000 rw-p 00000000 fe:00 1   /usr/bin/downradar", true, ""},
		{"00400000-00404000 ---p 00000000 fe:00 1   /usr/bin/downradar", true, ""},
		{"00400000-00404000 r--p 00000000 00:00 0   [vvar]", true, ""},
		{"00400000-00404000 rw-p 00000000 00:00 0", true, ""},
		{"Size:                 16 kB", false, ""},
		{"VmFlags: rd ex mr mw me", false, ""},
		{"00404000-00400000 r--p 00000000 fe:00 1   /usr/bin/downradar", false, ""},
		{"garbage", false, ""},
	} {
		s, header := mappingHeader(tc.line)
		if header != tc.header || s.path != tc.path {
			t.Errorf("%q: header %v path %q, want %v %q", tc.line, header, s.path, tc.header, tc.path)
		}
	}
}

// The test binary keeps running after its code was dropped: the pages come
// back on their next touch.
func TestTrimCodeKeepsRunning(t *testing.T) {
	before := codeResident()
	if before <= 0 {
		t.Fatalf("codeResident() = %d", before)
	}
	if err := trimCode(); err != nil {
		t.Fatal(err)
	}
	after := codeResident()
	if after >= before {
		t.Errorf("file-backed RSS %d kB -> %d kB: nothing was dropped", before>>10, after>>10)
	}
	if b, err := os.ReadFile("/proc/self/status"); err != nil || !strings.Contains(string(b), "RssFile:") {
		t.Fatalf("running again after the trim: %v", err)
	}
}
