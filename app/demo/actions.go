package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// BreakAction makes the components refs name behave as b.
func BreakAction(b Behaviour, refs ...Ref) Action {
	return Action{
		Say:   fmt.Sprintf("%s: %s", refList(refs), b),
		Needs: refs,
		Do:    func(l *Lab) error { return l.Break(b, refs...) },
	}
}

// BreakEverything makes every component of the lab that can behave as b
// do so (all of them, for Refused and Timeout).
func BreakEverything(b Behaviour) Action {
	return Action{
		Say: "every service: " + string(b),
		Do: func(l *Lab) error {
			var refs []Ref
			for _, e := range l.comps {
				if b.check(e) == nil {
					refs = append(refs, e.ref)
				}
			}
			return l.Break(b, refs...)
		},
	}
}

// RecoverAction makes the components refs name work again.
func RecoverAction(refs ...Ref) Action {
	return Action{
		Say:   refList(refs) + ": working again",
		Needs: refs,
		Do:    func(l *Lab) error { return l.Recover(refs...) },
	}
}

// RecoverEverything brings the whole lab back (RecoverAll).
func RecoverEverything() Action {
	return Action{Say: "everything works again", Do: (*Lab).RecoverAll}
}

// NetworkAction puts the user's own network in a state (SetNetwork).
func NetworkAction(n status.Network) Action {
	return Action{
		Say: "your network: " + string(n),
		Do:  func(l *Lab) error { return l.SetNetwork(n) },
	}
}

// LosePacketAction fails one TLS handshake of one component, once.
func LosePacketAction(ref Ref) Action {
	return Action{
		Say:   ref.String() + ": one packet lost",
		Needs: []Ref{ref},
		Do:    func(l *Lab) error { return l.LosePacket(ref) },
	}
}

// JumpAction moves the lab's wall clock forward, as a laptop waking from
// sleep sees it.
func JumpAction(d time.Duration) Action {
	return Action{
		Say: "the wall clock jumps " + d.String() + " ahead",
		Do:  func(l *Lab) error { l.Jump(d); return nil },
	}
}

// PublishAction puts stories in the lab's news feeds, dated now.
func PublishAction(stories ...Story) Action {
	var titles []string
	for _, s := range stories {
		titles = append(titles, s.Lang+": "+s.Title)
	}
	return Action{
		Say: "news: " + strings.Join(titles, " | "),
		Do:  func(l *Lab) error { return l.feed.Publish(stories...) },
	}
}

// PageAction adds an update to the lab status page's incident (opening it).
// A lab without a status page skips it: the world then says nothing there.
func PageAction(r PageReport) Action {
	return Action{
		Say: "status page: " + r.Title + ": " + r.Body,
		Do: func(l *Lab) error {
			if l.page == nil {
				return nil
			}
			return l.page.Report(r)
		},
	}
}

// PageResolveAction resolves the lab status page's incident.
func PageResolveAction() Action {
	return Action{
		Say: "status page: resolved",
		Do: func(l *Lab) error {
			if l.page != nil {
				l.page.Resolve()
			}
			return nil
		},
	}
}

// Saying is a with another sentence for the narration.
func (a Action) Saying(say string) Action {
	a.Say = say
	return a
}

func refList(refs []Ref) string {
	var s []string
	for _, r := range refs {
		s = append(s, r.String())
	}
	return strings.Join(s, ", ")
}
