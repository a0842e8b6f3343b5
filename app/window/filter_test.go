package window

import (
	"testing"
	"time"

	"github.com/downradar/downradar/checker/store"
)

func TestFilterQuery(t *testing.T) {
	now := testNow()
	for _, tc := range []struct {
		f    HistoryFilter
		want store.Query
		zero bool
	}{
		{HistoryFilter{}, store.Query{}, true},
		{HistoryFilter{Text: "  "}, store.Query{}, true},
		{HistoryFilter{Service: "web.whatsapp.test"}, store.Query{Service: "web.whatsapp.test"}, false},
		{HistoryFilter{Span: 24 * time.Hour}, store.Query{From: now.Add(-24 * time.Hour)}, false},
		{HistoryFilter{Text: " servfail "}, store.Query{Text: "servfail"}, false},
	} {
		if got := tc.f.Query(now); got != tc.want {
			t.Errorf("%+v: query %+v, want %+v", tc.f, got, tc.want)
		}
		if tc.f.IsZero() != tc.zero {
			t.Errorf("%+v: IsZero %v", tc.f, !tc.zero)
		}
	}
	var labels []string
	for _, r := range TimeRanges(nil) {
		labels = append(labels, r.Label)
	}
	if got := TimeRanges(nil); len(got) != 5 || got[0].Span != 24*time.Hour || got[3].Span != 90*24*time.Hour || got[4].Span != 0 {
		t.Errorf("ranges %v", labels)
	}
}

func TestFilterBar(t *testing.T) {
	var got []HistoryFilter
	b := newFilterBar(nil, func(f HistoryFilter) { got = append(got, f) })
	b.SetServices([]string{"a.test", "b.test"})
	b.service.SetSelected("b.test")
	b.span.SetSelected("Last 7 days")
	b.text.SetText("dns")
	want := HistoryFilter{Service: "b.test", Span: 7 * 24 * time.Hour, Text: "dns"}
	if len(got) != 3 || got[2] != want {
		t.Fatalf("changes %+v", got)
	}
	b.SetServices([]string{"a.test"}) // b.test gone from the store: still offered while selected
	if opts := b.service.Options; len(opts) != 3 || opts[2] != "b.test" || b.Filter() != want {
		t.Errorf("options %q, filter %+v", opts, b.Filter())
	}
	b.Set(HistoryFilter{})
	if len(got) != 3 {
		t.Errorf("Set told the listener: %+v", got[3:])
	}
	if b.Filter() != (HistoryFilter{}) || b.service.Selected != "All services" || b.span.Selected != "All time" {
		t.Errorf("after Set: %+v", b.Filter())
	}
}
