package label

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/message"
)

// Numbers and decimals are written as x/text's printer writes them, in
// every language DownRadar has, without running the printer.
func TestNumbersAsThePrinter(t *testing.T) {
	ints := []int{-1234567, -1, math.MaxInt, math.MaxInt64 / 3, 1e15, 1e15 + 1}
	for n := range 20000 {
		ints = append(ints, n)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ints = append(ints, int(r.Int64N(1<<uint(r.IntN(62)+1))))
	}
	floats := []float64{0, math.Copysign(0, -1), -1.25, 0.5, 1.5, 2.5, 2.675, 1.005, 99.995, 0.125, 1e-9, 999.9999,
		1e15, 1e15 - 0.5, 1e21, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, math.SmallestNonzeroFloat64}
	for range 3000 {
		floats = append(floats, r.Float64()*math.Pow(10, float64(r.IntN(14)-3)))
	}
	for _, tag := range Languages() {
		w, p := New(tag.String()), message.NewPrinter(tag)
		if _, ok := numberForms[tag.String()]; !ok {
			t.Errorf("%s: no row in numberForms; the printer's is %s", tag, printerRow(p))
		}
		for _, n := range ints {
			if got, want := w.Number(n), p.Sprintf("%d", n); got != want {
				t.Fatalf("%s: Number(%d) = %q, the printer %q", tag, n, got, want)
			}
		}
		for _, x := range floats {
			for _, dec := range []int{-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20} {
				if got, want := w.Fixed(x, dec), p.Sprintf("%.*f", dec, x); got != want {
					t.Fatalf("%s: Fixed(%v, %d) = %q, the printer %q", tag, x, dec, got, want)
				}
			}
		}
	}
}

// printerRow is the row of numberForms for the language p prints.
func printerRow(p *message.Printer) string {
	zero, _ := utf8.DecodeRuneInString(p.Sprint(0))
	one, n1 := p.Sprint(1), p.Sprint(1234567890)
	groups := strings.FieldsFunc(n1, func(r rune) bool { return r-zero >= 0 && r-zero <= 9 })
	sizes := strings.FieldsFunc(n1, func(r rune) bool { return r-zero < 0 || r-zero > 9 })
	minus := strings.TrimSuffix(p.Sprint(-1), one)
	point := strings.TrimSuffix(strings.TrimPrefix(p.Sprintf("%.1f", 1.5), one), p.Sprint(5))
	return fmt.Sprintf("{zero: %q, group: %q, point: %q, first: %d, next: %d, minus: %q, nan: %q}", zero, groups[0], point,
		utf8.RuneCountInString(sizes[len(sizes)-1]), utf8.RuneCountInString(sizes[len(sizes)-2]), minus, p.Sprintf("%f", math.NaN()))
}

// Capitalize uppercases as x/text's cases.Upper does, though it runs
// cases only for cased letters beyond ASCII: for every rune in English
// and Turkish (its "i"), and in the other languages DownRadar has up to
// U+2FFF, past the alphabets with cases (a cased rune beyond goes to
// cases in any language).
func TestCapitalizeAsCases(t *testing.T) {
	for _, tag := range Languages() {
		w, upper := New(tag.String()), cases.Upper(tag)
		last := rune(0x2FFF)
		if base, _ := tag.Base(); base.String() == "en" || base.String() == "tr" {
			last = unicode.MaxRune
		}
		for r := rune(0); r <= last; r++ {
			if !utf8.ValidRune(r) {
				continue
			}
			s := string(r) + "x"
			want := s
			if !unicode.IsUpper(r) {
				want = upper.String(string(r)) + "x"
			}
			if got := w.Capitalize(s); got != want {
				t.Fatalf("%s: Capitalize(%q) = %q, cases.Upper %q", tag, s, got, want)
			}
		}
	}
}
