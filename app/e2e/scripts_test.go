//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/downradar/downradar/app/window"
	"github.com/downradar/downradar/checker/catalog"
	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/history"
	"github.com/downradar/downradar/checker/news"
	"github.com/downradar/downradar/checker/seeds"
	"github.com/downradar/downradar/checker/status"
	"github.com/downradar/downradar/checker/store"
)

// The scripts DownRadar shows, drawn for real. Fyne 2.7 has Latin, Greek
// and Cyrillic in its own font and looks every other letter up in the
// system fonts (go-text's fontscan); where none has it, a box is drawn. The
// packages the install brings (fonts-noto-core, fonts-noto-cjk) must cover
// every script of the catalog's names and the news radar's languages.

// tesseractLang is the tesseract data for each seed's language (Debian:
// tesseract-ocr-ara, -hin, -ben, -fra, -ita).
var tesseractLang = map[string]string{"ar": "ara", "hi": "hin", "bn": "ben", "fr": "fra", "it": "ita"}

// TestScriptsRender puts each seed article's title and lead, as the news
// radar keeps them, in an incident's evidence, opens the history window on
// it on Xvfb, captures the window and reads it back with tesseract in the
// seed's language: two thirds of the first words of its title and of its
// lead must come back. A box where a letter should be reads as nothing, and
// fails it. Word order is not checked (see docs/desktop.md on right to left;
// TestRTLRender checks it). Each window speaks its article's language.
func TestScriptsRender(t *testing.T) {
	need(t, "import", "convert", "tesseract")
	dataDir := tessdata(t)
	for _, l := range tesseractLang {
		if _, err := os.Stat(filepath.Join(dataDir, l+".traineddata")); err != nil {
			t.Fatalf("tesseract has no %s data: run `make deps-test` (Debian: tesseract-ocr-%s)", l, l)
		}
	}
	arts, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	d := startDesktop(t, false)
	dir := t.TempDir()
	ids := seedIncidents(t, filepath.Join(dir, "history.db"), arts)
	bin := build(t)
	t.Cleanup(func() { killWindows(bin) })
	args := []string{"window", "--data-dir", dir, "--config", filepath.Join(dir, "none.toml")}
	base := d.env
	for i, a := range arts {
		// Each article in a window of its own, in the article's language.
		killWindows(bin)
		d.env = append(slices.Clone(base), "LANG="+readerLocale[a.Lang])
		d.start("window", bin, append(args, "--incident", fmt.Sprint(ids[i]))...)
		d.env = base
		const title = "^DownRadar"
		var wid string
		d.eventually(30*time.Second, "the history window", func() bool {
			out, err := d.run("xdotool", "search", "--onlyvisible", "--name", title)
			if f := strings.Fields(out); err == nil && len(f) > 0 {
				wid = f[0]
				return true
			}
			return false
		})
		d.run("xdotool", "windowmove", wid, "0", "0")
		// The window draws the evidence once the store is read and the
		// system fonts are found (a first scan takes a few seconds).
		shot := filepath.Join(d.dir, strings.TrimSuffix(a.File, ".txt")+".png")
		var text string
		var lacking []string
		for deadline := time.Now().Add(45 * time.Second); ; {
			time.Sleep(2 * time.Second)
			if _, err := d.run("import", "-window", wid, shot); err != nil {
				t.Fatal(err)
			}
			text = ocr(t, d, shot, tesseractLang[a.Lang])
			if lacking = unread(a, text); len(lacking) == 0 || time.Now().After(deadline) {
				break
			}
		}
		keepShot(t, shot, a.Lang)
		for _, l := range lacking {
			t.Error(l)
		}
		if len(lacking) > 0 {
			t.Logf("--- tesseract -l %s read:\n%s", tesseractLang[a.Lang], text)
		} else {
			t.Logf("%s (%s): its title's and lead's first words read back from the window", a.File, a.Lang)
		}
	}
}

// readerLocale is the locale of a seed article's readers: the window shows
// it in their language.
var readerLocale = map[string]string{"ar": "ar_EG.UTF-8", "hi": "hi_IN.UTF-8", "bn": "bn_BD.UTF-8", "fr": "fr_BE.UTF-8", "it": "it_IT.UTF-8"}

