package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

func seed(t *testing.T, n int) (*store.Store, []int64) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	base := time.Date(2021, 10, 4, 15, 39, 0, 0, time.UTC)
	var ids []int64
	for i := range n {
		inc := store.Incident{Service: fmt.Sprintf("Service %d", i), Components: []string{"Web"}, Start: base.Add(time.Duration(i) * time.Minute), Peak: status.Down}
		id, err := st.OpenIncident(context.Background(), &inc)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return st, ids
}

func TestHistoryListsNewestFirstAndPages(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	st, _ := seed(t, pageSize+50)
	h := NewHistory(a, st)
	if got := h.header.Text; got != fmt.Sprintf("%d incidents", pageSize+50) {
		t.Errorf("header %q", got)
	}
	if len(h.Items()) != pageSize || h.Items()[0].Service != fmt.Sprintf("Service %d", pageSize+49) {
		t.Fatalf("first page: %d items, first %q", len(h.Items()), h.Items()[0].Service)
	}
	h.list.ScrollToBottom() // scrolling near the end loads the next page
	for range 3 {
		h.list.ScrollToBottom()
	}
	if len(h.Items()) != pageSize+50 {
		t.Errorf("after scrolling: %d items loaded, want %d", len(h.Items()), pageSize+50)
	}
}

func TestHistorySelectShowsEvidence(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	st, ids := seed(t, 3)
	at := time.Date(2021, 10, 4, 15, 39, 0, 0, time.UTC)
	st.AddEvidence(context.Background(), store.Evidence{IncidentID: ids[2], At: at, Source: "probe", Component: "Web", Layer: "dns", Class: "servfail", Message: "dns facebook.com: server failure (SERVFAIL)", LatencyMS: 12})
	h := NewHistory(a, st)
	h.list.Select(0)
	d := h.Detail()
	for _, want := range []string{"Service 2: down (seen from here)", "Evidence (1):", "Web  dns/servfail  dns facebook.com: server failure (SERVFAIL) (12 ms)"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail lacks %q:\n%s", want, d)
		}
	}
	h.Show(999)
	if !strings.Contains(h.Detail(), "Incident 999 is not in the history.") {
		t.Errorf("missing incident: %s", h.Detail())
	}
}

func TestIncidentRowAndDuration(t *testing.T) {
	start := time.Date(2021, 10, 4, 15, 39, 0, 0, time.Local)
	now := start.Add(6*time.Hour + 14*time.Minute)
	inc := store.Incident{Service: "Facebook", Components: []string{"DNS", "Web"}, Start: start, Peak: status.Down, Scope: store.ScopeFromHere}
	want := "● Facebook — DNS, Web · 2021-10-04 15:39 · ongoing for 6h14m · seen from here"
	if got := IncidentRow(inc, now); got != want {
		t.Errorf("row\n got %q\nwant %q", got, want)
	}
	inc.End, inc.Peak = start.Add(12*time.Minute), status.Partial
	if got := IncidentRow(inc, now); !strings.HasPrefix(got, "◐ Facebook") || !strings.Contains(got, "· 12m ·") {
		t.Errorf("ended row %q", got)
	}
	for d, want := range map[time.Duration]string{45 * time.Second: "45s", 12 * time.Minute: "12m", 6*time.Hour + 5*time.Minute: "6h05m", 50 * time.Hour: "2d2h"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %s, want %s", d, got, want)
		}
	}
}
