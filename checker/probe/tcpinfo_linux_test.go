//go:build linux

package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/lab"
)

func TestRetransmitsReadOnLoopback(t *testing.T) {
	l := listen4(t)
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := retransmits(c); err != nil || n < 0 {
		t.Fatalf("retransmits = %d, %v", n, err)
	}
	calls := 0
	cc := &countedConn{Conn: c, onClose: func(int) { calls++ }}
	cc.Close()
	cc.Close()
	if calls != 1 || cc.retransmits() < 0 {
		t.Errorf("onClose called %d times, want once", calls)
	}
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if _, err := retransmits(a); err == nil {
		t.Error("a connection without a socket gave a count")
	}
}

// A SYN that a full accept queue drops is sent again; the probes count it
// (TCP_INFO's total_retrans includes SYNs), whichever closes the socket.
func TestProbesCountSYNRetransmissions(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the kernel's SYN retransmissions (2-3 s)")
	}
	f := newFixture(t)
	cert, err := f.ca.ValidLeaf("ok.test")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"tcp", "tls", "https"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			port, err := lab.ListenPort()
			if err != nil {
				t.Fatal(err)
			}
			var l net.Listener = port
			if kind != "tcp" {
				l = tls.NewListener(port, &tls.Config{Certificates: []tls.Certificate{cert}})
			}
			srv := &http.Server{
				Handler:  http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
				ErrorLog: log.New(io.Discard, "", 0),
			}
			go srv.Serve(l)
			t.Cleanup(func() { srv.Close(); port.Close() })

			if err := port.Set(lab.PortStalled); err != nil {
				t.Fatal(err)
			}
			_, p, _ := net.SplitHostPort(port.Addr().String())
			target := mustParse(t, kind+"://ok.test:"+p+"/")
			done := make(chan Result, 1)
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				done <- f.prober.Probe(ctx, target)
			}()
			waitSYNRetransmitted(t, p, done)
			if err := port.Set(lab.PortOpen); err != nil {
				t.Fatal(err)
			}
			r := awaitSignal(t, done, "probe result after the port opened")
			t.Logf("%s: %d retransmits, connect %v, total %v", kind, r.Retransmits, r.Timings.Connect, r.Timings.Total)
			if !r.OK || r.Retransmits < 1 {
				t.Errorf("%s: ok=%v retransmits=%d (%s); want a success that counts the SYN sent again", kind, r.OK, r.Retransmits, r.Message)
			}
		})
	}
}

// waitSYNRetransmitted waits until a connection to 127.0.0.1:port has sent
// its SYN again: /proc/net/tcp shows it in SYN_SENT with a retransmission.
// The kernel tells no one, so its table is read every 10 ms; a probe that
// ends first (it should be waiting on the stalled port) fails the test with
// its result.
func waitSYNRetransmitted(t *testing.T, port string, done <-chan Result) {
	t.Helper()
	n, _ := strconv.Atoi(port)
	rem := fmt.Sprintf("0100007F:%04X", n)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	watchdog := time.After(dialWatchdog)
	for !synRetransmitted(t, rem) {
		select {
		case <-tick.C:
		case r := <-done:
			t.Fatalf("the probe ended before its SYN was sent again: ok=%v %s", r.OK, r.Message)
		case <-watchdog:
			t.Fatalf("no SYN to 127.0.0.1:%s was sent again", port)
		}
	}
}

func synRetransmitted(t *testing.T, rem string) bool {
	t.Helper()
	fh, err := os.Open("/proc/net/tcp")
	if err != nil {
		t.Skipf("no /proc/net/tcp: %v", err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		// sl local rem st tx:rx tr:when retrnsmt ...
		f := strings.Fields(sc.Text())
		if len(f) < 7 || f[2] != rem || f[3] != "02" {
			continue
		}
		if n, err := strconv.ParseUint(f[6], 16, 32); err == nil && n >= 1 {
			return true
		}
	}
	return false
}
