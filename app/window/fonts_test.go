package window

import (
	"strings"
	"testing"
	"unicode"
)

// Only Latin letters have glyphs here: every other script of what is
// shown is named once, with its count of distinct letters and an example;
// punctuation and digits shared by all scripts are not counted.
func TestMissingScripts(t *testing.T) {
	latin := func(r rune) bool { return r < 0x250 }
	texts := []string{
		"WhatsApp — Web",
		"व्हाट्सएप डाउन",     // Devanagari
		"انستجرام، ١٢٣",      // Arabic, with the Arabic comma (Common) and digits
		"«Instagram» (2021)", // Latin and Common only
		"व्हाट्सएप",          // seen already
	}
	gaps := MissingScripts(texts, latin)
	if len(gaps) != 2 || gaps[0].Script != "Arabic" || gaps[1].Script != "Devanagari" {
		t.Fatalf("gaps %+v, want Arabic then Devanagari", gaps)
	}
	if gaps[0].Example != "انستجرام، ١٢٣" || gaps[1].Example != "व्हाट्सएप डाउन" {
		t.Errorf("examples %q, %q", gaps[0].Example, gaps[1].Example)
	}
	// Arabic: ا ن س ت ج ر م and the Arabic-Indic digits ١ ٢ ٣ (Arabic in
	// Unicode's script tables; the comma is Common): 10.
	if gaps[0].Letters != 10 {
		t.Errorf("Arabic: %d letters, want 10", gaps[0].Letters)
	}
	msg := FontGapMessage(gaps)
	for _, want := range []string{"no installed font draws Arabic (10 letters, e.g. in ", "Devanagari (", "fonts-noto-core"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if got := MissingScripts(texts, func(rune) bool { return true }); len(got) != 0 || FontGapMessage(got) != "" {
		t.Errorf("with every glyph: %+v", got)
	}
}

// Script names read as words ("Nag Mundari", not Go's "Nag_Mundari"); a long
// example is cut.
func TestScriptNames(t *testing.T) {
	long := "\U0001E4D3\U0001E4D0 " + strings.Repeat("x", 60)
	gaps := MissingScripts([]string{long}, func(r rune) bool { return unicode.Is(unicode.Latin, r) })
	if len(gaps) != 1 || gaps[0].Script != "Nag Mundari" || !strings.HasSuffix(gaps[0].Example, "…") || len([]rune(gaps[0].Example)) != 41 {
		t.Errorf("gaps %+v", gaps)
	}
	if got := ScriptsOf([]string{"WhatsApp", "واتساب", "ワッツアップ", "\U0001E4D3"}); strings.Join(got, ",") != "Arabic,Katakana,Latin,Nag Mundari" {
		t.Errorf("ScriptsOf: %v", got)
	}
}
