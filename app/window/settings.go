package window

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/autostart"
	"github.com/downradar/downradar/app/version"
	"github.com/downradar/downradar/checker/config"
)

// SettingsOptions say where the settings window reads and writes.
type SettingsOptions struct {
	ConfigPath   string // the config file; "" for config.DefaultPath()
	AutostartDir string // "" for autostart.Dir()
	Exe          string // the program started at login; "" for this one
	// Apply is called after a successful save, to have the running agent
	// reload the config; its error is shown. It runs on the UI goroutine,
	// so it must return promptly.
	Apply func() error
}

// Settings is the settings window: the global interval, the incident
// thresholds, quiet hours, start at login, and per service whether it is
// watched, muted, and how often it is checked. Saving edits the config file
// in place, keeping whatever else was written in it by hand.
type Settings struct {
	Window fyne.Window
	opts   SettingsOptions
	was    settingsValues // what the widgets held when loaded or last saved

	interval      *widget.Entry
	fail, recover *widget.Select
	quiet         *widget.Check
	from, to      *widget.Entry
	autostart     *widget.Check
	services      []*settingsRow
	status        *widget.Label
	version       *widget.Label // "DownRadar 0.1.0 (git 7fcbc80, 2026-12-02)"
	save, close   *widget.Button
}

// settingsValues are the settings outside the services, as the widgets show them.
type settingsValues struct {
	interval, fail, recover string
	quiet                   bool
	span                    string // "22:00-07:00"
}

// settingsRow is one service's line.
type settingsRow struct {
	id, name string
	on, mute *widget.Check
	interval *widget.Entry // empty: the global interval
	was      struct {
		on, mute bool
		interval string
	}
}

