package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

func TestCheckTellsEachLayer(t *testing.T) {
	w := newWorld(t)
	cfg := w.config(t, nil,
		service("Healthy", "Web", w.okHTTPS+"/", "Name", "dns://ok.test")+
			service("Gone", "Web", "https://nx.test/")+
			service("DNS servfail", "Name", "dns://fail.test")+
			service("DNS empty", "Name", "dns://empty.test")+
			service("DNS silent", "Name", "dns://silent.test")+
			service("Refused", "Chat", "tcp://"+w.closed)+
			service("Hangs", "TLS", "tls://"+w.hole.Addr)+
			service("Expired", "Web", w.expired+"/")+
			service("Unavailable", "Web", w.okHTTPS+"/503")+
			service("Half", "Web", w.okHTTPS+"/", "Media", "tcp://"+w.closed))
	steady(cfg)
	e := New(Options{Config: cfg, Prober: hangs{w.prober(cfg), []string{"dns://silent.test", "tls://" + w.hole.Addr}}})
	rep := e.Check(context.Background(), cfg.Services)
	if rep.Network != status.Online {
		t.Fatalf("network = %s, want online (controls %+v)", rep.Network, rep.Controls)
	}
	want := map[string]struct {
		st     status.Status
		layer  string
		errCls string
	}{
		"Healthy":      {status.Up, "http", ""},
		"Gone":         {status.Down, "dns", "nxdomain"},
		"DNS servfail": {status.Down, "dns", "servfail"},
		"DNS empty":    {status.Down, "dns", "no_answer"},
		"DNS silent":   {status.Down, "dns", "dns_timeout"},
		"Refused":      {status.Down, "tcp", "refused"},
		"Hangs":        {status.Down, "tls", "timeout"},
		"Expired":      {status.Down, "tls", "cert_expired"},
		"Unavailable":  {status.Down, "http", "http_status"},
		"Half":         {status.Partial, "http", ""},
	}
	for _, s := range rep.Services {
		w, ok := want[s.Name]
		if !ok {
			t.Errorf("unexpected service %s", s.Name)
			continue
		}
		c := s.Components[0]
		if s.Status != w.st || c.Layer != w.layer || c.Error != w.errCls {
			t.Errorf("%s: status=%s layer=%s error=%s (%s); want %s %s %s", s.Name, s.Status, c.Layer, c.Error, c.Detail, w.st, w.layer, w.errCls)
		}
		if s.Status.Bad() && (s.Checks != 2 || !s.Incident || s.Failures != 2) {
			t.Errorf("%s: a failure is re-checked before it is confirmed: checks=%d failures=%d incident=%v", s.Name, s.Checks, s.Failures, s.Incident)
		}
		if s.Status == status.Up && s.Checks != 1 {
			t.Errorf("%s: a healthy service is checked once, got %d", s.Name, s.Checks)
		}
	}
	half := rep.Services[len(rep.Services)-1]
	if m := half.Components[1]; m.Status != status.Down || m.Layer != "tcp" || m.Error != "refused" {
		t.Errorf("Half/Media: %+v", m)
	}
	if d := rep.Services[0].Components[0].CertDaysLeft; d == nil || *d < 88 {
		t.Errorf("certificate days left missing: %v", d)
	}
}

func TestCheckNetworkVerdicts(t *testing.T) {
	w := newWorld(t)
	svc := service("WhatsApp", "Web", w.okHTTPS+"/503") + service("Local", "Web", w.okHTTPS+"/")
	cases := []struct {
		name    string
		control []string
		portal  bool
		want    status.Network
	}{
		{"offline", []string{"tcp://" + w.closed, "tls://" + w.hole.Addr, "dns://silent.test"}, false, status.Offline},
		{"captive", nil, true, status.Captive},
		{"dns broken", []string{w.ctrlTCP, "dns://silent.test", "http://silent.test:" + w.webPort + "/generate_204"}, false, status.DNSBroken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w.portal.Store(c.portal)
			defer w.portal.Store(false)
			cfg := w.config(t, c.control, svc)
			steady(cfg)
			e := New(Options{Config: cfg, Prober: hangs{w.prober(cfg), []string{"dns://silent.test", "tls://" + w.hole.Addr, "http://silent.test:" + w.webPort + "/generate_204"}}})
			rep := e.Check(context.Background(), cfg.Services)
			if rep.Network != c.want || rep.NetworkReason == "" {
				t.Fatalf("network = %s (%q), want %s", rep.Network, rep.NetworkReason, c.want)
			}
			wa, local := rep.Services[0], rep.Services[1]
			if wa.Status != status.Unknown || wa.Reason == "" || wa.Incident || wa.Checks != 1 {
				t.Errorf("a failing service while %s must be unknown with a reason, not down: %+v", c.want, wa)
			}
			if wa.Components[0].Status != status.Unknown || wa.Components[0].Error != "http_status" {
				t.Errorf("the component keeps its cause but is unknown: %+v", wa.Components[0])
			}
			if local.Status != status.Up {
				t.Errorf("a service that answers is up whatever the controls say: %+v", local)
			}
		})
	}
}

func TestCheckRecheckRecovers(t *testing.T) {
	w := newWorld(t)
	w.failing.Store(true)
	cfg := steady(w.config(t, nil, service("Flappy", "Web", "http://ok.test:"+w.webPort+"/flip")))
	cfg.Thresholds.Recheck = []time.Duration{150 * time.Millisecond}
	// The service recovers once the first check has seen it fail, however
	// long that check took.
	p := &afterProbe{Prober: w.prober(cfg), target: cfg.Services[0].Components[0].Target.Raw, then: func() { w.failing.Store(false) }}
	e := New(Options{Config: cfg, Prober: p})
	s := e.Check(context.Background(), cfg.Services).Services[0]
	if s.Status != status.Up || s.Checks != 2 || s.Incident {
		t.Errorf("a blip that recovers on re-check is up: %+v", s)
	}
}

func TestUntilRound(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		now      string
		interval time.Duration
		want     time.Duration
	}{
		{"2026-11-21T10:00:00Z", time.Minute, time.Minute},                                        // on a round: the next one
		{"2026-11-21T10:00:00.2Z", time.Minute, time.Minute - 200*time.Millisecond},               // a check that took 200 ms
		{"2026-11-21T10:00:30Z", time.Minute, 30 * time.Second},                                   // after a quick re-check
		{"2026-11-21T10:00:50Z", time.Minute, 70 * time.Second},                                   // too close: the round after
		{"2026-11-21T10:00:45Z", time.Minute, 15 * time.Second},                                   // a quarter: still taken
		{"2026-11-21T10:01:10Z", 2 * time.Minute, 50 * time.Second},                               // rounds of 2 min on even minutes
		{"2026-11-21T10:00:00.5Z", time.Second, 500 * time.Millisecond},                           // lab speed
		{"2026-11-21T10:00:00Z", 0, 0},                                                            // no interval
		{"2026-11-21T10:00:07.25+02:00", 10 * time.Second, 2750*time.Millisecond + 0*time.Second}, // time zones do not matter
	} {
		if got := untilRound(at(tc.now), tc.interval); got != tc.want {
			t.Errorf("untilRound(%s, %v) = %v, want %v", tc.now, tc.interval, got, tc.want)
		}
	}
}

// afterProbe calls then after the first probe of target has returned.
type afterProbe struct {
	network.Prober
	target string
	once   sync.Once
	then   func()
}

func (a *afterProbe) Probe(ctx context.Context, t probe.Target) probe.Result {
	r := a.Prober.Probe(ctx, t)
	if t.Raw == a.target {
		a.once.Do(a.then)
	}
	return r
}
