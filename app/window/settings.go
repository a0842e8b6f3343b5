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
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/version"
	"github.com/downradar/downradar/checker/config"
)

// SettingsOptions say where the settings window reads and writes.
type SettingsOptions struct {
	ConfigPath   string // the config file; "" for config.DefaultPath()
	AutostartDir string // "" for autostart.Dir()
	Exe          string // the program started at login; "" for this one
	// Apply is called after a successful save, to have the running agent
	// reload the config; its error, the agent's reason for refusing the
	// config, is shown. It runs on the UI goroutine, so it must return
	// promptly.
	Apply func() error
}

// Settings is the settings window: the global interval, the incident
// thresholds, quiet hours, the language, start at login, and per service
// whether it is watched, muted, and how often it is checked. Saving edits
// the config file in place, keeping whatever else was written in it by hand.
type Settings struct {
	Window fyne.Window
	words  *label.Words
	opts   SettingsOptions
	was    settingsValues // what the widgets held when loaded or last saved

	interval      *widget.Entry
	fail, recover *countChoice
	language      *languageChoice
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
	language                string // the config's language key; "" for the system's
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

// NewSettings builds the settings window of a, worded in w's language,
// loaded from opts.ConfigPath.
func NewSettings(a fyne.App, w *label.Words, opts SettingsOptions) *Settings {
	if opts.ConfigPath == "" {
		opts.ConfigPath = config.DefaultPath()
	}
	if opts.AutostartDir == "" {
		opts.AutostartDir = autostart.Dir()
	}
	// The desktop draws the title: it is not shown (reordered for Fyne).
	s := &Settings{Window: a.NewWindow(w.Say("window.title_settings")), words: w, opts: opts}
	// The entries hold what the config says ("60s", "22:00"), in its
	// syntax whatever the language.
	s.interval = widget.NewEntry()
	s.interval.SetPlaceHolder("60s")
	s.fail, s.recover = newCountChoice(w, 10), newCountChoice(w, 10)
	s.language = newLanguageChoice(w)
	s.from, s.to = widget.NewEntry(), widget.NewEntry()
	s.from.SetPlaceHolder("22:00")
	s.to.SetPlaceHolder("07:00")
	s.quiet = widget.NewCheck(shown(w.Say("window.quiet_hours")), func(on bool) { s.enableSpan(on) })
	s.autostart = widget.NewCheck(shown(w.Say("window.start_at_login")), nil)
	s.status = newLabel("")
	// DownRadar's name and version, the same in every language.
	s.version = widget.NewLabelWithStyle(shown("DownRadar "+version.String()), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	s.status.Wrapping = fyne.TextWrapWord
	s.save = widget.NewButton(shown(w.Say("window.save")), s.Save)
	s.save.Importance = widget.HighImportance
	s.close = widget.NewButton(shown(w.Say("window.close")), func() { s.Window.Close() })

	general := widget.NewForm(
		widget.NewFormItem(shown(w.Say("window.check_every")), s.interval),
		widget.NewFormItem(shown(w.Say("window.incident_after")), container.NewHBox(s.fail.sel, newLabel(w.Say("window.failed_in_a_row")))),
		widget.NewFormItem(shown(w.Say("window.over_after")), container.NewHBox(s.recover.sel, newLabel(w.Say("window.good_in_a_row")))),
		widget.NewFormItem(shown(w.Say("window.language")), s.language.sel),
	)
	hint := newLabel(w.Say("window.language_hint"))
	hint.Wrapping, hint.Importance = fyne.TextWrapWord, widget.LowImportance
	quiet := container.NewBorder(nil, nil, s.quiet, nil,
		container.NewGridWithColumns(3, s.from, widget.NewLabelWithStyle(shown(w.Say("window.to")), fyne.TextAlignCenter, fyne.TextStyle{}), s.to))
	list := container.NewGridWithColumns(4,
		newBold(w.Say("window.column_service")), newBold(w.Say("window.column_watched")),
		newBold(w.Say("window.column_muted")), newBold(w.Say("window.check_every")))
	s.load(list)
	s.loadAutostart()

	top := container.NewVBox(general, hint, quiet, s.autostart, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), s.status, container.NewHBox(s.version, layout.NewSpacer(), s.close, s.save))
	s.Window.SetContent(container.NewBorder(top, bottom, nil, nil, container.NewVScroll(container.NewVBox(list))))
	s.Window.Resize(fyne.NewSize(620, 640))
	return s
}

// load fills the widgets from the config file, or shows why it cannot be
// read and refuses to save over it.
func (s *Settings) load(list *fyne.Container) {
	w := s.words
	cfg, err := config.Load(s.opts.ConfigPath, false)
	if err != nil {
		s.showError(w.Say("window.cannot_read_settings", "Error", err))
		s.save.Disable()
		for _, d := range []fyne.Disableable{s.interval, s.fail.sel, s.recover.sel, s.language.sel, s.quiet, s.from, s.to} {
			d.Disable()
		}
		return
	}
	s.interval.SetText(configDuration(cfg.Interval))
	s.fail.set(cfg.Thresholds.Fail)
	s.recover.set(cfg.Thresholds.Recover)
	s.language.set(cfg.Language)
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
		r := &settingsRow{id: svc.ID, name: svc.Name, interval: widget.NewEntry(),
			on: widget.NewCheck(shown(w.Say("window.on")), nil), mute: widget.NewCheck(shown(w.Say("window.mute")), nil)}
		r.on.SetChecked(svc.Enabled)
		r.mute.SetChecked(svc.Mute)
		r.interval.SetPlaceHolder(s.interval.Text)
		if svc.Interval != cfg.Interval {
			r.interval.SetText(configDuration(svc.Interval))
		}
		s.services = append(s.services, r)
		list.Add(newLabel(svc.Name))
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
		s.showError(s.words.Say("window.cannot_read_autostart", "Error", err))
		s.autostart.Disable()
		return
	}
	s.autostart.SetChecked(on)
	s.autostart.OnChanged = func(on bool) {
		if err := s.setAutostart(on); err != nil {
			s.showError(s.words.Say("window.autostart_not_changed", "Error", err))
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
	w := s.words
	ch := s.Changes()
	if ch.Empty() {
		s.showStatus(w.Say("window.nothing_changed"))
		return
	}
	if err := config.Save(s.opts.ConfigPath, ch); err != nil {
		s.showError(w.Say("window.not_saved", "Error", err))
		return
	}
	s.remember()
	if s.opts.Apply != nil {
		if err := s.opts.Apply(); err != nil {
			s.showError(w.Say("window.saved_refused", "Error", err))
			return
		}
	}
	s.showStatus(w.Say("window.saved"))
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
	if now.language != s.was.language {
		ch.Language = &now.language
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
		fail:     s.fail.value(),
		recover:  s.recover.value(),
		quiet:    s.quiet.Checked,
		span:     strings.TrimSpace(s.from.Text) + "-" + strings.TrimSpace(s.to.Text),
		language: s.language.value(),
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
	setText(s.status, msg)
}

func (s *Settings) showStatus(msg string) {
	s.status.Importance = widget.SuccessImportance
	setText(s.status, msg)
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
