package network

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

func target(t *testing.T, raw string) probe.Target {
	t.Helper()
	tg, err := probe.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Kind == probe.KindHTTP {
		tg.Expect = probe.Ranges{{Lo: 204, Hi: 204}}
	}
	return tg
}

var (
	ok       = probe.Result{OK: true, Reached: probe.LayerTCP}
	refused  = probe.Result{Failed: probe.LayerTCP, Class: probe.ClassRefused}
	timeout  = probe.Result{Failed: probe.LayerTCP, Class: probe.ClassTimeout}
	dnsFail  = probe.Result{Failed: probe.LayerDNS, Class: probe.ClassDNSTimeout}
	nx       = probe.Result{Failed: probe.LayerDNS, Class: probe.ClassNXDomain}
	portal   = probe.Result{Reached: probe.LayerHTTP, Failed: probe.LayerHTTP, Class: probe.ClassHTTPStatus, HTTPStatus: 200}
	redirect = probe.Result{Reached: probe.LayerHTTP, Failed: probe.LayerHTTP, Class: probe.ClassHTTPStatus, HTTPStatus: 302}
	got204   = probe.Result{OK: true, Reached: probe.LayerHTTP, HTTPStatus: 204}
)

func TestJudge(t *testing.T) {
	ip1, ip2 := target(t, "tcp://1.1.1.1:443"), target(t, "tcp://8.8.8.8:443")
	name, web := target(t, "dns://example.org"), target(t, "http://connectivitycheck.gstatic.com/generate_204")
	cases := []struct {
		name string
		in   []Control
		want status.Network
	}{
		{"all work", []Control{{ip1, ok}, {ip2, ok}, {name, ok}, {web, got204}}, status.Online},
		{"one target down is not offline", []Control{{ip1, timeout}, {ip2, ok}, {name, ok}, {web, got204}}, status.Online},
		{"cable out", []Control{{ip1, timeout}, {ip2, refused}, {name, dnsFail}, {web, dnsFail}}, status.Offline},
		{"no controls", nil, status.Offline},
		{"portal answers 200", []Control{{ip1, ok}, {ip2, ok}, {name, ok}, {web, portal}}, status.Captive},
		{"portal redirects", []Control{{ip1, timeout}, {ip2, timeout}, {name, ok}, {web, redirect}}, status.Captive},
		{"resolver dead", []Control{{ip1, ok}, {ip2, ok}, {name, dnsFail}, {web, dnsFail}}, status.DNSBroken},
		{"resolver lies nxdomain", []Control{{ip1, ok}, {name, nx}, {web, nx}}, status.DNSBroken},
		{"names fail past DNS", []Control{{ip1, ok}, {name, ok}, {web, timeout}}, status.Online},
		{"only IP controls", []Control{{ip1, ok}}, status.Online},
		{"names work, IPs blocked", []Control{{ip1, timeout}, {ip2, timeout}, {name, ok}}, status.Online},
	}
	for _, c := range cases {
		if got := Judge(c.in); got != c.want {
			t.Errorf("%s: Judge = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestReason(t *testing.T) {
	for n, want := range map[status.Network]string{
		status.Offline:      "you are offline",
		status.Captive:      "a captive portal (a sign-in page) intercepts your connection",
		status.DNSBroken:    "your own DNS resolver is not answering",
		status.LinkDegraded: "your connection is slow or losing packets",
		status.Online:       "",
	} {
		if got := Reason(n); got != want {
			t.Errorf("Reason(%s) = %q", n, got)
		}
	}
}

type countingProber struct {
	calls atomic.Int32
	res   probe.Result
	delay time.Duration
}

func (c *countingProber) Probe(ctx context.Context, t probe.Target) probe.Result {
	c.calls.Add(1)
	time.Sleep(c.delay)
	return c.res
}

func TestMonitorSharesOneRunAndCaches(t *testing.T) {
	p := &countingProber{res: ok, delay: 20 * time.Millisecond}
	m := &Monitor{Targets: []probe.Target{target(t, "tcp://1.1.1.1:443"), target(t, "dns://example.org")}, Prober: p, TTL: time.Hour}
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := m.Check(context.Background()); v.Network != status.Online {
				t.Errorf("verdict %s", v.Network)
			}
		}()
	}
	wg.Wait()
	if n := p.calls.Load(); n != 2 {
		t.Errorf("10 concurrent checks ran %d probes, want 2 (one run)", n)
	}
	m.Check(context.Background())
	if n := p.calls.Load(); n != 2 {
		t.Errorf("a cached verdict re-ran probes: %d", n)
	}
	m.TTL = 0
	m.Check(context.Background())
	if n := p.calls.Load(); n != 4 {
		t.Errorf("an expired verdict must re-run: %d", n)
	}
}

func TestSlept(t *testing.T) {
	base := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		now      time.Time
		expected time.Duration
		want     bool
	}{
		{base.Add(60 * time.Second), time.Minute, false},
		{base.Add(61 * time.Second), time.Minute, false},
		{base.Add(3 * time.Minute), time.Minute, false}, // 2 minutes late: not more than twice
		{base.Add(3*time.Minute + time.Second), time.Minute, true},
		{base.Add(8 * time.Hour), time.Minute, true},     // overnight suspend
		{base.Add(-10 * time.Minute), time.Minute, true}, // clock set back
		{base.Add(5 * time.Second), 5 * time.Second, false},
	}
	for _, c := range cases {
		if got := Slept(base, c.now, c.expected, time.Minute); got != c.want {
			t.Errorf("Slept(+%v, expected %v) = %v", c.now.Sub(base), c.expected, got)
		}
	}
	if Slept(time.Time{}, base, time.Minute, time.Minute) {
		t.Error("no previous reading is no jump")
	}
}
