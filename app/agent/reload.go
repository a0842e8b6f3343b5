package agent

import (
	"context"
	"os"
	"runtime/debug"

	"github.com/downradar/downradar/app/confwatch"
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/locale"
	"github.com/downradar/downradar/app/notification"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/engine"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/radar"
)

// startEngine runs an engine on the current config until stopEngine.
func (a *Agent) startEngine(ctx context.Context) {
	ectx, cancel := context.WithCancel(ctx)
	a.engCancel = cancel
	ro := radar.Options{Config: a.cfg, Logf: a.logf}
	if a.opts.Trim {
		// A poll of the news parses a few megabytes of feeds: give them
		// back at once rather than carry them until the next one, and drop
		// the code pages it brought in (see trimCode, pollTrimAbove).
		ro.AfterPoll = func() {
			debug.FreeOSMemory()
			if codeResident() > pollTrimAbove {
				if err := trimCode(); err != nil {
					a.logf("%v", err)
				}
			}
		}
	}
	r, err := radar.New(ro)
	if err != nil {
		a.logf("no status pages or news: %v", err) // the probes go on alone
	}
	a.eng = engine.New(engine.Options{
		Config: a.cfg,
		Store:  a.st,
		Logf:   a.logf,
		Radar:  r,
		OnEvent: func(ev history.Event) {
			select {
			case a.events <- ev:
			case <-ectx.Done():
			}
		},
	})
	a.engDone.Add(1)
	go func() {
		defer a.engDone.Done()
		if err := a.eng.Run(ectx); err != nil {
			a.logf("%v", err)
		}
	}()
}

// stopEngine ends the engine and waits for its checks to return.
func (a *Agent) stopEngine() {
	a.engCancel()
	a.engDone.Wait()
}

// reload reads the config file again. A config that does not load, or a
// file that is empty or gone (see confwatch.Reread), is refused: the
// running one stays, the tray shows the error and a notification says it
// once. A good one restarts the engine on it; open incidents carry over
// through the store.
func (a *Agent) reload(ctx context.Context) error {
	path := a.opts.Flags.ConfigPath()
	a.stamp = stampOf(path)
	cfg, err := confwatch.Reread(path, a.opts.load)
	if err != nil {
		if err.Error() != a.configErr {
			a.configErr = err.Error()
			a.logf("%s", confwatch.RefusedLine(err))
			if serr := a.notifier.Send(notification.Message{
				Key: "config", Summary: a.words.Desktop(a.words.Say("notification.config_refused")),
				Body: a.words.Desktop(a.configErr + "\n" + a.words.Say("notification.config_refused_body")), Urgency: notification.Normal,
			}); serr != nil {
				a.logf("%v", serr)
			}
		}
		return err
	}
	a.configErr = ""
	a.stopEngine()
	a.setConfig(cfg)
	a.startEngine(ctx)
	a.logf("%s", confwatch.ReloadedLine(cfg))
	return nil
}

// setConfig makes cfg the running config, and its language (or the
// system's) the one the tray and the notifications speak.
//
// A language the config chooses is also put in LANGUAGE for the window
// processes the agent starts: they read the config for their own words,
// but Fyne's dialogs (the export's file chooser) follow the environment.
func (a *Agent) setConfig(cfg *config.Config) {
	a.cfg = cfg
	if !a.language.read {
		a.language.value, a.language.set = os.LookupEnv("LANGUAGE")
		a.language.read = true
	}
	switch {
	case cfg.Language != "":
		os.Setenv("LANGUAGE", cfg.Language)
	case a.language.set:
		os.Setenv("LANGUAGE", a.language.value)
	default:
		os.Unsetenv("LANGUAGE")
	}
	a.words = label.New(locale.Language(cfg.Language, os.Getenv))
}

// envLanguage is the LANGUAGE the agent started with, given back when the
// config stops choosing a language.
type envLanguage struct {
	value     string
	set, read bool
}

// stamp identifies a version of the config file (confwatch's).
type stamp = confwatch.Stamp

func stampOf(path string) stamp { return confwatch.StampOf(path) }
