package store

import (
	"github.com/downradar/downradar/checker/history"
	"slices"
	"testing"

	"github.com/downradar/downradar/checker/status"
)

func TestServices(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	got, err := s.Services(ctx)
	if err != nil || len(got) != 0 {
		t.Fatalf("empty store: %q, %v", got, err)
	}
	for _, svc := range []string{"zoom.test", "Api.test", "zoom.test", "api.test"} {
		if _, err := s.OpenIncident(ctx, &history.Incident{Service: svc, Start: t0, Peak: status.Down}); err != nil {
			t.Fatal(err)
		}
	}
	for _, svc := range []string{"api.test", "quiet.test"} { // quiet.test never had an incident
		if err := s.RecordServiceStatus(ctx, svc, t0, status.Up); err != nil {
			t.Fatal(err)
		}
	}
	got, err = s.Services(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Api.test", "api.test", "quiet.test", "zoom.test"}; !slices.Equal(got, want) {
		t.Errorf("Services = %q, want %q", got, want)
	}
}

func BenchmarkServices(b *testing.B) {
	s, _ := newStore(b)
	seedIncidents(b, s, 100_000)
	for b.Loop() {
		got, err := s.Services(b.Context())
		if err != nil || len(got) != 50 {
			b.Fatalf("%d services, %v", len(got), err)
		}
	}
}
