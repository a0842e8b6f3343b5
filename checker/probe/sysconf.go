package probe

import (
	"bufio"
	"net"
	"net/netip"
	"os"
	"strings"
)

// systemServers reads the nameservers of a resolv.conf, as host:53. As in
// libc, a line starting with # or ; is a comment, text after the address is
// ignored, and an address that is not an IP is skipped. A file that cannot
// be read gives none.
func systemServers(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text()) // a comment's first is "#..." or ";..."
		if len(fields) < 2 || fields[0] != "nameserver" {
			continue
		}
		if _, err := netip.ParseAddr(fields[1]); err == nil {
			out = append(out, net.JoinHostPort(fields[1], "53"))
		}
	}
	return out
}

// lookupHosts finds host in a hosts file.
func lookupHosts(path, host string) []netip.Addr {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var addrs []netip.Addr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		a, err := netip.ParseAddr(fields[0])
		if err != nil {
			continue
		}
		for _, name := range fields[1:] {
			if strings.EqualFold(strings.TrimSuffix(name, "."), strings.TrimSuffix(host, ".")) {
				addrs = append(addrs, a.Unmap())
			}
		}
	}
	return addrs
}
