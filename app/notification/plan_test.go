package notification

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

var t0 = time.Date(2026, 11, 21, 14, 2, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

func inc(id int64, svc string, start time.Time, comps ...string) history.Incident {
	return history.Incident{ID: id, Service: svc, Components: comps, Start: start, Peak: status.Down, Scope: history.ScopeFromHere}
}

func opened(i history.Incident, st status.Status) history.Event {
	return history.Event{Kind: history.EventOpened, Service: i.Service, Status: st, Incident: i}
}

func resolved(i history.Incident, end time.Time) history.Event {
	i.End = end
	return history.Event{Kind: history.EventResolved, Service: i.Service, Status: status.Up, Incident: i}
}

// step feeds events at a time and flushes at another, returning what is sent.
type step struct {
	events  []history.Event
	eventAt time.Time
	flushAt time.Time
	silent  bool
	want    []Message
}

func run(t *testing.T, p *Planner, steps []step) {
	t.Helper()
	for i, s := range steps {
		for _, ev := range s.events {
			p.Event(ev, s.eventAt)
		}
		got := p.Flush(nil, s.flushAt, s.silent)
		if !reflect.DeepEqual(got, s.want) {
			t.Fatalf("step %d: Flush(%s) =\n%#v\nwant\n%#v", i, s.flushAt.Format(time.TimeOnly), got, s.want)
		}
	}
}

func TestOneRoundIsOneNotification(t *testing.T) {
	fb := inc(1, "Facebook", at(0), "Media CDN")
	ig := inc(2, "Instagram", at(1), "CDN")
	wa := inc(3, "WhatsApp", at(2), "Media")
	p := NewPlanner(Policy{})
	run(t, p, []step{
		// The first failure waits for the rest of its round.
		{events: []history.Event{opened(fb, status.Partial)}, eventAt: at(0), flushAt: at(1)},
		{events: []history.Event{opened(ig, status.Down), opened(wa, status.Down)}, eventAt: at(2), flushAt: at(2)},
		{flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "Facebook, Instagram and WhatsApp have problems",
			Body:     "Facebook: partly down since 14:02 (Media CDN)\nInstagram: down since 14:02 (CDN)\nWhatsApp: down since 14:02 (Media)",
			Incident: 2, Urgency: Normal,
		}}},
		// Nothing more is pending.
		{flushAt: at(60)},
	})
	if _, ok := p.Next(); ok {
		t.Error("Next reports something pending after everything was sent")
	}
}

func TestLaterFailureReplacesTheNotificationOnScreen(t *testing.T) {
	ig := inc(2, "Instagram", at(0), "Web")
	wa := inc(3, "WhatsApp", at(40), "Web")
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{opened(ig, status.Down)}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "Instagram is down", Body: "Web failing since 14:02.", Incident: 2, Urgency: Normal,
		}}},
		// Another service fails 40 s later (its own schedule): the same notification is updated.
		{events: []history.Event{opened(wa, status.Down)}, eventAt: at(40), flushAt: at(40), want: []Message{{
			Key: "incidents-1", Summary: "Instagram and WhatsApp are down",
			Body:     "Instagram: down since 14:02 (Web)\nWhatsApp: down since 14:02 (Web)",
			Incident: 2, Urgency: Normal,
		}}},
	})
}

func TestUpdatesAreRateLimited(t *testing.T) {
	a := inc(1, "A", at(0), "Web")
	b := inc(2, "B", at(4), "Web")
	c := inc(3, "C", at(5), "Web")
	p := NewPlanner(Policy{Batch: time.Second, MinGap: 10 * time.Second})
	run(t, p, []step{
		{events: []history.Event{opened(a, status.Down)}, eventAt: at(0), flushAt: at(1), want: []Message{{
			Key: "incidents-1", Summary: "A is down", Body: "Web failing since 14:02.", Incident: 1, Urgency: Normal,
		}}},
		// Two more within MinGap of the first send: held back, then sent as one update.
		{events: []history.Event{opened(b, status.Down)}, eventAt: at(4), flushAt: at(4)},
		{events: []history.Event{opened(c, status.Down)}, eventAt: at(5), flushAt: at(10)},
		{flushAt: at(11), want: []Message{{
			Key: "incidents-1", Summary: "A, B and C are down",
			Body:     "A: down since 14:02 (Web)\nB: down since 14:02 (Web)\nC: down since 14:02 (Web)",
			Incident: 1, Urgency: Normal,
		}}},
	})
}

