package radar

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/news"
)

// A feed that cannot be read says so: its error is kept until a read
// works, and with no feed read the news are unknown, not quiet.
func TestFeedStates(t *testing.T) {
	var broken atomic.Bool
	broken.Store(true)
	good := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			http.Error(rw, "down for maintenance", http.StatusBadGateway)
			return
		}
		fmt.Fprint(rw, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://news.test/</link><description>d</description></channel></rss>`)
	}))
	defer good.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprint(rw, "<html><body>not a feed</body></html>")
	}))
	defer bad.Close()
	now := t0
	clock := func() time.Time { return now }
	cfg := testConfig(t, "[news]\nbuiltin = false\n"+twoServices)
	feeds := []news.Feed{{URL: good.URL, Name: "first"}, {URL: bad.URL, Name: "second"}}
	r, err := New(Options{Config: cfg, Feeds: feeds, Now: clock, News: &news.Poller{Now: clock}, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	if n := r.View("WhatsApp").News; n.State() != "unknown" || n.Feeds != 2 {
		t.Errorf("before any read: %s (%+v)", n.State(), n)
	}

	r.PollNews(context.Background())
	if n := r.View("WhatsApp").News; n.State() != "unknown" || n.Read != 0 {
		t.Errorf("both feeds failed: %s (%+v)", n.State(), n)
	}
	st := r.FeedStates()
	if len(st) != 2 || st[0].Name != "first" || !strings.Contains(st[0].Err, "502") || !strings.Contains(st[1].Err, bad.URL) || !st[0].Read.IsZero() {
		t.Errorf("feed states: %+v", st)
	}

	broken.Store(false)
	now = now.Add(2 * time.Minute) // past the first backoff
	r.PollNews(context.Background())
	if n := r.View("WhatsApp").News; n.State() != "read" || n.Read != 1 {
		t.Errorf("one feed read: %s (%+v)", n.State(), n)
	}
	st = r.FeedStates()
	if st[0].Err != "" || !st[0].Read.Equal(now) || st[1].Err == "" {
		t.Errorf("feed states: %+v", st)
	}
	// The failing feed waits out its backoff: its error stands meanwhile.
	now = now.Add(30 * time.Second)
	r.PollNews(context.Background())
	if st = r.FeedStates(); st[1].Err == "" || st[1].Retry.IsZero() {
		t.Errorf("in backoff: %+v", st[1])
	}
	if n := r.View("WhatsApp").News; n.State() != "read" {
		t.Errorf("after a poll in backoff: %s", n.State())
	}
}
