package window

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/downradar/downradar/app/label"
)

// The settings window's selects show their options through shown and in
// the language's digits, so they are read by index, never by their text.

// countChoice is a select of counts ("1" to "10"), in the language's digits.
type countChoice struct {
	sel    *widget.Select
	words  *label.Words
	counts []int // the count of each option
}

func newCountChoice(w *label.Words, n int) *countChoice {
	c := &countChoice{sel: widget.NewSelect(nil, nil), words: w}
	for i := 1; i <= n; i++ {
		c.add(i)
	}
	return c
}

func (c *countChoice) add(n int) {
	c.counts = append(c.counts, n)
	c.sel.SetOptions(append(c.sel.Options, shown(c.words.Number(n))))
}

// set selects n, adding it when the options lack it.
func (c *countChoice) set(n int) {
	i := slices.Index(c.counts, n)
	if i < 0 {
		c.add(n)
		i = len(c.counts) - 1
	}
	c.sel.SetSelectedIndex(i)
}

// value is the selected count as the config writes it ("3"); "" for none.
func (c *countChoice) value() string {
	i := c.sel.SelectedIndex()
	if i < 0 || i >= len(c.counts) {
		return ""
	}
	return strconv.Itoa(c.counts[i])
}

// languageChoice is the select of the language key: "System language"
// first, then every language DownRadar has a catalog for, each by its own
// name ("Deutsch", "हिन्दी"), whatever the window's language.
type languageChoice struct {
	sel   *widget.Select
	names []string // the config's value of each option; "" for the system's
}

func newLanguageChoice(w *label.Words) *languageChoice {
	c := &languageChoice{sel: widget.NewSelect(nil, nil), names: []string{""}}
	opts := []string{shown(w.Say("window.system_language"))}
	for _, tag := range label.Languages() {
		c.names = append(c.names, tag.String())
		opts = append(opts, shown(selfName(tag, tag.String())))
	}
	c.sel.SetOptions(opts)
	c.sel.SetSelectedIndex(0)
	return c
}

// selfName is a language's name in itself, or other when it has none.
func selfName(tag language.Tag, other string) string {
	if name := display.Self.Name(tag); name != "" {
		return label.Capitalize(name)
	}
	return other
}

// set selects the config's language: the catalog's it matches, or, for a
// language DownRadar has no catalog for, an option of its own, so that
// saving keeps it.
func (c *languageChoice) set(lang string) {
	i := slices.Index(c.names, lang)
	if i < 0 {
		if tag, ok := label.Match(lang); ok {
			i = slices.Index(c.names, tag.String())
		}
	}
	if i < 0 {
		name := lang
		if tag, err := language.Parse(lang); err == nil {
			name = selfName(tag, lang)
		}
		c.names = append(c.names, lang)
		c.sel.SetOptions(append(c.sel.Options, shown(name)))
		i = len(c.names) - 1
	}
	c.sel.SetSelectedIndex(i)
}

// value is the language key to write; "" for the system's.
func (c *languageChoice) value() string {
	i := c.sel.SelectedIndex()
	if i < 0 || i >= len(c.names) {
		return ""
	}
	return c.names[i]
}
