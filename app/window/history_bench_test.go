package window

import (
	"fmt"
	"testing"
)

// BenchmarkHistory100k measures what the user feels with 100,000
// incidents: jumping to a row far down the list, and changing a filter.
func BenchmarkHistory100k(b *testing.B) {
	const n = 100_000
	f := newFixture(b, func(f *fixture) {
		bulk(b, f, n, func(i int) string { return fmt.Sprintf("svc%02d.test", i%50) })
	})
	h := f.h
	b.Run("jump", func(b *testing.B) {
		row := 0
		for b.Loop() {
			row = (row + 7919*pageSize/3) % n
			h.list.ScrollTo(row)
			if _, ok := h.pager.row(row); !ok {
				b.Fatalf("row %d not loaded", row)
			}
		}
	})
	b.Run("filter", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			h.filters.service.SetSelected(fmt.Sprintf("svc%02d.test", i%50))
			if h.header.Text != "2,000 incidents" {
				b.Fatalf("header %q", h.header.Text)
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		h.filters.service.SetSelectedIndex(0)
		for b.Loop() {
			h.filters.text.SetText("svc07")
			h.filters.text.SetText("")
		}
	})
}
