// Package locale holds what DownRadar does with the user's locale: it
// says which language the user reads (Language), and it keeps Fyne quiet
// in the C locale.
//
// In the C or POSIX locale with an encoding (LANG=C.UTF-8, the default of
// Debian's and Ubuntu's containers), the locale library Fyne uses reads
// "C" as a language tag, and Fyne logs "Fyne error: Error parsing user
// locale C" from every command. That locale means English messages; this
// package says so through LANGUAGE, which only message catalogs read (libc
// ignores it in the C locale), and only when LANGUAGE is unset.
//
// main imports it for that side effect, which runs before Fyne's lang
// package initializes: Go initializes packages in import-path order among
// those whose imports are ready, and Fyne's lang waits for text/template,
// which sorts after this package and needs os, as this one does. The
// end-to-end test TestNoFyneNoiseInTheCLocale checks it on the binary.
package locale

import (
	"os"
	"strings"
)

func init() { Apply(os.Getenv, os.Setenv) }

// Apply sets LANGUAGE to "en" when the locale the environment selects
// (LC_ALL, else LC_MESSAGES, else LANG: the first one set) is C or POSIX
// with an encoding or modifier, and LANGUAGE is unset.
func Apply(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	if CLocale(selected(getenv)) {
		setenv("LANGUAGE", "en")
	}
}

// Language names the language people read DownRadar in: the config's
// language when set ("hi"), else the system's, as gettext reads it:
// LANGUAGE (a colon-separated list of preferences, "fr_BE:fr"), then
// LC_ALL, LC_MESSAGES and LANG, the first one set. app/label matches the
// name against its catalogs (label.New), English when none fits. The C
// and POSIX locales mean English: gettext ignores LANGUAGE under them.
func Language(config string, getenv func(string) string) string {
	if config != "" {
		return config
	}
	sel := selected(getenv)
	if sel == "C" || sel == "POSIX" || CLocale(sel) {
		return "en"
	}
	if l := getenv("LANGUAGE"); l != "" && sel != "" {
		return l
	}
	return sel
}

// selected is the locale that decides messages: LC_ALL, LC_MESSAGES or
// LANG, the first one set.
func selected(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			return s
		}
	}
	return ""
}

// CLocale reports whether a locale name is the C or POSIX locale with an
// encoding or a modifier ("C.UTF-8", "POSIX@euro"), which Fyne misreads;
// plain "C" and "POSIX" it reads right.
func CLocale(name string) bool {
	i := strings.IndexAny(name, ".@")
	return i > 0 && (name[:i] == "C" || name[:i] == "POSIX")
}
