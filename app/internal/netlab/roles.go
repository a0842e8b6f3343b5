package netlab

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/downradar/downradar/app/cli"
)

// Main runs a helper role in this process (a re-executed test binary, in
// the namespace `ip netns exec` put it in) and returns its exit code. A
// test's TestMain calls it when EnvRole is set. The roles:
//   - inet: the internet's servers (DNS, HTTP, HTTPS, TCP, UDP echo),
//     driven by commands on stdin;
//   - relay: the delay relay in the router, driven by commands on stdin;
//   - downradar: `downradar ARGS...` (cli.Main), until it returns or a
//     SIGTERM; it then says on stderr how long it ran;
//   - tool: one diagnostic (see runTool), its result on stdout.
func Main(role string, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	var err error
	switch role {
	case "inet":
		err = runInet(ctx, args)
	case "relay":
		err = runRelay(ctx, args)
	case "downradar":
		start := time.Now()
		code := cli.Main(ctx, args, os.Stdin, os.Stdout, os.Stderr)
		fmt.Fprintf(os.Stderr, "netlab-elapsed-ms: %d\n", time.Since(start).Milliseconds())
		return code
	case "tool":
		err = runTool(ctx, args)
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "netlab %s: %v\n", role, err)
		return 1
	}
	return 0
}

// Args are the arguments after "--" on a command line (os.Args of a helper).
func Args(argv []string) []string {
	for i, a := range argv {
		if a == "--" {
			return argv[i+1:]
		}
	}
	return nil
}

// handler answers one command (its words) with a reply, or an error.
type handler func(ctx context.Context, words []string) (string, error)

// serveCommands reads "ID command..." lines from r and answers each on w as
// "ID ok reply" or "ID error ...", each command in its own goroutine (a
// command may wait). It returns when r ends or ctx is done.
func serveCommands(ctx context.Context, r io.Reader, w io.Writer, h handler) {
	var mu sync.Mutex
	reply := func(id, s string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %s\n", id, s)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return
		case line, ok = <-lines:
			if !ok {
				return
			}
		}
		id, rest, _ := strings.Cut(line, " ")
		words := strings.Fields(rest)
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := h(ctx, words)
			if err != nil {
				reply(id, "error "+err.Error())
				return
			}
			reply(id, strings.TrimSpace("ok "+out))
		}()
	}
}
