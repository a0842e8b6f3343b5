package window

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

const typicalCSV = `id,service,components,start,end,duration_s,peak,scope
4,git.hub.test,DNS;Web,2025-03-01T11:20:00Z,,,down,from_here
3,web.whatsapp.test,Web,2025-03-01T09:00:00Z,2025-03-01T09:45:00Z,2700,degraded,from_here
2,chat.slack.test,API;Messaging,2025-02-24T12:00:00Z,2025-02-24T12:12:00Z,720,partial,from_here
1,web.whatsapp.test,Web,2024-12-31T12:00:00Z,2024-12-31T14:00:00Z,7200,down,from_here
`

const typicalJSON = `[
{"id":4,"service":"git.hub.test","components":["DNS","Web"],"start":"2025-03-01T11:20:00Z","end":null,"duration_s":null,"ongoing":true,"peak":"down","scope":"from_here"},
{"id":3,"service":"web.whatsapp.test","components":["Web"],"start":"2025-03-01T09:00:00Z","end":"2025-03-01T09:45:00Z","duration_s":2700,"ongoing":false,"peak":"degraded","scope":"from_here"},
{"id":2,"service":"chat.slack.test","components":["API","Messaging"],"start":"2025-02-24T12:00:00Z","end":"2025-02-24T12:12:00Z","duration_s":720,"ongoing":false,"peak":"partial","scope":"from_here"},
{"id":1,"service":"web.whatsapp.test","components":["Web"],"start":"2024-12-31T12:00:00Z","end":"2024-12-31T14:00:00Z","duration_s":7200,"ongoing":false,"peak":"down","scope":"from_here"}
]
`

func TestExport(t *testing.T) {
	st, _ := openStore(t)
	typical(t)(&fixture{st: st})
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		write func(context.Context, *store.Store, store.Query, *bytes.Buffer) error
		q     store.Query
		want  string
	}{
		{"csv", func(c context.Context, s *store.Store, q store.Query, b *bytes.Buffer) error {
			return ExportCSV(c, s, q, b)
		}, store.Query{}, typicalCSV},
		{"json", func(c context.Context, s *store.Store, q store.Query, b *bytes.Buffer) error {
			return ExportJSON(c, s, q, b)
		}, store.Query{}, typicalJSON},
		{"csv filtered, limit ignored", func(c context.Context, s *store.Store, q store.Query, b *bytes.Buffer) error {
			return ExportCSV(c, s, q, b)
		},
			store.Query{Service: "web.whatsapp.test", Limit: 1, Offset: 1}, strings.Join(strings.Split(typicalCSV, "\n")[0:1], "") + "\n" +
				"3,web.whatsapp.test,Web,2025-03-01T09:00:00Z,2025-03-01T09:45:00Z,2700,degraded,from_here\n" +
				"1,web.whatsapp.test,Web,2024-12-31T12:00:00Z,2024-12-31T14:00:00Z,7200,down,from_here\n"},
		{"csv empty", func(c context.Context, s *store.Store, q store.Query, b *bytes.Buffer) error {
			return ExportCSV(c, s, q, b)
		},
			store.Query{Service: "none.test"}, "id,service,components,start,end,duration_s,peak,scope\n"},
		{"json empty", func(c context.Context, s *store.Store, q store.Query, b *bytes.Buffer) error {
			return ExportJSON(c, s, q, b)
		},
			store.Query{Service: "none.test"}, "[]\n"},
	} {
		var b bytes.Buffer
		if err := tc.write(ctx, st, tc.q, &b); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if b.String() != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, b.String(), tc.want)
		}
	}
}

func TestExportQuotesAndMilliseconds(t *testing.T) {
	st, _ := openStore(t)
	start := time.Date(2025, 3, 1, 10, 0, 0, 400_000_000, time.UTC)
	inc := history.Incident{Service: `odd, "quoted" svc.test`, Components: []string{"a;b", "c"}, Start: start, Peak: status.Down}
	if _, err := st.OpenIncident(context.Background(), &inc); err != nil {
		t.Fatal(err)
	}
	inc.End = start.Add(1500 * time.Millisecond)
	if err := st.UpdateIncident(context.Background(), inc); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ExportCSV(context.Background(), st, store.Query{}, &b); err != nil {
		t.Fatal(err)
	}
	want := "id,service,components,start,end,duration_s,peak,scope\n" +
		`1,"odd, ""quoted"" svc.test",a;b;c,2025-03-01T10:00:00Z,2025-03-01T10:00:01Z,1,down,from_here` + "\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
}

func TestExportStreamsAllPages(t *testing.T) {
	n := store.MaxLimit*2 + 7
	f := &fixture{}
	f.st, f.path = openStore(t)
	bulk(t, f, n, func(i int) string { return fmt.Sprintf("svc%d.test", i%4) })
	var b bytes.Buffer
	if err := ExportCSV(context.Background(), f.st, store.Query{}, &b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 {
		t.Fatalf("%d rows, want %d", len(rows), n+1)
	}
	for i, r := range rows[1:] {
		if r[0] != fmt.Sprint(i+1) { // bulk's first insert is the newest
			t.Fatalf("row %d has id %s", i+1, r[0])
		}
	}
}

// failingWriter fails every write and records whether it was closed.
type failingWriter struct{ closed bool }

func (w *failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
func (w *failingWriter) Close() error              { w.closed = true; return nil }

// bufferCloser is a bytes.Buffer that can be closed.
type bufferCloser struct {
	bytes.Buffer
	closed bool
}

func (b *bufferCloser) Close() error { b.closed = true; return nil }

func TestHistoryExport(t *testing.T) {
	f := newFixture(t, typical(t))
	h := f.h
	h.filters.service.SetSelected("chat.slack.test")
	var b bufferCloser
	h.export(jsonFormat(), &b, "file:///tmp/out.json")
	want := "[\n" + strings.TrimSuffix(strings.Split(typicalJSON, "\n")[3], ",") + "\n]\n"
	if !b.closed || b.String() != want {
		t.Errorf("closed %v, export\n%s\nwant\n%s", b.closed, b.String(), want)
	}
	if top := h.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("a dialog after a good export: %v", top)
	}

	var bad failingWriter
	h.export(csvFormat(), &bad, "file:///tmp/out.csv")
	if !bad.closed || h.Window.Canvas().Overlays().Top() == nil {
		t.Errorf("a failed export shows no error (closed %v)", bad.closed)
	}
}

func TestHistoryExportButtonsAskForAFile(t *testing.T) {
	for _, button := range []string{"CSV", "JSON"} {
		f := newFixture(t, nil)
		b := f.h.exportCSV
		if button == "JSON" {
			b = f.h.exportJSON
		}
		if b.Text != button {
			t.Errorf("button %q", b.Text)
		}
		test.Tap(b)
		if f.h.Window.Canvas().Overlays().Top() == nil {
			t.Errorf("%s: no file dialog", button)
		}
	}
}
