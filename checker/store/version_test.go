package store

import (
	"github.com/downradar/downradar/checker/history"
	"testing"

	"github.com/downradar/downradar/checker/status"
)

func TestDataVersionSeesOtherConnections(t *testing.T) {
	ctx := t.Context()
	reader, path := newStore(t)
	writer, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()

	v, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	get := func() int64 {
		t.Helper()
		n, err := v.Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	first := get()
	if again := get(); again != first {
		t.Errorf("version moved without a write: %d then %d", first, again)
	}
	if _, _, err := reader.Incidents(ctx, Query{}); err != nil {
		t.Fatal(err)
	}
	if again := get(); again != first {
		t.Errorf("version moved after a read: %d then %d", first, again)
	}

	if _, err := writer.OpenIncident(ctx, &history.Incident{Service: "web.whatsapp.test", Start: t0, Peak: status.Down}); err != nil {
		t.Fatal(err)
	}
	second := get()
	if second == first {
		t.Fatalf("version %d unchanged after another Store committed", second)
	}

	// The watching Store's own pool is another connection too.
	if err := reader.RecordServiceStatus(ctx, "web.whatsapp.test", t0, status.Up); err != nil {
		t.Fatal(err)
	}
	if third := get(); third == second {
		t.Errorf("version %d unchanged after the same Store's pool committed", third)
	}
}

func TestDataVersionClosed(t *testing.T) {
	s, _ := newStore(t)
	v, err := s.DataVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(t.Context()); err == nil {
		t.Error("Get on a closed DataVersion gave no error")
	}
}
