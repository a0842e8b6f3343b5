//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/downradar/downradar/checker/seeds"
)

// rtlShow is a program that shows its arguments in Fyne labels, one a
// line, in a window titled "DownRadar RTL <mode>": through label.Visual
// (mode visual), as they are (raw), or through label.Visual in a narrow
// window that wraps them (wrap). It is built from this source through an
// overlay (go build -overlay), as the package app/e2e/rtlshow, so it needs
// no file in the tree.
const rtlShow = `package main

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/downradar/downradar/app/label"
)

func main() {
	mode, lines := os.Args[1], os.Args[2:]
	a := app.NewWithID("io.github.downradar.rtltest")
	w := a.NewWindow("DownRadar RTL " + mode)
	box := container.NewVBox()
	for _, l := range lines {
		if mode != "raw" {
			l = label.Visual(l)
		}
		lb := widget.NewLabel(l)
		if mode == "wrap" {
			lb.Wrapping = fyne.TextWrapWord
		}
		box.Add(lb)
	}
	w.SetContent(box)
	if mode == "wrap" {
		w.Resize(fyne.NewSize(230, 200))
	} else {
		w.Resize(fyne.NewSize(900, 60))
	}
	w.ShowAndRun()
}
`

// buildRTLShow builds rtlShow.
func buildRTLShow(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte(rtlShow), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg, err := filepath.Abs("rtlshow")
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(pkg, "main.go"): src}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "overlay.json"), overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "rtlshow")
	if out, err := exec.Command("go", "build", "-overlay", filepath.Join(dir, "overlay.json"), "-o", bin, "./rtlshow").CombinedOutput(); err != nil {
		t.Fatalf("build the label program: %v\n%s", err, out)
	}
	return bin
}

// rtlLine is a right-to-left line the test shows, and the words of it
// (Arabic letters, three or more) tesseract reads.
type rtlLine struct {
	name, text string
}