func TestResolutionReplacesWithDuration(t *testing.T) {
	wa := inc(3, "WhatsApp", at(0), "Chat", "Web")
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{opened(wa, status.Down)}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is down", Body: "Chat and Web failing since 14:02.", Incident: 3, Urgency: Normal,
		}}},
		{events: []history.Event{resolved(wa, at(720))}, eventAt: at(725), flushAt: at(725), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is back", Body: "It was down for 12 min (Chat and Web).", Incident: 3, Urgency: Low,
		}}},
	})
}

func TestGroupResolvesMemberByMember(t *testing.T) {
	fb := inc(1, "Facebook", at(0), "Web")
	wa := inc(3, "WhatsApp", at(0), "Web")
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{opened(fb, status.Down), opened(wa, status.Down)}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "Facebook and WhatsApp are down",
			Body: "Facebook: down since 14:02 (Web)\nWhatsApp: down since 14:02 (Web)", Incident: 1, Urgency: Normal,
		}}},
		{events: []history.Event{resolved(fb, at(600))}, eventAt: at(600), flushAt: at(600), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is down",
			Body: "Facebook: back after 10 min\nWhatsApp: down since 14:02 (Web)", Incident: 3, Urgency: Normal,
		}}},
		{events: []history.Event{resolved(wa, at(900))}, eventAt: at(900), flushAt: at(900), want: []Message{{
			Key: "incidents-1", Summary: "Facebook and WhatsApp are back",
			Body: "Facebook: back after 10 min\nWhatsApp: back after 15 min", Incident: 1, Urgency: Low,
		}}},
		// A new failure long after the group ended is a new notification.
		{events: []history.Event{opened(inc(4, "Facebook", at(2000), "Web"), status.Degraded)}, eventAt: at(2000), flushAt: at(2003), want: []Message{{
			Key: "incidents-2", Summary: "Facebook is degraded", Body: "Web failing since 14:35.", Incident: 4, Urgency: Normal,
		}}},
	})
}

func TestEscalationOfAnIncidentNotOnScreen(t *testing.T) {
	// Restored after a restart: the planner never saw it open.
	wa := inc(9, "WhatsApp", at(-3600), "Web", "Media")
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{{Kind: history.EventEscalated, Service: "WhatsApp", Status: status.Down, Incident: wa}}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is down", Body: "Web and Media failing since 13:02.", Incident: 9, Urgency: Normal,
		}}},
	})
}

func TestSilentDropsButCounts(t *testing.T) {
	a := inc(1, "A", at(0), "Web")
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{opened(a, status.Down)}, eventAt: at(0), flushAt: at(3), silent: true},
		// Not sent later either: it was told (to nobody) while silent.
		{flushAt: at(100)},
	})
}

func checked(st status.Status, n status.Network) history.Event {
	return history.Event{Kind: history.EventChecked, Service: "X", Status: st, Network: n}
}

func netEv(n status.Network, reason string) history.Event {
	return history.Event{Kind: history.EventNetwork, Network: n, Reason: reason}
}

// The engine's words for a degraded link (network.Verdict.Reason).
const (
	slowReason  = "your connection is slow (round trip 1.6s, usually 40ms)"
	lossyReason = "your connection is losing packets (12 of 30 recent checks had to resend)"
)

var (
	offline = networkMessage(nil, status.Online, status.Offline, "you are offline")
	back    = networkMessage(nil, status.Offline, status.Online, "")
	slow    = networkMessage(nil, status.Online, status.LinkDegraded, slowReason)
	normal  = networkMessage(nil, status.LinkDegraded, status.Online, "")
)

