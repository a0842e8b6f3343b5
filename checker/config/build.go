package config

import (
	"fmt"
	"net"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/downradar/downradar/checker/probe"
)

// rawConfig is the document as written, before defaults and validation.
type rawConfig struct {
	Interval    *string       `toml:"interval"`
	Timeout     *string       `toml:"timeout"`
	Resolver    string        `toml:"resolver"`
	Language    string        `toml:"language"`
	Attempts    *int          `toml:"attempts"`
	Concurrency *int          `toml:"concurrency"`
	Thresholds  rawThresholds `toml:"thresholds"`
	Network     rawNetwork    `toml:"network"`
	Notify      rawNotify     `toml:"notifications"`
	Status      *string       `toml:"status_interval"`
	News        rawNews       `toml:"news"`
	Catalog     *bool         `toml:"catalog"`
	Service     []rawService  `toml:"service"`
}

type rawNews struct {
	Builtin  *bool     `toml:"builtin"`
	Interval *string   `toml:"interval"`
	Window   *string   `toml:"window"`
	Feed     []rawFeed `toml:"feed"`
}

type rawFeed struct {
	URL    string `toml:"url"`
	Lang   string `toml:"lang"`
	Region string `toml:"region"`
	Name   string `toml:"name"`
}

type rawNotify struct {
	QuietHours *string `toml:"quiet_hours"`
}

type rawThresholds struct {
	Fail    *int      `toml:"fail"`
	Recover *int      `toml:"recover"`
	Recheck *[]string `toml:"recheck"`
}

type rawNetwork struct {
	Control *[]string `toml:"control"`
}

type rawService struct {
	Name       string         `toml:"name"`
	ID         *string        `toml:"id"`
	Status     *string        `toml:"status"`
	StatusKind *string        `toml:"status_kind"`
	Enabled    *bool          `toml:"enabled"`
	Mute       *bool          `toml:"mute"`
	Interval   *string        `toml:"interval"`
	Component  []rawComponent `toml:"component"`
}

type rawComponent struct {
	Name   string   `toml:"name"`
	Probe  string   `toml:"probe"`
	Expect *string  `toml:"expect"`
	Slow   *string  `toml:"slow"`
	Body   *string  `toml:"body"`
	Status []string `toml:"status_components"`
}

// builder fills defaults and validates, keeping the first error.
type builder struct {
	file string
	pos  positions
	err  error
}

func (b *builder) fail(key, format string, args ...any) {
	if b.err == nil {
		b.err = &Error{File: b.file, Line: b.pos.lineOf(key), Key: key, Msg: fmt.Sprintf(format, args...)}
	}
}

func (b *builder) build(r rawConfig) *Config {
	c := &Config{
		File:        b.file,
		Interval:    b.duration("interval", r.Interval, DefaultInterval, MinInterval, MaxInterval),
		Timeout:     b.duration("timeout", r.Timeout, DefaultTimeout, time.Millisecond, MaxTimeout),
		Resolver:    b.resolver(r.Resolver),
		Language:    b.language(r.Language),
		Attempts:    b.count("attempts", r.Attempts, DefaultAttempts, 1, 10),
		Concurrency: b.count("concurrency", r.Concurrency, DefaultConcurrency, 1, 1024),
		Thresholds: Thresholds{
			Fail:    b.count("thresholds.fail", r.Thresholds.Fail, DefaultFail, 1, 100),
			Recover: b.count("thresholds.recover", r.Thresholds.Recover, DefaultRecover, 1, 100),
			Recheck: DefaultRecheck,
		},
	}
	if r.Notify.QuietHours != nil {
		q, err := ParseQuiet(*r.Notify.QuietHours)
		if err != nil {
			b.fail("notifications.quiet_hours", "%v", err)
		}
		c.Notify.Quiet = q
	}
	c.StatusInterval = b.duration("status_interval", r.Status, DefaultStatusInterval, MinStatusInterval, MaxStatusInterval)
	c.News = b.news(r.News)
	if c.Timeout > c.Interval {
		b.fail("timeout", "%s is longer than interval (%s)", c.Timeout, c.Interval)
	}
	if r.Thresholds.Recheck != nil {
		c.Thresholds.Recheck = nil
		b.atMost("thresholds.recheck", len(*r.Thresholds.Recheck), MaxRechecks, "delays")
		for _, s := range *r.Thresholds.Recheck {
			c.Thresholds.Recheck = append(c.Thresholds.Recheck, b.duration("thresholds.recheck", &s, 0, time.Millisecond, MaxRecheck))
		}
	}
	control := DefaultControl
	if r.Network.Control != nil {
		control = *r.Network.Control
		if len(control) == 0 {
			b.fail("network.control", "empty: leave the key out to use the defaults")
		}
		b.atMost("network.control", len(control), MaxControl, "probes")
	}
	for _, raw := range control {
		t, err := probe.Parse(raw)
		if err != nil {
			b.fail("network.control", "%v", err)
		}
		if t.Kind == probe.KindHTTP {
			t.Expect = probe.Ranges{{Lo: 204, Hi: 204}}
		}
		c.Control = append(c.Control, t)
	}
	b.atMost(fmt.Sprintf("service[%d]", MaxServices), len(r.Service), MaxServices, "[[service]] tables")
	for _, m := range b.merge(r) {
		s := b.service(m.key, m.raw, c.Interval)
		s.Builtin = m.builtin
		if s.Interval < c.Timeout {
			b.fail(m.key+".interval", "%s is shorter than timeout (%s)", s.Interval, c.Timeout)
		}
		c.Services = append(c.Services, s)
	}
	if len(c.Services) == 0 {
		b.fail("", "no [[service]] to watch")
	}
	return c
}

