package window

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// hm is h:m on the day days after testNow's (a Saturday, 12:00 UTC).
func hm(days, h, m int) time.Time {
	return testNow().Truncate(24*time.Hour).AddDate(0, 0, days).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// np is a period of the user's connection; a zero to lasts.
func np(n status.Network, reason string, from, to time.Time) store.NetworkPeriod {
	return store.NetworkPeriod{Network: n, Reason: reason, Start: from, End: to}
}

const (
	slowLink  = "your connection is slow (round trip 1.6s, usually 40ms)"
	lossyLink = "your connection is losing packets (12 of 30 recent checks had to resend)"
)

// stretchesLine is stretches as "network 15:04-15:04", "…" while it lasts.
func stretchesLine(ps []store.NetworkPeriod) string {
	var out []string
	for _, p := range ps {
		end := "…"
		if !p.End.IsZero() {
			end = p.End.Format("Jan 2 15:04")
		}
		out = append(out, fmt.Sprintf("%s %s-%s", p.Network, p.Start.Format("Jan 2 15:04"), end))
	}
	return strings.Join(out, ", ")
}

func TestDayConnection(t *testing.T) {
	for _, tc := range []struct {
		name    string
		periods []store.NetworkPeriod
		day     int
		want    string
	}{
		{"across midnight, the day before", []store.NetworkPeriod{np(status.Offline, "", hm(-1, 23, 0), hm(0, 1, 0))}, -1, "offline Feb 28 23:00-Mar 1 00:00"},
		{"across midnight, the day after", []store.NetworkPeriod{np(status.Offline, "", hm(-1, 23, 0), hm(0, 1, 0))}, 0, "offline Mar 1 00:00-Mar 1 01:00"},
		{"lasting, today", []store.NetworkPeriod{np(status.LinkDegraded, slowLink, hm(0, 11, 0), time.Time{})}, 0, "degraded Mar 1 11:00-…"},
		{"lasting since yesterday, yesterday", []store.NetworkPeriod{np(status.Captive, "", hm(-1, 22, 0), time.Time{})}, -1, "captive Feb 28 22:00-Mar 1 00:00"},
		{"lasting since yesterday, today", []store.NetworkPeriod{np(status.Captive, "", hm(-1, 22, 0), time.Time{})}, 0, "captive Mar 1 00:00-…"},
		{"online is no trouble", []store.NetworkPeriod{np(status.Online, "", hm(0, 1, 0), hm(0, 2, 0)), np(status.DNSBroken, "", hm(0, 2, 0), hm(0, 3, 0))}, 0, "dns_broken Mar 1 02:00-Mar 1 03:00"},
		{"ended at midnight: not today", []store.NetworkPeriod{np(status.Offline, "", hm(-1, 20, 0), hm(0, 0, 0))}, 0, ""},
		{"another day", []store.NetworkPeriod{np(status.Offline, "", hm(-3, 20, 0), hm(-3, 21, 0))}, 0, ""},
	} {
		if got := stretchesLine(DayConnection(tc.periods, hm(tc.day, 0, 0), testNow())); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestConnectionSummary(t *testing.T) {
	three := []store.DayUptime{{Day: hm(-2, 0, 0)}, {Day: hm(-1, 0, 0)}, {Day: hm(0, 0, 0)}}
	for _, tc := range []struct {
		name    string
		periods []store.NetworkPeriod
		days    []store.DayUptime
		want    string
	}{
		{"nothing", nil, three, ""},
		{"online only", []store.NetworkPeriod{np(status.Online, "", hm(-2, 0, 0), time.Time{})}, three, ""},
		{"no days", []store.NetworkPeriod{np(status.Offline, "", hm(0, 1, 0), hm(0, 2, 0))}, nil, ""},
		{"longest first, slow up to now", []store.NetworkPeriod{
			np(status.Offline, "", hm(-3, 23, 0), hm(-3, 23, 30)), // before the days
			np(status.Captive, "", hm(-2, 8, 0), hm(-2, 8, 3)),
			np(status.Offline, "you are offline", hm(-1, 9, 0), hm(-1, 10, 0)),
			np(status.Online, "", hm(-1, 10, 0), hm(0, 11, 20)),
			np(status.LinkDegraded, slowLink, hm(0, 11, 20), time.Time{}),
		}, three, "Your connection was offline 1 h, slow 40 min and behind a sign-in page 3 min (blue marks)"},
		{"slow and lossy apart, the same kind summed", []store.NetworkPeriod{
			np(status.LinkDegraded, lossyLink, hm(0, 1, 0), hm(0, 1, 10)),
			np(status.LinkDegraded, slowLink, hm(0, 2, 0), hm(0, 2, 5)),
			np(status.LinkDegraded, lossyLink, hm(0, 3, 0), hm(0, 3, 10)),
		}, three[2:], "Your connection was losing packets 20 min and slow 5 min (blue marks)"},
	} {
		if got := ConnectionSummary(nil, tc.periods, tc.days, testNow()); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestDayLine(t *testing.T) {
	today := hm(0, 0, 0)
	four := []store.NetworkPeriod{
		np(status.Offline, "", hm(0, 1, 0), hm(0, 2, 0)), np(status.Offline, "", hm(0, 3, 0), hm(0, 4, 0)),
		np(status.DNSBroken, "", hm(0, 5, 0), hm(0, 6, 0)), np(status.Offline, "", hm(0, 7, 0), hm(0, 8, 0)),
	}
	for _, tc := range []struct {
		name      string
		d         store.DayUptime
		stretches []store.NetworkPeriod
		loc       *time.Location
		day, conn string
	}{
		{"no data", store.DayUptime{Day: today}, nil, time.UTC, "Sat 1 Mar: no data", ""},
		{"all unknown", store.DayUptime{Day: today, Unknown: 5}, nil, time.UTC, "Sat 1 Mar: 5 checks unknown", ""},
		{"the issue's case", store.DayUptime{Day: today, Up: 2, Down: 1, Unknown: 3},
			[]store.NetworkPeriod{np(status.Offline, "", hm(0, 10, 0), hm(0, 11, 2)), np(status.LinkDegraded, slowLink, hm(0, 11, 20), time.Time{})}, time.UTC,
			"Sat 1 Mar: 66.66% up, 3 checks unknown", "Your connection was offline 10:00–11:02 and slow since 11:20"},
		{"in the local zone", store.DayUptime{Day: today, Up: 1, Unknown: 1}, []store.NetworkPeriod{np(status.LinkDegraded, lossyLink, hm(0, 10, 0), hm(0, 10, 30))}, time.FixedZone("X", 2*3600),
			"Sat 1 Mar: 100.00% up, 1 check unknown", "Your connection was losing packets 12:00–12:30"},
		{"at most three", store.DayUptime{Day: today, Up: 1}, four, time.UTC,
			"Sat 1 Mar: 100.00% up", "Your connection was offline 01:00–02:00, offline 03:00–04:00, without name lookups 05:00–06:00 and 1 more time"},
	} {
		day, conn := DayLine(nil, tc.d, tc.stretches, tc.loc)
		if day != tc.day || conn != tc.conn {
			t.Errorf("%s:\n got %q / %q\nwant %q / %q", tc.name, day, conn, tc.day, tc.conn)
		}
	}
}

// labelText is the text of a label, or of a fitLabel as cut to its width.
func labelText(o fyne.CanvasObject) (string, bool) {
	switch l := o.(type) {
	case *widget.Label:
		return l.Text, true
	case *fitLabel:
		return l.Text, true
	}
	return "", false
}

// barsCaptions are the texts under the bars, as drawn.
func barsCaptions(b *uptimeBars) []string {
	var out []string
	for _, o := range test.WidgetRenderer(b).Objects() {
		if text, ok := labelText(o); ok && o.Visible() {
			out = append(out, text)
		}
	}
	return out
}

// barsMarks are the x of the connection's marks, as drawn.
func barsMarks(b *uptimeBars) []float32 {
	var out []float32
	for _, o := range test.WidgetRenderer(b).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.FillColor == ConnectionColor {
			out = append(out, r.Position().X)
		}
	}
	return out
}

// The bars mark the days the connection had trouble, sum it up under
// them, and say a day's when pointed at or tapped.
func TestUptimeBarsShowTheConnection(t *testing.T) {
	a := test.NewApp()
	t.Cleanup(a.Quit)
	b := newUptimeBars(nil)
	w := test.NewWindow(b)
	t.Cleanup(w.Close)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(32, 100))
	days := []store.DayUptime{{Day: hm(-2, 0, 0), Up: 10}, {Day: hm(-1, 0, 0), Up: 8, Unknown: 2}, {Day: hm(0, 0, 0), Up: 5}}
	b.SetDays(days)
	b.SetConnection(connection{}, testNow(), time.UTC)
	if c, m, h := barsCaptions(b), barsMarks(b), b.MinSize().Height; len(c) != 0 || len(m) != 0 || h != barsHeight {
		t.Fatalf("without trouble: captions %q, marks %v, height %v; want the bars alone", c, m, h)
	}

	b.SetConnection(connection{periods: []store.NetworkPeriod{
		np(status.Offline, "you are offline", hm(-1, 9, 0), hm(-1, 9, 30)),
		np(status.Online, "", hm(-1, 9, 30), time.Time{}),
	}}, testNow(), time.UTC)
	w.Resize(fyne.NewSize(32, b.MinSize().Height))
	summary := []string{"Your connection was offline 30 min (blue marks)", label.English.Say("window.connection_hint")}
	if got := barsCaptions(b); strings.Join(got, "|") != strings.Join(summary, "|") {
		t.Errorf("captions %q, want %q", got, summary)
	}
	if got := barsMarks(b); len(got) != 1 || got[0] != 11 { // the second of three 10-wide bars, 1 apart
		t.Errorf("marks at %v, want one under the second day (x 11)", got)
	}
	if h := b.MinSize().Height; h <= barsHeight+markGap+markHeight {
		t.Errorf("height %v leaves no room for the captions", h)
	}

	test.MoveMouse(w.Canvas(), fyne.NewPos(15, 5)) // the second day
	want := []string{"Fri 28 Feb: 100.00% up, 2 checks unknown", "Your connection was offline 09:00–09:30"}
	if got := barsCaptions(b); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("pointing at the second day: %q, want %q", got, want)
	}
	for i, o := range test.WidgetRenderer(b).Objects()[:3] {
		if outlined := o.(*canvas.Rectangle).StrokeWidth > 0; outlined != (i == 1) {
			t.Errorf("bar %d outlined: %v; want only the day pointed at", i, outlined)
		}
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(28, 5)) // today: no trouble
	want = []string{"Sat 1 Mar: 100.00% up", "Your connection had no trouble that day."}
	if got := barsCaptions(b); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("pointing at today: %q, want %q", got, want)
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(15, b.MinSize().Height+50)) // off the bars
	if got := barsCaptions(b); strings.Join(got, "|") != strings.Join(summary, "|") {
		t.Errorf("pointing away: %q, want the summary again", got)
	}
	test.TapAt(b, fyne.NewPos(2, 5))
	if got := barsCaptions(b); len(got) != 2 || got[0] != "Thu 27 Feb: 100.00% up" {
		t.Errorf("tapping the first day: %q", got)
	}

	b.SetConnection(connection{err: errors.New("database is locked")}, testNow(), time.UTC)
	if got := barsCaptions(b); len(got) == 0 || got[0] != "Cannot read your connection's history: database is locked" {
		t.Errorf("a read error: %q", got)
	}
}

// The history window reads the connection's periods with the uptime bars
// of the service shown, and of an incident's.
func TestHistoryShowsTheConnection(t *testing.T) {
	f := newFixture(t, func(f *fixture) {
		typical(t)(f)
		ctx := context.Background()
		for _, c := range []struct {
			at time.Time
			n  status.Network
			r  string
		}{
			{hm(-1, 9, 0), status.Offline, "you are offline"},
			{hm(-1, 10, 15), status.Online, ""},
			{hm(0, 11, 30), status.LinkDegraded, slowLink},
		} {
			if err := f.st.RecordNetwork(ctx, c.at, c.n, c.r); err != nil {
				t.Fatal(err)
			}
		}
	})
	h := f.h
	if got := barsCaptions(h.detail.uptime); len(got) != 0 {
		t.Errorf("no service shown, captions %q", got)
	}
	h.filters.service.SetSelected("web.whatsapp.test")
	want := "Your connection was offline 1 h 15 min and slow 30 min (blue marks)"
	if got := barsCaptions(h.detail.uptime); len(got) != 2 || got[0] != want {
		t.Errorf("service panel captions %q, want %q first", got, want)
	}
	if got := barsMarks(h.detail.uptime); len(got) != 2 {
		t.Errorf("%d days marked, want 2 (yesterday and today)", len(got))
	}
	h.filters.service.SetSelected("All services")
	h.Show(4)
	if got := barsCaptions(h.detail.uptime); len(got) != 2 || got[0] != want {
		t.Errorf("incident's captions %q, want %q first", got, want)
	}
}