func TestOfflineSaidOnce(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		// The engine tells the change once, while every service comes back unknown.
		{events: []history.Event{netEv(status.Offline, "you are offline"), checked(status.Unknown, status.Offline), checked(status.Unknown, status.Offline)}, eventAt: at(0), flushAt: at(3), want: []Message{offline}},
		{events: []history.Event{checked(status.Unknown, status.Offline), checked(status.Unknown, "")}, eventAt: at(60), flushAt: at(63)},
		// Back: said once.
		{events: []history.Event{netEv(status.Online, ""), checked(status.Up, ""), checked(status.Up, "")}, eventAt: at(120), flushAt: at(123), want: []Message{back}},
		{events: []history.Event{checked(status.Up, "")}, eventAt: at(180), flushAt: at(183)},
	})
	if offline.Key != "network" || back.Key != "network" || offline.Summary != "You are offline" {
		t.Errorf("network messages: %+v %+v", offline, back)
	}
}

// Checks say nothing of the network, only the engine's changes of verdict
// do: a service that answers on a slow link is no sign it is back.
func TestChecksSayNothingOfTheNetwork(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{checked(status.Unknown, status.Offline), checked(status.Unknown, status.Captive)}, eventAt: at(0), flushAt: at(10)},
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(20), flushAt: at(23), want: []Message{slow}},
		{events: []history.Event{checked(status.Up, ""), checked(status.Up, status.Online)}, eventAt: at(60), flushAt: at(600)},
	})
}

func TestOfflineBlipNotAnnounced(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		// Offline and back within the batch window: nothing to say.
		{events: []history.Event{netEv(status.Offline, "you are offline")}, eventAt: at(0), flushAt: at(1)},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(2), flushAt: at(10)},
	})
	if _, ok := p.Next(); ok {
		t.Error("something pending after a blip")
	}
}

// A slow link is said once, with its figures; it is no outage of any
// service. It stays slow: nothing more. Back to normal is said once it has
// stayed so for Settle.
func TestSlowLinkSaidOnce(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{netEv(status.LinkDegraded, slowReason), checked(status.Unknown, status.LinkDegraded)}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "network", Summary: "Your connection is slow",
			Body:    "Round trip 1.6 s, usually 40 ms. Services that only time out show as unknown, not down, and slow ones as up. This is not an outage of any service.",
			Urgency: Normal,
		}}},
		// The same verdict again (a later round's figures), and checks: nothing.
		{events: []history.Event{netEv(status.LinkDegraded, "your connection is slow (round trip 2.1s, usually 40ms)"), checked(status.Up, status.LinkDegraded)}, eventAt: at(60), flushAt: at(63)},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(600), flushAt: at(603)},
		{flushAt: at(719)},
		{flushAt: at(720), want: []Message{{
			Key: "network", Summary: "Your connection is back to normal",
			Body: "It is no longer slow or losing packets; DownRadar judges your services as usual again.", Urgency: Low,
		}}},
		{flushAt: at(3600)},
	})
}

// A link at the edge, slow one minute and not the next, says nothing more
// until it has stayed normal for Settle.
func TestSlowLinkAtTheEdge(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{netEv(status.LinkDegraded, lossyReason)}, eventAt: at(0), flushAt: at(3), want: []Message{
			networkMessage(nil, status.Online, status.LinkDegraded, lossyReason)}},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(60), flushAt: at(63)},
		{events: []history.Event{netEv(status.LinkDegraded, lossyReason)}, eventAt: at(120), flushAt: at(123)},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(180), flushAt: at(299)},
		{flushAt: at(300), want: []Message{normal}},
		// Slow again after it was said normal: a new notification.
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(900), flushAt: at(903), want: []Message{slow}},
	})
	if got := networkMessage(nil, status.Online, status.LinkDegraded, lossyReason).Summary; got != "Your connection is losing packets" {
		t.Errorf("lossy summary %q", got)
	}
}

func TestSlowLinkBlipNotAnnounced(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(0), flushAt: at(1)},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(2), flushAt: at(600)},
	})
}

