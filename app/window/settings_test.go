//go:build ci

package window

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/downradar/downradar/app/autostart"
	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/version"
	"github.com/downradar/downradar/checker/config"
)

const settingsDoc = `# written by hand: keep me
catalog = false
interval = "60s"
timeout = "5s"

[thresholds]
fail = 2
recover = 2

[[service]]
name = "WhatsApp"
  [[service.component]]
  name = "Web"
  probe = "https://web.whatsapp.test/"
  expect = "200-299" # hand-tuned

[[service]]
name = "Mail"
interval = "5m"
  [[service.component]]
  name = "IMAP"
  probe = "tls://imap.mail.test:993"
`

// settingsFixture is a settings window over a config file holding doc
// ("" for no file) and an empty autostart directory.
type settingsFixture struct {
	s       *Settings
	path    string
	startup string
	applied int
}

func newSettingsFixture(t *testing.T, doc string, apply error) *settingsFixture {
	t.Helper()
	dir := t.TempDir()
	f := &settingsFixture{path: filepath.Join(dir, "downradar", "config.toml"), startup: filepath.Join(dir, "autostart")}
	if doc != "" {
		os.MkdirAll(filepath.Dir(f.path), 0o700)
		if err := os.WriteFile(f.path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f.s = NewSettings(test.NewTempApp(t), nil, SettingsOptions{
		ConfigPath: f.path, AutostartDir: f.startup, Exe: "/opt/Down Radar/downradar",
		Apply: func() error { f.applied++; return apply },
	})
	return f
}

func (f *settingsFixture) file(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSettingsLoads(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, nil)
	s := f.s
	if s.Window.Title() != "DownRadar — settings" {
		t.Errorf("title %q", s.Window.Title())
	}
	if s.interval.Text != "1m" || s.fail.sel.Selected != "2" || s.recover.sel.Selected != "2" {
		t.Errorf("globals: interval %q fail %q recover %q", s.interval.Text, s.fail.sel.Selected, s.recover.sel.Selected)
	}
	if s.quiet.Checked || !s.from.Disabled() || s.from.Text != "22:00" || s.to.Text != "07:00" {
		t.Errorf("quiet hours: on %v, %q-%q", s.quiet.Checked, s.from.Text, s.to.Text)
	}
	if len(s.services) != 2 {
		t.Fatalf("%d services", len(s.services))
	}
	wa, mail := s.services[0], s.services[1]
	if wa.name != "WhatsApp" || !wa.on.Checked || wa.mute.Checked || wa.interval.Text != "" || wa.interval.PlaceHolder != "1m" {
		t.Errorf("WhatsApp row: %q on %v mute %v interval %q", wa.name, wa.on.Checked, wa.mute.Checked, wa.interval.Text)
	}
	if mail.name != "Mail" || mail.interval.Text != "5m" {
		t.Errorf("Mail row: %q interval %q", mail.name, mail.interval.Text)
	}
	if s.save.Disabled() || s.autostart.Checked || s.status.Text != "" {
		t.Errorf("save disabled %v, autostart %v, status %q", s.save.Disabled(), s.autostart.Checked, s.status.Text)
	}
	if want := "DownRadar " + version.String(); s.version.Text != want || !strings.HasPrefix(want, "DownRadar "+version.Release) {
		t.Errorf("version %q, want %q", s.version.Text, want)
	}
}

func TestSettingsSaveKeepsTheRest(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, nil)
	s := f.s
	s.services[0].on.SetChecked(false)
	s.services[1].mute.SetChecked(true)
	test.Tap(s.save)
	want := strings.Replace(settingsDoc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nenabled = false\n", 1)
	want = strings.Replace(want, "interval = \"5m\"\n", "interval = \"5m\"\nmute = true\n", 1)
	if got := f.file(t); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	if s.status.Text != "Saved." || f.applied != 1 {
		t.Errorf("status %q, applied %d times", s.status.Text, f.applied)
	}
	test.Tap(s.save) // nothing new to save
	if s.status.Text != "Nothing changed." || f.applied != 1 {
		t.Errorf("second save: status %q, applied %d times", s.status.Text, f.applied)
	}
}

func TestSettingsIntervalsAndQuietHours(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, nil)
	s := f.s
	s.interval.SetText("")
	test.Type(s.interval, "90s")
	s.recover.sel.SetSelected("3")
	s.services[0].interval.SetText("2m")
	s.services[1].interval.SetText("")
	s.quiet.SetChecked(true)
	s.from.SetText("23:30")
	test.Tap(s.save)
	want := strings.NewReplacer(
		`interval = "60s"`, `interval = "90s"`,
		"recover = 2\n", "recover = 3\n\n[notifications]\nquiet_hours = \"23:30-07:00\"\n",
		"name = \"WhatsApp\"\n", "name = \"WhatsApp\"\ninterval = \"2m\"\n",
		"interval = \"5m\"\n", "",
	).Replace(settingsDoc)
	if got := f.file(t); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	s.quiet.SetChecked(false)
	test.Tap(s.save)
	want = strings.Replace(want, "quiet_hours = \"23:30-07:00\"\n", "", 1)
	if got := f.file(t); got != want || s.status.Text != "Saved." {
		t.Errorf("status %q; file:\n%s\nwant:\n%s", s.status.Text, got, want)
	}
}

func TestSettingsInvalidIntervalWritesNothing(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, nil)
	s := f.s
	s.interval.SetText("")
	test.Type(s.interval, "5 minutes")
	s.services[0].mute.SetChecked(true)
	test.Tap(s.save)
	want := "Not saved: " + f.path + `:3: interval: "5 minutes" is not a duration (like "60s" or "5m")`
	if s.status.Text != want {
		t.Errorf("status %q, want %q", s.status.Text, want)
	}
	if got := f.file(t); got != settingsDoc || f.applied != 0 {
		t.Errorf("applied %d times; file changed:\n%s", f.applied, got)
	}
	if s.interval.Text != "5 minutes" || !s.services[0].mute.Checked {
		t.Errorf("the user's input was lost: %q", s.interval.Text)
	}
	s.interval.SetText("2m") // corrected, it saves, the mute too
	test.Tap(s.save)
	if s.status.Text != "Saved." || !strings.Contains(f.file(t), "mute = true") {
		t.Errorf("after correcting: %q\n%s", s.status.Text, f.file(t))
	}
}

