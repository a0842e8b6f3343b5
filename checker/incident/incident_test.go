package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/status"
)

var t0 = time.Date(2021, 10, 4, 15, 39, 0, 0, time.UTC)

var policy = Policy{Fail: 2, Recover: 2, Recheck: []time.Duration{5 * time.Second, 15 * time.Second}, Interval: time.Minute}

// obs builds an observation at t0+sec with component name=status pairs.
func obs(sec int, comps ...any) Observation {
	o := Observation{At: t0.Add(time.Duration(sec) * time.Second)}
	var sts []status.Status
	for i := 0; i < len(comps); i += 2 {
		st := comps[i+1].(status.Status)
		o.Components = append(o.Components, Component{Name: comps[i].(string), Status: st, Layer: "dns", Class: "servfail"})
		sts = append(sts, st)
	}
	o.Status = status.Combine(sts)
	return o
}

func unknown(sec int) Observation {
	return Observation{At: t0.Add(time.Duration(sec) * time.Second), Status: status.Unknown, Reason: "you are offline"}
}

type step struct {
	o         Observation
	next      time.Duration
	opened    bool
	escalated bool
	closed    bool
	open      bool // an incident is open after the step
	evidence  int
}

func runSteps(t *testing.T, p Policy, s State, steps []step) State {
	t.Helper()
	for i, st := range steps {
		var d Decision
		s, d = Step(p, s, st.o)
		if d.Next != st.next || d.Opened != st.opened || d.Escalated != st.escalated || (d.Closed != nil) != st.closed ||
			(s.Open != nil) != st.open || len(d.Evidence) != st.evidence {
			t.Fatalf("step %d (%s): next=%v opened=%v escalated=%v closed=%v open=%v evidence=%d; want %v %v %v %v %v %d",
				i, st.o.Status, d.Next, d.Opened, d.Escalated, d.Closed != nil, s.Open != nil, len(d.Evidence),
				st.next, st.opened, st.escalated, st.closed, st.open, st.evidence)
		}
	}
	return s
}

func TestOpenAfterTwoFailuresWithQuickRecheck(t *testing.T) {
	s := runSteps(t, policy, State{}, []step{
		{o: obs(0, "Web", status.Up), next: time.Minute},
		{o: obs(60, "Web", status.Down), next: 5 * time.Second},                                    // first failure: quick re-check
		{o: obs(65, "Web", status.Down), next: time.Minute, opened: true, open: true, evidence: 2}, // confirmed
		{o: obs(125, "Web", status.Down), next: time.Minute, open: true, evidence: 1},
	})
	if !s.Open.Start.Equal(t0.Add(60*time.Second)) || s.Open.Peak != status.Down || !slices.Equal(s.Open.Components, []string{"Web"}) {
		t.Errorf("incident should start at the first failure: %+v", s.Open)
	}
}

func TestSingleBlipOpensNothing(t *testing.T) {
	runSteps(t, policy, State{}, []step{
		{o: obs(0, "Web", status.Down), next: 5 * time.Second},
		{o: obs(5, "Web", status.Up), next: time.Minute},
		{o: obs(65, "Web", status.Down), next: 5 * time.Second},
		{o: obs(70, "Web", status.Up), next: time.Minute},
	})
}

func TestThirdRecheckUsesSecondDelay(t *testing.T) {
	p := policy
	p.Fail = 3
	runSteps(t, p, State{}, []step{
		{o: obs(0, "Web", status.Down), next: 5 * time.Second},
		{o: obs(5, "Web", status.Down), next: 15 * time.Second},
		{o: obs(20, "Web", status.Down), next: time.Minute, opened: true, open: true, evidence: 3},
	})
}

func TestCloseAfterTwoSuccessesDatedFromFirst(t *testing.T) {
	s := runSteps(t, policy, State{}, []step{
		{o: obs(0, "Web", status.Down), next: 5 * time.Second},
		{o: obs(5, "Web", status.Down), next: time.Minute, opened: true, open: true, evidence: 2},
		{o: obs(65, "Web", status.Up), next: 5 * time.Second, open: true},
		{o: obs(70, "Web", status.Down), next: time.Minute, open: true, evidence: 1}, // relapse resets the good streak
		{o: obs(130, "Web", status.Up), next: 5 * time.Second, open: true},
	})
	var d Decision
	s, d = Step(policy, s, obs(135, "Web", status.Up))
	if d.Closed == nil || s.Open != nil {
		t.Fatalf("second success should close: %+v", d)
	}
	if !d.Closed.End.Equal(t0.Add(130*time.Second)) || !d.Closed.Start.Equal(t0) {
		t.Errorf("closed %v..%v, want %v..%v", d.Closed.Start, d.Closed.End, t0, t0.Add(130*time.Second))
	}
}

