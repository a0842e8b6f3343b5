package classify

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// text is a headline prepared for matching: NFKC-normalised, then one rune
// per position in two forms, case-folded (fold) and as written (orig), so
// that a match found in one is at the same place in the other.
type text struct {
	fold, orig []rune
	cls        []uint8 // per rune: isWord, isSpaced, isHebrew bits
}

// The bits of text.cls.
const (
	isWord   = 1 << iota // wordRune
	isSpaced             // spacedRune
	isHebrew             // a Hebrew letter
)

// classTable caches classOf for the runes below its length (the alphabets
// and Indic scripts; Han and Hangul above are computed each time).
var (
	classTable     [0x3000]uint8
	classTableOnce sync.Once
)

func classOf(r rune) uint8 {
	if r < 0x3000 {
		classTableOnce.Do(func() {
			for i := range classTable {
				classTable[i] = computeClass(rune(i))
			}
		})
		return classTable[r]
	}
	return computeClass(r)
}

func computeClass(r rune) uint8 {
	var c uint8
	if wordRune(r) {
		c |= isWord
		if spacedRune(r) {
			c |= isSpaced
		}
		if r >= 0x0590 && r <= 0x05FF {
			c |= isHebrew
		}
	}
	return c
}

func (t *text) word(i int) bool   { return t.cls[i]&isWord != 0 }
func (t *text) spaced(i int) bool { return t.cls[i]&isSpaced != 0 }

// prepare normalises s. Folding lowercases, unifies the letter variants
// that news sites mix (Arabic and Persian yeh and kaf, alef with hamza,
// Turkish dotless i), and drops what never carries meaning for matching:
// Arabic diacritics and tatweel, zero-width joiners, soft hyphens, the
// combining dot of Turkish İ. Runs of spaces and punctuation stay as they
// are: word boundaries are found from the runes around a match.
func prepare(s string, buf *text) {
	if !utf8.ValidString(s) {
		s = toValid(s)
	}
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	buf.fold, buf.orig, buf.cls = buf.fold[:0], buf.orig[:0], buf.cls[:0]
	for _, r := range s {
		if c := chillu(r); c != 0 { // one letter, two runes folded
			buf.fold = append(buf.fold, c, malayalamVirama)
			buf.orig = append(buf.orig, r, r)
			buf.cls = append(buf.cls, classOf(c), classOf(malayalamVirama))
			continue
		}
		f, keep := foldRune(r)
		if !keep {
			continue
		}
		buf.fold = append(buf.fold, f)
		buf.orig = append(buf.orig, r)
		buf.cls = append(buf.cls, classOf(f))
	}
}

// Malayalam writes a consonant without its vowel either as one chillu
// letter (ർ) or as the consonant and a virama (ര്), both in use for one
// word ("ട്വിറ്റർ", "ട്വിറ്റര്"): the chillu is folded to the pair.
const malayalamVirama = '\u0D4D'

// chillu is the consonant a chillu letter stands for, 0 for another rune.
func chillu(r rune) rune {
	if r < 'ൺ' || r > 'ൿ' {
		return 0
	}
	return [...]rune{'ണ', 'ന', 'ര', 'ല', 'ള', 'ക'}[r-'ൺ']
}

// foldIndic folds what Indic spellings of one word vary in, in the nine
// scripts laid out alike from Devanagari to Malayalam: a long i or u
// written short ("ટ્વીટર", "ટ્વિટર"), ai and au written e and o, the
// candra vowels of English loans ("व्हॉट्सऐप", "व्हाट्सएप"), a candrabindu
// written as an anusvara; and it drops the nukta. ok is false outside
// those scripts; keep is false for a rune to drop.
func foldIndic(r rune) (f rune, keep, ok bool) {
	if r < 0x0900 || r > 0x0D7F {
		return r, true, false
	}
	base, off := r&^0x7F, r&0x7F
	switch off {
	case 0x3C: // nukta
		return 0, false, true
	case 0x01: // candrabindu
		off = 0x02
	case 0x08, 0x0A, 0x40, 0x42: // long i, long u: independent, sign
		off--
	case 0x10, 0x14, 0x48, 0x4C: // ai, au: independent, sign
		off--
	case 0x0D, 0x11, 0x45, 0x49: // candra e, candra o: independent, sign
		off += 2
	default:
		return r, true, true
	}
	return base | off, true, true
}

