package demo

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// labProbe runs one probe of the lab's config, bounded by its timeout
// when it is meant to time out, else by a generous one: these tests run
// beside the replays, whose start keeps both cores busy for a moment.
func labProbe(l *Lab, c *config.Config, t probe.Target, timesOut bool) probe.Result {
	d := 10 * time.Second
	if timesOut {
		d = c.Timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return l.Prober(c).Probe(ctx, t)
}

func labConfig(t *testing.T, l *Lab) *config.Config {
	t.Helper()
	c, err := l.Config()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func component(t *testing.T, c *config.Config, ref Ref) probe.Target {
	t.Helper()
	for _, s := range c.Services {
		for _, comp := range s.Components {
			if s.ID == ref.Service && comp.Name == ref.Component {
				return comp.Target
			}
		}
	}
	t.Fatalf("the lab's config has no %s", ref)
	return probe.Target{}
}

// The lab's config loads, watches the chosen services with every component
// of the catalog at the same host, scheme and path on a lab port, asks the
// lab's DNS, checks the lab's controls, reads the lab's news only, and
// attaches the lab status page to the Meta services.
func TestLabConfig(t *testing.T) {
	t.Parallel()
	cat, err := catalog(t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	l := startLab(t, testOptions(t.Logf))
	c := labConfig(t, l)
	if c.Resolver != l.Resolver() || c.Interval != testInterval || c.Timeout != testTimeout || c.News.Builtin {
		t.Errorf("resolver %s interval %s timeout %s builtin news %v", c.Resolver, c.Interval, c.Timeout, c.News.Builtin)
	}
	var ids []string
	for _, s := range c.Watched() {
		ids = append(ids, s.ID)
		orig, _ := serviceByID(cat, s.ID)
		if len(s.Components) != len(orig.Components) {
			t.Errorf("%s: %d components, the catalog has %d", s.ID, len(s.Components), len(orig.Components))
			continue
		}
		for i, comp := range s.Components {
			o := orig.Components[i]
			lt, ot := comp.Target, o.Target
			if comp.Name != o.Name || lt.Kind != ot.Kind || lt.Host != ot.Host || lt.URL.Scheme != ot.URL.Scheme || lt.URL.Path != ot.URL.Path {
				t.Errorf("%s/%s: probe %s, the catalog's %s", s.ID, comp.Name, lt.Raw, ot.Raw)
			}
			paged := slices.Contains(MetaServices, s.ID)
			if want := []string{s.Name}; paged != slices.Equal(comp.StatusComponents, want) {
				t.Errorf("%s/%s: status components %q", s.ID, comp.Name, comp.StatusComponents)
			}
		}
		if paged := slices.Contains(MetaServices, s.ID); paged != (s.Status != nil && s.Status.URL == l.Page().URL()) {
			t.Errorf("%s: status page %+v", s.ID, s.Status)
		}
	}
	if !slices.Equal(ids, DemoServices) {
		t.Errorf("watched %v, want %v", ids, DemoServices)
	}
	if len(c.Control) != len(cat.Control) {
		t.Errorf("%d controls, the catalog has %d", len(c.Control), len(cat.Control))
	}
	for i, ctl := range c.Control {
		if _, err := netip.ParseAddr(ctl.Host); err == nil && ctl.Host != "127.0.0.1" || err != nil && ctl.Host != cat.Control[i].Host {
			t.Errorf("control %s (the catalog's %s)", ctl.Raw, cat.Control[i].Raw)
		}
	}
	if len(c.News.Feeds) != len(l.Feed().Languages()) {
		t.Errorf("feeds %+v", c.News.Feeds)
	}
	for _, f := range c.News.Feeds {
		if !strings.HasPrefix(f.URL, "http://127.0.0.1:") || f.Lang == "" {
			t.Errorf("feed %+v", f)
		}
	}
	files, err := l.WriteFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(files.Config, true); err != nil {
		t.Errorf("the written config: %v", err)
	}
}

// Every probe of the lab's config works, and its controls say online.
func TestLabAnswersEveryProbe(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	c := labConfig(t, l)
	for _, s := range c.Watched() {
		for _, comp := range s.Components {
			if r := labProbe(l, c, comp.Target, false); !r.OK || r.Class != probe.ClassNone {
				t.Errorf("%s/%s (%s): %s %s %s", s.ID, comp.Name, comp.Target.Raw, r.Layer(), r.Class, r.Message)
			}
		}
	}
	if v := judge(l, c, false); v != status.Online {
		t.Errorf("network %s, want online", v)
	}
}

// judge runs the lab's control probes; timesOut as in labProbe.
func judge(l *Lab, c *config.Config, timesOut bool) status.Network {
	m := &network.Monitor{Targets: c.Control, Prober: l.Prober(c), Timeout: 10 * time.Second}
	if timesOut {
		m.Timeout = c.Timeout
	}
	return m.Run(context.Background()).Network
}

// Each behaviour fails its probe at its layer with its class, leaves the
// other components alone, and recovers.
func TestBehaviours(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	c := labConfig(t, l)
	for _, tc := range []struct {
		ref          Ref
		b            Behaviour
		layer, class string
	}{
		{Ref{"whatsapp", "Web"}, Unavailable, "http", "http_status"},
		{Ref{"facebook", "Media CDN"}, Reset, "tls", "reset"},
		{Ref{"whatsapp", "Media"}, Timeout, "tls", "timeout"},
		{Ref{"instagram", "API"}, Timeout, "tls", "timeout"},
		{Ref{"whatsapp", "Chat"}, Timeout, "tcp", "timeout"},
		{Ref{"whatsapp", "Chat"}, Refused, "tcp", "refused"},
		{Ref{"instagram", "Web"}, NXDomain, "dns", "nxdomain"},
		{Ref{"messenger", "Chat"}, ServFail, "dns", "servfail"},
	} {
		target := component(t, c, tc.ref)
		if err := l.Break(tc.b, tc.ref); err != nil {
			t.Fatal(err)
		}
		r := labProbe(l, c, target, tc.class == "timeout")
		if r.OK || string(r.Layer()) != tc.layer || string(r.Class) != tc.class {
			t.Errorf("%s %s: %v %s %s (%s), want %s %s", tc.ref, tc.b, r.OK, r.Layer(), r.Class, r.Message, tc.layer, tc.class)
		}
		if other := labProbe(l, c, component(t, c, Ref{"github", "API"}), false); !other.OK {
			t.Errorf("%s %s broke GitHub: %s", tc.ref, tc.b, other.Message)
		}
		if err := l.Recover(tc.ref); err != nil {
			t.Fatal(err)
		}
		if r := labProbe(l, c, target, false); !r.OK {
			t.Errorf("%s recovered: %s %s %s", tc.ref, r.Layer(), r.Class, r.Message)
		}
	}
}

// What cannot be played is refused with a clear error, and changes nothing.
func TestBreakErrors(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	for _, tc := range []struct {
		err  error
		want string
	}{
		{l.Break(Unavailable, Ref{"whatsapp", "Chat"}), "cannot behave as \"unavailable\""},
		{l.Break(Reset, Ref{"whatsapp", "Chat"}), "cannot behave as \"reset\""},
		{l.Break(Reset, Ref{"whatsapp", "Telepathy"}), "whatsapp has no component \"Telepathy\" in this config (it has \"Web\", \"Chat\""},
		{l.Break(Reset, Ref{Service: "myspace"}), "the lab has no service \"myspace\""},
		{l.LosePacket(Ref{"whatsapp", "Chat"}), "TLS handshakes only"},
		{l.SetNetwork("flaky"), "unknown network state"},
		{Uploads2019().Script.Check(startLab(t, Options{Services: []string{"whatsapp", "facebook"}, Interval: testInterval})), "the lab has no service \"instagram\""},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("error %v, want one saying %s", tc.err, tc.want)
		}
	}
	cat, err := catalog(t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Start(cat, Options{Services: []string{"whatsapp", "friendster"}}); err == nil || !strings.Contains(err.Error(), "no service with id \"friendster\"") {
		t.Errorf("Start with a service the config lacks: %v", err)
	}
}

// The network states make the controls say what they stand for, and the
// services fail as they would behind them.
func TestNetworkStates(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	c := labConfig(t, l)
	web := component(t, c, Ref{"whatsapp", "Web"})
	for _, tc := range []struct {
		n            status.Network
		layer, class string
	}{
		{status.Offline, "dns", "dns_timeout"},
		{status.Captive, "tls", "cert_mismatch"},
		{status.DNSBroken, "dns", "dns_refused"},
		{status.Online, "", ""},
	} {
		if err := l.SetNetwork(tc.n); err != nil {
			t.Fatal(err)
		}
		if v := judge(l, c, tc.n == status.Offline); v != tc.n {
			t.Errorf("network %s: the controls say %s", tc.n, v)
		}
		r := labProbe(l, c, web, tc.class == "dns_timeout")
		if tc.layer == "" && !r.OK || tc.layer != "" && (r.OK || string(r.Layer()) != tc.layer || string(r.Class) != tc.class) {
			t.Errorf("network %s: WhatsApp Web %v %s %s (%s)", tc.n, r.OK, r.Layer(), r.Class, r.Message)
		}
	}
}

// A lost packet fails one handshake, once: a TLS probe fails, an HTTPS
// probe works on its second attempt (flaky).
func TestLosePacket(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	c := labConfig(t, l)
	for _, tc := range []struct {
		ref   Ref
		first func(probe.Result) bool
	}{
		{Ref{"whatsapp", "Media"}, func(r probe.Result) bool { return !r.OK && r.Class == probe.ClassReset }},
		{Ref{"whatsapp", "Web"}, func(r probe.Result) bool { return r.OK && r.Class == probe.ClassFlaky }},
	} {
		target := component(t, c, tc.ref)
		if err := l.LosePacket(tc.ref); err != nil {
			t.Fatal(err)
		}
		if r := labProbe(l, c, target, false); !tc.first(r) {
			t.Errorf("%s after a lost packet: %v %s %s", tc.ref, r.OK, r.Class, r.Message)
		}
		if r := labProbe(l, c, target, false); !r.OK || r.Class != probe.ClassNone {
			t.Errorf("%s then: %v %s %s", tc.ref, r.OK, r.Class, r.Message)
		}
	}
}

// The lab clock jumps; the real one does not.
func TestJump(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	l.Jump(time.Hour)
	if d := time.Until(l.Now()); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("lab clock %s ahead, want an hour", d)
	}
}

// Tune reads the status page and the news every interval, and keeps a
// report for a window that fits the pace: 8 intervals at most, 30 s of
// script time (between one scenario's news and the next one's outage), 3
// intervals at least.
func TestTune(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		speed  float64
		window time.Duration
	}{{0, 16 * time.Second}, {1, 16 * time.Second}, {4, 7500 * time.Millisecond}, {6, 6 * time.Second}, {20, 6 * time.Second}} {
		l := &Lab{opts: Options{Interval: 2 * time.Second, Speed: tc.speed}}
		l.opts.defaults()
		c := &config.Config{}
		l.Tune(c)
		if c.StatusInterval != 2*time.Second || c.News.Interval != 2*time.Second || c.News.Window != tc.window {
			t.Errorf("speed %v: status every %s, news every %s, window %s; want 2s, 2s, %s", tc.speed, c.StatusInterval, c.News.Interval, c.News.Window, tc.window)
		}
	}
}