func TestSettingsBrokenFileIsNotOverwritten(t *testing.T) {
	broken := strings.Replace(settingsDoc, "fail = 2", "fail = 2\nfails = 3", 1)
	f := newSettingsFixture(t, broken, nil)
	s := f.s
	want := f.path + `:8: thresholds.fails: unknown key "fails"`
	if !s.save.Disabled() || !strings.HasSuffix(s.status.Text, want) {
		t.Errorf("save disabled %v, status %q, want it to end with %q", s.save.Disabled(), s.status.Text, want)
	}
	test.Tap(s.save)
	if got := f.file(t); got != broken || f.applied != 0 {
		t.Errorf("broken file touched:\n%s", got)
	}
}

func TestSettingsMissingFileStartsFromDefault(t *testing.T) {
	f := newSettingsFixture(t, "", nil)
	s := f.s
	if len(s.services) == 0 || s.save.Disabled() {
		t.Fatalf("built-in config not shown: %d services", len(s.services))
	}
	s.fail.sel.SetSelected("3")
	test.Tap(s.save)
	if got := f.file(t); !strings.HasPrefix(got, "#") || !strings.Contains(got, "fail = 3\n") {
		t.Errorf("file:\n%s", got)
	}
}

func TestSettingsApplyError(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, errors.New("config.toml:3: busy"))
	s := f.s
	s.services[1].on.SetChecked(false)
	test.Tap(s.save)
	if s.status.Text != "Saved, but the running DownRadar refused the config and keeps the one it has: config.toml:3: busy" || f.applied != 1 {
		t.Errorf("status %q, applied %d", s.status.Text, f.applied)
	}
	if !strings.Contains(f.file(t), "enabled = false") {
		t.Errorf("not saved:\n%s", f.file(t))
	}
}

func TestSettingsAutostart(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, nil)
	s := f.s
	s.autostart.SetChecked(true)
	data, err := os.ReadFile(autostart.Path(f.startup))
	if err != nil || !strings.Contains(string(data), "Exec=\"/opt/Down Radar/downradar\"\n") {
		t.Fatalf("entry: %v\n%s", err, data)
	}
	// A new window sees it on.
	again := NewSettings(test.NewTempApp(t), label.English, SettingsOptions{ConfigPath: f.path, AutostartDir: f.startup})
	if !again.autostart.Checked {
		t.Error("a new window shows start at login off")
	}
	s.autostart.SetChecked(false)
	if _, err := os.Stat(autostart.Path(f.startup)); !os.IsNotExist(err) {
		t.Errorf("entry still there: %v", err)
	}
	if f.applied != 0 {
		t.Error("start at login touched the agent")
	}
}

