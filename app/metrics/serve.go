package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Path is where the metrics are served.
const Path = "/metrics"

// CheckAddr checks an address to serve the metrics on: host:port, where the
// host is a loopback address or "localhost", unless public is true. The
// metrics name every service watched and what fails: only an explicit
// choice serves them beyond this machine.
func CheckAddr(addr string, public bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("metrics address %q: want host:port, e.g. 127.0.0.1:9841: %w", addr, err)
	}
	if _, err := net.LookupPort("tcp", port); err != nil || port == "" {
		return fmt.Errorf("metrics address %q: bad port %q", addr, port)
	}
	if public || isLoopback(host) {
		return nil
	}
	what := "all interfaces"
	if host != "" {
		what = host + ", not a loopback address"
	}
	return fmt.Errorf("metrics address %q: %s: the metrics name your services and what fails, so they are served on loopback only (e.g. 127.0.0.1:9841) unless --metrics-public is given too", addr, what)
}

// isLoopback reports whether host is "localhost" or a loopback IP literal.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Listen checks addr (see CheckAddr) and listens on it.
func Listen(ctx context.Context, addr string, public bool) (net.Listener, error) {
	if err := CheckAddr(addr, public); err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return ln, nil
}

// Serve serves h's metrics at Path on ln until ctx ends, then closes ln. A
// slow or idle client is dropped after a few seconds.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	mux := http.NewServeMux()
	mux.Handle(Path, h)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut) //nolint:errcheck // Serve returns ErrServerClosed either way
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-stopped
		return nil
	}
	return fmt.Errorf("metrics: serve %s: %w", ln.Addr(), err)
}