// toValid replaces invalid UTF-8 with spaces (a boundary, never a letter).
func toValid(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		if r == utf8.RuneError {
			r = ' '
		}
		b = append(b, r)
	}
	return string(b)
}

// foldRune maps one rune for matching; keep is false for runes to drop.
func foldRune(r rune) (f rune, keep bool) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640: // Arabic harakat, superscript alef, tatweel
		return 0, false
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x00AD: // zero-width, soft hyphen
		return 0, false
	case r == 0x0307: // combining dot above (Turkish İ lowercased)
		return 0, false
	}
	if f, keep, ok := foldIndic(r); ok {
		return f, keep
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا', true
	case 'ي', 'ى', 'ئ':
		return 'ی', true // Persian yeh, also for Arabic yeh and alef maksura
	case 'ك':
		return 'ک', true
	case 'ۀ':
		return 'ه', true
	case 'ı':
		return 'i', true
	case '’', '‘', 'ʼ', '`', '´':
		return '\'', true
	case '“', '”', '„', '«', '»':
		return '"', true
	case '\u00A0', '\u2009', '\u202F':
		return ' ', true
	}
	return unicode.ToLower(r), true
}

// wordRune reports whether r is part of a word: letters, marks, digits.
func wordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

// spacedRune reports whether r continues a word of a spaced script.
func spacedRune(r rune) bool {
	return wordRune(r) && (r < utf8.RuneSelf || unicode.IsDigit(r) || scriptOf(r) == spaced)
}

// script is how a pattern meets word boundaries, by the writing system of
// its first letter.
type script uint8

const (
	spaced   script = iota // Latin, Cyrillic, Greek...: whole words (a trailing * allows any ending)
	arabic                 // Arabic script: a word start, after optional proclitics; any ending
	indic                  // Devanagari, Bengali...: a word start; any ending (case endings attach)
	unspaced               // Han, kana, Hangul, Thai: anywhere
)

func scriptOf(r rune) script {
	switch {
	case unicode.Is(unicode.Arabic, r):
		return arabic
	case unicode.In(r, unicode.Devanagari, unicode.Bengali, unicode.Gurmukhi, unicode.Gujarati,
		unicode.Tamil, unicode.Telugu, unicode.Kannada, unicode.Malayalam, unicode.Oriya, unicode.Sinhala):
		return indic
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar):
		return unspaced
	}
	return spaced
}

// proclitics are the Arabic-script particles written joined to the next
// word ("and", "with", "to", "the" and their combinations), folded.
var proclitics = map[string]bool{
	"و": true, "ف": true, "ب": true, "ل": true, "ک": true, "ال": true,
	"وال": true, "بال": true, "فال": true, "کال": true, "لل": true, "ول": true, "وب": true, "فب": true,
}

// hebrewPrefixes are the letters Hebrew writes joined before a word
// ("and", "the", "in", "to", "from", "that", "as": בפייסבוק, ובוואטסאפ).
const hebrewPrefixes = "והבלמשכ"

// hebrewPrefix reports whether the letters before i in its word are at
// most three Hebrew prefixes.
func hebrewPrefix(t *text, i int) bool {
	j := i
	for j > 0 && t.word(j-1) {
		if !strings.ContainsRune(hebrewPrefixes, t.fold[j-1]) {
			return false
		}
		j--
	}
	return i-j <= 3
}

// pattern is one compiled lexicon entry. Its runes (folded, or as written
// when exact) are in its matcher's arena, so that sixteen thousand
// entries cost a few allocations, not one each.
type pattern struct {
	term *term
	off  uint32 // where its runes start in the matcher's arena
	n    uint16 // how many
	// suffix is how many letters may follow a whole word (spaced scripts):
	// service names take case endings in Polish, Russian, Turkish...
	// ("Facebooka", "ютубе").
	suffix uint8
	sc     script
	exact  bool // matched against the original case ("=X")
	stem   bool // any ending (spaced scripts: a trailing "*")
}

