package label

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// numbers is how a language writes numbers: its digits, its group
// separator and group sizes ("1,234,567"; "12,34,567" in Hindi), its
// decimal separator, minus sign and "not a number".
type numbers struct {
	zero         rune   // the digit 0; the others follow it, as in Unicode
	group, point string // between groups of the integer part; before the decimals
	first, next  int    // the sizes of the last group and of each one before it: 3, 3; 3, 2 in Hindi and Bengali
	minus, nan   string // before a negative number; for NaN
}

// numberForms are how x/text's printer (golang.org/x/text/message, with
// CLDR's data) writes numbers in each language DownRadar has a catalog
// for, by its tag; TestNumbersAsThePrinter checks each row against the
// printer, and gives the row of a language added. They are data rather
// than the printer itself because the printer's code (its catalog
// lookup, patterns and language tables) sat among the code the resident
// agent runs at each tooltip, and stayed paged in with it
// (docs/performance.md). A language without a row is written as English.
var numberForms = map[string]numbers{
	"en": {zero: '0', group: ",", point: ".", first: 3, next: 3, minus: "-", nan: "NaN"},
	"ar": {zero: '٠', group: "٬", point: "٫", first: 3, next: 3, minus: "\u061c-", nan: "ليس\u00a0رقم"},
	"bn": {zero: '০', group: ",", point: ".", first: 3, next: 2, minus: "-", nan: "NaN"},
	"de": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"es": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"fa": {zero: '۰', group: "٬", point: "٫", first: 3, next: 3, minus: "\u200e−", nan: "ناعدد"},
	"fr": {zero: '0', group: "\u00a0", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"hi": {zero: '0', group: ",", point: ".", first: 3, next: 2, minus: "-", nan: "NaN"},
	"id": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"it": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"ja": {zero: '0', group: ",", point: ".", first: 3, next: 3, minus: "-", nan: "NaN"},
	"ko": {zero: '0', group: ",", point: ".", first: 3, next: 3, minus: "-", nan: "NaN"},
	"nl": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"pl": {zero: '0', group: "\u00a0", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"pt": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"ru": {zero: '0', group: "\u00a0", point: ",", first: 3, next: 3, minus: "-", nan: "не\u00a0число"},
	"tr": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"uk": {zero: '0', group: "\u00a0", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"ur": {zero: '0', group: ",", point: ".", first: 3, next: 3, minus: "\u200e-", nan: "NaN"},
	"vi": {zero: '0', group: ".", point: ",", first: 3, next: 3, minus: "-", nan: "NaN"},
	"zh": {zero: '0', group: ",", point: ".", first: 3, next: 3, minus: "-", nan: "NaN"},
}

// numbersOf is how tag's language writes numbers.
func numbersOf(tag language.Tag) numbers {
	if nf, ok := numberForms[tag.String()]; ok {
		return nf
	}
	return numberForms["en"]
}

// integer writes n, as the printer's "%d".
func (nf numbers) integer(n int) string {
	if n < 0 {
		return nf.minus + nf.grouped(strconv.Itoa(n)[1:])
	}
	return nf.grouped(strconv.Itoa(n))
}

// fixed writes x with decimals digits after the point, as the printer's
// "%.*f" (a negative precision is its "%!(BADPREC)" and 6 decimals; -0
// has no sign).
func (nf numbers) fixed(x float64, decimals int) string {
	switch {
	case decimals < 0:
		return "%!(BADPREC)" + nf.fixed(x, 6)
	case math.IsNaN(x):
		return nf.nan
	case x < 0:
		return nf.minus + nf.fixed(-x, decimals)
	case math.IsInf(x, 1):
		return "∞"
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(x), 'f', decimals, 64), ".")
	if frac == "" {
		return nf.grouped(whole)
	}
	return nf.grouped(whole) + nf.point + nf.digits(frac)
}

// grouped writes the ASCII digits of an integer in groups, in the
// language's digits.
func (nf numbers) grouped(ascii string) string {
	if len(ascii) <= nf.first {
		return nf.digits(ascii)
	}
	var b strings.Builder
	cut := len(ascii) - nf.first
	i := cut % nf.next
	if i == 0 {
		i = nf.next
	}
	b.WriteString(nf.digits(ascii[:i]))
	for ; i < cut; i += nf.next {
		b.WriteString(nf.group)
		b.WriteString(nf.digits(ascii[i : i+nf.next]))
	}
	b.WriteString(nf.group)
	b.WriteString(nf.digits(ascii[cut:]))
	return b.String()
}

// digits writes the ASCII digits of s in the language's digits.
func (nf numbers) digits(s string) string {
	if nf.zero == '0' {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * utf8.RuneLen(nf.zero))
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(nf.zero + r - '0')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
