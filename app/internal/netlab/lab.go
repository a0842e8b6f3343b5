// Package netlab is a real-fault network lab for DownRadar's own tests:
// three Linux network namespaces – the user's machine, a home router and
// "the internet" – joined by veth pairs, on documentation addresses only,
// with no link or route to the host's interfaces. DownRadar runs in the
// user's namespace as a user runs it (`downradar check` and `headless`,
// with the system resolver read from /etc/resolv.conf); the faults are
// made by the kernel itself: nftables rules in the router (random loss,
// black holes, dropped DNS replies, a captive portal's firewall), routes
// with a small MTU, a link taken down, and a delay relay of its own (a TUN
// device the router routes the home link through).
//
// Helper processes are the test binary re-executed under `ip netns exec`
// in a role (see Main). Everything a lab makes is removed when its test
// ends, failed or not; what a killed test left behind is removed by the
// next run (CleanStale). See docs/netlab.md.
package netlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/engine"
)

// NamePrefix starts the name of every namespace a lab makes:
// drlab-PID-N-ROLE, PID being the test process's.
const NamePrefix = "drlab-"

// etcNetns is where `ip netns exec` finds the files it bind-mounts over
// /etc for a namespace (resolv.conf, hosts).
const etcNetns = "/etc/netns"

// etcMu serialises making and removing /etc/netns among this process's labs.
var etcMu sync.Mutex

var labSeq atomic.Int64

// Lab is one instance of the lab: its namespaces, helpers and files.
type Lab struct {
	User, Router, Inet string // the namespaces' names
	Dir                string // its files: the CA, configs, data
	CAFile             string // the lab CA's certificate (PEM), trusted by the client

	tb    testing.TB
	inet  *Proc
	mu    sync.Mutex
	relay *Proc
	procs []*Proc
}

// New builds a lab and removes it when tb ends. It fails tb when the lab
// cannot be built; call Require first to skip where it cannot run.
func New(ctx context.Context, tb testing.TB) *Lab {
	tb.Helper()
	prefix := fmt.Sprintf("%s%d-%d-", NamePrefix, os.Getpid(), labSeq.Add(1))
	l := &Lab{User: prefix + "user", Router: prefix + "router", Inet: prefix + "inet", Dir: tb.TempDir(), tb: tb}
	l.CAFile = filepath.Join(l.Dir, "ca.pem")
	tb.Cleanup(l.close)
	if err := l.build(ctx); err != nil {
		tb.Fatalf("netlab: build the lab: %v", err)
	}
	return l
}

// build makes the namespaces, links, addresses and routes, and starts the
// internet's servers.
func (l *Lab) build(ctx context.Context) error {
	for _, ns := range []string{l.User, l.Router, l.Inet} {
		if err := run(ctx, nil, "ip", "netns", "add", ns); err != nil {
			return err
		}
		// No duplicate address detection: addresses work at once.
		if err := l.sysctl(ctx, ns, map[string]string{"net/ipv6/conf/all/accept_dad": "0", "net/ipv6/conf/default/accept_dad": "0"}); err != nil {
			return err
		}
	}
	if err := l.etcFiles(); err != nil {
		return err
	}
	steps := [][]string{
		{l.User, "link", "add", "home0", "type", "veth", "peer", "name", "home1", "netns", l.Router},
		{l.Router, "link", "add", "wan0", "type", "veth", "peer", "name", "wan1", "netns", l.Inet},
		{l.User, "addr", "add", UserV4.String() + "/24", "dev", "home0"},
		{l.User, "addr", "add", UserV6.String() + "/64", "dev", "home0", "nodad"},
		{l.Router, "addr", "add", RouterV4.String() + "/24", "dev", "home1"},
		{l.Router, "addr", "add", RouterV6.String() + "/64", "dev", "home1", "nodad"},
		{l.Router, "addr", "add", WANRouterV4.String() + "/24", "dev", "wan0"},
		{l.Router, "addr", "add", WANRouterV6.String() + "/64", "dev", "wan0", "nodad"},
		{l.Inet, "addr", "add", WANInetV4.String() + "/24", "dev", "wan1"},
		{l.Inet, "addr", "add", WANInetV6.String() + "/64", "dev", "wan1", "nodad"},
		{l.Inet, "addr", "add", ResolverV4.String() + "/24", "dev", "wan1"},
		{l.Inet, "addr", "add", ResolverV6.String() + "/64", "dev", "wan1", "nodad"},
	}
	for _, a := range inetAddrs() {
		bits := 32
		if a.Is6() {
			bits = 128
		}
		steps = append(steps, []string{l.Inet, "addr", "add", fmt.Sprintf("%s/%d", a, bits), "dev", "lo"})
	}
	for _, s := range steps {
		if err := l.ip(ctx, s[0], s[1:]...); err != nil {
			return err
		}
	}
	// The router forwards; its addresses survive the home link going down.
	if err := l.sysctl(ctx, l.Router, map[string]string{
		"net/ipv4/ip_forward": "1", "net/ipv6/conf/all/forwarding": "1", "net/ipv6/conf/default/forwarding": "1",
		"net/ipv6/conf/all/keep_addr_on_down": "1", "net/ipv6/conf/default/keep_addr_on_down": "1",
		"net/ipv4/conf/all/rp_filter": "0", "net/ipv4/conf/default/rp_filter": "0",
	}); err != nil {
		return err
	}
	if err := l.sysctl(ctx, l.User, map[string]string{"net/ipv6/conf/all/keep_addr_on_down": "1"}); err != nil {
		return err
	}
	up := [][]string{
		{l.User, "lo"}, {l.User, "home0"}, {l.Router, "lo"}, {l.Router, "home1"}, {l.Router, "wan0"}, {l.Inet, "lo"}, {l.Inet, "wan1"},
	}
	for _, u := range up {
		if err := l.ip(ctx, u[0], "link", "set", u[1], "up"); err != nil {
			return err
		}
	}
	routes := [][]string{
		{l.User, "route", "add", "default", "via", RouterV4.String()},
		{l.User, "-6", "route", "add", "default", "via", RouterV6.String()},
		{l.Router, "route", "add", InternetV4.String(), "via", WANInetV4.String()},
		{l.Router, "-6", "route", "add", InternetV6.String(), "via", WANInetV6.String()},
		{l.Inet, "route", "add", "default", "via", WANRouterV4.String()},
		{l.Inet, "-6", "route", "add", "default", "via", WANRouterV6.String()},
	}
	for _, r := range routes {
		if err := l.ip(ctx, r[0], r[1:]...); err != nil {
			return err
		}
	}
	p, err := l.start(l.Inet, "inet", []string{l.CAFile}, nil)
	if err != nil {
		return err
	}
	l.inet = p
	rctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := p.Ready(rctx); err != nil {
		return err
	}
	// Ready when the user reaches the internet over both families.
	out, err := l.Tool(rctx, l.User, "reach", "10s", hostPort(ControlV4, PortHTTPS), hostPort(ControlV6, PortHTTPS))
	if err != nil {
		return err
	}
	if out != "ok" {
		return fmt.Errorf("netlab: the user cannot reach the internet: %s", out)
	}
	return nil
}