// matcher finds lexicon terms in a text, leftmost-longest, without overlap.
// Patterns are indexed by their first maxPrefix runes (folded, or as
// written for exact ones; shorter patterns by all of theirs), and every
// shorter prefix of a pattern has a key too, so that a position is tried
// against the few patterns that can start there, and the lookups stop at
// the first prefix no pattern has.
type matcher struct {
	// first has a bit for each rune of the Basic Multilingual Plane that
	// begins a folded pattern: most positions of a text begin none, and
	// are passed over without a lookup (a rune beyond it is looked up).
	first      *[1 << 16 / 64]uint64
	pats       []pattern
	runes      []uint16                      // the patterns' runes, one after another (the lexicon's are all in the BMP)
	idx        [2][maxPrefix]map[uint64]span // [exact][prefix length - 1] -> the patterns of that length (or longer, at maxPrefix); a key for each prefix of a pattern
	list       []uint32                      // indexes in pats, each span's one after another
	exactFirst []rune                        // the first runes of exact patterns
}

// span is a run of list.
type span struct{ off, n uint32 }

// newMatcher is a matcher with room for n patterns of runes runes in all.
func newMatcher(n, runes int) *matcher {
	m := &matcher{first: new([1 << 16 / 64]uint64), pats: make([]pattern, 0, n), runes: make([]uint16, 0, runes)}
	for e := range m.idx {
		for n := range m.idx[e] {
			m.idx[e][n] = map[uint64]span{}
		}
	}
	return m
}

// starts reports whether a folded pattern may begin with r.
func (m *matcher) starts(r rune) bool {
	return r >= 1<<16 || r >= 0 && m.first[r/64]&(1<<(r%64)) != 0
}

// runesOf is p's runes.
func (m *matcher) runesOf(p *pattern) []uint16 { return m.runes[p.off : p.off+uint32(p.n)] }

// maxPrefix is how many first runes of a pattern index it: enough that the
// phrases of a language that begin alike ("не работ...", "ne fonctionne
// ...") are not all tried at every position where the first three match.
const maxPrefix = 5

// prefixKey extends the index key k of a prefix by the rune r: a hash, so
// two prefixes may share a key, which costs a pattern tried in vain (at
// checks every rune), never a match missed.
func prefixKey(k uint64, r rune) uint64 {
	return (k ^ uint64(r)) * 0x100000001b3 // FNV-1a's prime, over whole runes
}

// prefixSeed is the key of the empty prefix.
const prefixSeed uint64 = 0xcbf29ce484222325

// add adds p, whose runes are rs (copied).
func (m *matcher) add(p pattern, rs []rune) {
	if p.exact && !slices.Contains(m.exactFirst, rs[0]) {
		m.exactFirst = append(m.exactFirst, rs[0])
	}
	if !p.exact && rs[0] < 1<<16 {
		m.first[rs[0]/64] |= 1 << (rs[0] % 64)
	}
	p.off, p.n = uint32(len(m.runes)), uint16(len(rs))
	for _, r := range rs {
		m.runes = append(m.runes, uint16(r)) // parsePattern refused runes beyond the BMP
	}
	m.pats = append(m.pats, p)
	idx, k := m.key(&m.pats[len(m.pats)-1], true)
	sp := idx[k]
	if sp.n == 0 {
		sp.off = unplaced
	}
	sp.n++ // counted now, placed by done
	idx[k] = sp
}

// key is the index and the key p is filed under; with prefixes, each
// shorter prefix of p gets a key in its index too, which longer patterns
// extend.
func (m *matcher) key(p *pattern, prefixes bool) (map[uint64]span, uint64) {
	e := 0
	if p.exact {
		e = 1
	}
	rs := m.runesOf(p)
	n := min(len(rs), maxPrefix)
	k := prefixSeed
	for j, r := range rs[:n] {
		k = prefixKey(k, rune(r))
		if prefixes && j < n-1 {
			if _, ok := m.idx[e][j][k]; !ok {
				m.idx[e][j][k] = span{}
			}
		}
	}
	return m.idx[e][n-1], k
}

// unplaced is the offset of a span done has not placed yet.
const unplaced = ^uint32(0)