// seedIncidents writes a WhatsApp incident per seed article, its evidence
// the article as a news item (its title, its lead as the message, no link,
// so the window shows the lead), and returns their ids.
func seedIncidents(t *testing.T, path string, arts []seeds.Article) []int64 {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	var ids []int64
	for i, a := range arts {
		start := time.Now().Add(-time.Duration(2*len(arts)-2*i) * time.Hour).UTC().Truncate(time.Second)
		inc := history.Incident{Service: "WhatsApp", Components: []string{"Web"}, Start: start, Peak: status.Down}
		id, err := st.OpenIncident(ctx, &inc)
		if err != nil {
			t.Fatal(err)
		}
		e := history.Evidence{IncidentID: id, At: start.Add(time.Minute), Source: history.SourceNews,
			Title: a.Title, Message: a.Lead, Lang: a.Lang}
		if _, err := st.AddEvidence(ctx, e); err != nil {
			t.Fatal(err)
		}
		inc.End = start.Add(time.Hour)
		if err := st.UpdateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// ocr reads the capture with tesseract's data l, enlarged three times
// (Fyne's 14 px text is small for tesseract).
func ocr(t *testing.T, d *desktop, shot, l string) string {
	t.Helper()
	big := strings.TrimSuffix(shot, ".png") + "-3x.png"
	if _, err := d.run("convert", shot, "-resize", "300%", "-colorspace", "Gray", big); err != nil {
		t.Fatal(err)
	}
	s, err := d.run("tesseract", big, "stdout", "-l", l, "--psm", "4")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unread says which of the title's and the lead's first words (eight of
// three letters or more: the rest may be cut at the window's edge) the
// reading lacks, when it lacks more than a third of them.
func unread(a seeds.Article, text string) []string {
	got := words(text)
	var out []string
	for _, part := range []struct{ name, s string }{{"title", a.Title}, {"lead", a.Lead}} {
		var want []string
		for _, w := range words(part.s) {
			if latinScript[a.Lang] || !isLatin(w) { // the Bengali seed's title is English
				want = append(want, w)
			}
		}
		if len(want) == 0 {
			continue
		}
		if len(want) > 8 {
			want = want[:8]
		}
		var lacking []string
		for _, w := range want {
			if !slices.Contains(got, w) {
				lacking = append(lacking, w)
			}
		}
		if 3*len(lacking) > len(want) {
			out = append(out, fmt.Sprintf("%s (%s): %d of its %s's first %d words not read back from the window: %q",
				a.File, a.Lang, len(lacking), part.name, len(want), lacking))
		}
	}
	return out
}

// latinScript are the seed languages written in Latin letters.
var latinScript = map[string]bool{"fr": true, "it": true}

// isLatin reports whether w is written in Latin letters only.
func isLatin(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// words are s's words of three letters or more, NFC, lower case, without
// punctuation.
func words(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(norm.NFC.String(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
	}) {
		if len([]rune(f)) >= 3 {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// tessdata is where tesseract keeps its language data.
func tessdata(t *testing.T) string {
	out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if err != nil {
		t.Fatalf("tesseract --list-langs: %v\n%s", err, out)
	}
	// First line: List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (N):
	line, _, _ := strings.Cut(string(out), "\n")
	if i, j := strings.Index(line, `"`), strings.LastIndex(line, `"`); i >= 0 && j > i {
		return line[i+1 : j]
	}
	t.Fatalf("tesseract --list-langs: no directory in %q", line)
	return ""
}

// keepShot copies the capture into $DOWNRADAR_SCRIPTS_SHOTS, when set, as
// scripts-LANG.png.
func keepShot(t *testing.T, shot, lang string) {
	if dir := os.Getenv("DOWNRADAR_SCRIPTS_SHOTS"); dir != "" {
		dst := filepath.Join(dir, "scripts-"+lang+".png")
		b, err := os.ReadFile(shot)
		if err == nil {
			err = os.WriteFile(dst, b, 0o644)
		}
		if err != nil {
			t.Log(err)
		}
	}
}

// TestScriptsHaveFonts checks, through the glyph lookup Fyne does (its
// own font, then the system font fontscan picks), that every letter of the
// catalog's names, the lexicon's words in each news language and the seed
// articles has a glyph: a missing one fails with its script named.
func TestScriptsHaveFonts(t *testing.T) {
	has, err := window.FontGlyphs()
	if err != nil {
		t.Fatal(err)
	}
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, e := range catalog.Builtin() {
		texts = append(texts, e.Name)
		texts = append(texts, e.Names...)
	}
	for _, l := range cls.Languages() {
		texts = append(texts, cls.Words(l)...)
	}
	arts, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		texts = append(texts, a.Text)
	}
	scripts := window.ScriptsOf(texts)
	t.Logf("%d scripts in the catalog's names, the lexicon (%d languages; the radar reads %d editions) and the seeds: %s",
		len(scripts), len(cls.Languages()), len(news.Editions()), strings.Join(scripts, ", "))
	for _, g := range window.MissingScripts(texts, has) {
		t.Errorf("no installed font draws %s: %d letters would be boxes (e.g. in %q)", g.Script, g.Letters, g.Example)
	}
}

// TestScriptsWithoutFontAreNamed: where what the window shows has a script
// no installed font draws (Nag Mundari, Unicode 15, which no Debian font
// package covers), `downradar window` says which, once, on stderr.
func TestScriptsWithoutFontAreNamed(t *testing.T) {
	d := startDesktop(t, false)
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	inc := history.Incident{Service: "WhatsApp", Components: []string{"Web"}, Start: time.Now().Add(-time.Hour).UTC(), Peak: status.Down}
	id, err := st.OpenIncident(ctx, &inc)
	if err != nil {
		t.Fatal(err)
	}
	// "WhatsApp" in Nag Mundari letters, and a Hindi word (which has a font).
	e := history.Evidence{IncidentID: id, At: inc.Start, Source: history.SourceNews, Title: "\U0001E4D3\U0001E4D0\U0001E4E5 व्हाट्सएप", Lang: "unr"}
	if _, err := st.AddEvidence(ctx, e); err != nil {
		t.Fatal(err)
	}
	st.Close()
	bin := build(t)
	t.Cleanup(func() { killWindows(bin) })
	cmd := exec.Command(bin, "window", "--data-dir", dir, "--config", filepath.Join(dir, "none.toml"))
	cmd.Env = d.env
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	want := `downradar window: no installed font draws Nag Mundari (3 letters, e.g. in "`
	d.eventually(60*time.Second, "the window's message about Nag Mundari", func() bool { return strings.Contains(out.String(), want) })
	time.Sleep(time.Second)
	s := out.String()
	if strings.Contains(s, "Devanagari") || strings.Count(s, "no installed font") != 1 {
		t.Errorf("want one message naming Nag Mundari only:\n%s", s)
	}
	t.Logf("%s", strings.TrimSpace(s))
}
