//go:build linux

package agent

import (
	"os"
	"strings"
	"testing"
)

func TestReadOnlyMapping(t *testing.T) {
	const exe = "/usr/bin/down radar"
	for _, tc := range []struct {
		line   string
		ok     bool
		lo, hi uintptr
	}{
		{"00400000-00404000 r--p 00000000 fe:00 10142585   /usr/bin/down radar", true, 0x400000, 0x404000},
		{"00404000-00eb0000 r-xp 00004000 fe:00 10142585   /usr/bin/down radar", true, 0x404000, 0xeb0000},
		{"018de000-020a1000 rw-p 014dd000 fe:00 10142585   /usr/bin/down radar", false, 0, 0},
		{"7f00-7f10 r-xp 00000000 fe:00 1   /usr/lib/libc.so.6", false, 0, 0},
		{"7f00-7f10 ---p 00000000 00:00 0   /usr/bin/down radar", false, 0, 0},
		{"7f00-7f10 rw-p 00000000 00:00 0", false, 0, 0},
		{"garbage", false, 0, 0},
	} {
		lo, hi, ok := readOnlyMapping(tc.line, exe)
		if ok != tc.ok || lo != tc.lo || hi != tc.hi {
			t.Errorf("%q: %x-%x %v, want %x-%x %v", tc.line, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}

// The test binary keeps running after its code was dropped: the pages come back.
func TestTrimCodeKeepsRunning(t *testing.T) {
	if got, want := codeResident(), int64(rssFile(t))<<10; got <= 0 || got > 2*want || got < want/2 {
		t.Errorf("codeResident() = %d, RssFile says %d", got, want)
	}
	before := rssFile(t)
	if err := trimCode(); err != nil {
		t.Fatal(err)
	}
	after := rssFile(t)
	if after >= before {
		t.Errorf("file-backed RSS %d kB -> %d kB: nothing was dropped", before, after)
	}
	if s := strings.Repeat("x", 3); s != "xxx" { // runs code again
		t.Fatal(s)
	}
}

func rssFile(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "RssFile:" {
			var n int
			for _, c := range f[1] {
				n = n*10 + int(c-'0')
			}
			return n
		}
	}
	t.Fatal("no RssFile")
	return 0
}
