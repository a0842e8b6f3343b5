//go:build e2e && screenshots

package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/store"
)

// TestScreenshots is `make screenshots`: the agent in a desktop session
// with a visible tray host and dunst, watching loopback stand-ins of a few
// services while the Meta ones fail, saved as PNGs in docs/.
func TestScreenshots(t *testing.T) {
	need(t, "import", "convert")
	out, _ := filepath.Abs("../../docs")
	d := startDesktop(t, true)
	failing := map[string]bool{"/whatsapp": true, "/instagram": true, "/facebook-cdn": true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing[r.URL.Path] {
			http.Error(w, "service unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	comp := func(svc, name, path string) string {
		return fmt.Sprintf("[[service]]\nname = %q\n  [[service.component]]\n  name = %q\n  probe = \"http://127.0.0.1:%s%s\"\n", svc, name, port, path)
	}
	conf := fmt.Sprintf("catalog = false\ninterval = \"1h\"\ntimeout = \"3s\"\n[thresholds]\nrecheck = [\"1s\"]\n[news]\nbuiltin = false\n[network]\ncontrol = [\"tcp://127.0.0.1:%s\"]\n", port) +
		comp("WhatsApp", "Web", "/whatsapp") + comp("Instagram", "Web", "/instagram") +
		comp("Facebook", "Media CDN", "/facebook-cdn") + comp("Gmail", "Web", "/gmail") +
		comp("YouTube", "Web", "/youtube") + comp("GitHub", "Web", "/github")
	path := filepath.Join(d.dir, "config", "downradar", "config.toml")
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := build(t)
	t.Cleanup(func() { killWindows(bin) })
	agent := d.start("agent", bin)
	d.agent = agent
	it := item{d: d, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", agent.Process.Pid)}
	d.waitName(it.name, 30*time.Second)
	d.eventually(60*time.Second, "three services down", func() bool {
		return strings.Contains(it.tooltip(), "1 more with problems · 3 up")
	})
	d.eventually(30*time.Second, "the notification", func() bool { return d.displayed() > 0 })
	time.Sleep(time.Second) // the tray host redraws the icon
	shot := func(name, crop string) { screenshot(t, d, out, name, crop) }
	// The notification (top right) and the tray (bottom right).
	shot("notification.png", "420x200+860+0")
	// The tray menu: a right click on the icon, at the end of the bar.
	d.run("xdotool", "mousemove", "1258", "780", "click", "3")
	time.Sleep(1500 * time.Millisecond)
	shot("tray-menu.png", "640x420+640+380")
	d.run("xdotool", "key", "Escape")
	time.Sleep(500 * time.Millisecond)

	// A click on the notification lands on the incident.
	if _, err := d.run("dunstctl", "action", "0"); err != nil {
		t.Fatal(err)
	}
	d.eventually(30*time.Second, "the incident window", func() bool {
		out, err := d.run("xdotool", "search", "--onlyvisible", "--name", "DownRadar — .* incident #")
		return err == nil && strings.TrimSpace(out) != ""
	})
	time.Sleep(2 * time.Second)
	d.run("xdotool", "search", "--onlyvisible", "--name", "DownRadar — .* incident #", "windowmove", "0", "0")
	time.Sleep(time.Second)
	shot("history-window.png", "1100x680+0+0")

	if _, err := d.run(bin, "window", "--settings"); err != nil {
		t.Fatal(err)
	}
	d.eventually(30*time.Second, "the settings window", func() bool { return d.windowMapped("DownRadar — settings") })
	d.run("xdotool", "search", "--onlyvisible", "--name", "DownRadar — settings", "windowmove", "0", "0", "windowraise")
	time.Sleep(2 * time.Second)
	wid, err := d.run("xdotool", "search", "--onlyvisible", "--name", "DownRadar — settings")
	if err != nil {
		t.Fatal(err)
	}
	raw := filepath.Join(d.dir, "settings.png")
	if _, err := d.run("import", "-window", strings.Fields(wid)[0], raw); err != nil {
		t.Fatal(err)
	}
	if _, err := d.run("convert", raw, filepath.Join(out, "settings-window.png")); err != nil {
		t.Fatal(err)
	}
}

// TestDemoScreenshots is the rest of `make screenshots`: `downradar demo`
// (four times faster) with a visible tray host: the tray menu while Meta's
// names are gone from DNS (2021), and the history window once the three
// outages are over; in English, then in the seed articles' languages
// (docs/i18n/).
func TestDemoScreenshots(t *testing.T) {
	need(t, "import", "convert")
	out, _ := filepath.Abs("../../docs")
	demoScreenshots(t, out, "en", "C.UTF-8", "demo-")
	for _, c := range []struct{ lang, env string }{
		{"hi", "hi_IN.UTF-8"}, {"ar", "ar_EG.UTF-8"}, {"bn", "bn_BD.UTF-8"}, {"fr", "fr_BE.UTF-8"}, {"it", "it_IT.UTF-8"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			demoScreenshots(t, filepath.Join(out, "i18n"), c.lang, c.env, c.lang+"-")
		})
	}
}

// demoScreenshots plays the demo under the locale env and saves
// <prefix>tray-menu.png and <prefix>history.png in out.
func demoScreenshots(t *testing.T, out, lang, env, prefix string) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	w := label.New(lang)
	d := startDesktop(t, true)
	d.env = append(d.env, "LANG="+env)
	bin, _, log, it := startDemo(t, d, "4")
	shot := func(name, crop string) { screenshot(t, d, out, prefix+name, crop) }
	more := w.Count("tray.tip_more", 2)
	d.eventually(150*time.Second, "the 2021 outage: Meta's four apps down", func() bool {
		return strings.Contains(it.tooltip(), more)
	})
	time.Sleep(3 * time.Second) // the notifications and the icon settle
	d.run("xdotool", "mousemove", "1258", "780", "click", "3")
	time.Sleep(1500 * time.Millisecond)
	shot("tray-menu.png", "1280x800+0+0")
	d.run("xdotool", "key", "Escape")

	d.eventually(120*time.Second, "the end of the demo", func() bool { return strings.Contains(log.String(), "the demo is over") })
	dirs, _ := filepath.Glob(filepath.Join(d.dir, "downradar-demo-*"))
	if len(dirs) != 1 {
		t.Fatalf("demo directory: %v", dirs)
	}
	args := []string{"window", "--config", filepath.Join(dirs[0], "config.toml"), "--data-dir", dirs[0]}
	if id := newsIncident(t, filepath.Join(dirs[0], "history.db"), lang); id != 0 {
		args = append(args, "--incident", strconv.FormatInt(id, 10)) // its news, in the seed article's script
	}
	win := exec.Command(bin, args...)
	win.Env = append(d.env, "DOWNRADAR_RUNTIME_DIR="+filepath.Join(dirs[0], "run"))
	if err := win.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { win.Process.Kill(); win.Wait() })
	d.eventually(30*time.Second, "the history window", func() bool {
		out, err := d.run("xdotool", "search", "--onlyvisible", "--name", "^DownRadar")
		return err == nil && strings.TrimSpace(out) != ""
	})
	time.Sleep(time.Second)
	d.run("xdotool", "search", "--onlyvisible", "--name", "^DownRadar", "windowmove", "0", "0", "windowraise")
	time.Sleep(2 * time.Second)
	shot("history.png", "1100x680+0+0")
}

// newsIncident is the newest incident of the history at path with a news
// report in lang; 0 when there is none (English: the list alone).
func newsIncident(t *testing.T, path, lang string) int64 {
	if lang == "en" {
		return 0
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	incs, _, err := st.Incidents(ctx, store.Query{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range incs {
		full, err := st.Incident(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range full.Evidence {
			if e.Source == history.SourceNews && e.Lang == lang {
				return inc.ID
			}
		}
	}
	t.Logf("no incident of the demo has news in %s: the list alone (TestScriptsRender shows its seed: DOWNRADAR_SCRIPTS_SHOTS)", lang)
	return 0
}

func screenshot(t *testing.T, d *desktop, out, name, crop string) {
	t.Helper()
	raw := filepath.Join(d.dir, name)
	if _, err := d.run("import", "-window", "root", raw); err != nil {
		t.Fatal(err)
	}
	args := []string{raw}
	if crop != "" {
		args = append(args, "-crop", crop, "+repage")
	}
	if _, err := d.run("convert", append(args, filepath.Join(out, name))...); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote docs/%s", name)
}
