package netlab

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/miekg/dns"
)

// runTool runs one diagnostic from the namespace it is in and prints its
// result as one line (a failed measurement is a result, not an error):
//
//	udp-echo HOST:PORT N        N datagrams, 1 ms apart: "sent N received M"
//	connect HOST:PORT TIMEOUT   a TCP connect: "ok MS" or "error MESSAGE"
//	dns SERVER NAME TYPE TIMEOUT  one query: "answer N", "rcode NAME" or "error MESSAGE"
//	fetch URL TIMEOUT           a GET: "ok STATUS BYTES MS" or "error MESSAGE"
//	upload URL BYTES TIMEOUT    a POST of BYTES bytes: the same
//	reach TIMEOUT HOST:PORT...  TCP connects to each, again until one works
//	                            or TIMEOUT: "ok" or "error MESSAGE"
func runTool(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: tool udp-echo|connect|dns|fetch ARGS")
	}
	var line string
	var err error
	switch {
	case args[0] == "udp-echo" && len(args) == 3:
		line, err = udpEcho(ctx, args[1], args[2])
	case args[0] == "connect" && len(args) == 3:
		line, err = connect(ctx, args[1], args[2])
	case args[0] == "dns" && len(args) == 5:
		line, err = query(args[1], args[2], args[3], args[4])
	case args[0] == "fetch" && len(args) == 3:
		line, err = fetch(ctx, args[1], "", args[2])
	case args[0] == "upload" && len(args) == 4:
		line, err = fetch(ctx, args[1], args[2], args[3])
	case args[0] == "reach" && len(args) >= 3:
		line, err = reach(ctx, args[1], args[2:])
	default:
		return fmt.Errorf("unknown tool command %q", args)
	}
	if err != nil {
		return err
	}
	fmt.Println(line)
	return nil
}

func udpEcho(ctx context.Context, addr, count string) (string, error) {
	n, err := strconv.Atoi(count)
	if err != nil {
		return "", err
	}
	c, err := net.Dial("udp", addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	got := make([]bool, n)
	received := make(chan int)
	go func() {
		buf := make([]byte, 64)
		m := 0
		for {
			k, err := c.Read(buf)
			if err != nil {
				break
			}
			if k == 8 {
				if i := binary.BigEndian.Uint64(buf[:8]); i < uint64(n) && !got[i] {
					got[i] = true
					m++
				}
			}
		}
		received <- m
	}()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for i := range n {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(i))
		if _, err := c.Write(b[:]); err != nil {
			return "", err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-tick.C:
		}
	}
	c.SetReadDeadline(time.Now().Add(time.Second)) // the last replies' time to come back
	return fmt.Sprintf("sent %d received %d", n, <-received), nil
}

func connect(ctx context.Context, addr, timeout string) (string, error) {
	d, err := time.ParseDuration(timeout)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	var dialer net.Dialer
	c, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return "error " + err.Error(), nil
	}
	c.Close()
	return fmt.Sprintf("ok %d", time.Since(start).Milliseconds()), nil
}

func query(server, name, qtype, timeout string) (string, error) {
	d, err := time.ParseDuration(timeout)
	if err != nil {
		return "", err
	}
	t, ok := dns.StringToType[qtype]
	if !ok {
		return "", fmt.Errorf("unknown type %q", qtype)
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), t)
	c := &dns.Client{Timeout: d}
	r, _, err := c.Exchange(m, server)
	switch {
	case err != nil:
		return "error " + err.Error(), nil
	case r.Rcode != dns.RcodeSuccess:
		return "rcode " + dns.RcodeToString[r.Rcode], nil
	}
	return fmt.Sprintf("answer %d", len(r.Answer)), nil
}

// fetch GETs url, or POSTs size bytes to it when size is not "".
func fetch(ctx context.Context, url, size, timeout string) (string, error) {
	d, err := time.ParseDuration(timeout)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil}}
	method, body := http.MethodGet, io.Reader(nil)
	if size != "" {
		n, err := strconv.Atoi(size)
		if err != nil {
			return "", err
		}
		method, body = http.MethodPost, bytes.NewReader(make([]byte, n))
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return "", err
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return "error " + err.Error(), nil
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return fmt.Sprintf("error reading body after %d bytes: %v", n, err), nil
	}
	return fmt.Sprintf("ok %d %d %d", resp.StatusCode, n, time.Since(start).Milliseconds()), nil
}

// reach connects to each address in turn, again (10 times a second) until
// it works or the time is up: right after a link comes up, the first
// connects can fail while the neighbours are resolved again.
func reach(ctx context.Context, timeout string, addrs []string) (string, error) {
	d, err := time.ParseDuration(timeout)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for _, a := range addrs {
		for {
			actx, cancel := context.WithTimeout(ctx, time.Second)
			var dialer net.Dialer
			c, err := dialer.DialContext(actx, "tcp", a)
			cancel()
			if err == nil {
				c.Close()
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Sprintf("error %s: %v", a, err), nil
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return "ok", nil
}