func TestUnknownFreezesStreaks(t *testing.T) {
	// Offline between two failures: still counts as two consecutive failures,
	// and offline alone never opens anything.
	runSteps(t, policy, State{}, []step{
		{o: unknown(0), next: time.Minute},
		{o: unknown(60), next: time.Minute},
		{o: unknown(120), next: time.Minute},
		{o: obs(180, "Web", status.Down), next: 5 * time.Second},
		{o: unknown(185), next: time.Minute},
		{o: obs(245, "Web", status.Down), next: time.Minute, opened: true, open: true, evidence: 2},
		{o: unknown(305), next: time.Minute, open: true}, // an open incident stays open while we cannot see
		{o: obs(365, "Web", status.Up), next: 5 * time.Second, open: true},
		{o: obs(370, "Web", status.Up), next: time.Minute, closed: true},
	})
}

func TestEscalationAndPartial(t *testing.T) {
	s := runSteps(t, policy, State{}, []step{
		{o: obs(0, "Web", status.Up, "Media", status.Down), next: 5 * time.Second},
		{o: obs(5, "Web", status.Up, "Media", status.Down), next: time.Minute, opened: true, open: true, evidence: 2},
		{o: obs(65, "Web", status.Up, "Media", status.Down), next: time.Minute, open: true, evidence: 1},
		{o: obs(125, "Web", status.Down, "Media", status.Down), next: time.Minute, escalated: true, open: true, evidence: 2},
		{o: obs(185, "Web", status.Up, "Media", status.Down), next: time.Minute, open: true, evidence: 1},
	})
	if s.Open.Peak != status.Down || !slices.Equal(s.Open.Components, []string{"Media", "Web"}) {
		t.Errorf("peak %s components %v; want down [Media Web]", s.Open.Peak, s.Open.Components)
	}
}

func TestDegradedOpensWithDegradedPeak(t *testing.T) {
	s := runSteps(t, policy, State{}, []step{
		{o: obs(0, "Web", status.Degraded), next: 5 * time.Second},
		{o: obs(5, "Web", status.Degraded), next: time.Minute, opened: true, open: true, evidence: 2},
	})
	if s.Open.Peak != status.Degraded {
		t.Errorf("peak = %s", s.Open.Peak)
	}
}

func TestFailThresholdOne(t *testing.T) {
	p := policy
	p.Fail, p.Recover = 1, 1
	runSteps(t, p, State{}, []step{
		{o: obs(0, "Web", status.Down), next: time.Minute, opened: true, open: true, evidence: 1},
		{o: obs(60, "Web", status.Up), next: time.Minute, closed: true},
	})
}

func TestStepDoesNotAliasState(t *testing.T) {
	s, _ := Step(policy, State{}, obs(0, "Web", status.Down))
	s2, _ := Step(policy, s, obs(5, "Web", status.Down))
	if len(s.Pending) != 1 || s.Open != nil || s2.Open == nil {
		t.Fatalf("earlier state changed: %+v", s)
	}
	s3, _ := Step(policy, s2, obs(65, "Media", status.Down))
	if len(s2.Open.Components) != 1 || len(s3.Open.Components) != 2 {
		t.Errorf("open incident aliased: %v vs %v", s2.Open.Components, s3.Open.Components)
	}
}

func TestRestore(t *testing.T) {
	s := Restore(policy, Open{ID: 7, Start: t0, Components: []string{"Web"}, Peak: status.Down})
	s = runSteps(t, policy, s, []step{
		{o: obs(600, "Web", status.Down), next: time.Minute, open: true, evidence: 1},
		{o: obs(660, "Web", status.Up), next: 5 * time.Second, open: true},
	})
	_, d := Step(policy, s, obs(665, "Web", status.Up))
	if d.Closed == nil || d.Closed.ID != 7 || !d.Closed.Start.Equal(t0) {
		t.Errorf("restored incident should close with its id and start: %+v", d.Closed)
	}
}