func (b *builder) service(key string, rs rawService, interval time.Duration) Service {
	s := Service{
		Name:     b.name(key+".name", rs.Name),
		Enabled:  rs.Enabled == nil || *rs.Enabled,
		Mute:     rs.Mute != nil && *rs.Mute,
		Interval: b.duration(key+".interval", rs.Interval, interval, MinInterval, MaxInterval),
	}
	if s.Name == "" {
		b.fail(key, "a service needs a name")
	}
	s.ID = DefaultID(s.Name)
	if rs.ID != nil {
		s.ID = strings.TrimSpace(*rs.ID)
		if !validID(s.ID) {
			b.fail(key+".id", "%q is not an id: lowercase letters, digits and - only (like \"whatsapp\")", *rs.ID)
		}
	}
	if rs.Status != nil {
		s.Status = b.statusPage(key, *rs.Status, rs.StatusKind)
	} else if rs.StatusKind != nil {
		b.fail(key+".status_kind", "status_kind needs a status page: add status = \"https://...\"")
	}
	if len(rs.Component) == 0 {
		b.fail(key, "service %q has no [[service.component]]", s.Name)
	}
	b.atMost(fmt.Sprintf("%s.component[%d]", key, MaxComponents), len(rs.Component), MaxComponents, "[[service.component]] tables")
	seen := map[string]int{}
	for j, rc := range rs.Component {
		ck := fmt.Sprintf("%s.component[%d]", key, j)
		comp := Component{Name: b.name(ck+".name", rc.Name)}
		if comp.Name == "" {
			b.fail(ck, "a component needs a name")
		}
		if k, dup := seen[strings.ToLower(comp.Name)]; dup && comp.Name != "" {
			b.fail(ck+".name", "%q is already the name of component[%d]", comp.Name, k)
		}
		seen[strings.ToLower(comp.Name)] = j
		if rc.Probe == "" {
			b.fail(ck, "component %q has no probe", comp.Name)
		}
		t, err := probe.Parse(rc.Probe)
		if err != nil && rc.Probe != "" {
			b.fail(ck+".probe", "%v", err)
		}
		if rc.Expect != nil {
			if t.Kind != probe.KindHTTP {
				b.fail(ck+".expect", "only http(s) probes have a status to expect")
			}
			if t.Expect, err = probe.ParseRanges(*rc.Expect); err != nil {
				b.fail(ck+".expect", "%v", err)
			}
		}
		if rc.Body != nil {
			if t.Kind != probe.KindHTTP {
				b.fail(ck+".body", "only http(s) probes have a body")
			}
			t.Body = *rc.Body
		}
		t.Slow = b.duration(ck+".slow", rc.Slow, 0, time.Millisecond, MaxTimeout)
		if len(rc.Status) > 0 && rs.Status == nil {
			b.fail(ck+".status_components", "the service has no status page: add status = \"https://...\" to it")
		}
		b.atMost(ck+".status_components", len(rc.Status), MaxStatusComponents, "names")
		for _, n := range rc.Status {
			if n = b.name(ck+".status_components", n); n == "" {
				b.fail(ck+".status_components", "an empty name")
			} else {
				comp.StatusComponents = append(comp.StatusComponents, n)
			}
		}
		comp.Target = t
		s.Components = append(s.Components, comp)
	}
	return s
}

// duration parses an optional duration within [min, max].
func (b *builder) duration(key string, s *string, def, min, max time.Duration) time.Duration {
	if s == nil {
		return def
	}
	d, err := time.ParseDuration(strings.TrimSpace(*s))
	if err != nil {
		b.fail(key, "%q is not a duration (like \"60s\" or \"5m\")", *s)
		return def
	}
	if d < min {
		b.fail(key, "%s is too short (at least %s)", d, min)
		return def
	}
	if d > max {
		b.fail(key, "%s is too long (at most %s)", d, max)
		return def
	}
	return d
}

// atMost refuses a list of n entries (a TOML array, or tables of one
// name) longer than max; what names its entries.
func (b *builder) atMost(key string, n, max int, what string) {
	if n > max {
		b.fail(key, "%d %s: at most %d", n, what, max)
	}
}

// name reads a name shown in menus, notifications and log lines: trimmed,
// of at most MaxName characters, none of them a control character (a line
// break would forge a log line, an escape would drive the terminal).
func (b *builder) name(key, raw string) string {
	s := strings.TrimSpace(raw)
	if n := utf8.RuneCountInString(s); n > MaxName {
		b.fail(key, "a name of %d characters: at most %d", n, MaxName)
	}
	if i := strings.IndexFunc(s, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		b.fail(key, "%q contains a control character (%U)", s, r)
	}
	return s
}

// count reads an optional whole number within [lo, hi].
func (b *builder) count(key string, n *int, def, lo, hi int) int {
	if n == nil {
		return def
	}
	if *n < lo || *n > hi {
		b.fail(key, "%d is out of range (%d to %d)", *n, lo, hi)
		return def
	}
	return *n
}

// language checks a language tag: "" (follow the system), or a BCP 47
// tag like "hi" or "pt-BR", returned in its canonical form.
func (b *builder) language(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil || tag == language.Und {
		b.fail("language", "%q is not a language tag (like \"hi\" or \"pt-BR\"; leave it out to follow the system)", s)
		return ""
	}
	return tag.String()
}

// resolver checks an address, adding port 53 when none is given.
func (b *builder) resolver(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		host, port = strings.Trim(s, "[]"), "53"
	}
	if net.ParseIP(host) == nil {
		b.fail("resolver", "%q is not an IP address with an optional port (like \"127.0.0.1:53\")", s)
		return ""
	}
	return net.JoinHostPort(host, port)
}
