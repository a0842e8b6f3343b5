package tray

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

var now = time.Date(2026, 11, 21, 14, 14, 0, 0, time.UTC)

// The engine's words for a degraded link (network.Verdict.Reason).
const (
	slowReason  = "your connection is slow (round trip 1.6s, usually 40ms)"
	lossyReason = "your connection is losing packets (12 of 30 recent checks had to resend)"
)

func ago(m int) time.Time { return now.Add(-time.Duration(m) * time.Minute) }

func svc(name string, st status.Status) Service {
	return Service{Name: name, Status: st}
}

func down(name string, st status.Status, since, id int) Service {
	s := svc(name, st)
	s.Since, s.Incident = ago(since), int64(id)
	return s
}

func TestIcon(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    State
		want string
	}{
		{"nothing watched", State{Now: now}, IconUnknown},
		{"not checked yet", State{Now: now, Services: []Service{svc("A", status.Unknown)}}, IconUnknown},
		{"all up", State{Now: now, Services: []Service{svc("A", status.Up), svc("B", status.Up)}}, IconUp},
		{"one unknown is not up", State{Now: now, Services: []Service{svc("A", status.Up), svc("B", status.Unknown)}}, IconUnknown},
		{"degraded", State{Now: now, Services: []Service{svc("A", status.Up), svc("B", status.Degraded)}}, IconDegraded},
		{"partial", State{Now: now, Services: []Service{svc("A", status.Partial), svc("B", status.Unknown)}}, IconDegraded},
		{"down wins", State{Now: now, Services: []Service{svc("A", status.Degraded), svc("B", status.Down)}}, IconDown},
		{"offline", State{Now: now, Network: status.Offline, Services: []Service{svc("A", status.Unknown)}}, IconUnknown},
		{"captive", State{Now: now, Network: status.Captive, Services: []Service{svc("A", status.Up)}}, IconUnknown},
		{"online", State{Now: now, Network: status.Online, Services: []Service{svc("A", status.Up)}}, IconUp},
		// A slow or lossy link is no outage: the services show as judged under it.
		{"slow link, services answer", State{Now: now, Network: status.LinkDegraded, Services: []Service{svc("A", status.Up), svc("B", status.Up)}}, IconUp},
		{"slow link, a timeout is unknown", State{Now: now, Network: status.LinkDegraded, Services: []Service{svc("A", status.Up), svc("B", status.Unknown)}}, IconUnknown},
		{"slow link, a refusal is still down", State{Now: now, Network: status.LinkDegraded, Services: []Service{svc("A", status.Down), svc("B", status.Unknown)}}, IconDown},
		{"paused", State{Now: now, PausedUntil: now.Add(time.Minute), Services: []Service{svc("A", status.Down)}}, IconPaused},
		{"pause over", State{Now: now, PausedUntil: now, Services: []Service{svc("A", status.Down)}}, IconDown},
	} {
		if got := Icon(tc.s); got != tc.want {
			t.Errorf("%s: Icon = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTooltip(t *testing.T) {
	ups := make([]Service, 23)
	for i := range ups {
		ups[i] = svc("S", status.Up)
	}
	for _, tc := range []struct {
		name string
		s    State
		want string
	}{
		{"the issue's example", State{Now: now, Services: append([]Service{down("WhatsApp", status.Down, 12, 1)}, ups...)},
			"DownRadar: WhatsApp down for 12 min · 23 up"},
		{"worst first, then longest", State{Now: now, Services: []Service{
			down("Facebook", status.Degraded, 50, 1), down("WhatsApp", status.Down, 5, 2), down("Instagram", status.Down, 30, 3), svc("Gmail", status.Up)}},
			"DownRadar: Instagram down for 30 min · WhatsApp down for 5 min · 1 more with problems · 1 up"},
		{"offline", State{Now: now, Network: status.Offline, Services: []Service{svc("A", status.Unknown), svc("B", status.Unknown)}},
			"DownRadar: you are offline · 2 unknown"},
		{"captive", State{Now: now, Network: status.Captive, Services: []Service{svc("A", status.Unknown)}},
			"DownRadar: your network needs a sign-in · 1 unknown"},
		{"slow link", State{Now: now, Network: status.LinkDegraded, NetworkReason: slowReason, Services: []Service{svc("A", status.Up), svc("B", status.Unknown)}},
			"DownRadar: your connection is slow · 1 up · 1 unknown"},
		{"lossy link", State{Now: now, Network: status.LinkDegraded, NetworkReason: lossyReason, Services: []Service{svc("A", status.Up)}},
			"DownRadar: your connection is losing packets · 1 up"},
		{"online says nothing of the network", State{Now: now, Network: status.Online, Services: []Service{svc("A", status.Up)}},
			"DownRadar: 1 up"},
		{"paused and a config error", State{Now: now, PausedUntil: now.Add(time.Hour), ConfigError: "x", Services: []Service{svc("A", status.Up)}},
			"DownRadar: config not loaded · 1 up · notifications paused until 15:14"},
		{"empty", State{Now: now}, "DownRadar: no service watched"},
	} {
		if got := Tooltip(nil, tc.s); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func labels(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Separator {
			out = append(out, "---")
			continue
		}
		l := it.Label
		if it.Disabled {
			l += " [disabled]"
		}
		out = append(out, l)
		for _, c := range it.Children {
			l := "  " + c.Label
			if c.Disabled {
				l += " [disabled]"
			}
			out = append(out, l)
		}
	}
	return out
}

func TestMenu(t *testing.T) {
	s := State{Now: now, Services: []Service{
		svc("Gmail", status.Up),
		down("Facebook", status.Partial, 20, 4),
		{Name: "YouTube", Status: status.Unknown, Reason: "not checked yet"},
		down("WhatsApp", status.Down, 12, 7),
		{Name: "Slack", Status: status.Up, Muted: true},
	}}
	want := []string{
		"✖ WhatsApp: down since 14:02 (12 min)",
		"◆ Facebook: partly down since 13:54 (20 min)",
		"✔ Gmail: up",
		"? YouTube: unknown (not checked yet)",
		"✔ Slack: up · muted",
		"---",
		"Check now",
		"Pause notifications",
		"  For 1 hour",
		"  Until tomorrow",
		"  Resume [disabled]",
		"History…",
		"Settings…",
		"---",
		"Quit DownRadar",
	}
	items := Menu(nil, s)
	if got := labels(items); !reflect.DeepEqual(got, want) {
		t.Errorf("menu:\n%q\nwant\n%q", got, want)
	}
	if a := items[0].Action; a != (Action{Kind: OpenIncident, Incident: 7}) {
		t.Errorf("WhatsApp's line does %+v, want its incident 7", a)
	}
	if a := items[2].Action; a != (Action{Kind: OpenHistory}) {
		t.Errorf("Gmail's line does %+v, want the history", a)
	}
	if items[6].Action.Kind != CheckNow || items[len(items)-1].Action.Kind != Quit {
		t.Error("commands' actions")
	}
}

func TestMenuOfflinePausedConfigError(t *testing.T) {
	s := State{Now: now, Network: status.DNSBroken, PausedUntil: now.Add(time.Hour), ConfigError: "config.toml:3: interval: bad",
		Services: []Service{{Name: "A", Status: status.Unknown, Reason: "your own DNS resolver is not answering"}}}
	want := []string{
		"⚠ Config not loaded: config.toml:3: interval: bad",
		"⚠ Name lookups fail on this computer: services unknown [disabled]",
		"? A: unknown",
		"---",
		"Check now",
		"Notifications paused until 15:14",
		"  For 1 hour",
		"  Until tomorrow",
		"  Resume",
		"History…",
		"Settings…",
		"---",
		"Quit DownRadar",
	}
	items := Menu(nil, s)
	if got := labels(items); !reflect.DeepEqual(got, want) {
		t.Errorf("menu:\n%q\nwant\n%q", got, want)
	}
	if items[0].Action.Kind != OpenSettings {
		t.Error("the config error should open the settings")
	}
	if got := labels(Menu(nil, State{Now: now}))[0]; got != "No service watched: choose some in Settings" {
		t.Errorf("empty menu starts with %q", got)
	}
}

func TestPauseUntil(t *testing.T) {
	loc := time.FixedZone("X", 2*3600)
	at := time.Date(2026, 11, 21, 23, 30, 0, 0, loc)
	if got := PauseUntil(PauseHour, at); !got.Equal(at.Add(time.Hour)) {
		t.Errorf("hour: %s", got)
	}
	if got := PauseUntil(PauseTomorrow, at); !got.Equal(time.Date(2026, 11, 22, 8, 0, 0, 0, loc)) {
		t.Errorf("tomorrow: %s", got)
	}
	if got := PauseUntil(PauseTomorrow, time.Date(2026, 12, 31, 1, 0, 0, 0, loc)); !got.Equal(time.Date(2027, 1, 1, 8, 0, 0, 0, loc)) {
		t.Errorf("tomorrow across the year: %s", got)
	}
}

// A removed item's channel is closed by systray: that is not a click, and
// the listener ends.
func TestListenIgnoresRemovedItem(t *testing.T) {
	ch := make(chan struct{})
	var clicks []int
	done := make(chan struct{})
	go func() {
		listen(context.Background(), []<-chan struct{}{make(chan struct{}), ch}, func(i int) { clicks = append(clicks, i) })
		close(done)
	}()
	ch <- struct{}{}
	ch <- struct{}{}
	close(ch)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("listen did not end when the item was removed")
	}
	if len(clicks) != 2 || clicks[0] != 1 || clicks[1] != 1 {
		t.Errorf("clicks on items %v, want the 2 sent to item 1", clicks)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	listen(ctx, []<-chan struct{}{make(chan struct{})}, func(int) { t.Error("a click after the end") })
}

func TestNetworkLine(t *testing.T) {
	for _, tc := range []struct {
		n      status.Network
		reason string
		want   string
	}{
		{"", "", ""},
		{status.Online, "", ""},
		{status.Offline, "you are offline", "⚠ You are offline: services unknown"},
		{status.Captive, "", "⚠ Your network needs a sign-in: services unknown"},
		{status.DNSBroken, "", "⚠ Name lookups fail on this computer: services unknown"},
		{status.LinkDegraded, slowReason, "⚠ Your connection is slow (round trip 1.6 s, usually 40 ms): services not blamed"},
		{status.LinkDegraded, lossyReason, "⚠ Your connection is losing packets (12 of 30 recent checks had to resend): services not blamed"},
		{status.LinkDegraded, "", "⚠ Your connection is slow or losing packets: services not blamed"},
	} {
		if got := NetworkLine(nil, State{Network: tc.n, NetworkReason: tc.reason, Now: now}); got != tc.want {
			t.Errorf("NetworkLine(nil, %s, %q) = %q, want %q", tc.n, tc.reason, got, tc.want)
		}
	}
}

// On a slow link the menu says it once, above: a service unknown for it
// (it timed out) has no reason of its own; one unknown for another has.
func TestMenuSlowLink(t *testing.T) {
	s := State{Now: now, Network: status.LinkDegraded, NetworkReason: slowReason, Services: []Service{
		svc("Gmail", status.Up),
		{Name: "Slack", Status: status.Unknown, Reason: slowReason},
		{Name: "YouTube", Status: status.Unknown, Reason: "not checked yet"},
		down("WhatsApp", status.Down, 3, 7),
	}}
	want := []string{
		"⚠ Your connection is slow (round trip 1.6 s, usually 40 ms): services not blamed [disabled]",
		"✖ WhatsApp: down since 14:11 (3 min)",
		"✔ Gmail: up",
		"? Slack: unknown",
		"? YouTube: unknown (not checked yet)",
	}
	if got := labels(Menu(nil, s))[:len(want)]; !reflect.DeepEqual(got, want) {
		t.Errorf("menu:\n%q\nwant\n%q", got, want)
	}
}