// TestRTLRender shows right-to-left lines in Fyne labels on Xvfb, through
// label.Visual and as they are, captures each window and reads it back
// with tesseract's Arabic data, which writes what it reads in reading
// order: through label.Visual the words of each line must come back in
// their order, and as they are (Fyne drawing a line's pieces left to
// right in reading order, fyne#90) out of it, which shows the test can
// fail. A wrapped label is captured and its reading logged (it breaks a
// reordered line: docs/desktop.md).
func TestRTLRender(t *testing.T) {
	need(t, "import", "convert", "tesseract")
	if _, err := os.Stat(filepath.Join(tessdata(t), "ara.traineddata")); err != nil {
		t.Fatal("tesseract has no ara data: run `make deps-test` (Debian: tesseract-ocr-ara)")
	}
	arts, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(arts, func(a seeds.Article) bool { return a.Lang == "ar" })
	if i < 0 {
		t.Fatal("no Arabic seed article")
	}
	lines := []rtlLine{
		// Quotes and full stops from Fyne's font, letters from a system font.
		{"the Arabic seed's title", arts[i].Title},
		// A Latin name, digits and parentheses inside an Arabic line.
		{"Arabic with WhatsApp and digits", "توقف خدمة WhatsApp لمدة 3 ساعات (تقريبا) صباح الاثنين"},
		// Urdu with a Latin name: "WhatsApp service closed in Pakistan for
		// three days". Without ہ and ے, which the system font that draws
		// the other letters lacks: a word with them is cut between two
		// fonts, its letters unjoined (docs/desktop.md).
		{"Urdu", "پاکستان میں WhatsApp سروس تین دن تک بند"},
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	d := startDesktop(t, false)
	bin := buildRTLShow(t)
	visual := showRTL(t, d, bin, "visual", texts)
	raw := showRTL(t, d, bin, "raw", texts)
	for _, l := range lines {
		want := arabicWords(l.text)
		if order, found := readOrder(visual, want); found < len(want)*2/3 || !order {
			t.Errorf("%s through label.Visual: %d of its %d words read back, in order %v: %q\n--- tesseract -l ara read:\n%s",
				l.name, found, len(want), order, want, visual)
		} else {
			t.Logf("%s through label.Visual: %d of its %d words read back in order", l.name, found, len(want))
		}
		if order, found := readOrder(raw, want); found < 2 {
			t.Errorf("%s as it is: %d of its words read back on one line, too few to tell their order\n--- tesseract -l ara read:\n%s",
				l.name, found, raw)
		} else if order {
			t.Errorf("%s as it is: its words read back in order, want them out of it (has Fyne learned right to left? docs/desktop.md)\n--- tesseract -l ara read:\n%s",
				l.name, raw)
		} else {
			t.Logf("%s as it is: its words read back out of order (%d read)", l.name, found)
		}
	}
	wrapped := showRTL(t, d, bin, "wrap", texts[1:2])
	t.Logf("a wrapped label of %q through label.Visual reads:\n%s", texts[1], wrapped)
	t.Logf("--- the lines as they are read:\n%s", raw)
}

// showRTL runs the label program in mode with lines, captures its window
// and returns what tesseract reads in it, once two thirds of every line's
// words are read (in any order; two words as they are), or what it reads
// after a minute.
func showRTL(t *testing.T, d *desktop, bin, mode string, lines []string) string {
	// Drawn as they are, a line's pieces run into one another: tesseract
	// reads fewer of their words, two of them tell their order.
	enough := func(n int) int { return n * 2 / 3 }
	if mode == "raw" {
		enough = func(n int) int { return min(n, 2) }
	}
	t.Helper()
	cmd := d.start("label program "+mode, bin, append([]string{mode}, lines...)...)
	title := "^DownRadar RTL " + mode + "$"
	var wid string
	d.eventually(30*time.Second, "the "+mode+" window", func() bool {
		out, err := d.run("xdotool", "search", "--onlyvisible", "--name", title)
		if f := strings.Fields(out); err == nil && len(f) > 0 {
			wid = f[0]
			return true
		}
		return false
	})
	d.run("xdotool", "windowmove", wid, "0", "0")
	shot := filepath.Join(d.dir, "rtl-"+mode+".png")
	var text string
	// The labels are drawn once the system fonts are found (a first scan
	// takes a few seconds): each round of capture and OCR takes about a
	// second.
	for deadline := time.Now().Add(time.Minute); ; {
		if _, err := d.run("import", "-window", wid, shot); err != nil {
			t.Fatal(err)
		}
		text = ocr(t, d, shot, "ara")
		var got []string
		for _, w := range words(text) {
			got = append(got, fold(w))
		}
		read := true
		for _, l := range lines {
			want := arabicWords(l)
			found := 0
			for _, w := range want {
				if slices.Contains(got, w) {
					found++
				}
			}
			read = read && found >= enough(len(want))
		}
		if read || time.Now().After(deadline) {
			break
		}
	}
	keepShot(t, shot, "rtl-"+mode)
	cmd.Process.Kill()
	return text
}

// arabicWords are s's words of three letters or more that are not Latin,
// in order, folded.
func arabicWords(s string) []string {
	var out []string
	for _, w := range words(s) {
		if !isLatin(w) {
			out = append(out, fold(w))
		}
	}
	return out
}

// urduAsArabic are the letters of Urdu (and Persian) that tesseract's
// Arabic data reads as the Arabic letters they look like.
var urduAsArabic = strings.NewReplacer("پ", "ب", "ک", "ك", "گ", "ك", "ی", "ي", "ں", "ن", "ٹ", "ت", "ڈ", "د", "ڑ", "ر",
	"ھ", "ه", "ہ", "ه", "ے", "ي", "چ", "ج", "ژ", "ز")

// fold is w with its combining marks (the vowel signs tesseract reads or
// not) dropped and its Urdu letters as the Arabic ones.
func fold(w string) string {
	return urduAsArabic.Replace(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, w))
}

// readOrder finds the line of text that has the most of want's words and
// says how many it has and whether they come in want's order.
func readOrder(text string, want []string) (inOrder bool, found int) {
	for _, line := range strings.Split(text, "\n") {
		var got []string
		for _, w := range words(line) {
			got = append(got, fold(w))
		}
		var at []int
		for _, w := range want {
			if i := slices.Index(got, w); i >= 0 {
				at = append(at, i)
			}
		}
		if len(at) > found {
			found, inOrder = len(at), slices.IsSorted(at)
		}
	}
	return inOrder, found
}
