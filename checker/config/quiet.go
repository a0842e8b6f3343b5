package config

import (
	"fmt"
	"strings"
	"time"
)

// Quiet is a daily span of quiet hours, in minutes after local midnight.
// From > To spans midnight ("22:00-07:00").
type Quiet struct {
	From, To int
}

// ParseQuiet reads "HH:MM-HH:MM".
func ParseQuiet(s string) (*Quiet, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return nil, fmt.Errorf("%q is not a span of hours like \"22:00-07:00\"", s)
	}
	from, err := clock(a)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", s, err)
	}
	to, err := clock(b)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", s, err)
	}
	if from == to {
		return nil, fmt.Errorf("%q starts and ends at the same time", s)
	}
	return &Quiet{From: from, To: to}, nil
}

func clock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a time like \"07:30\"", strings.TrimSpace(s))
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Contains reports whether t (in its own location) falls in the quiet hours.
func (q *Quiet) Contains(t time.Time) bool {
	if q == nil {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	if q.From < q.To {
		return m >= q.From && m < q.To
	}
	return m >= q.From || m < q.To
}

// End is the first moment at or after t outside the quiet hours.
func (q *Quiet) End(t time.Time) time.Time {
	if !q.Contains(t) {
		return t
	}
	y, mo, d := t.Date()
	end := time.Date(y, mo, d, q.To/60, q.To%60, 0, 0, t.Location())
	if !end.After(t) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// String is the span as written, "22:00-07:00".
func (q *Quiet) String() string {
	if q == nil {
		return ""
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.From/60, q.From%60, q.To/60, q.To%60)
}
