package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/statuspage"
)

// The real classifier reads every story of the lab as a person does: an
// outage of exactly its services, or, for a trap, no outage at all. And
// every story has a feed in its language.
func TestStories(t *testing.T) {
	t.Parallel()
	all, err := Stories()
	if err != nil {
		t.Fatal(err)
	}
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	l := startLab(t, testOptions(t.Logf))
	for _, s := range all {
		res := cls.Classify(s.Title + "\n" + s.Summary)
		switch {
		case s.Trap() && res.Outage:
			t.Errorf("%s (a trap) read as an outage of %v: %s", s.ID, res.Services, s.Title)
		case !s.Trap() && (!res.Outage || res.Recovered != s.Recovered || !slices.Equal(res.Services, s.Services)):
			t.Errorf("%s read as outage %v of %v (recovered %v), want %v (recovered %v): %s", s.ID, res.Outage, res.Services, res.Recovered, s.Services, s.Recovered, s.Title)
		}
		if !slices.Contains(l.Feed().Languages(), s.Lang) {
			t.Errorf("%s: no feed in %s", s.ID, s.Lang)
		}
	}
}

// Every scenario is well formed: steps in order within its length, every
// component it touches in the catalog's lab, every expectation dated by
// steps; the demo lasts about three minutes.
func TestScenariosWellFormed(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	for _, sc := range append([]Scenario{Uploads2019(), WebLogins2025(), DNS2021(), Demo()}, FalseAlarms()...) {
		s := sc.Script
		if err := s.Check(l); err != nil {
			t.Errorf("%s: %v", sc.Name, err)
		}
		if !slices.IsSortedFunc(s.Steps, func(a, b Step) int { return int(a.At - b.At) }) || len(s.Steps) == 0 || s.Steps[len(s.Steps)-1].At >= s.Length {
			t.Errorf("%s: steps out of order or past its length %s", sc.Name, s.Length)
		}
		p := &Played{Script: s, Ran: make([]Span, len(s.Steps))}
		for _, x := range sc.Expect {
			if _, ok := p.When(x.Start); !ok {
				t.Errorf("%s: %s starts at %s, where no step is", sc.Name, x.Service, fmtOffset(x.Start))
			}
			if _, ok := p.When(x.End); !ok {
				t.Errorf("%s: %s ends at %s, where no step is", sc.Name, x.Service, fmtOffset(x.End))
			}
		}
	}
	if d := Demo().Script.Duration(1); d < 170*time.Second || d > 190*time.Second {
		t.Errorf("the demo lasts %s, want about 3 minutes", d)
	}
	if len(Demo().Expect) != 3+1+4 {
		t.Errorf("the demo expects %d incidents", len(Demo().Expect))
	}
}

// The status page serves the documented Atlassian summary: operational,
// then the incident with its updates and components, then resolved.
func TestStatusPage(t *testing.T) {
	t.Parallel()
	l := startLab(t, testOptions(t.Logf))
	client := &statuspage.Client{}
	src := statuspage.Source{URL: l.Page().URL(), Kind: statuspage.KindAtlassian}
	fetch := func() *statuspage.Page {
		p, err := client.Fetch(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := fetch(); p.Level != statuspage.Operational || len(p.Components) != len(MetaServices) {
		t.Errorf("at start: %s, %d components", p.Level, len(p.Components))
	}
	for _, r := range []PageReport{
		{Services: []string{"whatsapp"}, Title: "Web logins failing", Body: "Investigating.", Level: "partial_outage"},
		{Services: []string{"whatsapp"}, Status: "identified", Body: "Found it.", Level: "partial_outage"},
	} {
		if err := l.Page().Report(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Page().Report(PageReport{Services: []string{"myspace"}}); err == nil {
		t.Error("a report on a service the page does not cover was taken")
	}
	p := fetch()
	if p.LevelFor([]string{"WhatsApp"}) != statuspage.Partial || p.LevelFor([]string{"Facebook"}) != statuspage.Operational {
		t.Errorf("levels: WhatsApp %s, Facebook %s", p.LevelFor([]string{"WhatsApp"}), p.LevelFor([]string{"Facebook"}))
	}
	incs := p.IncidentsFor([]string{"WhatsApp"})
	if len(incs) != 1 || incs[0].Title != "Web logins failing" || incs[0].Status != "identified" || len(incs[0].Updates) != 2 {
		t.Fatalf("incidents %+v", incs)
	}
	if len(p.IncidentsFor([]string{"Instagram"})) != 0 {
		t.Error("the incident touches Instagram too")
	}
	l.Page().Resolve()
	if p := fetch(); p.Level != statuspage.Operational || len(p.Incidents) != 0 {
		t.Errorf("resolved: %s, %d incidents", p.Level, len(p.Incidents))
	}
}
