package window

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestHistoryListsNewestFirstAndPages(t *testing.T) {
	n := pageSize + 50
	f := newFixture(t, func(f *fixture) {
		bulk(t, f, n, func(i int) string { return fmt.Sprintf("Service %d", n-1-i) })
	})
	h := f.h
	if got := h.header.Text; got != fmt.Sprintf("%d incidents", n) {
		t.Errorf("header %q", got)
	}
	if got := f.services(); len(got) != pageSize || got[0] != fmt.Sprintf("Service %d", n-1) {
		t.Fatalf("first page: %d items, first %q", len(got), got[0])
	}
	h.list.ScrollToBottom() // the last rows are on the second page
	if got := f.services(); len(got) != n || got[n-1] != "Service 0" {
		t.Errorf("after scrolling: %d items loaded, want %d", len(got), n)
	}
	if h.list.Length() != n {
		t.Errorf("list length %d, want %d", h.list.Length(), n)
	}
	if title := h.Window.Title(); title != "DownRadar — history" {
		t.Errorf("title %q", title)
	}
}

func TestHistoryKeepsFewPages(t *testing.T) {
	n := (keepPages + 3) * pageSize
	f := newFixture(t, func(f *fixture) {
		bulk(t, f, n, func(int) string { return "web.whatsapp.test" })
	})
	h := f.h
	for row := 0; row < n; row += pageSize {
		h.list.ScrollTo(row)
		if got := len(h.pager.pages); got > keepPages {
			t.Fatalf("at row %d: %d pages kept, want at most %d", row, got, keepPages)
		}
	}
	h.list.ScrollTo(n - 1)
	if inc, ok := h.pager.row(n - 1); !ok || !inc.Start.Equal(testNow().Add(-time.Duration(n)*time.Minute)) {
		t.Errorf("last row %v %v", inc, ok)
	}
	if _, ok := h.pager.row(0); ok {
		t.Error("first page still loaded after scrolling to the end")
	}
}

func TestHistoryFilters(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	if got, want := h.filters.service.Options, []string{"All services", "chat.slack.test", "git.hub.test", "web.whatsapp.test"}; !slices.Equal(got, want) {
		t.Errorf("service options %q, want %q", got, want)
	}
	if got := h.filters.span.Selected; got != "All time" {
		t.Errorf("default range %q", got)
	}
	all := []string{"git.hub.test", "web.whatsapp.test", "chat.slack.test", "web.whatsapp.test"}
	if got := f.services(); !slices.Equal(got, all) {
		t.Fatalf("unfiltered %q", got)
	}

	h.filters.service.SetSelected("web.whatsapp.test")
	if got := f.services(); !slices.Equal(got, []string{"web.whatsapp.test", "web.whatsapp.test"}) {
		t.Errorf("by service %q", got)
	}
	if got := h.header.Text; got != "2 incidents" {
		t.Errorf("header %q", got)
	}
	if !strings.Contains(h.detail.upLabel.Text, "uptime over the last 90 days") || h.detail.title.Text != "web.whatsapp.test" {
		t.Errorf("service panel %q / %q", h.detail.title.Text, h.detail.upLabel.Text)
	}

	h.filters.span.SetSelected("Last 24 hours")
	if got := f.services(); !slices.Equal(got, []string{"web.whatsapp.test"}) {
		t.Errorf("by service and 24 hours %q", got)
	}
	h.filters.service.SetSelected("All services")
	if got := f.services(); !slices.Equal(got, []string{"git.hub.test", "web.whatsapp.test"}) {
		t.Errorf("by 24 hours %q", got)
	}
	h.filters.span.SetSelected("Last 7 days")
	if got := f.services(); !slices.Equal(got, all[:3]) {
		t.Errorf("by 7 days %q", got)
	}
	h.filters.span.SetSelected("Last 90 days")
	if got := f.services(); !slices.Equal(got, all) {
		t.Errorf("by 90 days %q", got)
	}

	test.Type(h.filters.text, "SERVFAIL") // an evidence message, any case
	if got := f.services(); !slices.Equal(got, []string{"git.hub.test"}) {
		t.Errorf("by text %q", got)
	}
	h.filters.text.SetText("messaging") // a component
	if got := f.services(); !slices.Equal(got, []string{"chat.slack.test"}) {
		t.Errorf("by component %q", got)
	}
	h.filters.text.SetText("nothing like this")
	if got := h.header.Text; got != "No incidents match these filters." || len(f.services()) != 0 {
		t.Errorf("no match: %q, %q", got, f.services())
	}
}

