package window

import (
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// pager caches the pages of one query's incidents near where the list is
// looking, so that a history of 100,000 incidents is read pageSize rows at
// a time and never held whole. Each new query starts a generation; pages
// of an older generation are dropped when they arrive, but stay on screen
// (stale) until their replacement does, so a refresh does not flicker.
type pager struct {
	size, keep int
	gen        int
	q          store.Query // the query of this generation, without Limit and Offset
	total      int         // -1 until a page of this generation arrived
	pages      map[int][]history.Incident
	stale      map[int][]history.Incident
	pending    map[int]bool
}

func newPager(size, keep int) *pager {
	return &pager{size: size, keep: keep, total: -1, pages: map[int][]history.Incident{}, pending: map[int]bool{}}
}

// reset starts a generation for q and returns its number. The pages and
// total seen so far stay readable as stale ones when keepStale is set.
func (p *pager) reset(q store.Query, keepStale bool) int {
	p.gen++
	p.q = q
	p.stale = nil
	if keepStale {
		p.stale = p.pages
	} else {
		p.total = -1
	}
	p.pages, p.pending = map[int][]history.Incident{}, map[int]bool{}
	return p.gen
}

// length is the number of rows to show: the total, 0 while unknown.
func (p *pager) length() int { return max(p.total, 0) }

// row returns the incident at row i: from the current generation, or
// while that page is on its way, from the previous one.
func (p *pager) row(i int) (history.Incident, bool) {
	page, at := i/p.size, i%p.size
	items, have := p.pages[page]
	if !have {
		items = p.stale[page]
	}
	if at < len(items) {
		return items[at], true
	}
	return history.Incident{}, false
}

// need reports whether page should be fetched: it is not loaded nor on its
// way, and it is within the total once that is known (total < 0: unknown).
func (p *pager) need(page int) bool {
	_, have := p.pages[page]
	return page >= 0 && !have && !p.pending[page] && (p.total < 0 || page*p.size < p.total)
}

// request marks page as being fetched.
func (p *pager) request(page int) { p.pending[page] = true }

// put stores a page of generation gen and the query's total. It reports
// false, storing nothing, for an older generation.
func (p *pager) put(gen, page int, items []history.Incident, total int) bool {
	if gen != p.gen {
		return false
	}
	delete(p.pending, page)
	p.pages[page], p.total = items, total
	for len(p.pages) > p.keep {
		far := page
		for k := range p.pages {
			if pageDistance(k, page) > pageDistance(far, page) || pageDistance(k, page) == pageDistance(far, page) && k > far {
				far = k
			}
		}
		delete(p.pages, far)
	}
	return true
}

// fail forgets that page was being fetched, so that it is asked again.
func (p *pager) fail(gen, page int) {
	if gen == p.gen {
		delete(p.pending, page)
	}
}

// find returns the row of incident id among the loaded pages.
func (p *pager) find(id int64) (int, bool) {
	for page, items := range p.pages {
		for i, inc := range items {
			if inc.ID == id {
				return page*p.size + i, true
			}
		}
	}
	return 0, false
}

func pageDistance(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}
