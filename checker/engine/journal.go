package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// incidentStore is what the journal writes to: a *store.Store.
type incidentStore interface {
	OpenIncident(ctx context.Context, inc *history.Incident) (int64, error)
	UpdateIncident(ctx context.Context, inc history.Incident) error
	AddEvidence(ctx context.Context, ev history.Evidence) (int64, error)
	Incident(ctx context.Context, id int64) (history.Incident, error)
}

// journal writes incidents and their evidence to the store, and keeps what
// the store refuses (a full disk, a read-only file) to write it later, in
// order, instead of losing it: an incident the store could not open gets
// a provisional id (negative) that the engine uses like any other, and
// that maps to the stored id once the write goes through. retry, at every
// flush of the checks, writes what waits.
type journal struct {
	st   incidentStore
	log  *failLog
	logf func(string, ...any)

	mu      sync.Mutex
	last    int64           // the last provisional id given (0, -1, -2, ...)
	stored  map[int64]int64 // provisional id -> stored id
	queue   []write         // refused writes, oldest first
	dropped int             // evidence left out because the queue was full
}

// write is one incident write waiting for the store.
type write struct {
	open, update bool
	inc          history.Incident // open, update: ID is provisional for an open
	ev           history.Evidence // neither: evidence for ev.IncidentID
}

// maxQueued bounds the writes kept while the store refuses them; beyond it
// new evidence is left out (incidents themselves are always kept: they are
// few, one a service at a time).
const maxQueued = 10_000

// errUnsaved is the error of a write the store refused and the journal keeps.
var errUnsaved = errors.New("not saved yet")

// openIncident stores a new incident and returns its id: the store's, or a
// provisional one when the store refuses it now (errUnsaved, wrapping why).
func (j *journal) openIncident(ctx context.Context, inc *history.Incident) (int64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.queue) == 0 {
		id, err := j.st.OpenIncident(ctx, inc)
		if j.ok("save an incident", err) {
			return id, nil
		}
		if ctx.Err() != nil {
			return 0, err
		}
		j.last--
		inc.ID = j.last
		j.queue = append(j.queue, write{open: true, inc: *inc})
		return inc.ID, fmt.Errorf("%w: %w", errUnsaved, err)
	}
	j.last--
	inc.ID = j.last
	j.queue = append(j.queue, write{open: true, inc: *inc})
	return inc.ID, errUnsaved
}

// updateIncident stores an incident's new state (its end, peak, scope).
func (j *journal) updateIncident(ctx context.Context, inc history.Incident) {
	j.mu.Lock()
	defer j.mu.Unlock()
	w := write{update: true, inc: inc}
	if !j.tryNow(ctx, w) {
		j.queue = append(j.queue, w)
	}
}

// addEvidence stores one piece of an incident's timeline.
func (j *journal) addEvidence(ctx context.Context, ev history.Evidence) {
	j.mu.Lock()
	defer j.mu.Unlock()
	w := write{ev: ev}
	if j.tryNow(ctx, w) {
		return
	}
	if len(j.queue) >= maxQueued {
		j.dropped++
		return
	}
	j.queue = append(j.queue, w)
}

// incident reads a stored incident; one not stored yet reads as empty.
func (j *journal) incident(ctx context.Context, id int64) (history.Incident, error) {
	j.mu.Lock()
	id, ok := j.resolve(id)
	j.mu.Unlock()
	if !ok {
		return history.Incident{}, nil
	}
	return j.st.Incident(ctx, id)
}

// storedID is the id an incident has in the store: id itself, or the one a
// provisional id maps to; 0 while it is not stored.
func (j *journal) storedID(id int64) int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	id, _ = j.resolve(id)
	return id
}

// pending is how many writes wait for the store.
func (j *journal) pending() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.queue)
}

// retry writes what waits, in order, until the store refuses one again.
func (j *journal) retry(ctx context.Context) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.queue) == 0 {
		return
	}
	n, dropped := len(j.queue), j.dropped
	for len(j.queue) > 0 {
		w := j.queue[0]
		if w.open {
			provisional := w.inc.ID
			id, err := j.st.OpenIncident(ctx, &w.inc)
			if !j.ok("save an incident", err) {
				return
			}
			if j.stored == nil {
				j.stored = map[int64]int64{}
			}
			j.stored[provisional] = id
		} else if !j.apply(ctx, w) {
			return
		}
		j.queue = j.queue[1:]
	}
	j.queue, j.dropped = nil, 0
	msg := fmt.Sprintf("saved %d incident writes the store had refused", n)
	if dropped > 0 {
		msg += fmt.Sprintf("; %d pieces of evidence were left out (more than %d writes waited)", dropped, maxQueued)
	}
	j.logf("%s", msg)
}

// tryNow writes w now if nothing waits before it (writes keep their order)
// and its incident is stored; it reports whether w is done.
func (j *journal) tryNow(ctx context.Context, w write) bool {
	if len(j.queue) > 0 {
		return false
	}
	return j.apply(ctx, w) || ctx.Err() != nil
}

// apply writes an update or evidence, its incident id resolved; there is
// nothing to write for an incident that has no id. A write the store can
// never take (its incident is not in the store: ErrNotFound) is dropped,
// and said, rather than kept at the head of the queue for ever.
func (j *journal) apply(ctx context.Context, w write) bool {
	if w.update && w.inc.ID == 0 || !w.update && w.ev.IncidentID == 0 {
		return true
	}
	if w.update {
		id, ok := j.resolve(w.inc.ID)
		if !ok {
			return false
		}
		w.inc.ID = id
		return j.ok("save an incident", j.never(j.st.UpdateIncident(ctx, w.inc)))
	}
	id, ok := j.resolve(w.ev.IncidentID)
	if !ok {
		return false
	}
	w.ev.IncidentID = id
	_, err := j.st.AddEvidence(ctx, w.ev)
	return j.ok("save an incident's evidence", j.never(err))
}

// never turns the error of a write the store can never take into a nil
// (the write is dropped), saying so.
func (j *journal) never(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		j.logf("history: a write dropped: %v", err)
		return nil
	}
	return err
}

// resolve maps a provisional id to its stored one; ok is false while it
// has none.
func (j *journal) resolve(id int64) (int64, bool) {
	if id >= 0 {
		return id, id != 0
	}
	s, ok := j.stored[id]
	return s, ok
}

// ok reports whether err is nil, logging once a run of failures.
func (j *journal) ok(what string, err error) bool { return j.log.note(what, err) }
