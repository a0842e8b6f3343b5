package label

import (
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"

	"github.com/downradar/downradar/checker/network"
	"github.com/downradar/downradar/checker/status"
)

// The engine's own words for a degraded link, so that a change of them
// shows here.
var (
	slowReason   = network.Verdict{Network: status.LinkDegraded, Link: network.Link{Slow: true, RTT: 1600 * time.Millisecond, Baseline: 40 * time.Millisecond}}.Reason()
	lossyReason  = network.Verdict{Network: status.LinkDegraded, Link: network.Link{Losing: true, Probes: 30, Lossy: 12}}.Reason()
	bothReason   = network.Verdict{Network: status.LinkDegraded, Link: network.Link{Slow: true, Losing: true, RTT: 900 * time.Millisecond, Probes: 10, Lossy: 4}}.Reason()
	genericLink  = network.Reason(status.LinkDegraded)
	offlineWords = network.Reason(status.Offline)
)

func TestLinkTroubleAndFigures(t *testing.T) {
	for _, tc := range []struct {
		reason, trouble, figures string
	}{
		{slowReason, "slow", "round trip 1.6 s, usually 40 ms"},
		{lossyReason, "losing packets", "12 of 30 recent checks had to resend"},
		{bothReason, "slow and losing packets", "round trip 900 ms, over 600 ms; 4 of 10 recent checks had to resend"},
		{genericLink, "slow or losing packets", ""},
		{"", "slow or losing packets", ""},
		{offlineWords, "slow or losing packets", ""},
		{"your connection is ", "slow or losing packets", ""},
	} {
		if got := English.LinkTrouble(tc.reason); got != tc.trouble {
			t.Errorf("English.LinkTrouble(%q) = %q, want %q", tc.reason, got, tc.trouble)
		}
		if got := English.LinkFigures(tc.reason); got != tc.figures {
			t.Errorf("English.LinkFigures(%q) = %q, want %q", tc.reason, got, tc.figures)
		}
	}
}

func TestNetwork(t *testing.T) {
	for _, tc := range []struct {
		n       status.Network
		reason  string
		now     string
		was     string
		capital string
	}{
		{status.Offline, offlineWords, "you are offline", "offline", "You are offline"},
		{status.Captive, "", "your network needs a sign-in", "behind a sign-in page", "Your network needs a sign-in"},
		{status.DNSBroken, "", "name lookups fail on this computer", "without name lookups", "Name lookups fail on this computer"},
		{status.LinkDegraded, slowReason, "your connection is slow", "slow", "Your connection is slow"},
		{status.LinkDegraded, lossyReason, "your connection is losing packets", "losing packets", "Your connection is losing packets"},
		{status.LinkDegraded, bothReason, "your connection is slow and losing packets", "slow and losing packets", "Your connection is slow and losing packets"},
		{status.LinkDegraded, "", "your connection is slow or losing packets", "slow or losing packets", "Your connection is slow or losing packets"},
		{status.Online, "", "your connection works", "", "Your connection works"},
		{"", "", "", "", ""},
	} {
		if got := English.Network(tc.n, tc.reason); got != tc.now {
			t.Errorf("English.Network(%s, %q) = %q, want %q", tc.n, tc.reason, got, tc.now)
		}
		if got := English.NetworkWas(tc.n, tc.reason); got != tc.was {
			t.Errorf("English.NetworkWas(%s, %q) = %q, want %q", tc.n, tc.reason, got, tc.was)
		}
		if got := Capitalize(English.Network(tc.n, tc.reason)); got != tc.capital {
			t.Errorf("Capitalize(English.Network(%s)) = %q, want %q", tc.n, got, tc.capital)
		}
	}
}

func TestIsLinkReason(t *testing.T) {
	for reason, want := range map[string]bool{
		slowReason: true, lossyReason: true, bothReason: true, genericLink: true,
		offlineWords: false, "not checked yet": false, "": false,
		"the computer just woke up; waiting for the network to settle": false,
	} {
		if got := IsLinkReason(reason); got != want {
			t.Errorf("IsLinkReason(%q) = %v, want %v", reason, got, want)
		}
	}
}

// The figures are in the language's numbers: a decimal comma in French,
// Arabic-Indic digits in Arabic.
func TestLinkFiguresLocalized(t *testing.T) {
	w, err := load(fstest.MapFS{
		"catalog/en/label.toml": {Data: []byte(`link_rtt_usual = "round trip {{.RTT}}, usually {{.Usual}}"` + "\nlist_semicolon = \"; \"\n")},
		"catalog/fr/label.toml": {Data: []byte(`link_rtt_usual = "aller-retour {{.RTT}}, d'habitude {{.Usual}}"` + "\n")},
		"catalog/ar/label.toml": {Data: []byte(`link_rtt_usual = "ذهاب وإياب {{.RTT}}، عادةً {{.Usual}}"` + "\n")},
	}, language.French)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.LinkFigures(slowReason), "aller-retour 1,6 s, d'habitude 40 ms"; got != want {
		t.Errorf("French: %q, want %q", got, want)
	}
	w, _ = load(fstest.MapFS{
		"catalog/en/label.toml": {Data: []byte(`link_rtt_usual = "x"`)},
		"catalog/ar/label.toml": {Data: []byte(`link_rtt_usual = "ذهاب وإياب {{.RTT}}، عادةً {{.Usual}}"` + "\n")},
	}, language.Arabic)
	if got, want := w.LinkFigures(slowReason), "ذهاب وإياب ١٫٦ s، عادةً ٤٠ ms"; got != want {
		t.Errorf("Arabic: %q, want %q", got, want)
	}
}
