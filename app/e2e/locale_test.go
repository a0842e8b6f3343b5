//go:build e2e

package e2e

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"fmt"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/status"
)

// TestAgentSpeaksTheLocale runs the agent as people in the seed articles'
// countries would, on a desktop with a tray host and dunst: its tooltip,
// its menu and its notifications are in their language, from LANG, or
// from the config's language key under the C locale. The expectations are
// the catalogs' own words (label.New), marked for the desktop (in Arabic,
// each line begins with a right-to-left mark), and each language must have
// its catalog: a missing one would show English and fail.
func TestAgentSpeaksTheLocale(t *testing.T) {
	bin := build(t)
	for _, c := range []struct {
		lang, env, config string
	}{
		{"hi", "hi_IN.UTF-8", ""},
		{"ar", "ar_EG.UTF-8", ""},
		{"bn", "bn_BD.UTF-8", ""},
		{"fr", "fr_BE.UTF-8", ""},
		{"it", "C.UTF-8", "it"}, // the config's choice beats the C locale
	} {
		t.Run(c.lang, func(t *testing.T) {
			w := label.New(c.lang)
			if base, _ := w.Tag().Base(); base.String() != c.lang {
				t.Fatalf("no %s catalog: label.New(%q) speaks %s", c.lang, c.lang, w.Tag())
			}
			d := startDesktop(t, true)
			d.env = append(d.env, "LANG="+c.env)
			l := startLab(t)
			path := d.writeConfig(l)
			if c.config != "" {
				conf, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, append([]byte(fmt.Sprintf("language = %q\n", c.config)), conf...), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() { killWindows(bin) })
			agent := d.start("agent", bin)
			d.agent = agent
			it := item{d: d, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", agent.Process.Pid)}
			d.waitName(it.name, 30*time.Second)

			up := w.Desktop("DownRadar: " + w.Count("tray.tip_up", 2))
			d.eventually(30*time.Second, "the tooltip "+up, func() bool { return it.tooltip() == up })
			if up == "DownRadar: "+label.English.Count("tray.tip_up", 2) {
				t.Errorf("the tooltip is the English one: %q", up)
			}
			for _, id := range []string{"tray.pause", "tray.history", "tray.settings"} {
				if _, ok := it.menuItem(w.Desktop(w.Say(id))); !ok {
					t.Errorf("no menu item %q (%s)", w.Say(id), id)
				}
			}

			l.betaDown.Store(true)
			it.click(w.Desktop(w.Say("tray.check_now")))
			down := w.Desktop(w.Is("Beta", status.Down))
			d.eventually(30*time.Second, "the notification "+down, func() bool {
				if d.displayed() == 0 {
					return false
				}
				d.run("dunstctl", "close-all")
				for _, n := range d.history() {
					if n.Summary == down && strings.Contains(n.Body, "Web") {
						return true
					}
				}
				return false
			})

			it.click(w.Desktop(w.Say("tray.quit")))
			done := make(chan error, 1)
			go func() { done <- agent.Wait() }()
			select {
			case err := <-done:
				d.agent = nil
				if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
					t.Errorf("agent exit: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Error("the agent did not quit from the tray")
			}
		})
	}
}