// From offline to slow to normal: each says what the connection does now,
// replacing the one before on screen; the return is from the slow link.
func TestOfflineThenSlowThenNormal(t *testing.T) {
	p := NewPlanner(Policy{Settle: time.Minute})
	run(t, p, []step{
		{events: []history.Event{netEv(status.Offline, "you are offline")}, eventAt: at(0), flushAt: at(3), want: []Message{offline}},
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(60), flushAt: at(63), want: []Message{
			networkMessage(nil, status.Offline, status.LinkDegraded, slowReason)}},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(120), flushAt: at(180), want: []Message{normal}},
		// Slow, then offline before the slow one was said: offline is said, and its return is "Back online".
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(300), flushAt: at(301)},
		{events: []history.Event{netEv(status.Offline, "you are offline")}, eventAt: at(302), flushAt: at(305), want: []Message{offline}},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(400), flushAt: at(403), want: []Message{back}},
	})
	if s := networkMessage(nil, status.Offline, status.LinkDegraded, slowReason); s.Summary != "Your connection is slow" {
		t.Errorf("back from offline to a slow link: %q", s.Summary)
	}
}

// A network message dropped while silent leaves nothing to take back.
func TestSilentNetworkNotTakenBack(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(0), flushAt: at(3), silent: true},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(600), flushAt: at(3600)},
		{events: []history.Event{netEv(status.Offline, "you are offline")}, eventAt: at(4000), flushAt: at(4003), silent: true},
		{events: []history.Event{netEv(status.Online, "")}, eventAt: at(4100), flushAt: at(4103)},
	})
}

// The engine started again (a reload): it tells again what is not online,
// nothing of what is. The same verdict again says nothing; none at all
// within Settle means the connection works.
func TestEngineRestarted(t *testing.T) {
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{netEv(status.Offline, "you are offline")}, eventAt: at(0), flushAt: at(3), want: []Message{offline}},
	})
	p.EngineRestarted(at(100))
	run(t, p, []step{
		{events: []history.Event{netEv(status.Offline, "you are offline")}, eventAt: at(101), flushAt: at(104)},
		{flushAt: at(1000)},
	})
	p.EngineRestarted(at(2000))
	run(t, p, []step{
		{flushAt: at(2119)},
		{flushAt: at(2120), want: []Message{back}},
	})
	// Nothing said: a restart has nothing to take back, and the next change is said.
	p.EngineRestarted(at(3000))
	if _, ok := p.Next(); ok {
		t.Error("a restart with nothing said left something pending")
	}
	run(t, p, []step{
		{events: []history.Event{netEv(status.LinkDegraded, slowReason)}, eventAt: at(3001), flushAt: at(3004), want: []Message{slow}},
	})
}

func TestNetworkKinds(t *testing.T) {
	for _, tc := range []struct {
		from, n status.Network
		reason  string
		want    string
		urgency Urgency
	}{
		{status.Online, status.Offline, "you are offline", "You are offline", Normal},
		{status.Online, status.Captive, "", "Your network needs a sign-in", Normal},
		{status.Online, status.DNSBroken, "", "Name lookups fail on this computer", Normal},
		{status.Online, status.LinkDegraded, slowReason, "Your connection is slow", Normal},
		{status.Online, status.LinkDegraded, lossyReason, "Your connection is losing packets", Normal},
		{status.Online, status.LinkDegraded, "your connection is slow or losing packets", "Your connection is slow or losing packets", Normal},
		{status.Offline, status.Online, "", "Back online", Low},
		{status.Captive, status.Online, "", "Back online", Low},
		{status.LinkDegraded, status.Online, "", "Your connection is back to normal", Low},
	} {
		m := networkMessage(nil, tc.from, tc.n, tc.reason)
		if m.Summary != tc.want || m.Urgency != tc.urgency || m.Key != "network" {
			t.Errorf("%s to %s: %q (urgency %d, key %q), want %q (urgency %d)", tc.from, tc.n, m.Summary, m.Urgency, m.Key, tc.want, tc.urgency)
		}
		if tc.n != status.Online && !strings.Contains(m.Body, "not an outage of any service") {
			t.Errorf("%s: body %q does not say it is no outage", tc.n, m.Body)
		}
	}
	if m := networkMessage(nil, status.Online, status.LinkDegraded, "your connection is slow or losing packets"); !strings.HasPrefix(m.Body, "Services that only time out") {
		t.Errorf("without figures: %q", m.Body)
	}
}

