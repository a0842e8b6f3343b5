package netlab

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Each fault made with nftables is a table of its own, "inet netlab_NAME",
// with one base chain on a hook: clearing it deletes the table.

// rules adds rules to the fault table name in ns, on hook (forward, input,
// output), making the table if needed.
func (l *Lab) rules(ctx context.Context, ns, name, hook string, rules ...string) error {
	script := fmt.Sprintf("table inet netlab_%s {\n  chain %s {\n    type filter hook %s priority 0; policy accept;\n", name, hook, hook)
	for _, r := range rules {
		script += "    " + r + "\n"
	}
	script += "  }\n}\n"
	if err := l.nft(ctx, ns, script); err != nil {
		return fmt.Errorf("netlab: fault %s: %w", name, err)
	}
	return nil
}

// ClearFault removes the nftables fault name from the router and the internet.
func (l *Lab) ClearFault(ctx context.Context, name string) error {
	for _, ns := range []string{l.Router, l.Inet} {
		out, err := output(ctx, "ip", "netns", "exec", ns, "nft", "list", "tables")
		if err != nil {
			return err
		}
		if strings.Contains(out, "netlab_"+name+"\n") {
			if err := run(ctx, nil, "ip", "netns", "exec", ns, "nft", "delete", "table", "inet", "netlab_"+name); err != nil {
				return err
			}
		}
	}
	return nil
}

var counterRE = regexp.MustCompile(`counter packets (\d+)`)

// Counters are the packet counts of the counters of fault name in the
// router (or the internet), in the order of its rules.
func (l *Lab) Counters(ctx context.Context, ns, name string) ([]int, error) {
	out, err := output(ctx, "ip", "netns", "exec", ns, "nft", "list", "table", "inet", "netlab_"+name)
	if err != nil {
		return nil, err
	}
	var n []int
	for _, m := range counterRE.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.Atoi(m[1])
		n = append(n, v)
	}
	return n, nil
}

// Loss makes the router drop pct percent of the packets it forwards, each
// at random, both ways (a bad Wi-Fi): `numgen random mod 100 < pct drop`.
// Its counters: the packets seen, the packets dropped.
func (l *Lab) Loss(ctx context.Context, pct int) error {
	return l.rules(ctx, l.Router, "loss", "forward",
		"counter",
		fmt.Sprintf("numgen random mod 100 < %d counter drop", pct))
}

// BlackHole makes the router drop every packet to the prefixes: no answer,
// no error, as a broken route or a firewall that drops would.
func (l *Lab) BlackHole(ctx context.Context, prefixes ...netip.Prefix) error {
	var rules []string
	for _, p := range prefixes {
		fam := "ip"
		if p.Addr().Is6() {
			fam = "ip6"
		}
		rules = append(rules, fmt.Sprintf("%s daddr %s counter drop", fam, p.Masked()))
	}
	return l.rules(ctx, l.Router, "blackhole", "forward", rules...)
}

// Host is a one-address prefix.
func Host(a netip.Addr) netip.Prefix { return netip.PrefixFrom(a, a.BitLen()) }

// Refuse makes the internet's host answer every TCP connection to addrs
// with a reset (connection refused), as a host whose service is not
// listening does.
func (l *Lab) Refuse(ctx context.Context, addrs ...netip.Addr) error {
	var rules []string
	for _, a := range addrs {
		fam := "ip"
		if a.Is6() {
			fam = "ip6"
		}
		rules = append(rules, fmt.Sprintf("%s daddr %s meta l4proto tcp counter reject with tcp reset", fam, a))
	}
	return l.rules(ctx, l.Inet, "refuse", "input", rules...)
}

// LoseAAAA makes the router drop the UDP DNS replies to AAAA queries for
// name, whoever sends them; the A replies pass. It matches the reply's
// question (after the 8-byte UDP and 12-byte DNS headers): the name as
// sent, then type AAAA.
func (l *Lab) LoseAAAA(ctx context.Context, name string) error {
	wire := make([]byte, 256)
	n, err := dns.PackDomainName(dns.Fqdn(name), wire, 0, nil, false)
	if err != nil {
		return fmt.Errorf("netlab: %q: %w", name, err)
	}
	wire = append(wire[:n], 0x00, byte(dns.TypeAAAA))
	rule := "udp sport 53"
	const start = (8 + 12) * 8 // bits into the transport header
	for off := 0; off < len(wire); off += 16 {
		chunk := wire[off:min(off+16, len(wire))]
		rule += fmt.Sprintf(" @th,%d,%d 0x%s", start+off*8, len(chunk)*8, hex.EncodeToString(chunk))
	}
	return l.rules(ctx, l.Router, "aaaa", "forward", rule+" counter drop")
}

