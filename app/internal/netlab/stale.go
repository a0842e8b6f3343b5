package netlab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	requireOnce sync.Once
	missing     string // what the lab lacks here; "" when it can run
)

// Require skips tb, saying exactly what is missing, where the lab cannot
// run: not root, no `ip` or `nft`, no /dev/net/tun, or no network
// namespace can be made. Under CI (the CI variable set) it fails instead:
// CI must run the lab.
func Require(tb testing.TB) {
	tb.Helper()
	requireOnce.Do(func() { missing = check() })
	if missing == "" {
		return
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("netlab: cannot run, and CI must: %s", missing)
	}
	tb.Skipf("netlab: skipped: %s", missing)
}

// check says what the lab lacks, or "".
func check() string {
	var lacks []string
	if os.Geteuid() != 0 {
		lacks = append(lacks, "not root (network namespaces need root)")
	}
	for _, tool := range []string{"ip", "nft"} {
		if _, err := exec.LookPath(tool); err != nil {
			pkg := map[string]string{"ip": "iproute2", "nft": "nftables"}[tool]
			lacks = append(lacks, fmt.Sprintf("no `%s` command (Debian package %s)", tool, pkg))
		}
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		lacks = append(lacks, "no /dev/net/tun (the delay relay needs TUN)")
	}
	if len(lacks) > 0 {
		return strings.Join(lacks, "; ")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ns := fmt.Sprintf("%s%d-probe", NamePrefix, os.Getpid())
	defer removeNamespace(ctx, ns)
	if err := run(ctx, nil, "ip", "netns", "add", ns); err != nil {
		return "cannot make a network namespace: " + err.Error()
	}
	if err := run(ctx, strings.NewReader("table inet netlab_probe {}\n"), "ip", "netns", "exec", ns, "nft", "-f", "-"); err != nil {
		return "nftables does not work in a namespace: " + err.Error()
	}
	return ""
}

// CleanStale removes what labs of test processes no longer running left
// behind (a run killed before its cleanup): their namespaces, the
// processes still in them, and their /etc/netns directories. A lab's names
// carry its process's id (drlab-PID-...). It returns the namespaces it
// removed.
func CleanStale(ctx context.Context) []string {
	seen := map[string]bool{}
	for _, dir := range []string{"/run/netns", etcNetns} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), NamePrefix) {
				seen[e.Name()] = true
			}
		}
	}
	var removed []string
	for ns := range seen {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(ns, NamePrefix), "-", 2)[0])
		if err == nil && alive(pid) {
			continue
		}
		removeNamespace(ctx, ns)
		removed = append(removed, ns)
	}
	return removed
}

// alive reports whether pid is a running test binary (a lab's owner); a
// reused pid of another program does not count.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return false
	}
	self, _ := os.Executable()
	return exe == self || strings.HasSuffix(filepath.Base(exe), ".test")
}

// killPid kills a process left in a stale namespace.
func killPid(pid int) {
	syscall.Kill(pid, syscall.SIGKILL)
}
