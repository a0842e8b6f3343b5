package netlab

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Domain is the lab's DNS zone, under the reserved .test TLD (RFC 2606).
const Domain = "lab.test"

// The lab's addresses: documentation ranges only (RFC 5737, RFC 3849).
var (
	// The home link: the user's machine and the router's inside.
	UserV4   = netip.MustParseAddr("192.0.2.2")
	UserV6   = netip.MustParseAddr("2001:db8:1::2")
	RouterV4 = netip.MustParseAddr("192.0.2.1")
	RouterV6 = netip.MustParseAddr("2001:db8:1::1")

	// The uplink: the router's outside and the internet's edge.
	WANRouterV4 = netip.MustParseAddr("198.51.100.1")
	WANRouterV6 = netip.MustParseAddr("2001:db8:2::1")
	WANInetV4   = netip.MustParseAddr("198.51.100.2")
	WANInetV6   = netip.MustParseAddr("2001:db8:2::2")

	// The user's DNS resolver (as an ISP's would be, on the uplink's side).
	ResolverV4 = netip.MustParseAddr("198.51.100.53")
	ResolverV6 = netip.MustParseAddr("2001:db8:2::53")

	// The internet: services and control targets live in these prefixes.
	InternetV4 = netip.MustParsePrefix("203.0.113.0/24")
	InternetV6 = netip.MustParsePrefix("2001:db8:3::/64")

	// ControlV4 and ControlV6 are the control probes' targets by address.
	ControlV4 = netip.MustParseAddr("203.0.113.250")
	ControlV6 = netip.MustParseAddr("2001:db8:3::250")

	// PortalV4 and PortalV6 are the captive portal's addresses.
	PortalV4 = netip.MustParseAddr("203.0.113.80")
	PortalV6 = netip.MustParseAddr("2001:db8:3::80")
)

// The lab's other names: the control probe's name, the HTTP control that
// answers 204, and the captive portal's login page.
var (
	ControlName     = "control." + Domain
	PortalCheckName = "portal-check." + Domain
	PortalName      = "portal." + Domain
)

// The lab's ports: plain HTTP, HTTPS (and tls:// probes), a chat-like TCP
// service, and a UDP echo for measuring loss.
const (
	PortHTTP  = 80
	PortHTTPS = 443
	PortChat  = 5222
	PortEcho  = 7
)

// LargeBody is the size of what /large answers: far more than one packet,
// for the path-MTU black hole.
const LargeBody = 256 << 10

// Service is one of the lab's services, as the lab's config watches it.
type Service struct {
	N          int    // 1..10: its addresses end in N
	Name       string // as the config names it
	Components []Component
}

// Component is one probe of a Service.
type Component struct {
	Name, Probe, Expect, Body string
}

// Host is the service's DNS name, sN.lab.test.
func (s Service) Host() string { return ServiceHost(s.N) }

// ServiceHost is the DNS name of service n.
func ServiceHost(n int) string { return fmt.Sprintf("s%d.%s", n, Domain) }

// ServiceV4 is service n's IPv4 address.
func ServiceV4(n int) netip.Addr { return netip.AddrFrom4([4]byte{203, 0, 113, byte(n)}) }

// ServiceV6 is service n's IPv6 address.
func ServiceV6(n int) netip.Addr { return netip.MustParseAddr(fmt.Sprintf("2001:db8:3::%d", n)) }

