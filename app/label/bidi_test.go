package label

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-text/typesetting/unicodedata"
)

// In the wanted strings, "|" is U+200E (LEFT-TO-RIGHT MARK), which Visual
// puts before each piece; read them left to right as drawn on screen.
func TestVisual(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		// The Arabic seed's title: one right-to-left run, its quotes and
		// full stops from another font than its letters.
		{"arabic seed title", `كواليس عطل "نص الليل".. اختفاء تطبيق`,
			`|تطبيق| |اختفاء| |.|.|"|الليل| |نص|"| |عطل| |كواليس`},
		{"latin brand and digits", "توقف WhatsApp لمدة 3 ساعات",
			"|ساعات| |3| |لمدة| |WhatsApp| |توقف"},
		{"number with separators", "انقطاع 12:30 و 1,234.5 مستخدم",
			"|مستخدم| |1,234.5| |و| |12:30| |انقطاع"},
		{"two Latin words, one run", "عطل في Google Cloud اليوم",
			"|اليوم| |Google Cloud| |في| |عطل"},
		{"parentheses mirrored", "تطبيق (WhatsApp) متوقف",
			"|متوقف| |(|WhatsApp|)| |تطبيق"},
		{"arabic parentheses mirrored", "عطل (كبير) اليوم",
			"|اليوم| |(|كبير|)| |عطل"},
		{"guillemets mirrored", "قال «مرحبا»",
			"|«|مرحبا|»| |قال"},
		{"arabic-indic digits", "عام ٢٠٢٤ الآن",
			"|الآن| |٢٠٢٤| |عام"},
		{"harakat stay on their letters", "مَرْحَبًا بِكُمْ",
			"|بِكُمْ| |مَرْحَبًا"},
		{"persian zwnj inside a word", "نمی\u200cخواهم بروم؟",
			"|بروم؟| |نمی\u200cخواهم"},
		{"persian punctuation", "قطعی واتساپ؛ کاربران، نگران",
			"|نگران| |،|کاربران| |واتساپ؛| |قطعی"},
		{"urdu", "واٹس ایپ بند ہے",
			"|ہے| |بند| |ایپ| |واٹس"},
		{"hebrew", "שלום עולם", "|עולם| |שלום"},
		{"hebrew with latin and digits", "הודעה מ-WhatsApp ב-2024",
			"|2024|-|ב| |WhatsApp|-|מ| |הודעה"},
		{"leading neutral", `"عطل" كبير`, `|كبير| |"|عطل|"`},
		{"trailing space to the left (rule L1)", "عطل ", "| |عطل"},
		{"rlm dropped", "عطل\u200f كبير", "|كبير| |عطل"},
		{"explicit controls dropped", "\u202bعطل كبير\u202c", "|كبير| |عطل"},
		{"multi-line, each line alone", "English line\nعطل كبير\r\nSecond (line)\r",
			"English line\n|كبير| |عطل\r\nSecond (line)\r"},
		{"invalid utf-8 in an rtl line", "عطل \xff", "|\ufffd| |عطل"},

		// Unchanged.
		{"english", `WhatsApp is down (since 10:42) "again"..`, `WhatsApp is down (since 10:42) "again"..`},
		{"ltr line with arabic words", "WhatsApp outage: واتساب متوقف (2 h)", "WhatsApp outage: واتساب متوقف (2 h)"},
		{"rtl word in an isolate, then latin", "\u2067عطل\u2069 WhatsApp", "\u2067عطل\u2069 WhatsApp"},
		{"digits only", "12:30 (3)", "12:30 (3)"},
		{"empty", "", ""},
		{"invalid utf-8", "a\xff\xfe(b", "a\xff\xfe(b"},
		{"invalid utf-8 and an ltr line", "WhatsApp \xff\nعطل", "WhatsApp \xff\n|عطل"},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := strings.ReplaceAll(c.want, "|", "\u200e")
			if got := Visual(c.in); got != want {
				t.Errorf("Visual(%q)\n got %q\nwant %q", c.in, strings.ReplaceAll(got, "\u200e", "|"), c.want)
			}
		})
	}
}

// An unchanged line comes back as the same bytes, not a copy.
func TestVisualUnchangedIsSame(t *testing.T) {
	for _, s := range []string{"", "WhatsApp", "Ümlaut ünd 日本語", "a\xffb", "WhatsApp واتساب"} {
		if got := Visual(s); got != s {
			t.Errorf("Visual(%q) = %q", s, got)
		}
	}
}

// Visual takes linear time on large hostile lines (x/text's bidi scans
// brackets and isolates).
func TestVisualLarge(t *testing.T) {
	for _, unit := range []string{"عطل (", "عطل )", "(ع", "\u2067ع", "\u2069a ع", "ع 1 a ", "\xffع"} {
		s := strings.Repeat(unit, 50_000)
		start := time.Now()
		out := Visual(s)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Visual of %d bytes of %q took %v", len(s), unit, d)
		}
		if len(out) > 4*len(s) {
			t.Errorf("Visual of %d bytes of %q: %d bytes", len(s), unit, len(out))
		}
	}
}

// A line longer than maxChunk is ordered in pieces cut at spaces: the same
// as a whole where its spaces are right to left.
func TestVisualLongLine(t *testing.T) {
	var words []string
	for i := range 1000 {
		words = append(words, []string{"عطل", "كبير", "اليوم", "واتساب"}[i%4])
	}
	got := Visual(strings.Join(words, " "))
	slices.Reverse(words)
	if want := "\u200e" + strings.Join(words, "\u200e \u200e"); got != want {
		t.Errorf("a long line of %d words is not in visual order", len(words))
	}
}

func FuzzVisual(f *testing.F) {
	for _, s := range []string{
		`كواليس عطل "نص الليل".. اختفاء تطبيق`, "توقف WhatsApp لمدة 3 ساعات", "تطبيق (WhatsApp) متوقف",
		"واٹس ایپ بند ہے", "שלום (עולם) 12", "English", "a\nب\r\nc", "\u202bعطل\u202c \u2067x\u2069", "\xffع(",
		"مَرْحَبًا ١٢، ٣٤", "\u200fع\u200e(a)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Visual(s)
		if !hasRTL(s) && got != s {
			t.Fatalf("Visual(%q) = %q, want it unchanged", s, got)
		}
		if a, b := letters(s), letters(got); !slices.Equal(a, b) {
			t.Fatalf("Visual(%q) = %q: its characters changed\n got %q\nwant %q", s, got, string(b), string(a))
		}
	})
}

// letters are s's characters but the bidi controls and marks, a mirrored
// character counted as the lower of it and its mirror, sorted.
func letters(s string) []rune {
	var out []rune
	for _, r := range s { // invalid UTF-8 reads as U+FFFD, as Visual writes it
		if r == '\u200e' || isControl(r) || isRTLMark(r) {
			continue
		}
		if m, ok := unicodedata.LookupMirrorChar(r); ok && m < r {
			r = m
		}
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

func TestRightToLeft(t *testing.T) {
	for s, want := range map[string]bool{
		"كواليس عطل":     true,
		"WhatsApp متوقف": false, // its first strong letter is Latin
		"١٤:٠٢ واتساب":   true,
		"Hello\nمرحبا":   false, // the first line decides
		"":               false,
		"12:00":          false,
		"שלום":           true,
	} {
		if got := RightToLeft(s); got != want {
			t.Errorf("RightToLeft(%q) = %v", s, got)
		}
	}
}
