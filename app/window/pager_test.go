package window

import (
	"testing"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

func pageOf(first, n int) []history.Incident {
	out := make([]history.Incident, n)
	for i := range out {
		out[i].ID = int64(first + i)
	}
	return out
}

func TestPager(t *testing.T) {
	p := newPager(10, 3)
	if p.length() != 0 || !p.need(0) || !p.need(5) {
		t.Fatal("fresh pager")
	}
	gen := p.reset(store.Query{Service: "a"}, false)
	p.request(0)
	if p.need(0) {
		t.Error("a pending page is needed again")
	}
	if !p.put(gen, 0, pageOf(0, 10), 45) || p.length() != 45 {
		t.Fatalf("put: length %d", p.length())
	}
	if inc, ok := p.row(7); !ok || inc.ID != 7 {
		t.Errorf("row 7: %v %v", inc, ok)
	}
	if _, ok := p.row(12); ok || !p.need(1) || p.need(5) || p.need(-1) {
		t.Error("row 12 should be missing and page 1 needed, page 5 beyond the total")
	}
	for page := 1; page <= 4; page++ {
		p.put(gen, page, pageOf(page*10, min(10, 45-page*10)), 45)
	}
	if len(p.pages) != 3 {
		t.Errorf("%d pages kept, want 3", len(p.pages))
	}
	if _, ok := p.row(5); ok {
		t.Error("page 0, farthest from page 4, is still kept")
	}
	if row, ok := p.find(42); !ok || row != 42 {
		t.Errorf("find 42: %d %v", row, ok)
	}
	if _, ok := p.find(3); ok {
		t.Error("found an evicted incident")
	}

	old := gen
	gen = p.reset(store.Query{Service: "b"}, true)
	if inc, ok := p.row(42); !ok || inc.ID != 42 || p.length() != 45 {
		t.Errorf("stale row 42: %v %v, length %d", inc, ok, p.length())
	}
	if p.put(old, 4, pageOf(100, 5), 45) {
		t.Error("a page of the old generation was stored")
	}
	p.request(4)
	p.fail(gen, 4)
	if !p.need(4) {
		t.Error("a failed page is not needed again")
	}
	p.put(gen, 4, pageOf(200, 2), 42)
	if inc, _ := p.row(40); inc.ID != 200 || p.length() != 42 {
		t.Errorf("fresh row 40: %v, length %d", inc.ID, p.length())
	}
	p.reset(store.Query{}, false)
	if _, ok := p.row(40); ok || p.length() != 0 {
		t.Error("a reset without stale pages still shows rows")
	}
}