// Services are the ten services of the lab's config: one to three
// components each, over https, http, tls, tcp and dns probes.
var Services = func() []Service {
	h := ServiceHost
	return []Service{
		{1, "Mail", []Component{{Name: "Web", Probe: "https://" + h(1) + "/"}, {Name: "Sync", Probe: "tls://" + h(1) + ":443"}}},
		{2, "Chat", []Component{{Name: "Web", Probe: "https://" + h(2) + "/"}, {Name: "Chat", Probe: "tcp://" + h(2) + ":5222"}, {Name: "Media", Probe: "tls://" + h(2) + ":443"}}},
		{3, "Video", []Component{{Name: "Web", Probe: "https://" + h(3) + "/"}}},
		{4, "Social", []Component{{Name: "Web", Probe: "https://" + h(4) + "/"}, {Name: "API", Probe: "https://" + h(4) + "/api/", Expect: "200-499"}}},
		{5, "Shop", []Component{{Name: "Web", Probe: "https://" + h(5) + "/"}, {Name: "Checkout", Probe: "https://" + h(5) + "/checkout"}}},
		{6, "Maps", []Component{{Name: "Web", Probe: "https://" + h(6) + "/"}, {Name: "Tiles", Probe: "tls://" + h(6) + ":443"}}},
		{7, "Music", []Component{{Name: "Stream", Probe: "tcp://" + h(7) + ":5222"}, {Name: "Web", Probe: "https://" + h(7) + "/"}}},
		{8, "Docs", []Component{{Name: "Web", Probe: "https://" + h(8) + "/", Body: "DownRadar lab"}}},
		{9, "Files", []Component{{Name: "Web", Probe: "https://" + h(9) + "/"}, {Name: "Download", Probe: "https://" + h(9) + "/large"}}},
		{10, "Names", []Component{{Name: "DNS", Probe: "dns://" + h(10)}, {Name: "Web", Probe: "http://" + h(10) + "/"}}},
	}
}()

// ServiceNamed is the lab service called name; it panics on a name the
// plan does not have (a typo in a test).
func ServiceNamed(name string) Service {
	for _, s := range Services {
		if s.Name == name {
			return s
		}
	}
	panic("netlab: no service " + name)
}

// Controls are the lab config's control probes: one address per family,
// a name, and an HTTP endpoint that answers 204.
var Controls = []string{
	"tcp://" + ControlV4.String() + ":443",
	"tcp://[" + ControlV6.String() + "]:443",
	"dns://" + ControlName,
	"http://" + PortalCheckName + "/generate_204",
}

// records are the A and AAAA records the lab's DNS server answers.
func records() map[string][]netip.Addr {
	m := map[string][]netip.Addr{
		ControlName:     {netip.MustParseAddr("203.0.113.251"), netip.MustParseAddr("2001:db8:3::251")},
		PortalCheckName: {netip.MustParseAddr("203.0.113.204"), netip.MustParseAddr("2001:db8:3::204")},
		PortalName:      {PortalV4, PortalV6},
	}
	for _, s := range Services {
		m[s.Host()] = []netip.Addr{ServiceV4(s.N), ServiceV6(s.N)}
	}
	return m
}

// inetAddrs are the addresses the internet namespace holds on lo.
func inetAddrs() []netip.Addr {
	out := []netip.Addr{ControlV4, ControlV6}
	for _, addrs := range records() {
		out = append(out, addrs...)
	}
	return out
}

// ConfigOptions vary the lab's config.
type ConfigOptions struct {
	Interval time.Duration // default 60s
	Timeout  time.Duration // default 10s (DownRadar's own default)
}

// Config is the DownRadar config (TOML) the lab's client runs: the ten
// services, the lab's control probes, no catalog, no status pages or news.
func Config(o ConfigOptions) string {
	if o.Interval == 0 {
		o.Interval = time.Minute
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# The netlab's config: its services only, checked from the lab's user namespace.\n")
	fmt.Fprintf(&b, "interval = %q\ntimeout = %q\ncatalog = false\n\n", o.Interval, o.Timeout)
	fmt.Fprintf(&b, "[network]\ncontrol = [%s]\n\n[news]\nbuiltin = false\n", quoteAll(Controls))
	for _, s := range Services {
		fmt.Fprintf(&b, "\n[[service]]\nname = %q\n", s.Name)
		for _, c := range s.Components {
			fmt.Fprintf(&b, "  [[service.component]]\n  name = %q\n  probe = %q\n", c.Name, c.Probe)
			if c.Expect != "" {
				fmt.Fprintf(&b, "  expect = %q\n", c.Expect)
			}
			if c.Body != "" {
				fmt.Fprintf(&b, "  body = %q\n", c.Body)
			}
		}
	}
	return b.String()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
