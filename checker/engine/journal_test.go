package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// refusingStore is a real store that refuses every write while full is set,
// as SQLite does on a full disk.
type refusingStore struct {
	*store.Store
	full atomic.Bool
}

var errFull = errors.New("database or disk is full")

func (r *refusingStore) OpenIncident(ctx context.Context, inc *history.Incident) (int64, error) {
	if r.full.Load() {
		return 0, fmt.Errorf("store: open incident for %s: %w", inc.Service, errFull)
	}
	return r.Store.OpenIncident(ctx, inc)
}

func (r *refusingStore) UpdateIncident(ctx context.Context, inc history.Incident) error {
	if r.full.Load() {
		return fmt.Errorf("store: update incident %d: %w", inc.ID, errFull)
	}
	return r.Store.UpdateIncident(ctx, inc)
}

func (r *refusingStore) AddEvidence(ctx context.Context, ev history.Evidence) (int64, error) {
	if r.full.Load() {
		return 0, fmt.Errorf("store: add evidence: %w", errFull)
	}
	return r.Store.AddEvidence(ctx, ev)
}

// logLines collects log logLines.
type logLines struct {
	mu sync.Mutex
	l  []string
}

func (l *logLines) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.l = append(l.l, fmt.Sprintf(format, args...))
}

func (l *logLines) count(sub string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.l {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func newJournal(t *testing.T) (*journal, *refusingStore, *logLines) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rs := &refusingStore{Store: st}
	var log logLines
	return &journal{st: rs, log: &failLog{logf: log.logf}, logf: log.logf}, rs, &log
}

// An incident the store refuses (opened, given evidence, ended while the
// disk is full) is written, whole, once the store takes writes again; the
// failure is logged once, not at every attempt.
func TestJournalKeepsWhatTheStoreRefuses(t *testing.T) {
	ctx := context.Background()
	j, rs, log := newJournal(t)
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	rs.full.Store(true)

	inc := history.Incident{Service: "WhatsApp", Start: start, Peak: status.Down, Components: []string{"Web"}}
	id, err := j.openIncident(ctx, &inc)
	if !errors.Is(err, errUnsaved) || !errors.Is(err, errFull) || id >= 0 {
		t.Fatalf("open on a full disk: id %d, err %v; want a provisional (negative) id and errUnsaved wrapping the cause", id, err)
	}
	for i := range 3 {
		j.addEvidence(ctx, history.Evidence{IncidentID: id, At: start.Add(time.Duration(i) * time.Minute), Source: history.SourceProbe, Component: "Web", Layer: "tcp", Class: "refused", Message: "connection refused"})
		j.retry(ctx) // the flushes meanwhile: still full
	}
	inc.End = start.Add(5 * time.Minute)
	j.updateIncident(ctx, inc)
	if got := j.storedID(id); got != 0 {
		t.Fatalf("storedID while full = %d, want 0", got)
	}
	if n := log.count("cannot") + log.count("(retried;"); n != 1 {
		t.Errorf("%d log logLines about the failure, want 1:\n%s", n, strings.Join(log.l, "\n"))
	}
	if all, _, err := rs.Store.Incidents(ctx, store.Query{}); err != nil || len(all) != 0 {
		t.Fatalf("store holds %d incidents while full (err %v), want 0", len(all), err)
	}

	rs.full.Store(false)
	j.retry(ctx)
	if j.pending() != 0 {
		t.Fatalf("%d writes still pending after the disk has room", j.pending())
	}
	real := j.storedID(id)
	if real <= 0 {
		t.Fatalf("storedID after the retry = %d, want the stored id", real)
	}
	got, err := rs.Store.Incident(ctx, real)
	if err != nil {
		t.Fatal(err)
	}
	if !got.End.Equal(inc.End) || got.Service != "WhatsApp" || len(got.Evidence) != 3 || got.Peak != status.Down {
		t.Errorf("stored incident: service %q, end %v, peak %s, %d evidence; want WhatsApp, %v, down, 3", got.Service, got.End, got.Peak, len(got.Evidence), inc.End)
	}
	if log.count("works again") != 1 || log.count("saved 5 incident writes") != 1 {
		t.Errorf("want one line saying the store works again and one saying 5 writes were saved:\n%s", strings.Join(log.l, "\n"))
	}

	// Later writes of that incident go through at once, by its stored id.
	j.addEvidence(ctx, history.Evidence{IncidentID: id, At: start.Add(6 * time.Minute), Source: history.SourceProbe, Component: "Web", Message: "late"})
	if got, _ := rs.Store.Incident(ctx, real); len(got.Evidence) != 4 {
		t.Errorf("evidence after the save: %d pieces, want 4", len(got.Evidence))
	}
}

// While the store refuses writes, the journal's memory is bounded: beyond
// maxQueued, evidence is left out and the log says how much; the incident
// itself is still saved.
func TestJournalBounded(t *testing.T) {
	ctx := context.Background()
	j, rs, log := newJournal(t)
	rs.full.Store(true)
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	inc := history.Incident{Service: "Gmail", Start: start, Peak: status.Degraded}
	id, _ := j.openIncident(ctx, &inc)
	for i := range maxQueued + 500 {
		j.addEvidence(ctx, history.Evidence{IncidentID: id, At: start.Add(time.Duration(i) * time.Second), Source: history.SourceProbe, Message: "slow"})
	}
	if j.pending() != maxQueued {
		t.Fatalf("%d writes pending, want the bound %d", j.pending(), maxQueued)
	}
	rs.full.Store(false)
	j.retry(ctx)
	if log.count("501 pieces of evidence were left out") != 1 {
		t.Errorf("want the log to count the 501 pieces left out:\n%s", strings.Join(log.l, "\n"))
	}
	got, err := rs.Store.Incident(ctx, j.storedID(id))
	if err != nil || got.Service != "Gmail" {
		t.Fatalf("the incident was not saved: %+v, %v", got, err)
	}
}

// failLog logs the first failure of a run and the success that ends it.
func TestFailLogOnce(t *testing.T) {
	var log logLines
	f := &failLog{logf: log.logf}
	for range 5 {
		f.note("record checks", errFull)
	}
	f.note("record checks", nil)
	f.note("record checks", nil)
	f.note("record checks", errFull)
	want := []string{
		"record checks: database or disk is full (retried; logged again once it works)",
		"record checks: works again, after 5 failed attempts",
		"record checks: database or disk is full (retried; logged again once it works)",
	}
	if strings.Join(log.l, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(log.l, "\n"), strings.Join(want, "\n"))
	}
	if f.note("x", context.Canceled) || len(log.l) != 3 {
		t.Errorf("a cancelled write is neither a success nor logged")
	}
}

// A write the store can never take (its incident is gone) is dropped and
// said, not kept at the head of the queue where it would hold back every
// later write.
func TestJournalDropsWhatCanNeverBeWritten(t *testing.T) {
	ctx := context.Background()
	j, rs, log := newJournal(t)
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	rs.full.Store(true)
	j.updateIncident(ctx, history.Incident{ID: 999, Service: "Gmail", Start: start, Peak: status.Down, End: start.Add(time.Minute)}) // no such incident
	inc := history.Incident{Service: "Slack", Start: start, Peak: status.Down}
	id, _ := j.openIncident(ctx, &inc)
	rs.full.Store(false)
	j.retry(ctx)
	if j.pending() != 0 || j.storedID(id) <= 0 {
		t.Fatalf("%d writes pending, Slack's incident stored as %d: the write to a missing incident held the queue", j.pending(), j.storedID(id))
	}
	if log.count("a write dropped") != 1 {
		t.Errorf("the dropped write is not said:\n%s", strings.Join(log.l, "\n"))
	}
}