func TestSettingsAutostartError(t *testing.T) {
	dir := t.TempDir()
	s := NewSettings(test.NewTempApp(t), nil, SettingsOptions{ConfigPath: filepath.Join(dir, "config.toml"), AutostartDir: dir, Exe: "downradar"})
	s.autostart.SetChecked(true)
	if s.autostart.Checked || s.status.Text != `Start at login not changed: autostart: "downradar" is not an absolute path` {
		t.Errorf("checked %v, status %q", s.autostart.Checked, s.status.Text)
	}
	if on, _ := autostart.Enabled(dir); on {
		t.Error("enabled anyway")
	}
}

// With the catalog: its default set on top, the rest below, and switching
// on a catalog service the file does not name writes a [[service]] for it.
func TestSettingsCatalog(t *testing.T) {
	f := newSettingsFixture(t, "interval = \"60s\"\n", nil)
	s := f.s
	var watched, rest int
	var discord *settingsRow
	for i, r := range s.services {
		if r.on.Checked {
			watched++
			if rest > 0 {
				t.Errorf("row %d (%s) is watched but below one that is not", i, r.name)
			}
		} else {
			rest++
		}
		if r.id == "discord" {
			discord = r
		}
	}
	if watched < 5 || rest < 20 || discord == nil || discord.on.Checked {
		t.Fatalf("%d watched, %d not, discord %+v", watched, rest, discord)
	}
	discord.on.SetChecked(true)
	s.services[0].mute.SetChecked(true)
	test.Tap(s.save)
	want := "interval = \"60s\"\n\n[[service]]\nid = \"" + s.services[0].id + "\"\nmute = true\n\n[[service]]\nid = \"discord\"\n"
	if got := f.file(t); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
}

// The language choice: "System language" first, then each catalog's
// language by its own name; choosing Hindi writes language = "hi", and
// "System language" removes the key.
func TestSettingsLanguage(t *testing.T) {
	f := newSettingsFixture(t, settingsDoc, nil)
	s := f.s
	opts := s.language.sel.Options
	if s.language.sel.SelectedIndex() != 0 || opts[0] != "System language" || len(opts) != len(label.Languages())+1 || opts[1] != "English" {
		t.Fatalf("options %q, selected %q", opts, s.language.sel.Selected)
	}
	hi := slices.Index(s.language.names, "hi")
	if hi < 0 || opts[hi] != "हिन्दी" {
		t.Fatalf("no Hindi among %q", opts)
	}
	s.language.sel.SetSelectedIndex(hi)
	test.Tap(s.save)
	want := strings.Replace(settingsDoc, "timeout = \"5s\"\n", "timeout = \"5s\"\nlanguage = \"hi\"\n", 1)
	if got := f.file(t); got != want || s.status.Text != "Saved." || f.applied != 1 {
		t.Errorf("status %q, applied %d; file:\n%s\nwant:\n%s", s.status.Text, f.applied, got, want)
	}
	// A window opened after shows it chosen, and speaks it.
	again := NewSettings(test.NewTempApp(t), words(func() (*config.Config, error) { return config.Load(f.path, true) }, noEnv),
		SettingsOptions{ConfigPath: f.path, AutostartDir: f.startup})
	if again.language.value() != "hi" || again.Window.Title() != label.New("hi").Say("window.title_settings") {
		t.Errorf("a new window: language %q, title %q", again.language.value(), again.Window.Title())
	}
	s.language.sel.SetSelectedIndex(0)
	test.Tap(s.save)
	if got := f.file(t); got != settingsDoc || s.status.Text != "Saved." {
		t.Errorf("status %q; file:\n%s\nwant:\n%s", s.status.Text, got, settingsDoc)
	}
}

// A language DownRadar has no catalog for stays as the file says it.
func TestSettingsLanguageWithoutCatalog(t *testing.T) {
	doc := "language = \"haw\"\n" + settingsDoc
	f := newSettingsFixture(t, doc, nil)
	s := f.s
	if s.language.value() != "haw" || !s.Changes().Empty() {
		t.Errorf("language %q (%q), changes %+v", s.language.value(), s.language.sel.Selected, s.Changes())
	}
}

func noEnv(string) string { return "" }
