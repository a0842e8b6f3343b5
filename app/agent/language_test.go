package agent

import (
	"os"
	"testing"

	"github.com/downradar/downradar/checker/config"
)

// The config's language reaches the tray and the notifications at once,
// and the window processes through LANGUAGE (Fyne's own dialogs); leaving
// it out gives the system's back.
func TestConfigLanguage(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "bn_BD.UTF-8")
	t.Setenv("LANGUAGE", "bn")
	a := &Agent{}
	a.setConfig(&config.Config{Language: "hi"})
	if a.words.Tag().String() != "hi" || os.Getenv("LANGUAGE") != "hi" {
		t.Errorf("language = \"hi\": words %s, LANGUAGE %q", a.words.Tag(), os.Getenv("LANGUAGE"))
	}
	a.setConfig(&config.Config{})
	if a.words.Tag().String() != "bn" || os.Getenv("LANGUAGE") != "bn" {
		t.Errorf("no language: words %s, LANGUAGE %q", a.words.Tag(), os.Getenv("LANGUAGE"))
	}
}
