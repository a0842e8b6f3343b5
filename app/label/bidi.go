package label

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/unicodedata"
	"golang.org/x/text/unicode/bidi"
)

// lrm is U+200E LEFT-TO-RIGHT MARK: a strong left-to-right character
// without a glyph, which Visual puts before each piece of a line.
const lrm = '\u200E'

// Visual returns s with each right-to-left line's pieces in visual order,
// left to right, for Fyne, which draws a line's pieces in logical order.
//
// Fyne 2.7 has no right-to-left layout (fyne#90): it cuts a line into runs
// where the direction (go-text's bidi segmenter) or the font changes, shapes
// each run (HarfBuzz draws a right-to-left run's letters right to left) and
// draws the runs left to right in reading order, without the reordering of
// rule L2 of the bidi algorithm (UAX #9). So an Arabic title whose quotes,
// digits or Latin names come from other fonts than its letters shows its
// pieces in the wrong order, the first one on the left.
//
// A line is right to left when its first strong letter is (Arabic, Hebrew,
// Persian, Urdu, Syriac, Thaana, N'Ko...: rules P2 and P3). Visual resolves
// its levels (golang.org/x/text/unicode/bidi, paragraph level 1, rule L1)
// and puts its pieces in visual order (rule L2): left-to-right runs (Latin
// words, numbers) as they are, the right-to-left runs' characters from the
// last to the first, except that each word of right-to-left letters (with
// its combining marks and joiners) stays in reading order, for HarfBuzz to
// join and draw right to left. A mirrored character in a right-to-left run
// ("(", "«", "<") is replaced by its mirror image (rule L4), since Fyne
// draws it left to right. Every piece is preceded by U+200E (LEFT-TO-RIGHT
// MARK, drawn as nothing): Fyne's own bidi pass then sees a left-to-right
// line in which each right-to-left word is a run of its own, and draws the
// pieces in the order given. The explicit bidi controls (U+202A to U+202E,
// U+2066 to U+2069) and the marks U+200F and U+061C are dropped: their
// effect is in the order, and Fyne would act on them again.
//
// Lines that are left to right, or have no strong letter, come back
// unchanged, byte for byte; so does s when it has no right-to-left
// character. Lines are cut where the bidi algorithm ends a paragraph ("\n",
// "\r", U+2029...), the separators kept. Invalid UTF-8 in a right-to-left
// line comes back as U+FFFD. Time and memory are linear in len(s).
//
// Visual orders each line of s as a whole: a label that wraps a long line
// cuts it after the reordering, its first visual line then holding the
// line's last words.
func Visual(s string) string {
	if !hasRTL(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for len(s) > 0 {
		line, sep, rest := cutParagraph(s)
		b.WriteString(visualLine(line))
		b.WriteString(sep)
		s = rest
	}
	return b.String()
}

// hasRTL reports whether s has a right-to-left character (class R or AL).
func hasRTL(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII has none
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if cl := class(r); cl == bidi.R || cl == bidi.AL {
			return true
		}
	}
	return false
}

// cutParagraph cuts s after its first line: the line, the separator that
// ends it (a character of bidi class B, "\r\n" as one) and the rest.
func cutParagraph(s string) (line, sep, rest string) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '\n' || r == '\r' || (r >= utf8.RuneSelf || r < ' ') && class(r) == bidi.B {
			if r == '\r' && strings.HasPrefix(s[i+n:], "\n") {
				n++
			}
			return s[:i], s[i : i+n], s[i+n:]
		}
		i += n
	}
	return s, "", ""
}

// class is r's bidi class.
func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// isControl reports whether r is an explicit bidi control (embedding,
// override, isolate: rules X1 to X9).
func isControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// isRTLMark reports whether r is U+200F RIGHT-TO-LEFT MARK or U+061C
// ARABIC LETTER MARK, which count in the order but are not written out.
func isRTLMark(r rune) bool { return r == 0x200F || r == 0x061C }

