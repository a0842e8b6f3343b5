package metrics

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCheckAddr(t *testing.T) {
	cases := []struct {
		addr   string
		public bool
		err    string // "" when accepted
	}{
		{"127.0.0.1:9841", false, ""},
		{"127.0.0.2:9841", false, ""},
		{"[::1]:9841", false, ""},
		{"localhost:9841", false, ""},
		{"127.0.0.1:0", false, ""},
		{"0.0.0.0:9841", false, `metrics address "0.0.0.0:9841": 0.0.0.0, not a loopback address: the metrics name your services and what fails, so they are served on loopback only (e.g. 127.0.0.1:9841) unless --metrics-public is given too`},
		{":9841", false, `metrics address ":9841": all interfaces: `},
		{"192.0.2.7:9841", false, "192.0.2.7, not a loopback address"},
		{"[::]:9841", false, ":: , not a loopback address"},
		{"monitor.example:9841", false, "monitor.example, not a loopback address"},
		{"0.0.0.0:9841", true, ""},
		{":9841", true, ""},
		{"9841", false, `metrics address "9841": want host:port, e.g. 127.0.0.1:9841`},
		{"127.0.0.1", true, "want host:port"},
		{"127.0.0.1:", false, `bad port ""`},
		{"127.0.0.1:http-alt-nope", false, "bad port"},
	}
	for _, c := range cases {
		err := CheckAddr(c.addr, c.public)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("CheckAddr(%q, %v): %v", c.addr, c.public, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), strings.ReplaceAll(c.err, " ,", ","))):
			t.Errorf("CheckAddr(%q, %v) = %v, want %q", c.addr, c.public, err, c.err)
		}
	}
}

// Served on loopback: a scrape gets the metrics, and the server stops
// with its context.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ln, err := Listen(ctx, "127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	x := New(nil)
	src, _ := fixture(t)
	x.Set(src)
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, x.Handler()) }()
	resp, err := http.Get("http://" + ln.Addr().String() + Path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `probe_success{component="SMTP",service="Mail"} 0`) {
		t.Errorf("HTTP %d:\n%s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + Path); err == nil {
		t.Error("still serving after its context ended")
	}
	if _, err := Listen(context.Background(), "0.0.0.0:0", false); err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("Listen on all interfaces without --metrics-public: %v", err)
	}
}
