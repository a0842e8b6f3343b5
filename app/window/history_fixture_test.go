package window

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// testNow is the fixed clock of the window tests.
func testNow() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

// openStore opens a fresh store under t.TempDir and returns it and its path.
func openStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

// fixture is a history window over a store, running everything at once on
// the test goroutine, with the links it was asked to open.
type fixture struct {
	st     *store.Store
	path   string
	h      *History
	opened []*url.URL
}

// newFixture builds the window, in English, after seed filled the store.
func newFixture(t testing.TB, seed func(f *fixture)) *fixture {
	t.Helper()
	return newFixtureIn(t, nil, seed)
}

// newFixtureIn builds the window in w's language after seed filled the store.
func newFixtureIn(t testing.TB, w *label.Words, seed func(f *fixture)) *fixture {
	t.Helper()
	a := test.NewApp()
	t.Cleanup(a.Quit)
	f := &fixture{}
	f.st, f.path = openStore(t)
	if seed != nil {
		seed(f)
	}
	f.h = newHistory(a, f.st, w, historyConfig{
		now: testNow, loc: time.UTC,
		ui:         func(fn func()) { fn() },
		background: func(work, done func()) { work(); done() },
		openURL:    func(u *url.URL) error { f.opened = append(f.opened, u); return nil },
	})
	f.h.Window.Resize(fyne.NewSize(1100, 640))
	return f
}

// incident describes one incident to add.
type incident struct {
	service string
	comps   []string
	start   time.Duration // before testNow
	length  time.Duration // 0: ongoing
	peak    status.Status
}

// add inserts the incidents, returning their ids.
func add(t testing.TB, st *store.Store, incs ...incident) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for _, x := range incs {
		peak := x.peak
		if peak == "" {
			peak = status.Down
		}
		inc := history.Incident{Service: x.service, Components: x.comps, Start: testNow().Add(-x.start), Peak: peak}
		if _, err := st.OpenIncident(ctx, &inc); err != nil {
			t.Fatal(err)
		}
		if x.length > 0 {
			inc.End = inc.Start.Add(x.length)
			if err := st.UpdateIncident(ctx, inc); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, inc.ID)
	}
	return ids
}

// evidence appends evidence to incident id.
func evidence(t testing.TB, st *store.Store, id int64, evs ...history.Evidence) {
	t.Helper()
	for _, e := range evs {
		e.IncidentID = id
		if _, err := st.AddEvidence(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

// services returns the service of each incident the list has loaded.
func (f *fixture) services() []string {
	var out []string
	for _, inc := range f.h.Items() {
		out = append(out, inc.Service)
	}
	return out
}

// bulk inserts n ended incidents of a minute each, row i starting i+1
// minutes before testNow, of service(i), in one transaction.
func bulk(t testing.TB, f *fixture, n int, service func(i int) string) {
	t.Helper()
	db, err := sql.Open("sqlite3", f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := range n {
		start := testNow().Add(-time.Duration(i+1) * time.Minute).UnixMilli()
		if _, err := tx.Exec(`INSERT INTO incidents (service, start_ms, end_ms, peak, scope) VALUES (?, ?, ?, 'down', 'from_here')`,
			service(i), start, start+60_000); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// typical is a small history: three services over three months.
func typical(t testing.TB) func(*fixture) {
	return func(f *fixture) {
		st := f.st
		ids := add(t, st,
			incident{"web.whatsapp.test", []string{"Web"}, 60 * 24 * time.Hour, 2 * time.Hour, status.Down},
			incident{"chat.slack.test", []string{"API", "Messaging"}, 5 * 24 * time.Hour, 12 * time.Minute, status.Partial},
			incident{"web.whatsapp.test", []string{"Web"}, 3 * time.Hour, 45 * time.Minute, status.Degraded},
			incident{"git.hub.test", []string{"DNS", "Web"}, 40 * time.Minute, 0, status.Down},
		)
		at := testNow().Add(-40 * time.Minute)
		evidence(t, st, ids[3],
			history.Evidence{At: at, Source: "probe", Component: "DNS", Layer: "dns", Class: "servfail", Message: "dns git.hub.test: server failure (SERVFAIL)", LatencyMS: 12},
			history.Evidence{At: at.Add(30 * time.Second), Source: "probe", Component: "Web", Layer: "tcp", Class: "refused", Message: "connect: connection refused"},
			history.Evidence{At: at.Add(5 * time.Minute), Source: "status_page", Title: "Investigating DNS issues", URL: "https://status.hub.test/incidents/42", Lang: "en"},
			history.Evidence{At: at.Add(9 * time.Minute), Source: "news", Title: "Panne chez Hub", URL: "javascript:alert(1)", Lang: "fr"},
		)
		day := func(n int) time.Time { return testNow().AddDate(0, 0, -n) }
		for n, sts := range map[int][]status.Status{
			0: {status.Up, status.Down}, 1: {status.Up}, 2: {status.Up, status.Degraded}, 5: {status.Partial, status.Up}, 89: {status.Up},
		} {
			for _, svc := range []string{"git.hub.test", "web.whatsapp.test"} {
				for _, x := range sts {
					if err := st.RecordServiceStatus(context.Background(), svc, day(n), x); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		var samples []store.Sample
		for i := range 40 { // every three minutes for two hours, failing during the incident
			sm := store.Sample{Service: "git.hub.test", Component: "DNS", At: testNow().Add(-time.Duration(120-3*i) * time.Minute), Status: status.Up, LatencyMS: int64(20 + i%5*10)}
			if sm.At.After(at.Add(-time.Second)) && sm.At.Before(at.Add(10*time.Minute)) {
				sm.Status, sm.LatencyMS = status.Down, 5000
			}
			samples = append(samples, sm)
		}
		if err := st.RecordSamples(context.Background(), samples); err != nil {
			t.Fatal(err)
		}
	}
}

// visible calls fn for o and every object shown inside it, as drawn: it
// walks the widgets' existing renderers (test.LaidOutObjects would make
// new ones).
func visible(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if !o.Visible() {
		return
	}
	fn(o)
	switch c := o.(type) {
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			visible(child, fn)
		}
	case *fyne.Container:
		for _, child := range c.Objects {
			visible(child, fn)
		}
	}
}