// done lays out the index and gives back the room the matcher was made
// with and did not use (most of it: names that give no hashtag, folding
// that drops runes), once every pattern is in.
func (m *matcher) done() {
	// The patterns of a key one after another, in the order they came:
	// a span is placed when its first pattern comes, then filled.
	m.list = make([]uint32, len(m.pats))
	next := uint32(0)
	for i := range m.pats {
		idx, k := m.key(&m.pats[i], false)
		sp := idx[k]
		if sp.off == unplaced {
			sp.off, next = next, next+sp.n
			sp.n = 0
		}
		m.list[sp.off+sp.n] = uint32(i)
		sp.n++
		idx[k] = sp
	}
	if cap(m.pats) > len(m.pats)+len(m.pats)/8 {
		m.pats = slices.Clone(m.pats)
	}
	if cap(m.runes) > len(m.runes)+len(m.runes)/8 {
		m.runes = slices.Clone(m.runes)
	}
}

// hit is one match: the term and where it is in the text.
type hit struct {
	term       *term
	start, end int
}

// scan appends the text's matches to hits and returns it.
func (m *matcher) scan(t *text, hits []hit) []hit {
	n := len(t.fold)
	for i := 0; i < n; {
		// Inside a word of a spaced script nothing can start: its words
		// match whole, and the scripts that match inside words (Han,
		// Thai..., Arabic after a particle, Hebrew after a prefix) are
		// not spaced, or Hebrew.
		if i > 0 && t.spaced(i) && t.cls[i-1]&(isSpaced|isHebrew) == isSpaced {
			i++
			continue
		}
		midWord := i > 0 && t.word(i-1)
		best, bestEnd := (*pattern)(nil), 0
		try := func(ps []uint32) {
			for _, j := range ps {
				p := &m.pats[j]
				rs := m.runesOf(p)
				if midWord && p.sc != unspaced && !p.midWordOK(rs, t, i) {
					continue
				}
				// The longest match; of two ending alike, the one that
				// spells more ("instapay" over "insta" and a case ending).
				if end, ok := p.at(rs, t, i); ok && (end > bestEnd || end == bestEnd && p.n > best.n) {
					best, bestEnd = p, end
				}
			}
		}
		exact := slices.Contains(m.exactFirst, t.orig[i])
		if !exact && !m.starts(t.fold[i]) {
			i++ // no pattern begins with this rune
			continue
		}
		folded, kf, ko := true, prefixSeed, prefixSeed
		for k := 1; k <= maxPrefix && i+k <= n && (folded || exact); k++ {
			if folded {
				kf = prefixKey(kf, t.fold[i+k-1])
				sp, ok := m.idx[0][k-1][kf]
				try(m.list[sp.off : sp.off+sp.n])
				folded = ok
			}
			if exact {
				ko = prefixKey(ko, t.orig[i+k-1])
				sp, ok := m.idx[1][k-1][ko]
				try(m.list[sp.off : sp.off+sp.n])
				exact = ok
			}
		}
		if best == nil {
			i++
			continue
		}
		hits = append(hits, hit{term: best.term, start: i, end: bestEnd})
		i = bestEnd
	}
	return hits
}

// midWordOK reports whether p, of runes rs, may start at i although a
// letter precedes it: a spaced-script word after a letter of another script
// ("のYouTube"), or an Arabic-script word after a joined particle.
func (p *pattern) midWordOK(rs []uint16, t *text, i int) bool {
	switch p.sc {
	case spaced:
		if unicode.Is(unicode.Hebrew, rune(rs[0])) {
			return hebrewPrefix(t, i)
		}
		return !t.spaced(i - 1)
	case arabic:
		j := i
		for j > 0 && t.word(j-1) {
			j--
		}
		return i-j <= 3 && proclitics[string(t.fold[j:i])]
	}
	return false
}

// at reports whether p, of runes rs, matches t at i, and where the match
// ends; the start of a word is checked by scan.
func (p *pattern) at(rs []uint16, t *text, i int) (int, bool) {
	src := t.fold
	if p.exact {
		src = t.orig
	}
	end := i + len(rs)
	if end > len(src) {
		return 0, false
	}
	for k, r := range rs {
		if src[i+k] != rune(r) {
			return 0, false
		}
	}
	if p.sc == spaced && !p.stem && end < len(t.fold) && t.spaced(end) {
		n := 1
		for end+n < len(t.fold) && t.spaced(end+n) {
			n++
		}
		if n > int(p.suffix) {
			return 0, false
		}
		end += n
	}
	return end, true
}
