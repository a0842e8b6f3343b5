package demo

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
)

// replayCase is a scenario to replay, and what to check beyond Verify.
type replayCase struct {
	sc    Scenario
	speed float64
	opts  func(*Options)
	check func(*replay, *recorder)
}

// TestReplays runs the real engine, store and radar on the lab at test
// pace (checks every second; scripts three times faster than the demo,
// the whole demo four times) and checks the history: exactly the incidents
// each scenario expects (service, components, failing layer, scope; start
// and end at or after their steps and by the checks the thresholds allow),
// nothing for the services it leaves alone, and nothing at all for a false
// alarm, which the engine must have noticed for what it is. A step of a
// scenario with incidents waits until the engine has seen what the earlier
// ones did (replay.hold): a loaded machine checks slower than the script's
// pace. The replays run at once, each in its own goroutine; each subtest
// reports one.
func TestReplays(t *testing.T) {
	t.Parallel()
	cases := []replayCase{
		// The status page reports 2019 and 2021; the news alone, 2025.
		{sc: Demo(), speed: 4, check: checkEvidence(map[string][]int{"WhatsApp": {1, 0, 1}, "Facebook": {1, 1}, "Instagram": {1, 1}, "Messenger": {1}})},
		{sc: WebLogins2025(), opts: func(o *Options) { o.NoStatusPage = true }, check: checkNewsOnly},
		{sc: FalseAlarmDemo(), speed: 4, check: noticed(map[string]func(history.Event) bool{
			"a lost packet": func(e history.Event) bool {
				return e.Kind == history.EventChecked && e.Service == "WhatsApp" && e.Status.Bad()
			},
			"the network down":    judged(status.Offline),
			"a captive portal":    judged(status.Captive),
			"the resolver broken": judged(status.DNSBroken),
			"the laptop waking": func(e history.Event) bool {
				return e.Kind == history.EventChecked && e.Status == status.Unknown && strings.Contains(e.Reason, "woke up")
			},
		})},
	}
	recs := make([]*recorder, len(cases))
	var wg sync.WaitGroup
	for i, c := range cases {
		recs[i] = &recorder{}
		dir := t.TempDir()
		wg.Go(func() {
			// One after the other, so that their starts (every probe at
			// once, a store and a classifier to set up) do not pile up.
			time.Sleep(time.Duration(i) * 400 * time.Millisecond)
			replayOnce(c, dir, recs[i])
		})
	}
	wg.Wait()
	for i, c := range cases {
		t.Run(c.sc.Name, recs[i].report)
	}
}

// replayOnce replays c once, and says how long the process went without a
// CPU at worst (evidence when it fails). A replay that failed while the
// process starved was once played again: the cause was the probes' 1 s
// timeout, which a healthy loopback probe reached on a loaded machine; they
// now wait as long as they need (see hangingProber), and nothing is
// replayed.
func replayOnce(c replayCase, dir string, rec *recorder) {
	stop := stalls()
	runReplay(c, dir, rec)
	rec.Logf("the process starved for %s at worst", stop().Round(time.Millisecond))
}

func runReplay(c replayCase, dir string, rec *recorder) {
	speed := c.speed
	if speed == 0 {
		speed = testSpeed
	}
	o := testOptions(rec.Logf)
	o.Speed = speed
	if c.opts != nil {
		c.opts(&o)
	}
	r, err := startReplay(dir, o)
	if err != nil {
		rec.Errorf("%v", err)
		return
	}
	defer r.close()
	if r.play(rec, c.sc, speed) && c.check != nil {
		c.check(r, rec)
	}
}

// checkEvidence checks the evidence of each service's incidents, oldest
// first: the status page's updates (as many as pages says), and exactly
// the news published about the service while it was down.
func checkEvidence(pages map[string][]int) func(*replay, *recorder) {
	return func(r *replay, rec *recorder) {
		for name, want := range pages {
			incs, err := r.incidents(name)
			if err != nil || len(incs) != len(want) {
				rec.Errorf("%s: %d incidents (%v), want %d", name, len(incs), err, len(want))
				continue
			}
			for i, inc := range slices.Backward(incs) { // oldest first
				if n := countEvidence(inc, history.SourceStatusPage); n != want[len(want)-1-i] {
					rec.Errorf("%s #%d: %d status page updates in the evidence, want %d", name, inc.ID, n, want[len(want)-1-i])
				}
				checkNews(rec, inc, r.lab.Feed().Items())
			}
		}
	}
}

// checkNewsOnly: without a status page, the Bengali and Italian news alone
// confirmed WhatsApp Web's 503s.
func checkNewsOnly(r *replay, rec *recorder) {
	for _, s := range r.cfg.Watched() {
		if s.Status != nil {
			rec.Errorf("%s has a status page: %+v", s.Name, s.Status)
		}
	}
	incs, err := r.incidents("WhatsApp")
	if err != nil || len(incs) != 1 {
		rec.Errorf("WhatsApp: %d incidents (%v)", len(incs), err)
		return
	}
	inc := incs[0]
	if n := countEvidence(inc, history.SourceStatusPage); n != 0 {
		rec.Errorf("%d status page updates without a status page", n)
	}
	var langs []string
	for _, e := range inc.Evidence {
		if e.Source == history.SourceNews && !slices.Contains(langs, e.Lang) {
			langs = append(langs, e.Lang)
		}
		// (At the recovery, a probe may see a 503, then a 200 on its retry: flaky.)
		if e.Source == history.SourceProbe && (e.Component != "Web" || !strings.Contains(e.Message, "HTTP 503 Service Unavailable")) {
			rec.Errorf("probe evidence %+v, want Web failing with HTTP 503", e)
		}
	}
	if slices.Sort(langs); !slices.Equal(langs, []string{"bn", "it"}) {
		rec.Errorf("news in %v, want bn and it", langs)
	}
	checkNews(rec, inc, r.lab.Feed().Items())
}

// noticed checks that the engine saw each false alarm for what it is.
func noticed(alarms map[string]func(history.Event) bool) func(*replay, *recorder) {
	return func(r *replay, rec *recorder) {
		for what, f := range alarms {
			if !r.events.any(f) {
				rec.Errorf("the engine never noticed %s:\n%s", what, r.events.dump())
			}
		}
	}
}

// judged: a check found the service failing and the network at fault.
func judged(n status.Network) func(history.Event) bool {
	return func(e history.Event) bool {
		return e.Kind == history.EventChecked && e.Network == n && e.Status == status.Unknown
	}
}

func countEvidence(inc history.Incident, source history.Source) int {
	n := 0
	for _, e := range inc.Evidence {
		if e.Source == source {
			n++
		}
	}
	return n
}

// checkNews checks that the news in an incident's evidence are exactly the
// stories about its service published while it was open (no trap, none
// missing, none of an earlier outage), each linked to the lab's page.
func checkNews(rec *recorder, inc history.Incident, published []FeedItem) {
	var want, got []string
	for _, it := range published {
		during := !it.At.Before(inc.Start.Truncate(time.Second)) && !it.At.After(inc.End)
		if during && slices.Contains(it.Services, strings.ToLower(inc.Service)) {
			want = append(want, it.Title)
		}
	}
	for _, e := range inc.Evidence {
		if e.Source == history.SourceNews {
			got = append(got, e.Title)
			if !strings.HasPrefix(e.URL, "http://127.0.0.1:") {
				rec.Errorf("%s: news link %q is not the lab's", inc.Service, e.URL)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		rec.Errorf("%s #%d: news in the evidence %q, want %q", inc.Service, inc.ID, got, want)
	}
}