// Captive makes a captive portal: the DNS server answers every name with
// the portal's addresses, and the router passes the user's traffic only to
// the resolver and to the portal's web ports (as a portal's firewall does
// before one signs in). The portal answers any HTTP request with a
// redirect to its login page, which answers 200.
func (l *Lab) Captive(ctx context.Context) error {
	if err := l.SetDNS(ctx, "portal"); err != nil {
		return err
	}
	return l.rules(ctx, l.Router, "captive", "forward",
		fmt.Sprintf(`iifname "home1" ip daddr %s accept`, ResolverV4),
		fmt.Sprintf(`iifname "home1" ip6 daddr %s accept`, ResolverV6),
		fmt.Sprintf(`iifname "home1" ip daddr %s tcp dport { %d, %d } accept`, PortalV4, PortHTTP, PortHTTPS),
		fmt.Sprintf(`iifname "home1" ip6 daddr %s tcp dport { %d, %d } accept`, PortalV6, PortHTTP, PortHTTPS),
		`iifname "home1" counter drop`)
}

// PathMTU makes a path-MTU black hole: the router forwards both ways as if
// its next link had an MTU of mtu (its routes to the home link and to the
// internet carry `mtu lock MTU`), so a larger packet that may not be
// fragmented is dropped, and its firewall drops the ICMP "fragmentation
// needed" and ICMPv6 "packet too big" it sends about it: the sender never
// learns, and only large packets vanish.
func (l *Lab) PathMTU(ctx context.Context, mtu int) error {
	m := strconv.Itoa(mtu)
	routes := [][]string{
		{"route", "change", "192.0.2.0/24", "dev", "home1", "proto", "kernel", "scope", "link", "src", RouterV4.String(), "mtu", "lock", m},
		{"-6", "route", "change", "2001:db8:1::/64", "dev", "home1", "proto", "kernel", "metric", "256", "mtu", "lock", m},
		{"route", "change", InternetV4.String(), "via", WANInetV4.String(), "mtu", "lock", m},
		{"-6", "route", "change", InternetV6.String(), "via", WANInetV6.String(), "mtu", "lock", m},
	}
	for _, r := range routes {
		if err := l.ip(ctx, l.Router, r...); err != nil {
			return fmt.Errorf("netlab: path mtu: %w", err)
		}
	}
	return l.rules(ctx, l.Router, "pmtu", "output",
		"icmp type destination-unreachable icmp code frag-needed counter drop",
		"icmpv6 type packet-too-big counter drop")
}

// LinkDown takes the home link down at the router's end: the user's
// interface stays up, with no carrier (a dead access point, a pulled cable).
func (l *Lab) LinkDown(ctx context.Context) error {
	return l.ip(ctx, l.Router, "link", "set", "home1", "down")
}

// LinkUp brings the home link back.
func (l *Lab) LinkUp(ctx context.Context) error {
	return l.ip(ctx, l.Router, "link", "set", "home1", "up")
}

// Delay adds oneWay to every packet crossing the home link, each way (a
// round trip gains twice that): the router routes what it forwards from
// either side into the delay relay's TUN interface (policy routing, table
// 100), and the relay writes each packet back after the delay.
func (l *Lab) Delay(ctx context.Context, oneWay time.Duration) error {
	l.mu.Lock()
	relay := l.relay
	l.mu.Unlock()
	if relay == nil {
		p, err := l.start(l.Router, "relay", nil, nil)
		if err != nil {
			return err
		}
		if err := p.Ready(ctx); err != nil {
			return err
		}
		steps := [][]string{
			{"link", "set", relayTUN, "up"},
			{"route", "add", "default", "dev", relayTUN, "table", "100"},
			{"-6", "route", "add", "default", "dev", relayTUN, "table", "100"},
		}
		for _, fam := range []string{"-4", "-6"} {
			steps = append(steps,
				[]string{fam, "rule", "add", "iif", "home1", "lookup", "100", "pref", "100"},
				[]string{fam, "rule", "add", "iif", "wan0", "lookup", "100", "pref", "101"})
		}
		for _, s := range steps {
			if err := l.ip(ctx, l.Router, s...); err != nil {
				return fmt.Errorf("netlab: delay relay: %w", err)
			}
		}
		l.mu.Lock()
		l.relay, relay = p, p
		l.mu.Unlock()
	}
	_, err := relay.Call(ctx, "delay "+oneWay.String())
	return err
}

// SetHTTP sets how a host's HTTP(S) server answers: ok, 503 or 429.
func (l *Lab) SetHTTP(ctx context.Context, host, mode string) error {
	_, err := l.inet.Call(ctx, "http "+host+" "+mode)
	return err
}

// SetDNS sets how the DNS server answers: normal, drop (never answers),
// refuse (REFUSED for everything) or portal (every name is the portal).
func (l *Lab) SetDNS(ctx context.Context, mode string) error {
	_, err := l.inet.Call(ctx, "dns "+mode)
	return err
}

// Hits is how many HTTP(S) requests host has had, over IPv4 and over IPv6.
func (l *Lab) Hits(ctx context.Context, host string) (v4, v6 int, err error) {
	out, err := l.inet.Call(ctx, "hits "+host)
	if err != nil {
		return 0, 0, err
	}
	_, err = fmt.Sscan(out, &v4, &v6)
	return v4, v6, err
}

// WaitHits returns once host has had n HTTP(S) requests in all: a sign
// that DownRadar has checked it.
func (l *Lab) WaitHits(ctx context.Context, host string, n int) error {
	_, err := l.inet.Call(ctx, fmt.Sprintf("wait-hits %s %d", host, n))
	return err
}
