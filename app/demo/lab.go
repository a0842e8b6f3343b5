// Package demo is DownRadar's outage lab: it stands up, on 127.0.0.1 only,
// the services a config watches (their DNS names, TLS servers with
// certificates for their real host names, TCP ports), the control endpoints
// that tell whether the user's own network works, a status page and news
// feeds, and replays real outages against them: the 2019 media uploads
// failing on Facebook, Instagram and WhatsApp, the 2025 WhatsApp Web logins
// answering "service unavailable", the 2021 DNS outage of every Meta app,
// and the false alarms a monitor must not raise (the user's network down, a
// captive portal, a broken local resolver, a laptop waking from sleep, a
// single lost packet).
//
// A Lab rewrites the config so that the probes go to the lab (same host
// names, lab ports, the lab's DNS server as resolver), a Script plays a
// timeline of breakages, news and status page updates against it at any
// speed, and a Scenario says what the history must then record. The replay
// tests run the real engine, store and radar on it; `downradar demo` plays
// Demo in the tray agent. The package never imports a GUI toolkit.
package demo

import (
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// The services the demo stands up, by catalog id, and the Meta ones, to
// which the lab status page is attached.
var (
	DemoServices = []string{"whatsapp", "instagram", "facebook", "messenger", "github"}
	MetaServices = []string{"whatsapp", "instagram", "facebook", "messenger"}
)

// Options configure a Lab. The zero value is the demo's.
type Options struct {
	Services     []string        // ids of the services to stand up, in order; default DemoServices
	PageServices []string        // ids of the services the lab status page covers; default MetaServices
	NoStatusPage bool            // attach no status page at all: only the news can confirm
	Interval     time.Duration   // between checks; default DefaultInterval
	Timeout      time.Duration   // of a probe; default half the interval
	Fail         int             // default 2
	Recover      int             // default 2
	Recheck      []time.Duration // quick re-checks; default a quarter and half of the interval
	// Speed is the pace the scripts will play at (Script.Play's speed),
	// default 1: Tune fits the news window to it.
	Speed float64
	Logf  func(string, ...any) // default: discard
}

// DefaultInterval is the demo's check interval: a scenario of a minute shows
// each step within a few seconds.
const DefaultInterval = 2 * time.Second

func (o *Options) defaults() {
	if o.Services == nil {
		o.Services = DemoServices
	}
	if o.PageServices == nil {
		o.PageServices = MetaServices
	}
	if o.NoStatusPage {
		o.PageServices = nil
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Timeout <= 0 {
		o.Timeout = o.Interval / 2
	}
	if o.Fail <= 0 {
		o.Fail = 2
	}
	if o.Recover <= 0 {
		o.Recover = 2
	}
	if o.Recheck == nil {
		o.Recheck = []time.Duration{o.Interval / 4, o.Interval / 2}
	}
	if o.Speed <= 0 {
		o.Speed = 1
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

// Lab is a running outage lab. Its methods are safe for concurrent use.
type Lab struct {
	opts     Options
	ca       *lab.CA
	dns      *lab.DNSServer
	page     *StatusPage // nil with Options.NoStatusPage
	feed     *Feed
	comps    []*endpoint // the services' components, in config order
	controls []*endpoint
	listed   []Component // the services' components as the caller sees them
	portal   *portal
	toml     []byte
	offset   atomic.Int64 // the clock's jump, in nanoseconds

	setMu   sync.Mutex // serialises changes (a port takes a moment to stall)
	mu      sync.RWMutex
	network status.Network
	dnsFail map[string]lab.Answer // names answering a failure while online
	changed chan struct{}         // closed, and replaced, when a change has been made
}

// Ref names a component: its service's catalog id and its name. An empty
// Component stands for every component of the service.
type Ref struct{ Service, Component string }

func (r Ref) String() string {
	if r.Component == "" {
		return r.Service
	}
	return r.Service + "/" + r.Component
}

// Component is one component the lab answers for.
type Component struct {
	Ref
	ServiceName string
	Target      probe.Target // as the given config probes it: real host and port
	Probe       string       // as the lab's config probes it: same host, lab port
}

// Start stands up a lab for the chosen services of cfg (Options.Services),
// with every component cfg gives them. It fails when cfg lacks a service.
func Start(cfg *config.Config, o Options) (*Lab, error) {
	o.defaults()
	l := &Lab{opts: o, network: status.Online, dnsFail: map[string]lab.Answer{}, changed: make(chan struct{})}
	started := false
	defer func() {
		if !started {
			l.Close()
		}
	}()
	var err error
	if l.ca, err = lab.NewCA(); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if l.dns, err = lab.StartDNS(); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if l.portal, err = newPortal(l.ca); err != nil {
		return nil, err
	}
	if len(o.PageServices) > 0 {
		if l.page, err = startStatusPage(l.Now); err != nil {
			return nil, err
		}
	}
	if l.feed, err = startFeed(l.Now); err != nil {
		return nil, err
	}
	for _, id := range o.Services {
		svc, ok := serviceByID(cfg, id)
		if !ok {
			return nil, fmt.Errorf("demo: the config has no service with id %q", id)
		}
		for _, c := range svc.Components {
			e, err := l.newEndpoint(Ref{svc.ID, c.Name}, svc.Name, c.Target, roleService)
			if err != nil {
				return nil, err
			}
			l.comps = append(l.comps, e)
			l.listed = append(l.listed, Component{Ref: e.ref, ServiceName: svc.Name, Target: c.Target, Probe: e.probe})
		}
		if l.page != nil && slices.Contains(o.PageServices, svc.ID) {
			l.page.addComponent(svc.ID, svc.Name)
		}
	}
	for _, t := range cfg.Control {
		e, err := l.newEndpoint(Ref{Service: "control", Component: t.Raw}, "", t, roleControl)
		if err != nil {
			return nil, err
		}
		l.controls = append(l.controls, e)
	}
	if l.toml, err = l.buildTOML(cfg); err != nil {
		return nil, err
	}
	if err := l.sync(false); err != nil {
		return nil, err
	}
	started = true
	return l, nil
}

// Close stops every server of the lab.
func (l *Lab) Close() {
	for _, e := range l.endpointsAll() {
		e.close()
	}
	if l.page != nil {
		l.page.close()
	}
	if l.feed != nil {
		l.feed.close()
	}
	if l.dns != nil {
		l.dns.Close()
	}
}

// endpointsAll are the services' components and the controls.
func (l *Lab) endpointsAll() []*endpoint { return slices.Concat(l.comps, l.controls) }

// changes is closed when the next change (a behaviour, the network state)
// has been made: what a test waits on to follow the lab's state.
func (l *Lab) changes() <-chan struct{} {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.changed
}

// Components are the services' components the lab answers for, in config order.
func (l *Lab) Components() []Component { return slices.Clone(l.listed) }

// Resolver is the lab DNS server's address (the config's resolver).
func (l *Lab) Resolver() string { return l.dns.Addr }

// CAPEM is the lab CA's certificate, for SSL_CERT_FILE.
func (l *Lab) CAPEM() []byte { return l.ca.PEM() }

// Pool trusts the lab CA, for a prober's RootCAs.
func (l *Lab) Pool() *x509.CertPool { return l.ca.Pool }

// Page is the lab status page; nil with Options.NoStatusPage.
func (l *Lab) Page() *StatusPage { return l.page }

// Feed is the lab's news feeds.
func (l *Lab) Feed() *Feed { return l.feed }

// Now is the lab's wall clock: the real one, plus the jumps of Jump. Give it
// to the engine (engine.Options.Now) so a script can make the machine
// "wake from sleep".
func (l *Lab) Now() time.Time { return time.Now().Add(time.Duration(l.offset.Load())) }

// Jump moves the lab's wall clock forward by d, as a suspended laptop sees
// it when it wakes.
func (l *Lab) Jump(d time.Duration) { l.offset.Add(int64(d)) }

// Prober is the prober an engine on the lab needs: the config's, trusting
// the lab CA and using no proxy (the lab's host names are real ones, which
// an HTTPS_PROXY would otherwise send out).
func (l *Lab) Prober(c *config.Config) *probe.Prober {
	p := engine.NewProber(c)
	p.RootCAs = l.ca.Pool
	p.Proxy = func(*url.URL) (*url.URL, error) { return nil, nil }
	return p
}

// Files are the lab's files for an agent in another process.
type Files struct {
	Config string // the lab's config.toml
	CA     string // the lab CA's certificate (PEM), for SSL_CERT_FILE
}

// WriteFiles writes the lab's config and CA certificate into dir.
func (l *Lab) WriteFiles(dir string) (Files, error) {
	f := Files{Config: filepath.Join(dir, "config.toml"), CA: filepath.Join(dir, "lab-ca.pem")}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Files{}, fmt.Errorf("demo: %w", err)
	}
	if err := os.WriteFile(f.Config, l.TOML(), 0o600); err != nil {
		return Files{}, fmt.Errorf("demo: write config: %w", err)
	}
	if err := os.WriteFile(f.CA, l.CAPEM(), 0o600); err != nil {
		return Files{}, fmt.Errorf("demo: write CA: %w", err)
	}
	return f, nil
}

// Env is what an agent's process needs in its environment to probe the
// lab: SSL_CERT_FILE trusting the lab CA alone (so nothing outside the lab
// would verify either), and no proxy for any host.
func (f Files) Env() []string {
	return []string{"SSL_CERT_FILE=" + f.CA, "NO_PROXY=*", "no_proxy=*"}
}

func serviceByID(cfg *config.Config, id string) (config.Service, bool) {
	for _, s := range cfg.Services {
		if s.ID == id {
			return s, true
		}
	}
	return config.Service{}, false
}
