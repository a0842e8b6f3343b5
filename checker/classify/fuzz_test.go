package classify

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClassify: no panic on any input; the result is well formed; the
// same text gives the same verdict; time and memory stay linear (a huge
// input is classified once, below).
func FuzzClassify(f *testing.F) {
	c := mustNew(f)
	for _, it := range loadLabelled(f) {
		f.Add(it.Text)
	}
	f.Add("\xff\xfe WhatsApp \xc0 down")
	f.Add("<b>WhatsApp</b> &amp; <script>alert(1)</script> down")
	f.Add(strings.Repeat("واتساب ", 1000))
	f.Add(strings.Repeat("(", 5000) + "Instagram down" + strings.Repeat(")", 5000))
	f.Fuzz(func(t *testing.T, s string) {
		got := c.Classify(s)
		if got.Services == nil || got.Matched == nil {
			t.Fatal("nil lists")
		}
		if !got.Outage && (len(got.Services) > 0 || got.Recovered) {
			t.Fatalf("services or recovery without an outage: %+v", got)
		}
		if got.Outage && len(got.Services) == 0 {
			t.Fatalf("an outage of nothing: %+v", got)
		}
		if !slices.IsSorted(got.Services) || got.Score < 0 || got.Score > 1 {
			t.Fatalf("%+v", got)
		}
		for _, m := range got.Matched {
			if !utf8.ValidString(m) {
				t.Fatalf("invalid UTF-8 in matched: %q", m)
			}
		}
		again := c.Classify(s)
		if again.Outage != got.Outage || !slices.Equal(again.Services, got.Services) || again.Score != got.Score {
			t.Fatalf("not deterministic: %+v then %+v", got, again)
		}
	})
}

// A huge text costs what its first MaxText bytes cost: memory and time
// stay bounded whatever a feed serves. (Measured with one scratch, not the
// pool's, which drops items at random under the race detector.)
func TestHugeInputBounded(t *testing.T) {
	c := mustNew(t)
	huge := strings.Repeat("WhatsApp <b>down</b> \xff\u0627\u0644 ", 1<<17) // 2.6 MB
	sc := newScratch()
	c.classify(huge, sc) // the scratch grows once
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := c.classify(huge, sc)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 256<<10 {
		t.Errorf("classifying a 2.6 MB text allocated %d bytes; want at most 256 KiB", n)
	}
	if !got.Outage {
		t.Errorf("its first 8 KiB report an outage: %+v", got)
	}
}

// A megabyte of hostile text is classified in one linear pass.
func TestHugeInput(t *testing.T) {
	c := mustNew(t)
	s := strings.Repeat("Instagram\xff down <p>&#x1F600;\u200b", 1<<16)
	got := c.Classify(s)
	if !got.Outage || !slices.Equal(got.Services, []string{"instagram"}) {
		t.Errorf("%+v", got)
	}
	if len(got.Matched) > 10 {
		t.Errorf("matched lists each term once: %d entries", len(got.Matched))
	}
}
