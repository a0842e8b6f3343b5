package agent

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/downradar/downradar/app/autostart"
	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/control"
	"github.com/downradar/downradar/app/demo"
	"github.com/downradar/downradar/checker/config"
)

// Demo runs `downradar demo [--speed N]`: a loopback outage lab standing in
// for WhatsApp, Instagram, Facebook, Messenger and GitHub (DNS, TLS, HTTP,
// a status page and a news feed, all on 127.0.0.1), and the agent, with its
// tray icon and notifications, watching it. The lab replays three real
// outages (demo.Demo: the 2019 uploads, the 2025 WhatsApp Web logins, the
// 2021 DNS outage) and their recoveries in about three minutes; the agent
// keeps running afterwards so the history can be browsed, until Quit or
// Ctrl-C. Its config, history and sockets live in a temporary directory,
// removed at the end: the user's own history and agent are not touched.
func Demo(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	speed := fs.Float64("speed", 1, "how fast the outages play: 2 is twice as fast")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	if fs.NArg() > 0 || *speed <= 0 {
		fmt.Fprintln(stderr, "usage: downradar demo [--speed N]")
		return cli.ExitUsage
	}
	logger := log.New(stderr, "downradar demo: ", log.LstdFlags)
	dir, err := os.MkdirTemp("", "downradar-demo-")
	if err != nil {
		logger.Print(err)
		return cli.ExitError
	}
	defer os.RemoveAll(dir)
	l, err := demo.Start(config.Default(), demo.Options{Speed: *speed, Logf: logger.Printf})
	if err != nil {
		logger.Print(err)
		return cli.ExitError
	}
	defer l.Close()
	files, err := l.WriteFiles(dir)
	if err != nil {
		logger.Print(err)
		return cli.ExitError
	}
	// The agent in this process and the window process it starts trust the
	// lab's CA alone, go to the lab without a proxy, and use their own
	// sockets, beside any agent the user runs.
	sockets := filepath.Join(dir, "run")
	env := append(files.Env(), control.DirEnv+"="+sockets)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	exe, err := os.Executable()
	if err != nil {
		logger.Print(err)
		return cli.ExitError
	}
	script := demo.Demo()
	logger.Printf("a loopback lab replays %s in %s; the tray icon and the notifications follow it (history in %s)",
		script.Name, script.Script.Duration(*speed).Round(time.Second), dir)
	go func() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(5 * time.Second): // the agent's first round, all up
		}
		if _, err := script.Script.Play(ctx, l, *speed, demo.Hooks{}); err != nil && ctx.Err() == nil {
			logger.Printf("the script stopped: %v", err)
			return
		}
		if ctx.Err() == nil {
			logger.Print("the demo is over: open History… from the tray menu to look back, Quit to end")
		}
	}()
	o := Options{
		Flags:   cli.Flags{Config: files.Config, DataDir: dir},
		Exe:     autostart.Windowed(exe),
		Sockets: sockets,
		Logger:  logger,
		Tune:    l.Tune,
	}
	return Run(ctx, o)
}
