package agent

import (
	"testing"
	"time"

	"github.com/downradar/downradar/app/notification"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// The agent follows the network from the engine's changes of verdict
// alone: checks, even of services that answer, do not move it (on a slow
// link services answer, slowly), and a restart of the engine forgets it.
func TestOnEventFollowsTheNetwork(t *testing.T) {
	now := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	a := &Agent{opts: Options{Now: func() time.Time { return now }}, cfg: &config.Config{}, logf: t.Logf,
		planner: notification.NewPlanner(notification.Policy{})}
	const slow = "your connection is slow (round trip 1.6s, usually 40ms)"
	for i, tc := range []struct {
		ev     history.Event
		want   status.Network
		reason string
	}{
		{history.Event{Kind: history.EventChecked, Service: "A", Status: status.Up}, "", ""},
		{history.Event{Kind: history.EventNetwork, Network: status.LinkDegraded, Reason: slow}, status.LinkDegraded, slow},
		{history.Event{Kind: history.EventChecked, Service: "A", Status: status.Up}, status.LinkDegraded, slow},
		{history.Event{Kind: history.EventChecked, Service: "B", Status: status.Unknown, Reason: slow, Network: status.LinkDegraded}, status.LinkDegraded, slow},
		{history.Event{Kind: history.EventNetwork, Network: status.Offline, Reason: "you are offline"}, status.Offline, "you are offline"},
		{history.Event{Kind: history.EventChecked, Service: "A", Status: status.Up}, status.Offline, "you are offline"},
		{history.Event{Kind: history.EventNetwork, Network: status.Online}, status.Online, ""},
	} {
		a.onEvent(tc.ev)
		if a.network != tc.want || a.netReason != tc.reason {
			t.Errorf("step %d (%s %s): network %q (%q), want %q (%q)", i, tc.ev.Kind, tc.ev.Status, a.network, a.netReason, tc.want, tc.reason)
		}
	}
	a.onEvent(history.Event{Kind: history.EventNetwork, Network: status.Captive})
	a.engineRestarted()
	if a.network != "" || a.netReason != "" {
		t.Errorf("after a restart of the engine: %q (%q), want none", a.network, a.netReason)
	}
	// The new engine tells the sign-in page again: the planner says it.
	a.onEvent(history.Event{Kind: history.EventNetwork, Network: status.Captive})
	if a.network != status.Captive {
		t.Errorf("told again after the restart: %q", a.network)
	}
	if msgs := a.planner.Flush(nil, now.Add(time.Minute), false); len(msgs) != 1 || msgs[0].Summary != "Your network needs a sign-in" {
		t.Errorf("planner sent %+v", msgs)
	}
}
