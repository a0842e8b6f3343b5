// Package config reads DownRadar's TOML configuration: decoded strictly,
// defaults filled in, then validated, every error naming the file, the line
// and the key, so a mistyped line is never silently dropped.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/adrg/xdg"
	"github.com/downradar/downradar/checker/internal/tomldoc"

	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/statuspage"
)

// Defaults for keys left out.
const (
	DefaultInterval    = 60 * time.Second
	DefaultTimeout     = 10 * time.Second
	DefaultAttempts    = 2
	DefaultConcurrency = 64
	DefaultFail        = 2
	DefaultRecover     = 2
	MinInterval        = time.Second

	DefaultStatusInterval = 3 * time.Minute
	MinStatusInterval     = time.Minute
	DefaultNewsInterval   = 10 * time.Minute
	MinNewsInterval       = time.Minute
	DefaultNewsWindow     = time.Hour
	MinNewsWindow         = 5 * time.Minute
)

// Upper bounds. A value past one is a slip (an interval of 2562047h, a
// list of thousands), refused with its line rather than obeyed: the
// engine's waits, the radar's memory and the tray's menu stay bounded.
const (
	MaxInterval       = 24 * time.Hour  // interval, a service's interval
	MaxTimeout        = 5 * time.Minute // timeout, a component's slow
	MaxRecheck        = time.Hour       // each of thresholds.recheck
	MaxStatusInterval = 24 * time.Hour
	MaxNewsInterval   = 24 * time.Hour
	MaxNewsWindow     = 24 * time.Hour

	MaxRechecks         = 10   // entries of thresholds.recheck
	MaxControl          = 16   // entries of network.control
	MaxServices         = 2000 // [[service]] tables
	MaxComponents       = 100  // [[service.component]] tables of one service
	MaxStatusComponents = 100  // entries of one component's status_components
	MaxFeeds            = 100  // [[news.feed]] tables
	MaxName             = 100  // characters of a service's, component's or feed's name

	// MaxFileSize bounds the config file read: a few thousand services
	// make a few hundred kilobytes.
	MaxFileSize = 4 << 20
)

// DefaultRecheck is when a first failure is checked again, before a full interval.
var DefaultRecheck = []time.Duration{5 * time.Second, 15 * time.Second}

// DefaultControl are the probes that tell whether the user's own connection
// works: two independent anycast addresses, a name lookup, and an HTTP
// endpoint that answers 204 (anything else means a captive portal).
var DefaultControl = []string{
	"tcp://1.1.1.1:443",
	"tcp://8.8.8.8:443",
	"dns://example.org",
	"http://connectivitycheck.gstatic.com/generate_204",
}

//go:embed default.toml
var defaultTOML []byte

// Config is a loaded, validated configuration.
type Config struct {
	File        string        // where it was read from; "" for the built-in one
	Interval    time.Duration // default time between checks of a service
	Timeout     time.Duration // bound on one probe
	Resolver    string        // host:port for DNS, "" for the system's
	Language    string        // the language people read it in (BCP 47: "hi"); "" to follow the system
	Attempts    int           // HTTP attempts per probe
	Concurrency int           // probes in flight at once
	Thresholds  Thresholds
	Control     []probe.Target // the network's control probes
	Notify      Notify
	// StatusInterval is how often the services' status pages are read.
	StatusInterval time.Duration
	News           News
	Services       []Service // every service, watched or not; see Watched
}

// News configures the news radar.
type News struct {
	Builtin  bool          // the built-in news search feeds, one per language (key "builtin", default true)
	Interval time.Duration // between polls of a feed
	Window   time.Duration // how recent an outage report must be to count
	Feeds    []news.Feed   // the user's own feeds ([[news.feed]])
}

// StatusPage is a service's official status page.
type StatusPage struct {
	URL  string
	Kind statuspage.Kind // "" to detect it
}

// Watched are the services that are enabled, in config order.
func (c *Config) Watched() []Service {
	out := make([]Service, 0, len(c.Services))
	for _, s := range c.Services {
		if s.Enabled {
			out = append(out, s)
		}
	}
	return out
}

// Notify holds what the notifications obey.
type Notify struct {
	Quiet *Quiet // nil: no quiet hours
}

// Thresholds set the hysteresis of incidents.
type Thresholds struct {
	Fail    int             // consecutive bad checks that open an incident
	Recover int             // consecutive good checks that close it
	Recheck []time.Duration // delays of the quick re-checks after a first failure
}

