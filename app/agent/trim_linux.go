package agent

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// trimCode drops this process's mappings of the code and read-only data of
// its binary and shared libraries, so that only the pages the agent goes on
// using come back, one by one, on their next touch.
//
// Why: one binary holds both the agent and the Fyne window (about 40 MB, with
// GL and SQLite), and a recent kernel (6.18, ext4 large folios) maps a file
// in whole folios, up to 2 MB at a time, even with a single PMD. The idle
// agent measured 33.5 MB resident, 23.5 MB of it its own binary, most of that
// code it never runs; after a trim it settles near 12 MB (see the README).
//
// What it does, per mapping:
//   - MADV_NOHUGEPAGE: no 2 MB (PMD) mappings of the file any more;
//   - MADV_RANDOM: no readahead, so a page faulted back in is read alone;
//   - MADV_DONTNEED: empty our page table for it. The pages are clean copies
//     of the file, so nothing is lost; a touch maps them again.
//
// Then POSIX_FADV_DONTNEED on the binary drops its cached pages that no
// process maps, so those that come back come as small folios rather than
// large ones covering code the agent never runs.
//
// Never touched: writable mappings (data, bss, heap, stacks), and read-only
// mappings holding anonymous pages (RELRO: relocated, copy-on-write), which
// MADV_DONTNEED would revert to the file's contents.
func trimCode() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	spans, err := trimmable(bufio.NewScanner(f))
	f.Close()
	if err != nil {
		return fmt.Errorf("trim: /proc/self/smaps: %w", err)
	}
	for _, s := range spans {
		for _, advice := range []uintptr{madvNoHugePage, syscall.MADV_RANDOM, syscall.MADV_DONTNEED} {
			if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, s.lo, s.hi-s.lo, advice); errno != 0 {
				return fmt.Errorf("trim: madvise %s %x-%x: %w", s.path, s.lo, s.hi, errno)
			}
		}
	}
	bin, err := os.Open(exe)
	if err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	defer bin.Close()
	// Dirty pages (a binary just built or installed) are not dropped: write
	// them out first. Nothing to do, and instant, for a settled install.
	if err := bin.Sync(); err != nil {
		return fmt.Errorf("trim: fsync %s: %w", exe, err)
	}
	if _, _, errno := syscall.Syscall6(syscall.SYS_FADVISE64, bin.Fd(), 0, 0, fadvDontNeed, 0, 0); errno != 0 {
		return fmt.Errorf("trim: fadvise %s: %w", exe, errno)
	}
	return nil
}

// From linux/mman.h and linux/fadvise.h.
const (
	madvNoHugePage = 15
	fadvDontNeed   = 4
)

// span is one mapping trimCode may drop.
type span struct {
	lo, hi uintptr
	path   string
}

// trimmable reads /proc/<pid>/smaps and returns the mappings that are
// file-backed, readable, not writable and hold no anonymous page.
func trimmable(sc *bufio.Scanner) ([]span, error) {
	var out []span
	var cur span
	var ok bool // cur is a candidate so far
	flush := func() {
		if ok {
			out = append(out, cur)
		}
		ok = false
	}
	for sc.Scan() {
		line := sc.Text()
		if s, isHeader := mappingHeader(line); isHeader {
			flush()
			cur, ok = s, s.path != ""
			continue
		}
		if f := strings.Fields(line); ok && len(f) >= 2 && f[0] == "Anonymous:" && f[1] != "0" {
			ok = false
		}
	}
	flush()
	return out, sc.Err()
}

// mappingHeader parses a mapping's first line in /proc/<pid>/smaps ("lo-hi
// perms offset dev inode path"). It says whether the line is one, and gives
// the mapping with an empty path unless the mapping is of a file and
// readable without being writable.
func mappingHeader(line string) (span, bool) {
	f := strings.Fields(line)
	if len(f) < 5 || len(f[1]) != 4 || strings.HasSuffix(f[0], ":") {
		return span{}, false
	}
	a, b, found := strings.Cut(f[0], "-")
	if !found {
		return span{}, false
	}
	lo, err1 := strconv.ParseUint(a, 16, 64)
	hi, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil || hi <= lo {
		return span{}, false
	}
	s := span{lo: uintptr(lo), hi: uintptr(hi)}
	perms, path := f[1], strings.Join(f[5:], " ")
	if perms[0] == 'r' && perms[1] != 'w' && strings.HasPrefix(path, "/") {
		s.path = path
	}
	return s, true
}

// trimAbove is the file-backed resident size (bytes) over which the agent
// trims again (checked every 5 minutes): once settled it holds about 13 MB
// of its binary and 0.5 MB of libraries; more means whole folios came back,
// as after a window process read the binary.
const trimAbove = 15 << 20

// codeResident is the process's file-backed resident memory in bytes
// (RssFile: its binary's and libraries' pages); 0 if unknown.
func codeResident() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "RssFile:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
