package window

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"

	"github.com/downradar/downradar/checker/store"
)

// Scripts and fonts. Fyne 2.7 draws text with the fonts bundled in its theme
// (Noto Sans: Latin, Greek, Cyrillic) and, for a letter they lack, asks
// go-text's fontscan for a system font that has it (fontscan reads the font
// directories itself, /usr/share/fonts, ~/.local/share/fonts and those of
// the fontconfig files: it does not call fontconfig). Where no installed
// font has the letter, Fyne draws a box. FontGlyphs does the same lookup,
// and MissingScripts names the scripts that would come out as boxes.

// ScriptGap is a script of the text shown that no installed font draws.
type ScriptGap struct {
	Script  string // the Unicode script, e.g. "Devanagari", "Nag Mundari"
	Letters int    // its distinct letters without a glyph
	Example string // a text that uses it, cut to 40 letters
}

// Glyphs reports whether a font Fyne would use has a glyph for r.
type Glyphs func(r rune) bool

// MissingScripts lists, in script order, the scripts of texts with letters,
// marks or digits that has cannot draw. Letters shared by all scripts
// (punctuation, Latin digits: Unicode's Common and Inherited) are not
// counted: Fyne's own font has them.
func MissingScripts(texts []string, has Glyphs) []ScriptGap {
	gaps := map[string]*ScriptGap{}
	seen := map[rune]bool{}
	for _, t := range texts {
		for _, r := range t {
			if seen[r] || !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)) {
				continue
			}
			seen[r] = true
			s := scriptOf(r)
			if s == "" || s == "Common" || s == "Inherited" || has(r) {
				continue
			}
			g := gaps[s]
			if g == nil {
				g = &ScriptGap{Script: strings.ReplaceAll(s, "_", " "), Example: shorten(t, 40)}
				gaps[s] = g
			}
			g.Letters++
		}
	}
	out := make([]ScriptGap, 0, len(gaps))
	for _, g := range gaps {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b ScriptGap) int { return strings.Compare(a.Script, b.Script) })
	return out
}

// ScriptsOf lists the scripts of texts' letters, marks and digits, sorted,
// Common and Inherited left out.
func ScriptsOf(texts []string) []string {
	set := map[string]bool{}
	for _, t := range texts {
		for _, r := range t {
			if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) {
				if s := scriptOf(r); s != "" && s != "Common" && s != "Inherited" {
					set[strings.ReplaceAll(s, "_", " ")] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// FontGapMessage words gaps for the log, or "" when there are none.
func FontGapMessage(gaps []ScriptGap) string {
	if len(gaps) == 0 {
		return ""
	}
	parts := make([]string, len(gaps))
	for i, g := range gaps {
		parts[i] = fmt.Sprintf("%s (%d letters, e.g. in %q)", g.Script, g.Letters, g.Example)
	}
	return "no installed font draws " + strings.Join(parts, ", ") +
		": they show as boxes. Install a font that covers them (on Debian and Ubuntu, fonts-noto-core and fonts-noto-cjk cover every script of DownRadar's catalog and news languages)"
}

var scriptNames = sync.OnceValue(func() []string {
	names := make([]string, 0, len(unicode.Scripts))
	for n := range unicode.Scripts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
})

// scriptOf is the Unicode script of r, "" if it has none.
func scriptOf(r rune) string {
	// Common and Inherited first: they hold most punctuation.
	for _, n := range []string{"Latin", "Common", "Inherited"} {
		if unicode.Is(unicode.Scripts[n], r) {
			return n
		}
	}
	for _, n := range scriptNames() {
		if unicode.Is(unicode.Scripts[n], r) {
			return n
		}
	}
	return ""
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// FontGlyphs is the glyph lookup Fyne 2.7 does for its regular text: the
// theme's bundled font, then the system font fontscan resolves for the
// letter (sans-serif preferred), whose glyph it must have. The system fonts'
// index is fontscan's, shared with Fyne (in the user's cache directory).
func FontGlyphs() (Glyphs, error) {
	bundled, err := font.ParseTTF(bytes.NewReader(theme.DefaultTextFont().Content()))
	if err != nil {
		return nil, fmt.Errorf("fonts: Fyne's bundled font: %w", err)
	}
	fm := fontscan.NewFontMap(quietLogger{})
	if err := fm.UseSystemFonts(""); err != nil {
		return nil, fmt.Errorf("fonts: system fonts: %w", err)
	}
	fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
	var mu sync.Mutex
	return func(r rune) bool {
		if _, ok := bundled.NominalGlyph(r); ok {
			return true
		}
		mu.Lock()
		defer mu.Unlock()
		f := fm.ResolveFace(r)
		if f == nil {
			return false
		}
		_, ok := f.NominalGlyph(r)
		return ok
	}, nil
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// shownTexts are the texts the history window shows that may be in any
// script: the services' names, and the components, titles and messages of
// the newest incidents' evidence (news and status pages).
func shownTexts(ctx context.Context, st *store.Store, incidents int) ([]string, error) {
	texts, err := st.Services(ctx)
	if err != nil {
		return nil, err
	}
	incs, _, err := st.Incidents(ctx, store.Query{Limit: incidents})
	if err != nil {
		return nil, err
	}
	for _, inc := range incs {
		full, err := st.Incident(ctx, inc.ID)
		if err != nil {
			return nil, err
		}
		texts = append(texts, full.Components...)
		for _, e := range full.Evidence {
			texts = append(texts, e.Component, e.Title, e.Message)
		}
	}
	return texts, nil
}

// reportFontGaps logs, once, the scripts of what the window shows that no
// installed font draws.
func reportFontGaps(ctx context.Context, st *store.Store, w io.Writer) {
	texts, err := shownTexts(ctx, st, 200)
	if err != nil {
		return // the window says what it cannot read
	}
	has, err := FontGlyphs()
	if err != nil {
		fmt.Fprintf(w, "downradar window: cannot check the fonts: %v\n", err)
		return
	}
	if msg := FontGapMessage(MissingScripts(texts, has)); msg != "" {
		fmt.Fprintf(w, "downradar window: %s\n", msg)
	}
}