// Service is one watched service and its components.
type Service struct {
	Name       string
	Enabled    bool // watched at all (key "enabled", default true)
	Mute       bool // watched and recorded, but never notified (key "mute")
	Interval   time.Duration
	Components []Component
	// ID is the service's catalog id, as the news classifier names it:
	// lowercase, e.g. "whatsapp" (key "id"; default: the name lowercased,
	// without spaces or punctuation).
	ID     string
	Status *StatusPage // nil when it has none (key "status")
	// Builtin is true for a service of the built-in catalog, whether the
	// user's config names it or not.
	Builtin bool
}

// Component is one part of a service, checked by one probe.
type Component struct {
	Name   string
	Target probe.Target
	// StatusComponents are the status page's components this one maps to
	// (key "status_components"); none: the page's overall state.
	StatusComponents []string
}

// Error is a configuration error at a place in a file.
type Error struct {
	File string
	Line int    // 0 when unknown
	Key  string // the key path, e.g. service[0].component[1].probe
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(clip(e.Key) + ": ")
	}
	b.WriteString(clip(e.Msg))
	return b.String()
}

// maxQuoted bounds what an error message keeps of each of its key and its
// message, which may quote the file (a value of megabytes, a key as long):
// the middle is cut, so that the message's start and its hint at the end stay.
const maxQuoted = 320

// clip cuts the middle out of s when it is longer than maxQuoted bytes.
func clip(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	h, t := maxQuoted*2/3, len(s)-maxQuoted/3
	for h > 0 && !utf8.RuneStart(s[h]) {
		h--
	}
	for t < len(s) && !utf8.RuneStart(s[t]) {
		t++
	}
	return fmt.Sprintf("%s…[%d bytes cut]…%s", s[:h], t-h, s[t:])
}

// DefaultPath is $XDG_CONFIG_HOME/downradar/config.toml.
func DefaultPath() string { return filepath.Join(xdg.ConfigHome, "downradar", "config.toml") }

// Load reads the config at path. With explicit false and no file at path,
// it returns the built-in default configuration instead.
func Load(path string, explicit bool) (*Config, error) {
	data, err := ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return Default(), nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// ReadFile reads a config file of at most MaxFileSize bytes.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("larger than %d MiB: is it the right file?", MaxFileSize>>20)}
	}
	return data, nil
}

// DefaultTOML is the text of the built-in configuration, comments and all.
func DefaultTOML() []byte { return bytes.Clone(defaultTOML) }

// Default is the built-in configuration, used when the user has none.
func Default() *Config {
	c, err := Parse("", defaultTOML)
	if err != nil {
		panic("config: built-in default is invalid: " + err.Error())
	}
	return c
}

// bom is the UTF-8 byte order mark some editors write first.
var bom = []byte("\xef\xbb\xbf")

// Parse decodes and validates a TOML document; file names it in errors. A
// UTF-8 byte order mark at its start is skipped.
func Parse(file string, data []byte) (*Config, error) {
	data = bytes.TrimPrefix(data, bom) // the lines' positions are counted without it
	pos := indexPositions(data)
	var raw rawConfig
	if err := tomldoc.Decode(data, &raw); err != nil {
		return nil, decodeError(file, data, pos, err)
	}
	b := builder{file: file, pos: pos}
	c := b.build(raw)
	if b.err != nil {
		return nil, b.err
	}
	return c, nil
}

// decodeError turns a document error (tomldoc) into an Error at its line,
// with the key as the config writes it.
func decodeError(file string, data []byte, pos positions, err error) error {
	var de *tomldoc.Error
	if !errors.As(err, &de) {
		return &Error{File: file, Msg: err.Error()}
	}
	key, known := pos.byLine[de.Line]
	if de.Unknown {
		last := key[strings.LastIndexAny(key, ".]")+1:]
		if len(de.Key) > 0 {
			last = de.Key[len(de.Key)-1]
		}
		return &Error{File: file, Line: de.Line, Key: key, Msg: fmt.Sprintf("unknown key %q", last)}
	}
	if !known {
		key = pos.keyOnLine(data, de.Line)
	}
	msg := de.Msg
	if known && strings.HasPrefix(msg, "cannot decode") {
		msg = "wrong type: want " + wantType(key)
	}
	return &Error{File: file, Line: de.Line, Key: key, Msg: msg}
}

// wantType describes the type a key takes.
func wantType(key string) string {
	last := key[strings.LastIndexAny(key, ".]")+1:]
	switch last {
	case "fail", "recover", "attempts", "concurrency":
		return "a whole number"
	case "enabled", "mute", "builtin", "catalog":
		return "true or false"
	case "control", "recheck", "status_components":
		return "a list of strings"
	case "thresholds", "network", "notifications", "news":
		return "a table"
	case "service", "component", "feed", "":
		return "[[" + strings.TrimSuffix(strings.TrimSuffix(key, "]"), "[") + "]] tables"
	}
	return "a string"
}
