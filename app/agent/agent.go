// Package agent is DownRadar's resident process: the engine checking on
// schedule, the tray icon (fyne.io/systray: D-Bus only, no GL), and the
// notifications. It stays small while idle; the Fyne windows run in a
// separate process (`downradar window`) that the agent starts on demand and
// that exits when its windows close. One agent runs per user session: a
// second `downradar` asks the first, over a Unix socket, to open its window.
// One agent, tray or headless, runs per data directory (see datadir).
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
	"runtime"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"github.com/downradar/downradar/app/autostart"
	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/control"
	"github.com/downradar/downradar/app/datadir"
	"github.com/downradar/downradar/app/notification"
	"github.com/downradar/downradar/app/tray"
	"github.com/downradar/downradar/assets"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// Options configure an Agent.
type Options struct {
	Flags    cli.Flags
	Exe      string // this binary, started as `Exe window ...`
	Sockets  string // directory of the control sockets; default control.Dir()
	NoTray   bool   // no icon (tests, or a desktop without a tray host)
	Logger   *log.Logger
	Notifier notification.Sender // default: D-Bus, else beeep
	Now      func() time.Time
	Policy   notification.Policy
	Trim     bool // drop unused code pages twice as it settles and when they grew back (see trimCode, quietAt)
	SizeHeap bool // size the garbage collector for the config's components (see heapFor); Main's, not tests'
	// Tune, if set, adjusts every config the agent loads (at start and on
	// each reload) before it is used: `downradar demo` sets lab-speed
	// intervals for the status pages and news that a config file may not.
	Tune func(*config.Config)
}

// load reads the config the flags name, tuned by o.Tune.
func (o *Options) load() (*config.Config, error) {
	cfg, err := o.Flags.Load()
	if err == nil && o.Tune != nil {
		o.Tune(cfg)
	}
	return cfg, err
}

// Main runs `downradar [--config FILE] [--data-dir DIR]` until ctx ends and
// returns the exit code.
func Main(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("downradar", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	o.Flags.Register(fs)
	if runtime.GOOS == "windows" {
		// Windows starts the exe so when a toast is clicked while no
		// agent runs: the agent starts, and the click reaches it.
		fs.Bool(strings.TrimPrefix(notification.EmbeddingArg, "-"), false, "started by Windows for a click on a notification")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "downradar: unexpected argument %q\n", fs.Arg(0))
		return cli.ExitUsage
	}
	o.Logger = log.New(stderr, "downradar: ", log.LstdFlags)
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "downradar: %v\n", err)
		return cli.ExitError
	}
	o.Exe = autostart.Windowed(exe) // the window process opens no console on Windows
	o.Trim = true
	o.SizeHeap = true
	// One P: its work is a few milliseconds of probing at a time, mostly
	// waiting on the network. A second P cost a third more CPU (a thread
	// woken to spin for work at every event) and its own caches of heap
	// spans, for nothing (see docs/performance.md).
	runtime.GOMAXPROCS(1)
	return Run(ctx, o)
}

// Run is the agent: it returns when ctx ends or the user quits.
func Run(ctx context.Context, o Options) int {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sockets == "" {
		o.Sockets = control.Dir()
	}
	logf := o.Logger.Printf
	a := &Agent{opts: o, logf: logf, requests: make(chan request), actions: make(chan tray.Action, 8), opened: make(chan int64, 8), events: make(chan history.Event, 256)}
	srv, err := control.Listen(filepath.Join(o.Sockets, "agent.sock"), a.handle)
	if errors.Is(err, control.ErrBusy) {
		return a.forward()
	}
	if err != nil {
		logf("%v", err)
		return cli.ExitError
	}
	defer srv.Close()
	cfg, err := o.load()
	if err != nil {
		logf("%v", err)
		return cli.ExitUsage
	}
	a.setConfig(cfg)
	// One agent per history: a `downradar headless` on the same data dir
	// would record every incident twice.
	lock, err := datadir.Acquire(filepath.Dir(o.Flags.StorePath()), "tray")
	if err != nil {
		logf("%v", err)
		return cli.ExitError
	}
	defer lock.Release()
	a.st, err = store.Open(o.Flags.StorePath(), store.CacheKB(256))
	if err != nil {
		logf("%v", err)
		return cli.ExitError
	}
	defer a.st.Close()
	a.windows = &launcher{exe: o.Exe, sock: filepath.Join(o.Sockets, "window.sock"), flags: o.Flags, logf: logf, out: o.Logger.Writer()}
	a.notifier = o.Notifier
	if a.notifier == nil {
		a.notifier = a.dialNotifier()
	}
	defer a.notifier.Close()
	if !o.NoTray {
		a.startTray()
		defer a.tray.Close()
	}
	source := cfg.File
	if source == "" {
		source = "built-in services"
	}
	logf("watching %d services (%s); history in %s", len(cfg.Watched()), source, o.Flags.StorePath())
	return a.loop(ctx)
}

// forward asks the agent already running to open its history window.
func (a *Agent) forward() int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rep, err := control.Send(ctx, filepath.Join(a.opts.Sockets, "agent.sock"), control.Request{Op: control.OpHistory})
	if err != nil || !rep.OK {
		a.logf("another DownRadar seems to be running but does not answer: %v %s", err, rep.Error)
		return cli.ExitError
	}
	a.logf("DownRadar is already running; its history window is open")
	return cli.ExitOK
}

// dialNotifier picks Windows toasts or D-Bus notifications, both with a
// click that opens the incident, or else beeep, without.
func (a *Agent) dialNotifier() notification.Sender {
	icon := iconFile()
	open := func(id int64) {
		select {
		case a.opened <- id:
		default:
		}
	}
	if runtime.GOOS == "windows" {
		t, err := notification.DialToast(a.opts.Exe, icon, open)
		if err == nil {
			return t
		}
		a.logf("%v; using beeep (notifications cannot be clicked)", err)
		return notification.Beeep{Icon: icon}
	}
	d, err := notification.DialDBus(icon, open)
	if err == nil {
		if !d.Actions() {
			a.logf("the notification server does not support actions: clicking a notification will not open the incident")
		}
		return d
	}
	a.logf("%v; using beeep (notifications cannot be clicked)", err)
	return notification.Beeep{Icon: icon}
}

// startTray shows the icon, or says once that the desktop has no tray and
// opens the history window instead.
func (a *Agent) startTray() {
	host, err := tray.HostPresent()
	dark := tray.PreferDark()
	a.tray = tray.Start(func(name string) []byte { return assets.TrayIcon(name, dark) }, func(act tray.Action) { a.actions <- act })
	switch {
	case err != nil:
		a.logf("no tray: %v; notifications still work and `downradar` again opens the history", err)
		a.openWindow(control.Request{Op: control.OpHistory})
	case !host:
		a.logf("this desktop has no system tray (no StatusNotifierWatcher on the session bus; on GNOME, install the AppIndicator extension): DownRadar keeps running and notifying, and opens the history window now; run `downradar` again to reopen it")
		a.openWindow(control.Request{Op: control.OpHistory})
	}
}

// iconFile writes the app icon where the notification server can read it.
func iconFile() string {
	path := filepath.Join(xdg.CacheHome, "downradar", "icon.png")
	if b, err := os.ReadFile(path); err == nil && string(b) == string(assets.Icon) {
		return path
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return ""
	}
	if err := os.WriteFile(path, assets.Icon, 0o600); err != nil {
		return ""
	}
	return path
}