func TestEscape(t *testing.T) {
	got := Escape(`<b>Tom & "Jerry's"</b>`)
	if want := "&lt;b&gt;Tom &amp; &quot;Jerry&#39;s&quot;&lt;/b&gt;"; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

// An outage only the world reports is said once, as information; its
// updates and its end say nothing. When the probes then fail, the incident
// is notified as any other.
func TestReportedElsewhereSaidOnce(t *testing.T) {
	ext := inc(7, "GitHub", at(0))
	ext.Scope, ext.Peak = history.ScopeElsewhere, status.Partial
	worse := ext
	worse.Peak = status.Down
	adopted := ext
	adopted.Scope, adopted.Components = history.ScopeConfirmed, []string{"API"}
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{opened(ext, status.Up)}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "elsewhere-7", Summary: "GitHub: outage reported elsewhere",
			Body: "Its status page or the news report trouble since 14:02. It works from here.", Incident: 7, Urgency: Low,
		}}},
		{events: []history.Event{{Kind: history.EventEscalated, Service: "GitHub", Status: status.Up, Incident: worse}}, eventAt: at(60), flushAt: at(70)},
		{events: []history.Event{resolved(worse, at(600))}, eventAt: at(600), flushAt: at(610)},
		{events: []history.Event{opened(adopted, status.Down)}, eventAt: at(700), flushAt: at(703), want: []Message{{
			Key: "incidents-2", Summary: "GitHub is down", Body: "API failing since 14:02. Its status page or the news report it too.", Incident: 7, Urgency: Normal,
		}}},
	})
}

// A confirmation updates the notification on screen.
func TestConfirmationUpdatesTheNotification(t *testing.T) {
	wa := inc(3, "WhatsApp", at(0), "Web")
	conf := wa
	conf.Scope = history.ScopeConfirmed
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{opened(wa, status.Down)}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is down", Body: "Web failing since 14:02.", Incident: 3, Urgency: Normal,
		}}},
		{events: []history.Event{{Kind: history.EventConfirmed, Service: "WhatsApp", Status: status.Down, Incident: conf}}, eventAt: at(120), flushAt: at(123), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is down", Body: "Web failing since 14:02. Its status page or the news report it too.", Incident: 3, Urgency: Normal,
		}}},
		// A confirmation of an incident never notified says nothing.
		{events: []history.Event{{Kind: history.EventConfirmed, Service: "X", Status: status.Down, Incident: inc(9, "X", at(0))}}, eventAt: at(200), flushAt: at(210)},
	})
}

// An incident the history could not save (a full disk) is said to be so,
// and a click opens the history, not an incident that is not there; once
// saved, its end reads as usual.
func TestUnsavedIncidentSaysSo(t *testing.T) {
	wa := inc(-1, "WhatsApp", at(0), "Web") // the engine's provisional id
	unsaved := opened(wa, status.Down)
	unsaved.Unsaved = true
	p := NewPlanner(Policy{})
	run(t, p, []step{
		{events: []history.Event{unsaved}, eventAt: at(0), flushAt: at(3), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is down", Body: "Web failing since 14:02.\nNot saved in the history yet (is the disk full?): DownRadar keeps trying.", Incident: 0, Urgency: Normal,
		}}},
		{events: []history.Event{resolved(wa, at(720))}, eventAt: at(725), flushAt: at(725), want: []Message{{
			Key: "incidents-1", Summary: "WhatsApp is back", Body: "It was down for 12 min (Web).", Incident: 0, Urgency: Low,
		}}},
	})
}