func hostPort(a netip.Addr, port int) string { return netip.AddrPortFrom(a, uint16(port)).String() }

// etcFiles writes the user's resolv.conf and hosts for `ip netns exec`:
// the lab's resolver, and no host names from the host's /etc/hosts.
func (l *Lab) etcFiles() error {
	etcMu.Lock()
	defer etcMu.Unlock()
	dir := filepath.Join(etcNetns, l.User)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("netlab: %w", err)
	}
	files := map[string]string{
		"resolv.conf": "# netlab: the lab's resolver\nnameserver " + ResolverV4.String() + "\n",
		"hosts":       "127.0.0.1 localhost\n::1 localhost\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("netlab: %w", err)
		}
	}
	return nil
}

// close stops the helpers and removes the namespaces and /etc/netns files.
func (l *Lab) close() {
	l.mu.Lock()
	procs := append([]*Proc(nil), l.procs...)
	l.mu.Unlock()
	for _, p := range procs {
		p.Kill()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, ns := range []string{l.User, l.Router, l.Inet} {
		removeNamespace(ctx, ns)
	}
	if l.tb.Failed() {
		for _, p := range procs {
			if lines := p.Stderr.All(); len(lines) > 0 && (p.Role == "inet" || p.Role == "relay") {
				l.tb.Logf("netlab: %s stderr:\n%s", p.Name, strings.Join(lines, "\n"))
			}
		}
	}
}

// removeNamespace kills what still runs in ns, deletes it and its
// /etc/netns directory.
func removeNamespace(ctx context.Context, ns string) {
	if out, err := exec.CommandContext(ctx, "ip", "netns", "pids", ns).Output(); err == nil {
		for _, f := range strings.Fields(string(out)) {
			var pid int
			if _, err := fmt.Sscan(f, &pid); err == nil && pid > 1 {
				killPid(pid)
			}
		}
	}
	exec.CommandContext(ctx, "ip", "netns", "del", ns).Run()
	etcMu.Lock()
	defer etcMu.Unlock()
	os.RemoveAll(filepath.Join(etcNetns, ns))
	os.Remove(etcNetns) // only when empty: another lab's files stay
}

// start runs a helper in ns, to be killed when the lab closes.
func (l *Lab) start(ns, role string, args, env []string) (*Proc, error) {
	p, err := startProc(ns, role, args, env)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.procs = append(l.procs, p)
	l.mu.Unlock()
	return p, nil
}

// clientEnv is the environment of DownRadar in the user namespace: the lab
// CA trusted, and its own config and data directories.
func (l *Lab) clientEnv() []string {
	return []string{
		"SSL_CERT_FILE=" + l.CAFile, "SSL_CERT_DIR=" + l.Dir,
		"XDG_CONFIG_HOME=" + filepath.Join(l.Dir, "xdg-config"),
		"XDG_DATA_HOME=" + filepath.Join(l.Dir, "xdg-data"),
		"XDG_CACHE_HOME=" + filepath.Join(l.Dir, "xdg-cache"),
	}
}

// WriteConfig writes the lab's DownRadar config with o and returns its path.
func (l *Lab) WriteConfig(name string, o ConfigOptions) (string, error) {
	path := filepath.Join(l.Dir, name)
	if err := os.WriteFile(path, []byte(Config(o)), 0o644); err != nil {
		return "", fmt.Errorf("netlab: %w", err)
	}
	return path, nil
}

// StartDownRadar runs `downradar ARGS...` in the user namespace.
func (l *Lab) StartDownRadar(args ...string) (*Proc, error) {
	return l.start(l.User, "downradar", args, l.clientEnv())
}

// CheckResult is one `downradar check --json` run.
type CheckResult struct {
	Report  engine.Report
	Elapsed time.Duration // the command's own run time, from start to its last line
	JSON    string        // what it printed
	Stderr  string
}

// Check runs `downradar check --json --config CONFIG` in the user
// namespace and decodes its report.
func (l *Lab) Check(ctx context.Context, config string) (CheckResult, error) {
	p, err := l.StartDownRadar("check", "--json", "--config", config)
	if err != nil {
		return CheckResult{}, err
	}
	defer p.Kill()
	werr := p.Wait(ctx)
	res := CheckResult{JSON: strings.Join(p.Stdout.All(), "\n"), Stderr: strings.Join(p.Stderr.All(), "\n")}
	if werr != nil {
		return res, fmt.Errorf("netlab: downradar check: %w (stderr: %s)", werr, res.Stderr)
	}
	for _, line := range p.Stderr.All() {
		var ms int64
		if _, err := fmt.Sscanf(line, "netlab-elapsed-ms: %d", &ms); err == nil {
			res.Elapsed = time.Duration(ms) * time.Millisecond
		}
	}
	if err := json.Unmarshal([]byte(res.JSON), &res.Report); err != nil {
		return res, fmt.Errorf("netlab: downradar check printed no report: %w: %s", err, res.JSON)
	}
	return res, nil
}

// Tool runs a diagnostic (see runTool) in ns and returns its line.
func (l *Lab) Tool(ctx context.Context, ns string, args ...string) (string, error) {
	p, err := l.start(ns, "tool", args, l.clientEnv())
	if err != nil {
		return "", err
	}
	defer p.Kill()
	if err := p.Wait(ctx); err != nil {
		return "", fmt.Errorf("netlab: tool %s: %w (stderr: %s)", args, err, p.tail())
	}
	return strings.Join(p.Stdout.All(), "\n"), nil
}

// TCPStats are the user namespace's TCP retransmission counters since the
// lab was built, in one line: all retransmitted segments, and of those the
// tail loss probes, retransmission timeouts and SYN retransmissions. A
// link that loses nothing can still show retransmissions: Linux sends a
// tail loss probe when an ACK is a few milliseconds late.
func (l *Lab) TCPStats(ctx context.Context) (string, error) {
	out, err := output(ctx, "ip", "netns", "exec", l.User, "nstat", "-asz",
		"TcpRetransSegs", "TcpExtTCPLossProbes", "TcpExtTCPTimeouts", "TcpExtTCPSynRetrans")
	if err != nil {
		return "", err
	}
	var parts []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
			parts = append(parts, f[0]+"="+f[1])
		}
	}
	return strings.Join(parts, " "), nil
}

// ip runs `ip -n NS ARGS...`.
func (l *Lab) ip(ctx context.Context, ns string, args ...string) error {
	return run(ctx, nil, "ip", append([]string{"-n", ns}, args...)...)
}

// nft runs an nft script in ns.
func (l *Lab) nft(ctx context.Context, ns, script string) error {
	return run(ctx, strings.NewReader(script), "ip", "netns", "exec", ns, "nft", "-f", "-")
}

// sysctl sets kernel settings (paths under /proc/sys) in ns.
func (l *Lab) sysctl(ctx context.Context, ns string, kv map[string]string) error {
	var sh strings.Builder
	for k, v := range kv {
		fmt.Fprintf(&sh, "echo %s > /proc/sys/%s && ", v, k)
	}
	sh.WriteString("true")
	return run(ctx, nil, "ip", "netns", "exec", ns, "sh", "-c", sh.String())
}

// run runs a command, its output in the error when it fails.
func run(ctx context.Context, stdin *strings.Reader, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	if stdin != nil {
		cmd.Stdin = stdin
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// output runs a command and returns its standard output.
func output(ctx context.Context, name string, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, ee.Stderr)
		}
		return "", fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return string(out), nil
}
