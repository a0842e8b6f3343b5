package probe

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kind is the protocol a probe speaks.
type Kind string

// The probe kinds, named by their URL scheme (http and https share KindHTTP).
const (
	KindDNS  Kind = "dns"
	KindTCP  Kind = "tcp"
	KindTLS  Kind = "tls"
	KindHTTP Kind = "http"
)

// Target is a parsed probe: a URL such as https://web.whatsapp.com/,
// tcp://e1.whatsapp.net:5222, tls://host:443 or dns://example.org, plus the
// HTTP expectations that a config line may add.
type Target struct {
	Raw  string
	Kind Kind
	Host string // host name or IP literal, without brackets
	Port string // empty for DNS
	URL  *url.URL

	Expect Ranges        // accepted HTTP status codes; default 200-399
	Body   string        // optional text the HTTP body must contain
	Slow   time.Duration // over this, a working probe is "slow"; 0 = never
}

// Parse parses a probe URL. The error says what is wrong with it.
func Parse(raw string) (Target, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return Target{}, fmt.Errorf("not a URL: %w", err)
	}
	t := Target{Raw: raw, URL: u, Host: u.Hostname(), Port: u.Port()}
	if u.Opaque != "" || (u.Host == "" && u.Scheme != "") {
		return Target{}, fmt.Errorf("%q has no host (write %s://host...)", raw, u.Scheme)
	}
	if u.User != nil {
		return Target{}, fmt.Errorf("%q: credentials in probe URLs are not supported", raw)
	}
	switch u.Scheme {
	case "http", "https":
		t.Kind = KindHTTP
		if t.Port == "" {
			t.Port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		t.Expect = DefaultExpect()
	case "tcp", "tls":
		t.Kind = Kind(u.Scheme)
		if t.Port == "" {
			return Target{}, fmt.Errorf("%q needs a port (%s://host:port)", raw, u.Scheme)
		}
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return Target{}, fmt.Errorf("%q: %s probes take only host:port", raw, u.Scheme)
		}
	case "dns":
		t.Kind = KindDNS
		if t.Port != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return Target{}, fmt.Errorf("%q: dns probes take only a host name (dns://host)", raw)
		}
		if net.ParseIP(t.Host) != nil {
			return Target{}, fmt.Errorf("%q: a dns probe needs a name, not an address", raw)
		}
	case "":
		return Target{}, fmt.Errorf("%q has no scheme (use https://, http://, tcp://, tls:// or dns://)", raw)
	default:
		return Target{}, fmt.Errorf("%q: unknown scheme %q (use https, http, tcp, tls or dns)", raw, u.Scheme)
	}
	if t.Host == "" {
		return Target{}, fmt.Errorf("%q has no host", raw)
	}
	if t.Port != "" {
		if n, err := strconv.Atoi(t.Port); err != nil || n < 1 || n > 65535 {
			return Target{}, fmt.Errorf("%q: port %q is not 1-65535", raw, t.Port)
		}
	}
	return t, nil
}

// HostPort is host:port for dialing.
func (t Target) HostPort() string { return net.JoinHostPort(t.Host, t.Port) }

// Range is an inclusive range of HTTP status codes.
type Range struct{ Lo, Hi int }

// Ranges is a set of status code ranges.
type Ranges []Range

// DefaultExpect is 200-399: success and redirects.
func DefaultExpect() Ranges { return Ranges{{200, 399}} }

// ParseRanges parses "200-399", "200,204" or "200-299,404".
func ParseRanges(s string) (Ranges, error) {
	var rs Ranges
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(strings.TrimSpace(lo))
		b, err2 := a, error(nil)
		if isRange {
			b, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		if err1 != nil || err2 != nil || a < 100 || b > 599 || a > b {
			return nil, fmt.Errorf("%q is not a status code or range (like 200-399) within 100-599", part)
		}
		rs = append(rs, Range{a, b})
	}
	return rs, nil
}

// Contains reports whether code is in one of the ranges.
func (rs Ranges) Contains(code int) bool {
	for _, r := range rs {
		if code >= r.Lo && code <= r.Hi {
			return true
		}
	}
	return false
}

// String renders the ranges as ParseRanges reads them.
func (rs Ranges) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		if r.Lo == r.Hi {
			parts[i] = strconv.Itoa(r.Lo)
		} else {
			parts[i] = fmt.Sprintf("%d-%d", r.Lo, r.Hi)
		}
	}
	return strings.Join(parts, ",")
}
