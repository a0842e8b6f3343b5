package agent

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// trimCode drops this process's mappings of its own binary's read-only
// segments (code, read-only data), so that only the pages the agent goes
// on using come back, on their next touch, from the page cache.
//
// Why: one binary holds both the agent and the Fyne window, and on kernels
// that map whole large folios of a file at once (ext4 and others since
// 6.x) nearly all 20 MB of its code and read-only data end up resident in
// the agent although it never runs the Fyne half. The pages are clean and
// private to no one (the page cache keeps them), so MADV_DONTNEED is safe:
// it only empties our page table; nothing is written or lost. Writable
// mappings (data, bss, heap) are never touched.
func trimCode() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lo, hi, ok := readOnlyMapping(sc.Text(), exe)
		if !ok {
			continue
		}
		for _, advice := range []int{syscall.MADV_RANDOM, syscall.MADV_DONTNEED} {
			if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, uintptr(advice)); errno != 0 {
				return fmt.Errorf("trim: madvise %x-%x: %w", lo, hi, errno)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	// Drop the binary's cached pages that no process maps, so that the
	// pages faulted back in come one at a time (MADV_RANDOM: no readahead)
	// rather than as large folios covering code the agent never runs.
	bin, err := os.Open(exe)
	if err != nil {
		return fmt.Errorf("trim: %w", err)
	}
	defer bin.Close()
	if _, _, errno := syscall.Syscall6(syscall.SYS_FADVISE64, bin.Fd(), 0, 0, 4 /* POSIX_FADV_DONTNEED */, 0, 0); errno != 0 {
		return fmt.Errorf("trim: fadvise %s: %w", exe, errno)
	}
	return nil
}

// trimAbove is the file-backed resident size (bytes) over which the agent
// trims again: its working set of code is about 12 MB once settled.
const trimAbove = 16 << 20

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

// readOnlyMapping parses one line of /proc/self/maps and says whether it
// maps exe without write permission, and where.
func readOnlyMapping(line, exe string) (lo, hi uintptr, ok bool) {
	f := strings.Fields(line)
	if len(f) < 6 || strings.Join(f[5:], " ") != exe || !strings.HasPrefix(f[1], "r") || f[1][1] == 'w' {
		return 0, 0, false
	}
	a, b, found := strings.Cut(f[0], "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil || h <= l {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}
