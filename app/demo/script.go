package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Action is one thing a script does to the lab.
type Action struct {
	Say   string           // what it stands for, in a sentence, for the demo's narration and the logs
	Needs []Ref            // the components it touches, checked before a script plays
	Do    func(*Lab) error // does it
}

// Step is an action at an offset from the start of its script, at speed 1.
type Step struct {
	At time.Duration
	Action
}

// Script is a timeline of steps played against a lab.
type Script struct {
	Name   string
	Steps  []Step        // in order of At
	Length time.Duration // the script ends here, after its last step (at speed 1)
}

// Duration is how long the script plays at a speed.
func (s Script) Duration(speed float64) time.Duration { return scale(s.Length, speed) }

// Then is s followed by next: next's steps shifted by s.Length.
func (s Script) Then(next Script) Script {
	out := Script{Name: s.Name + "+" + next.Name, Steps: slices.Clone(s.Steps), Length: s.Length + next.Length}
	for _, st := range next.Steps {
		st.At += s.Length
		out.Steps = append(out.Steps, st)
	}
	return out
}

// Check reports, at once, every component the script touches that the lab
// does not have (the config given to the lab lacks it).
func (s Script) Check(l *Lab) error {
	var errs []error
	seen := map[Ref]bool{}
	for _, st := range s.Steps {
		for _, r := range st.Needs {
			if seen[r] {
				continue
			}
			seen[r] = true
			if _, err := l.endpoints([]Ref{r}); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("script %s: %w", s.Name, err)
	}
	return nil
}

// Played is when a script's steps ran, on the lab's clock.
type Played struct {
	Script Script
	Speed  float64
	Start  time.Time
	Ran    []Span // one per step, in order
}

// Span is when one step began and when it had done its work.
type Span struct{ Begin, End time.Time }

// When is when the step at offset ran (the last of them, when several
// share the offset); false when no step is at that offset.
func (p *Played) When(offset time.Duration) (Span, bool) {
	for i := len(p.Ran) - 1; i >= 0; i-- {
		if p.Script.Steps[i].At == offset {
			return p.Ran[i], true
		}
	}
	return Span{}, false
}

// Hooks let a caller follow a script as it plays, and hold it.
type Hooks struct {
	// Before, if not nil, is called when the wall clock reaches a step's
	// offset (and the script's end, at Length), before the step runs: the
	// script waits for it, and stops with its error. Tests use it to hold a
	// step until the engine has seen what the previous ones did, on a
	// machine slower than the script's pace.
	Before func(ctx context.Context, at time.Duration) error
	// After, if not nil, is told of each step when it has run.
	After func(Step, Span)
}

// Play runs the script against the lab: each step at its offset divided
// by speed (2 plays a one-minute script in 30 s), then waits for its end,
// each held as long as hooks.Before says. It stops at the first step that
// fails, or when ctx ends, and returns when the steps ran (so far). The
// lab is left as the script left it.
func (s Script) Play(ctx context.Context, l *Lab, speed float64, hooks Hooks) (*Played, error) {
	if speed <= 0 {
		return nil, fmt.Errorf("script %s: speed %v: want more than 0", s.Name, speed)
	}
	if err := s.Check(l); err != nil {
		return nil, err
	}
	p := &Played{Script: s, Speed: speed, Start: l.Now()}
	start := time.Now()
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	wait := func(offset time.Duration) error {
		timer.Reset(time.Until(start.Add(scale(offset, speed))))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
		if hooks.Before == nil {
			return nil
		}
		return hooks.Before(ctx, offset)
	}
	for _, st := range s.Steps {
		if err := wait(st.At); err != nil {
			return p, fmt.Errorf("script %s: %w", s.Name, err)
		}
		span := Span{Begin: l.Now()}
		err := st.Do(l)
		span.End = l.Now()
		p.Ran = append(p.Ran, span)
		if err != nil {
			return p, fmt.Errorf("script %s at %s (%s): %w", s.Name, fmtOffset(st.At), st.Say, err)
		}
		l.opts.Logf("demo %s %s: %s", s.Name, fmtOffset(st.At), st.Say)
		if hooks.After != nil {
			hooks.After(st, span)
		}
	}
	if err := wait(s.Length); err != nil {
		return p, fmt.Errorf("script %s: %w", s.Name, err)
	}
	return p, nil
}

func scale(d time.Duration, speed float64) time.Duration {
	return time.Duration(float64(d) / speed)
}

// offset writes a script offset as minutes and seconds: "+1:06".
func fmtOffset(d time.Duration) string {
	return fmt.Sprintf("+%d:%02d", int(d/time.Minute), int(d%time.Minute/time.Second))
}
