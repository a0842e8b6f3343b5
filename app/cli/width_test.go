package cli

import (
	"strings"
	"testing"
)

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"WhatsApp": 8,
		"":         0,
		"हिन्दी":   5, // ह ि न ् द ी: the vowel signs ि, ी are spacing (1), the virama ् combines (0)
		"नमस्ते":   4, // न म स ् त े: ् and े combine
		"واتساب":   6,
		"مُعَطَّل": 4, // م ع ط ل with their vowel marks (0)
		"障害":       4,
		"ｻｰﾋﾞｽ":    5, // halfwidth katakana: one column each
		"サービス":     8,
		"✔ 正常":     6,
		"e\u0301":  1, // e and a combining acute accent
		"a\u200db": 2, // a zero-width joiner
	} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// column is the display column where sub begins in line, -1 if it is not there.
func column(line, sub string) int {
	i := strings.Index(line, sub)
	if i < 0 {
		return -1
	}
	return displayWidth(line[:i])
}

// The table's columns line up in a terminal whatever the script: Hindi
// with its combining signs, Arabic, Japanese two columns a character.
func TestTableAlignsScripts(t *testing.T) {
	rows := [][]string{
		{"सेवा", "स्थिति", "घटक"},
		{"व्हाट्सऐप", "डाउन", "वेब"},
		{"واتساب", "مُعَطَّل", "الويب"},
		{"ワッツアップ", "停止", "ウェブ"},
		{"GitHub", "up", "Web"},
	}
	out := table(rows, 2)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	// The widest cells: ワッツアップ (12 columns) in the first column, स्थिति (5:
	// its virama takes none) in the second; so the second column begins
	// at 14, the third at 14 + 5 + 2 = 21.
	for i, row := range rows {
		if c := column(lines[i], row[1]); c != 14 {
			t.Errorf("line %d: %q begins at column %d, want 14:\n%s", i, row[1], c, out)
		}
		if c := column(lines[i], row[2]); c != 21 {
			t.Errorf("line %d: %q begins at column %d, want 21:\n%s", i, row[2], c, out)
		}
		if strings.HasSuffix(lines[i], " ") {
			t.Errorf("line %d ends in spaces: %q", i, lines[i])
		}
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"connection refused", 100, "connection refused"},
		{"connection refused", 10, "connectio…"},
		{"サービス障害です", 7, "サービ…"},       // 6 columns and the ellipsis
		{"サービス障害です", 8, "サービ…"},       // サービス would take 8 and leave no room for …
		{"नमस्ते दुनिया", 4, "नमस्…"}, // the virama stays with its consonant
	} {
		got := cut(c.s, c.n)
		if got != c.want || displayWidth(got) > c.n {
			t.Errorf("cut(%q, %d) = %q (%d columns), want %q", c.s, c.n, got, displayWidth(got), c.want)
		}
	}
}

// The help's descriptions begin at one column, whatever the width of the
// synopsis before them.
func TestDescribed(t *testing.T) {
	got := described("  downradar demo", "लूपबैक लैब\nदेखें", 24)
	want := "  downradar demo        लूपबैक लैब\n                        देखें\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got = described("  downradar catalog [--json]", "サービス一覧", 24)
	want = "  downradar catalog [--json]\n                        サービス一覧\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
