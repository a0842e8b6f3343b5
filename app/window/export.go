package window

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// The exported files are data for programs: their column names, keys and
// values (RFC 3339 times, status and scope codes) are English and the same
// in every language. Only what the window says about an export is worded
// in the window's language.

// exportFormat is a file format the incidents can be exported to.
type exportFormat struct {
	name, file string
	write      func(context.Context, *store.Store, store.Query, io.Writer) error
}

func csvFormat() exportFormat {
	return exportFormat{name: "CSV", file: "downradar-incidents.csv", write: ExportCSV}
}

func jsonFormat() exportFormat {
	return exportFormat{name: "JSON", file: "downradar-incidents.json", write: ExportJSON}
}

// csvHeader names the columns of ExportCSV.
func csvHeader() []string {
	return []string{"id", "service", "components", "start", "end", "duration_s", "peak", "scope"}
}

// ExportCSV writes the incidents matching q (all pages, newest first,
// ignoring q.Limit and q.Offset) as CSV: a header, then one row per
// incident with times in RFC 3339 UTC, components joined by ';', the
// duration in whole seconds, and end and duration empty while ongoing.
func ExportCSV(ctx context.Context, st *store.Store, q store.Query, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader()); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	err := eachIncident(ctx, st, q, func(inc history.Incident) error {
		end, dur := "", ""
		if !inc.Ongoing() {
			end = inc.End.UTC().Format(time.RFC3339)
			dur = strconv.FormatInt(int64(inc.End.Sub(inc.Start)/time.Second), 10)
		}
		return cw.Write([]string{strconv.FormatInt(inc.ID, 10), inc.Service, strings.Join(inc.Components, ";"),
			inc.Start.UTC().Format(time.RFC3339), end, dur, string(inc.Peak), string(inc.Scope)})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// jsonIncident is one incident in ExportJSON.
type jsonIncident struct {
	ID         int64    `json:"id"`
	Service    string   `json:"service"`
	Components []string `json:"components"`
	Start      string   `json:"start"`
	End        *string  `json:"end"`        // null while ongoing
	DurationS  *int64   `json:"duration_s"` // null while ongoing
	Ongoing    bool     `json:"ongoing"`
	Peak       string   `json:"peak"`
	Scope      string   `json:"scope"`
}

// ExportJSON writes the incidents matching q like ExportCSV, as a JSON
// array with one object per line; end and duration_s are null while the
// incident is ongoing.
func ExportJSON(ctx context.Context, st *store.Store, q store.Query, w io.Writer) error {
	sep := "[\n"
	err := eachIncident(ctx, st, q, func(inc history.Incident) error {
		j := jsonIncident{ID: inc.ID, Service: inc.Service, Components: inc.Components,
			Start: inc.Start.UTC().Format(time.RFC3339), Ongoing: inc.Ongoing(), Peak: string(inc.Peak), Scope: string(inc.Scope)}
		if j.Components == nil {
			j.Components = []string{}
		}
		if !inc.Ongoing() {
			end, dur := inc.End.UTC().Format(time.RFC3339), int64(inc.End.Sub(inc.Start)/time.Second)
			j.End, j.DurationS = &end, &dur
		}
		b, err := json.Marshal(j)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s%s", sep, b)
		sep = ",\n"
		return err
	})
	if err == nil {
		if sep == "[\n" {
			_, err = io.WriteString(w, "[]\n")
		} else {
			_, err = io.WriteString(w, "\n]\n")
		}
	}
	if err != nil {
		return fmt.Errorf("export json: %w", err)
	}
	return nil
}

// eachIncident calls fn for every incident matching q, newest first, read
// store.MaxLimit at a time. Incidents that start after the export began do
// not shift the pages: the query is bounded by the first one's start.
func eachIncident(ctx context.Context, st *store.Store, q store.Query, fn func(history.Incident) error) error {
	q.Limit, q.Offset = store.MaxLimit, 0
	for {
		page, _, err := st.Incidents(ctx, q)
		if err != nil {
			return err
		}
		if q.Offset == 0 && len(page) > 0 {
			if bound := page[0].Start.Add(time.Millisecond); q.To.IsZero() || bound.Before(q.To) {
				q.To = bound
			}
		}
		for _, inc := range page {
			if err := fn(inc); err != nil {
				return err
			}
		}
		if len(page) < q.Limit {
			return nil
		}
		q.Offset += len(page)
	}
}

// exportDialog asks where to save the incidents the list shows as format.
func (h *History) exportDialog(format exportFormat) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		switch {
		case err != nil:
			showError(h.words, h.words.Say("window.cannot_export", "Format", format.name, "Error", err), h.Window)
		case w != nil: // nil: cancelled
			h.export(format, w, w.URI().String())
		}
	}, h.Window)
	d.SetFileName(format.file)
	d.Show()
}

// export writes the incidents of the list's query to w, named name, off
// Fyne's goroutine, and closes it; errors are shown in a dialog.
func (h *History) export(format exportFormat, w io.WriteCloser, name string) {
	q, st := h.pager.q, h.store
	var err error
	h.cfg.background(
		func() {
			err = format.write(context.Background(), st, q, w)
			if cerr := w.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close: %w", cerr)
			}
		},
		func() {
			if err != nil {
				showError(h.words, h.words.Say("window.cannot_export_to", "Format", format.name, "File", name, "Error", err), h.Window)
			}
		})
}
