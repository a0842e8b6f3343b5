package news

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchFeed is a Google News-like document of n items, as feed i serves it.
func benchFeed(i, n int, now time.Time) []byte {
	es := make([]entry, n)
	for j := range es {
		pub := fmt.Sprintf("Publisher %d", j%7)
		es[j] = entry{
			Title:  fmt.Sprintf("Feed %d: WhatsApp and Instagram down for users in region %d, story %d - %s", i, j%13, j, pub),
			Link:   fmt.Sprintf("https://news.google.com/rss/articles/CBMi%08dX%04d?oc=5", i, j),
			GUID:   fmt.Sprintf("CBMi%08dX%04d", i, j),
			Desc:   fmt.Sprintf(`<a href="https://news.google.com/rss/articles/CBMi%08dX%04d?oc=5" target="_blank">Story %d of feed %d</a>&nbsp;&nbsp;<font color="#6f6f6f">%s</font>`, i, j, j, i, pub),
			Source: pub,
			Pub:    now.Add(-time.Duration(j) * time.Minute),
		}
	}
	return rssDoc(es...)
}

func BenchmarkParse(b *testing.B) {
	body := benchFeed(0, 50, t0)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		items, err := Parse("https://news.google.com/rss/search?q=x", body, t0)
		if err != nil || len(items) != 50 {
			b.Fatal(len(items), err)
		}
	}
}

// BenchmarkPoll60 is one Poll of 60 feeds of 50 items each (3,000 new
// items) by a fresh Poller. Besides allocations it reports the peak heap in
// use during the Poll over what was in use before (sampled), and the heap the
// Poller keeps afterwards (its seen-set and feed states).
func BenchmarkPoll60(b *testing.B) {
	const feeds, per = 60, 50
	bodies := make([][]byte, feeds)
	for i := range bodies {
		bodies[i] = benchFeed(i, per, t0)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/feed/"), "%d", &i)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bodies[i])
	}))
	defer srv.Close()
	list := make([]Feed, feeds)
	for i := range list {
		list[i] = Feed{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), Lang: "en"}
	}
	client := srv.Client()
	now := func() time.Time { return t0 }

	var peak, retained uint64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		stop, sampled := sampleHeap()
		b.StartTimer()

		p := &Poller{HTTP: client, Now: now}
		items, errs := p.Poll(context.Background(), list)

		b.StopTimer()
		top := stop()
		<-sampled
		if len(errs) != 0 || len(items) != feeds*per {
			b.Fatalf("%d items, errs %v", len(items), errs)
		}
		items = nil
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if top > base {
			peak = max(peak, top-base)
		}
		if ms.HeapInuse > base {
			retained = max(retained, ms.HeapInuse-base)
		}
		runtime.KeepAlive(p)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(retained)/(1<<10), "retained-KiB")
}

// sampleHeap watches HeapInuse until stopped and returns its maximum.
func sampleHeap() (stop func() uint64, done <-chan struct{}) {
	var mu sync.Mutex
	var top uint64
	quit, fin := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(fin)
		var ms runtime.MemStats
		t := time.NewTicker(500 * time.Microsecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			top = max(top, ms.HeapInuse)
			mu.Unlock()
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(quit)
		<-fin
		mu.Lock()
		defer mu.Unlock()
		return top
	}, fin
}

// BenchmarkPollAgain is a Poll of 60 feeds of 50 items each that the
// Poller read the poll before, as a news search read every 10 minutes is:
// its header rebuilt (Google News' lastBuildDate), new stories on top
// (-new of the 50, a sixth by default: a search "when:1h"), the others
// listed again unchanged. A "whole" run parses every document whole, as
// the Poller did before it cut the items it read last time.
func BenchmarkPollAgain(b *testing.B) {
	for _, whole := range []bool{false, true} {
		name := "cut"
		if whole {
			name = "whole"
		}
		b.Run(name, func(b *testing.B) { benchPollAgain(b, whole) })
	}
}

func benchPollAgain(b *testing.B, whole bool) {
	const feeds, per, fresh = 60, 50, 8
	// Feed i at poll k lists stories k*fresh ... k*fresh+per-1 of its own,
	// newest first, each with its own date.
	doc := func(i, k int) []byte {
		es := make([]entry, per)
		for j := range es {
			n := k*fresh + per - 1 - j
			es[j] = entry{
				Title:  fmt.Sprintf("Feed %d: WhatsApp and Instagram down for users in region %d, story %d - Publisher", i, n%13, n),
				Link:   fmt.Sprintf("https://news.google.com/rss/articles/CBMi%08dX%06d?oc=5", i, n),
				GUID:   fmt.Sprintf("CBMi%08dX%06d", i, n),
				Desc:   fmt.Sprintf(`<a href="https://news.google.com/rss/articles/CBMi%08dX%06d?oc=5">Story %d</a>&nbsp;&nbsp;<font color="#6f6f6f">Publisher</font>`, i, n, n),
				Source: "Publisher",
				Pub:    t0.Add(time.Duration(n-per) * 75 * time.Second), // 8 stories per 10 minutes
			}
		}
		return bytes.Replace(rssDoc(es...), []byte("<title>t</title>"), fmt.Appendf(nil, "<title>t</title><lastBuildDate>%d</lastBuildDate>", k), 1)
	}
	bodies := make([][]byte, feeds)
	write := func(k int) { // outside the timer
		for i := range bodies {
			bodies[i] = doc(i, k)
		}
	}
	write(0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/feed/"), "%d", &i)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bodies[i])
	}))
	defer srv.Close()
	list := make([]Feed, feeds)
	for i := range list {
		list[i] = Feed{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), Lang: "en"}
	}
	now := t0
	p := &Poller{HTTP: srv.Client(), Now: func() time.Time { return now }, whole: whole}
	if items, errs := p.Poll(context.Background(), list); len(errs) != 0 || len(items) != feeds*per {
		b.Fatalf("first poll: %d items, errs %v", len(items), errs)
	}
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		b.StopTimer()
		k++
		write(k)
		now = now.Add(10 * time.Minute)
		b.StartTimer()
		items, errs := p.Poll(context.Background(), list)
		if len(errs) != 0 || len(items) != feeds*fresh {
			b.Fatalf("%d items, errs %v", len(items), errs)
		}
	}
}
