package status

import "testing"

func TestCombine(t *testing.T) {
	cases := []struct {
		in   []Status
		want Status
	}{
		{nil, Unknown},
		{[]Status{Unknown, Unknown}, Unknown},
		{[]Status{Up}, Up},
		{[]Status{Up, Up, Up}, Up},
		{[]Status{Up, Degraded}, Degraded},
		{[]Status{Up, Down}, Partial},
		{[]Status{Degraded, Down}, Partial},
		{[]Status{Down, Down}, Down},
		{[]Status{Down}, Down},
		{[]Status{Down, Unknown}, Down},
		{[]Status{Up, Unknown}, Up},
	}
	for _, c := range cases {
		if got := Combine(c.in); got != c.want {
			t.Errorf("Combine(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestWorstAndRank(t *testing.T) {
	cases := []struct{ a, b, want Status }{
		{Up, Down, Down},
		{Down, Up, Down},
		{Unknown, Degraded, Degraded},
		{Partial, Unknown, Partial},
		{Unknown, Unknown, Unknown},
		{Degraded, Partial, Partial},
	}
	for _, c := range cases {
		if got := Worst(c.a, c.b); got != c.want {
			t.Errorf("Worst(%s, %s) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
	if Unknown.Bad() || Up.Bad() || !Degraded.Bad() || !Down.Bad() {
		t.Error("Bad() must be true for degraded, partial, down only")
	}
	if !Unknown.Valid() || Status("sideways").Valid() {
		t.Error("Valid()")
	}
}