// NewSettings builds the settings window of a, loaded from opts.ConfigPath.
func NewSettings(a fyne.App, opts SettingsOptions) *Settings {
	if opts.ConfigPath == "" {
		opts.ConfigPath = config.DefaultPath()
	}
	if opts.AutostartDir == "" {
		opts.AutostartDir = autostart.Dir()
	}
	s := &Settings{Window: a.NewWindow("DownRadar — settings"), opts: opts}
	s.interval = widget.NewEntry()
	s.interval.SetPlaceHolder("60s")
	s.fail = widget.NewSelect(countOptions(10), nil)
	s.recover = widget.NewSelect(countOptions(10), nil)
	s.from, s.to = widget.NewEntry(), widget.NewEntry()
	s.from.SetPlaceHolder("22:00")
	s.to.SetPlaceHolder("07:00")
	s.quiet = widget.NewCheck("Quiet hours: no notifications from", func(on bool) { s.enableSpan(on) })
	s.autostart = widget.NewCheck("Start at login", nil)
	s.status = widget.NewLabel("")
	s.version = widget.NewLabelWithStyle("DownRadar "+version.String(), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	s.status.Wrapping = fyne.TextWrapWord
	s.save = widget.NewButton("Save", s.Save)
	s.save.Importance = widget.HighImportance
	s.close = widget.NewButton("Close", func() { s.Window.Close() })

	general := widget.NewForm(
		widget.NewFormItem("Check every", s.interval),
		widget.NewFormItem("Incident after", container.NewHBox(s.fail, widget.NewLabel("failed checks in a row"))),
		widget.NewFormItem("Over after", container.NewHBox(s.recover, widget.NewLabel("good checks in a row"))),
	)
	quiet := container.NewBorder(nil, nil, s.quiet, nil,
		container.NewGridWithColumns(3, s.from, widget.NewLabelWithStyle("to", fyne.TextAlignCenter, fyne.TextStyle{}), s.to))
	list := container.NewGridWithColumns(4,
		widget.NewLabelWithStyle("Service", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Watched", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Muted", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Check every", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	s.load(list)
	s.loadAutostart()

	top := container.NewVBox(general, quiet, s.autostart, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), s.status, container.NewHBox(s.version, layout.NewSpacer(), s.close, s.save))
	s.Window.SetContent(container.NewBorder(top, bottom, nil, nil, container.NewVScroll(container.NewVBox(list))))
	s.Window.Resize(fyne.NewSize(620, 640))
	return s
}

// load fills the widgets from the config file, or shows why it cannot be
// read and refuses to save over it.
func (s *Settings) load(list *fyne.Container) {
	cfg, err := config.Load(s.opts.ConfigPath, false)
	if err != nil {
		s.showError("Cannot read the settings, so they cannot be saved: " + err.Error())
		s.save.Disable()
		for _, w := range []fyne.Disableable{s.interval, s.fail, s.recover, s.quiet, s.from, s.to} {
			w.Disable()
		}
		return
	}
	s.interval.SetText(configDuration(cfg.Interval))
	s.fail.SetSelected(countOption(s.fail, cfg.Thresholds.Fail))
	s.recover.SetSelected(countOption(s.recover, cfg.Thresholds.Recover))
	from, to := "22:00", "07:00"
	if q := cfg.Notify.Quiet; q != nil {
		from, to, _ = strings.Cut(q.String(), "-")
	}
	s.from.SetText(from)
	s.to.SetText(to)
	s.quiet.SetChecked(cfg.Notify.Quiet != nil)
	s.enableSpan(s.quiet.Checked)
	// The watched services first, then the rest of the catalog, each in
	// config order.
	services := slices.Clone(cfg.Services)
	slices.SortStableFunc(services, func(a, b config.Service) int {
		switch {
		case a.Enabled == b.Enabled:
			return 0
		case a.Enabled:
			return -1
		}
		return 1
	})
	for _, svc := range services {
		r := &settingsRow{id: svc.ID, name: svc.Name, on: widget.NewCheck("on", nil), mute: widget.NewCheck("mute", nil), interval: widget.NewEntry()}
		r.on.SetChecked(svc.Enabled)
		r.mute.SetChecked(svc.Mute)
		r.interval.SetPlaceHolder(s.interval.Text)
		if svc.Interval != cfg.Interval {
			r.interval.SetText(configDuration(svc.Interval))
		}
		s.services = append(s.services, r)
		list.Add(widget.NewLabel(svc.Name))
		list.Add(r.on)
		list.Add(r.mute)
		list.Add(r.interval)
	}
	s.remember()
}

// loadAutostart shows whether DownRadar starts at login, and wires the
// check, which takes effect at once.
func (s *Settings) loadAutostart() {
	on, err := autostart.Enabled(s.opts.AutostartDir)
	if err != nil {
		s.showError(err.Error())
		s.autostart.Disable()
		return
	}
	s.autostart.SetChecked(on)
	s.autostart.OnChanged = func(on bool) {
		if err := s.setAutostart(on); err != nil {
			s.showError(err.Error())
			changed := s.autostart.OnChanged
			s.autostart.OnChanged = nil
			s.autostart.SetChecked(!on)
			s.autostart.OnChanged = changed
		}
	}
}

func (s *Settings) setAutostart(on bool) error {
	if !on {
		return autostart.Disable(s.opts.AutostartDir)
	}
	exe := s.opts.Exe
	if exe == "" {
		var err error
		if exe, err = autostart.Exe(); err != nil {
			return fmt.Errorf("autostart: %w", err)
		}
	}
	return autostart.Enable(s.opts.AutostartDir, exe)
}

// Save writes what changed into the config file and has the agent reload
// it. An error is shown and the window keeps what the user typed.
func (s *Settings) Save() {
	ch := s.Changes()
	if ch.Empty() {
		s.showStatus("Nothing changed.")
		return
	}
	if err := config.Save(s.opts.ConfigPath, ch); err != nil {
		s.showError(err.Error())
		return
	}
	s.remember()
	if s.opts.Apply != nil {
		if err := s.opts.Apply(); err != nil {
			s.showError("Saved, but " + err.Error())
			return
		}
	}
	s.showStatus("Saved.")
}

// Changes are the differences between the widgets and what was loaded.
func (s *Settings) Changes() config.Changes {
	var ch config.Changes
	now := s.current()
	if now.interval != s.was.interval {
		ch.Interval = &now.interval
	}
	if now.fail != s.was.fail {
		n, _ := strconv.Atoi(now.fail)
		ch.Fail = &n
	}
	if now.recover != s.was.recover {
		n, _ := strconv.Atoi(now.recover)
		ch.Recover = &n
	}
	switch {
	case now.quiet && (!s.was.quiet || now.span != s.was.span):
		ch.QuietHours = &now.span
	case !now.quiet && s.was.quiet:
		ch.QuietHours = new(string)
	}
	for _, r := range s.services {
		sc := config.ServiceChange{ID: r.id, Name: r.name}
		if on := r.on.Checked; on != r.was.on {
			sc.Enabled = &on
		}
		if mute := r.mute.Checked; mute != r.was.mute {
			sc.Mute = &mute
		}
		if iv := strings.TrimSpace(r.interval.Text); iv != r.was.interval {
			sc.Interval = &iv
		}
		if sc.Enabled != nil || sc.Mute != nil || sc.Interval != nil {
			ch.Services = append(ch.Services, sc)
		}
	}
	return ch
}

func (s *Settings) current() settingsValues {
	return settingsValues{
		interval: strings.TrimSpace(s.interval.Text),
		fail:     s.fail.Selected,
		recover:  s.recover.Selected,
		quiet:    s.quiet.Checked,
		span:     strings.TrimSpace(s.from.Text) + "-" + strings.TrimSpace(s.to.Text),
	}
}

// remember takes the widgets' values as the saved state.
func (s *Settings) remember() {
	s.was = s.current()
	for _, r := range s.services {
		r.was.on, r.was.mute, r.was.interval = r.on.Checked, r.mute.Checked, strings.TrimSpace(r.interval.Text)
	}
}

func (s *Settings) enableSpan(on bool) {
	for _, e := range []*widget.Entry{s.from, s.to} {
		if on {
			e.Enable()
		} else {
			e.Disable()
		}
	}
}

func (s *Settings) showError(msg string) {
	s.status.Importance = widget.DangerImportance
	s.status.SetText(msg)
}

func (s *Settings) showStatus(msg string) {
	s.status.Importance = widget.SuccessImportance
	s.status.SetText(msg)
}

// countOptions are the options "1" to "n".
func countOptions(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}

// countOption is n's entry in sel, added when the list lacks it.
func countOption(sel *widget.Select, n int) string {
	o := strconv.Itoa(n)
	for _, have := range sel.Options {
		if have == o {
			return o
		}
	}
	sel.SetOptions(append(sel.Options, o))
	return o
}

// configDuration writes d the short way a config says it: "90s", "5m", "1h".
func configDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}
