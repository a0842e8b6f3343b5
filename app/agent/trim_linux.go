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
// Why: one binary holds both the agent and the Fyne window (GL, fonts,
// widgets), and a recent kernel (6.18, ext4 large folios) caches a file in
// large folios and maps a large folio whole, up to 2 MB at a time, at any
// touch. The idle agent measured 33.5 MB resident, 23.5 MB of it its own
// binary, most of that code it never runs (see docs/performance.md).
//
// What it does, per readable, private mapping of a file:
//   - splitFolios: the large folios under it become single pages, and the
//     file's pages among them (not the private copies a writable mapping
//     holds) are unmapped until their next touch. Safe on every mapping.
//
// and on those that are not writable and hold no anonymous page:
//   - MADV_NOHUGEPAGE: no 2 MB (PMD) mappings of the file any more;
//   - MADV_RANDOM: no readahead, so a page faulted back in is read alone
//     (executable mappings read ahead all the same);
//   - MADV_DONTNEED: empty our page table for it. The pages are clean copies
//     of the file, so nothing is lost; a touch maps them again.
//
// Then POSIX_FADV_DONTNEED on the binary drops its cached pages that no
// process maps, so those that come back come as small folios rather than
// large ones covering code the agent never runs.
//
// Never dropped: writable mappings (data, bss, heap, stacks), and read-only
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
		splitFolios(s.lo, s.hi)
		if !s.drop {
			continue
		}
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

// splitFolios breaks the large folios that back the pages of [lo, hi) into
// single pages: MADV_COLD on one page splits a large folio that covers more
// than that page and that no other process maps, and the split unmaps the
// folio's file pages. Without it such folios stay cached whatever the trim
// does, since the code running the trim touches a page of each again and
// the kernel maps them whole: measured, 7.4 of the agent's 12.4 MB of binary
// were large folios around code and data it uses (the runtime's among them).
// MADV_COLD loses nothing: it only splits, unmaps clean file pages and marks
// pages as less recently used; private copies of a writable mapping stay.
func splitFolios(lo, hi uintptr) {
	const page = 4096
	for a := lo; a < hi; a += page {
		// Errors are ignored: COLD only deactivates, and a folio that cannot
		// be split now (locked, shared) is left for the next trim.
		syscall.Syscall(syscall.SYS_MADVISE, a, page, madvCold)
	}
}

// From linux/mman.h and linux/fadvise.h.
const (
	madvCold       = 20
	madvNoHugePage = 15
	fadvDontNeed   = 4
)

// span is one readable, private mapping of a file, which trimCode splits
// into single pages, and drops when that is safe.
type span struct {
	lo, hi uintptr
	path   string
	drop   bool // not writable and no anonymous page: MADV_DONTNEED loses nothing
}

// trimmable reads /proc/<pid>/smaps and returns the readable, private
// mappings of files, with drop set on those that are not writable and hold
// no anonymous page.
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
			cur.drop = false
		}
	}
	flush()
	return out, sc.Err()
}

// mappingHeader parses a mapping's first line in /proc/<pid>/smaps ("lo-hi
// perms offset dev inode path"). It says whether the line is one, and gives
// the mapping with an empty path unless the mapping is a readable, private
// mapping of a file (the binary and libraries, not SQLite's shared memory),
// and with drop set when it is also not writable.
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
	if perms[0] == 'r' && perms[3] == 'p' && strings.HasPrefix(path, "/") {
		s.path, s.drop = path, perms[1] != 'w'
	}
	return s, true
}

// trimAbove is the file-backed resident size (bytes) over which the agent
// trims again (checked every 5 minutes and after each news poll). A round
// of checks needs 8–9 MB of its binary and 0.7 MB of libraries; over the
// minutes after a trim, read-ahead around code run now and then (the polls)
// and any window process's reads bring it to 10–11 MB, which a trim, at
// about 15 ms of CPU, takes back.
const trimAbove = 10 << 20

// pollTrimAbove is the same threshold after a poll of the news feeds. A
// poll runs code nothing else runs (the feed parser, the HTTP client's
// paths): it brings about 0.7 MB of the binary in, once every 10 minutes,
// on top of the 9.1-9.4 MiB the rounds of checks keep. Since a poll no
// longer parses the items its feeds listed before (checker/news, spans.go)
// it stopped at 9.9 MiB, under trimAbove, and those pages stayed resident
// until the next poll: the idle agent's RSS ended its 10 minutes at 20.2 MB
// (issue 14). Over this threshold, they are dropped at once.
const pollTrimAbove = 9<<20 + 512<<10

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