func TestHistorySelectShowsDetail(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	if got := h.Detail(); got != "Select an incident to see its evidence." {
		t.Errorf("no selection: %q", got)
	}
	h.list.Select(0)
	want := `git.hub.test incident #4
Service: git.hub.test
Components: DNS, Web
Started: Sat 1 Mar 11:20:00 UTC
Ended: ongoing
Duration: ongoing for 40 min
Peak: ✖ down
Scope: seen from here

Evidence (4):
Sat 1 Mar 11:20:00  probe  DNS · dns · servfail · 12 ms  dns git.hub.test: server failure (SERVFAIL)
Sat 1 Mar 11:20:30  probe  Web · tcp · refused · latency unknown  connect: connection refused
Sat 1 Mar 11:25:00  status page  Investigating DNS issues · English  https://status.hub.test/incidents/42
Sat 1 Mar 11:29:00  news  Panne chez Hub · French  javascript:alert(1) (not opened: not a web link)
`
	if got := h.Detail(); got != want {
		t.Errorf("detail\n got %q\nwant %q", got, want)
	}
	if got := h.Window.Title(); got != "DownRadar — git.hub.test incident #4" {
		t.Errorf("title %q", got)
	}
	if got := h.detail.evLabel.Text; got != "Evidence (4)" {
		t.Errorf("evidence label %q", got)
	}
	if h.detail.evidence.Length() != 4 {
		t.Errorf("timeline has %d entries", h.detail.evidence.Length())
	}

	h.list.Select(2)
	if got := h.Window.Title(); got != "DownRadar — chat.slack.test incident #2" {
		t.Errorf("title after selecting row 2: %q", got)
	}
	if !strings.Contains(h.Detail(), "Ended: Mon 24 Feb 12:12:00 UTC\nDuration: 12 min\nPeak: ◆ partly down\n") {
		t.Errorf("ended incident detail:\n%s", h.Detail())
	}
}

func TestHistoryShow(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	h.filters.service.SetSelected("git.hub.test")
	h.filters.text.SetText("servfail")

	h.Show(1) // web.whatsapp.test, 60 days ago: outside the filters
	if got := h.Window.Title(); got != "DownRadar — web.whatsapp.test incident #1" {
		t.Errorf("title %q", got)
	}
	if got := h.filters.Filter(); !got.IsZero() || h.filters.service.Selected != "All services" || h.filters.span.Selected != "All time" {
		t.Errorf("filters not reset: %+v", got)
	}
	if got := f.services(); len(got) != 4 {
		t.Errorf("list after reset %q", got)
	}
	if !strings.HasPrefix(h.Detail(), "web.whatsapp.test incident #1\n") {
		t.Errorf("detail %q", h.Detail())
	}
	if inc, ok := h.pager.row(3); !ok || inc.ID != 1 {
		t.Errorf("row 3 is %v", inc)
	}

	h.filters.service.SetSelected("web.whatsapp.test")
	h.Show(3) // inside the filter: it stays
	if got := h.filters.service.Selected; got != "web.whatsapp.test" {
		t.Errorf("filter changed to %q", got)
	}
	if got := h.Window.Title(); got != "DownRadar — web.whatsapp.test incident #3" {
		t.Errorf("title %q", got)
	}

	h.Show(999)
	if got := h.Detail(); got != "Incident 999 is not in the history." {
		t.Errorf("missing incident: %q", got)
	}
	if got := h.Window.Title(); got != "DownRadar — history" {
		t.Errorf("title %q", got)
	}
	if got := h.filters.service.Selected; got != "web.whatsapp.test" {
		t.Errorf("a missing incident reset the filter to %q", got)
	}
}

func TestHistoryShowDeepRow(t *testing.T) {
	n := 3 * pageSize
	f := newFixture(t, func(f *fixture) {
		bulk(t, f, n, func(i int) string { return fmt.Sprintf("svc%d.test", i%3) })
	})
	h := f.h
	row := n - 11 // bulk's newest incident is the first inserted: row r holds id r+1
	h.Show(int64(row + 1))
	if inc, ok := h.pager.row(row); !ok || inc.ID != int64(row+1) {
		t.Fatalf("row %d: %v %v", row, inc.ID, ok)
	}
	if got := h.Window.Title(); got != fmt.Sprintf("DownRadar — svc%d.test incident #%d", row%3, row+1) {
		t.Errorf("title %q", got)
	}
}

func TestHistoryEvidenceLinks(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	h.list.Select(0)
	var links []*widget.Hyperlink
	var plain []string
	visible(h.detail.evidence, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Hyperlink:
			links = append(links, w)
		default:
			if text, ok := labelText(o); ok && strings.Contains(text, "not a web link") {
				plain = append(plain, text)
			}
		}
	})
	if len(links) != 1 || links[0].Text != "https://status.hub.test/incidents/42" {
		t.Fatalf("links %v", links)
	}
	test.TapAt(links[0], fyne.NewPos(10, 10))
	if len(f.opened) != 1 || f.opened[0].String() != "https://status.hub.test/incidents/42" {
		t.Errorf("opened %v", f.opened)
	}
	if !slices.Equal(plain, []string{"javascript:alert(1) (not opened: not a web link)"}) {
		t.Errorf("plain links %q", plain)
	}
}
