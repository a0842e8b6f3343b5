package window

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/downradar/downradar/app/autostart"
	"github.com/downradar/downradar/app/cli"
	"github.com/downradar/downradar/app/control"
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/locale"
	"github.com/downradar/downradar/assets"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/store"
)

// AppID is DownRadar's application id (as in FyneApp.toml).
const AppID = "io.github.downradar"

// Main runs `downradar window [--config FILE] [--data-dir DIR] [--incident
// ID | --settings]` and returns the exit code once its last window closes.
// If a window process already runs, it is asked to show the request instead.
func Main(args []string, stderr io.Writer) (code int) {
	fs := flag.NewFlagSet("window", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var flags cli.Flags
	flags.Register(fs)
	incident := fs.Int64("incident", 0, "open this incident's evidence")
	settings := fs.Bool("settings", false, "open the settings window")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cli.ExitOK
		}
		return cli.ExitUsage
	}
	req := control.Request{Op: control.OpHistory}
	switch {
	case *settings:
		req = control.Request{Op: control.OpSettings}
	case *incident != 0:
		req = control.Request{Op: control.OpIncident, Incident: *incident}
	}
	sock := filepath.Join(control.Dir(), "window.sock")
	if forward(sock, req, 0) {
		return cli.ExitOK
	}
	if err := displayReady(os.Getenv); err != nil {
		fmt.Fprintf(stderr, "downradar window: %v\n", err)
		return cli.ExitError
	}
	st, err := store.Open(flags.StorePath())
	if err != nil {
		fmt.Fprintf(stderr, "downradar window: %v\n", err)
		return cli.ExitError
	}
	defer st.Close()
	// A display that cannot be opened (DISPLAY naming no server) makes
	// Fyne's GLFW driver panic on this goroutine: say so and exit 1. Any
	// other panic is a bug, and goes on as one.
	defer func() {
		if r := recover(); r != nil {
			if !displayPanic(r) {
				panic(r)
			}
			fmt.Fprintf(stderr, "downradar window: %s\n", noDisplay(os.Getenv, r))
			code = cli.ExitError
		}
	}()
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	exe, _ := os.Executable()
	ws := &windows{app: a, store: st, settings: SettingsOptions{
		ConfigPath: flags.ConfigPath(), AutostartDir: autostart.Dir(), Exe: autostart.Windowed(exe), Apply: reloadAgent,
	}, words: func() *label.Words { return words(flags.Load, os.Getenv) }}
	srv, err := control.Listen(sock, func(r control.Request) control.Reply {
		fyne.Do(func() { ws.show(r) })
		return control.Reply{OK: true}
	})
	if errors.Is(err, control.ErrBusy) {
		// Another window process is starting right now: hand it the request.
		if forward(sock, req, 3*time.Second) {
			return cli.ExitOK
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "downradar window: %v\n", err)
		return cli.ExitError
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ws.ctx = ctx
	ws.show(req)
	go reportFontGaps(ctx, st, stderr)
	a.Run()
	return cli.ExitOK
}

// forward hands req to a running window process, retrying for up to wait.
func forward(sock string, req control.Request, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		rep, err := control.Send(ctx, sock, req)
		cancel()
		if err == nil && rep.OK {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// reloadAgent asks the running agent to load the config just saved. No
// agent running is not an error: it reads the file when it starts. The
// error is the agent's reason for refusing the config (the settings window
// says the rest).
func reloadAgent() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rep, err := control.Send(ctx, filepath.Join(control.Dir(), "agent.sock"), control.Request{Op: control.OpReload})
	if err != nil {
		return nil
	}
	if !rep.OK {
		return errors.New(rep.Error)
	}
	return nil
}

// words are the words of the language the user reads: the config's
// language key, else the system's (locale.Language). A config that does
// not load leaves the system's; the window says why it does not load.
func words(load func() (*config.Config, error), getenv func(string) string) *label.Words {
	lang := ""
	if cfg, err := load(); err == nil {
		lang = cfg.Language
	}
	return label.New(locale.Language(lang, getenv))
}

// windows are the process's open windows; the process ends with the last.
// Each window speaks the language chosen when it opens (words), so one the
// settings window changes is taken by the windows opened after.
type windows struct {
	app      fyne.App
	store    *store.Store
	settings SettingsOptions
	words    func() *label.Words
	ctx      context.Context

	history *History
	set     *Settings
}

// show opens (or raises) the window a request asks for. Fyne goroutine only.
func (w *windows) show(r control.Request) {
	switch r.Op {
	case control.OpSettings:
		if w.set == nil {
			w.set = NewSettings(w.app, w.words(), w.settings)
			w.set.Window.SetOnClosed(func() { w.set = nil; w.quitIfNone() })
		}
		w.set.Window.Show()
		w.set.Window.RequestFocus()
	default:
		if w.history == nil {
			h := NewHistory(w.app, w.store, w.words())
			w.history = h
			ctx, cancel := context.WithCancel(w.ctx)
			go func() {
				if err := h.Watch(ctx, 2*time.Second); err != nil {
					fmt.Fprintf(os.Stderr, "downradar window: %v\n", err)
				}
			}()
			w.history.OnClosed = func() { cancel(); w.history = nil; w.quitIfNone() }
		}
		if r.Op == control.OpIncident {
			w.history.Show(r.Incident)
		}
		w.history.Window.Show()
		w.history.Window.RequestFocus()
	}
}

func (w *windows) quitIfNone() {
	if w.history == nil && w.set == nil {
		w.app.Quit()
	}
}