// isRTL reports whether line's first strong letter, outside isolates, is
// right to left (rules P2 and P3).
func isRTL(line []rune) bool {
	depth := 0
	for _, r := range line {
		switch class(r) {
		case bidi.LRI, bidi.RLI, bidi.FSI:
			depth++
		case bidi.PDI:
			if depth > 0 {
				depth--
			}
		case bidi.L:
			if depth == 0 {
				return false
			}
		case bidi.R, bidi.AL:
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// maxChunk is the most characters Visual orders as one paragraph: a longer
// line is cut at spaces into pieces of at most this many (x/text's bidi is
// slower than linear on long lines), ordered each alone, the last first.
const maxChunk = 1024

// visualLine is visual order for one line (no paragraph separator in it).
func visualLine(line string) string {
	runes := []rune(line)
	if !isRTL(runes) {
		return line
	}
	// Without the explicit controls, a right-to-left paragraph has levels
	// 1 (right to left) and 2 (left to right) only, so the direction of
	// each run says its level and rule L2 is: the runs from the last to
	// the first, a right-to-left run's characters reversed.
	kept := runes[:0:0]
	for _, r := range runes {
		if !isControl(r) {
			kept = append(kept, r)
		}
	}
	var b strings.Builder
	b.Grow(len(line) * 2)
	for end := len(kept); end > 0; {
		start := max(end-maxChunk, 0)
		if start > 0 {
			if i := slices.Index(kept[start:end], ' '); i >= 0 && start+i+1 < end {
				start += i + 1
			}
		}
		if !writeVisual(&b, kept[start:end]) {
			return line
		}
		end = start
	}
	return b.String()
}

// writeVisual writes rs, a right-to-left paragraph, in visual order. It
// reports false where x/text's bidi fails.
func writeVisual(b *strings.Builder, rs []rune) (ok bool) {
	defer func() {
		// x/text's bidi is marked under construction: a failed
		// assertion in it leaves the line as it was.
		if recover() != nil {
			ok = false
		}
	}()
	var p bidi.Paragraph
	if _, err := p.SetString(string(rs), bidi.DefaultDirection(bidi.RightToLeft)); err != nil {
		return false
	}
	o, err := p.Order()
	if err != nil {
		return false
	}
	for i := o.NumRuns() - 1; i >= 0; i-- {
		run := o.Run(i)
		start, end := run.Pos()
		if start < 0 || end >= len(rs) || start > end+1 {
			return false
		}
		piece := rs[start : end+1]
		if run.Direction() != bidi.LeftToRight {
			writeRTL(b, piece)
			continue
		}
		b.WriteRune(lrm)
		for _, r := range piece {
			if !isRTLMark(r) {
				b.WriteRune(r)
			}
		}
	}
	return true
}

// writeRTL writes a right-to-left run in visual order: its pieces (a word
// of right-to-left letters, or any other character with the marks that
// follow it) from the last to the first, each in reading order after a
// U+200E, a mirrored character replaced by its mirror image.
func writeRTL(b *strings.Builder, rs []rune) {
	for end := len(rs); end > 0; {
		// The piece ending at end: back over the marks and joiners to
		// its first character, then over the letters before it when it
		// is a letter.
		start := end - 1
		for start > 0 && isAttached(rs[start]) {
			start--
		}
		if isLetterRTL(rs[start]) {
			for start > 0 && (isLetterRTL(rs[start-1]) || isAttached(rs[start-1])) {
				start--
			}
		}
		b.WriteRune(lrm)
		for i, r := range rs[start:end] {
			if isRTLMark(r) {
				continue
			}
			if i == 0 {
				if m, ok := unicodedata.LookupMirrorChar(r); ok {
					r = m
				}
			}
			b.WriteRune(r)
		}
		end = start
	}
}

// isLetterRTL reports whether r is a right-to-left letter (class R, AL).
func isLetterRTL(r rune) bool {
	c := class(r)
	return c == bidi.R || c == bidi.AL
}

// isAttached reports whether r belongs to the character before it: a
// combining mark (NSM) or a joiner or other boundary neutral (BN, ZWJ,
// ZWNJ).
func isAttached(r rune) bool {
	c := class(r)
	return c == bidi.NSM || c == bidi.BN
}

// RightToLeft reports whether the first line of s reads right to left (its
// first strong letter does): such a line, cut to fit a widget, must be cut
// before Visual orders it, or the cut takes its beginning.
func RightToLeft(s string) bool {
	if !hasRTL(s) {
		return false
	}
	line, _, _ := cutParagraph(s)
	return isRTL([]rune(line))
}
