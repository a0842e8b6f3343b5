//go:build linux

package agent

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"unsafe"
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
		{0x400000, 0x404000, "/usr/bin/down radar", true},
		{0x404000, 0xeb0000, "/usr/bin/down radar", true},
		{0xeb0000, 0xec0000, "/usr/bin/down radar", false},   // RELRO: anonymous pages
		{0x18de000, 0x20a1000, "/usr/bin/down radar", false}, // data: writable
		{0x7f0000000000, 0x7f0000010000, "/usr/lib/x86_64-linux-gnu/libc.so.6", true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("trimmable:\n got %+v\nwant %+v", got, want)
	}
}

func TestMappingHeader(t *testing.T) {
	for _, tc := range []struct {
		line   string
		header bool
		path   string
		drop   bool
	}{
		{"00400000-00404000 r--p 00000000 fe:00 1   /usr/bin/downradar", true, "/usr/bin/downradar", true},
		{"00400000-00404000 r-xp 00000000 fe:00 1   /usr/bin/downradar (deleted)", true, "/usr/bin/downradar (deleted)", true},
		{"00400000-00404000 rw-p 00000000 fe:00 1   /usr/bin/downradar", true, "/usr/bin/downradar", false},
		{"00400000-00404000 ---p 00000000 fe:00 1   /usr/bin/downradar", true, "", false},
		{"7f0000000000-7f0000008000 rw-s 00000000 fe:00 2   /home/u/.local/share/downradar/history.db-shm", true, "", false},
		{"7f0000000000-7f0000008000 r--s 00000000 fe:00 3   /usr/share/fonts/x.ttf", true, "", false},
		{"00400000-00404000 r--p 00000000 00:00 0   [vvar]", true, "", false},
		{"00400000-00404000 rw-p 00000000 00:00 0", true, "", false},
		{"Size:                 16 kB", false, "", false},
		{"VmFlags: rd ex mr mw me", false, "", false},
		{"00404000-00400000 r--p 00000000 fe:00 1   /usr/bin/downradar", false, "", false},
		{"garbage", false, "", false},
	} {
		s, header := mappingHeader(tc.line)
		if header != tc.header || s.path != tc.path || s.drop != tc.drop {
			t.Errorf("%q: header %v path %q drop %v, want %v %q %v", tc.line, header, s.path, s.drop, tc.header, tc.path, tc.drop)
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

// splitFolios runs on writable private mappings of a file too (the binary's
// data): it must keep what the process wrote there, and what it did not
// write must still read as the file.
func TestSplitFoliosKeepsData(t *testing.T) {
	const size = 4 << 20
	path := filepath.Join(t.TempDir(), "data")
	want := make([]byte, size)
	for i := range want {
		want[i] = byte(i * 7 / 4096)
	}
	if err := os.WriteFile(path, want, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	var sum int
	for i := 0; i < size; i += 4096 {
		sum += int(m[i]) // map every page of the file
	}
	for i := 0; i < size; i += 3 * 4096 {
		m[i+1] = 0xEE // a private copy of every third page
		want[i+1] = 0xEE
	}
	lo := uintptr(unsafe.Pointer(&m[0]))
	splitFolios(lo, lo+size)
	if !bytes.Equal(m, want) {
		i := 0
		for m[i] == want[i] {
			i++
		}
		t.Fatalf("after splitFolios, byte %d is %#x, want %#x", i, m[i], want[i])
	}
}
