package cli

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// The CLI's tables and help are laid out in a terminal's columns, which a
// string's bytes or runes do not count: a CJK character takes two
// columns, a combining mark (a Devanagari vowel sign, an Arabic vowel
// mark) and a zero-width joiner none. displayWidth counts them as
// terminals do (East Asian Width, UAX #11).

// displayWidth is how many terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is how many terminal columns r takes: 0, 1 or 2.
func runeWidth(r rune) int {
	switch {
	case r < 0x20 || r == 0x7f:
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0 // combining marks, joiners, direction marks
	case r >= 0x1160 && r <= 0x11ff:
		return 0 // Hangul medial vowels and final consonants join the syllable before
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// pad is s followed by the spaces that make it n columns wide.
func pad(s string, n int) string {
	if w := displayWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// cut trims s to at most n columns, ending it with "…" when it was cut;
// marks that combine with the last rune kept stay with it.
func cut(s string, n int) string {
	if displayWidth(s) <= n {
		return s
	}
	used := 0
	for i, r := range s {
		w := runeWidth(r)
		if w > 0 && used+w > n-1 {
			return s[:i] + "…"
		}
		used += w
	}
	return s
}

// table lays rows out in columns gap spaces apart, each cell padded to
// its column's widest cell; the lines have no trailing spaces.
func table(rows [][]string, gap int) string {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			if i == len(row)-1 {
				line.WriteString(cell)
				break
			}
			line.WriteString(pad(cell, widths[i]+gap))
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.String()
}
