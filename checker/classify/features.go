package classify

import "math"

// The text model's features: what the lexicon found and the text's
// hashed n-grams (model.go has the model that weighs them).

// Feature space: fixed slots for the lexicon's findings, then hashed
// buckets for the n-grams.
const (
	hashBits    = 16
	hashBuckets = 1 << hashBits
)

// The fixed slots.
const (
	fBias = iota
	fOutage1
	fOutage2
	fWeak1
	fWeak2
	fRecovery
	fNeutral
	fServices0
	fServices1
	fServices2
	fServices3
	fHashtag
	fNear10 // an outage or weak word within 10 runes of a service's name
	fNear40
	fFar
	fQuestion
	fEvidence // the lexicon's evidence, scaled
	fTrap0    // + index in trapKinds
	nFixed    = fTrap0 + 16
	nFeatures = nFixed + hashBuckets
)

// slotNames name the fixed slots in explanations.
var slotNames = [nFixed]string{
	fBias: "bias", fOutage1: "lexicon:outage", fOutage2: "lexicon:outage×2", fWeak1: "lexicon:weak",
	fWeak2: "lexicon:weak×2", fRecovery: "lexicon:recovery", fNeutral: "lexicon:neutral",
	fServices0: "services:0", fServices1: "services:1", fServices2: "services:2", fServices3: "services:3+",
	fHashtag: "lexicon:hashtag", fNear10: "near:10", fNear40: "near:40", fFar: "near:far",
	fQuestion: "question", fEvidence: "lexicon:evidence",
}

func init() {
	for i, k := range trapKinds {
		slotNames[fTrap0+i] = "trap:" + k
	}
}

// Placeholder runes standing for a service's name and for a digit.
const (
	svcRune   = '§'
	digitRune = '0'
)

// placeholder is the rune a lexicon term stands as in the n-gram text: one
// for a service's name, one per kind of report word, one per trap; so that
// "§ ¤" (a name, then an outage word) is learnt once for every language.
func placeholder(t *term) (rune, bool) {
	switch t.kind {
	case kService:
		return svcRune, true
	case kOutage:
		return '¤', true
	case kWeak:
		return '~', true
	case kRecovery:
		return '®', true
	case kWorking:
		return '✓', true
	case kVenue, kVenueAfter:
		return '→', true
	case kTrap:
		return rune(0x2460 + int(t.trap)), true // ①②③...
	}
	return 0, false
}

// feature is one active feature: its index and value, and for a hashed
// one where its n-gram is in the n-gram text (for explanations).
type feature struct {
	idx      uint32
	val      float32
	pos, end int32
}

// features computes the text's features into sc.feats from sc.t, its
// lexicon hits sc.hits and the lexicon's evidence; sc.grams receives the
// text the n-grams are taken from, sc.ments where the services stand in it.
func (sc *scratch) features(evidence float64) {
	t, hits, out, buf := &sc.t, sc.hits, sc.feats[:0], sc.grams[:0]
	sc.ments = sc.ments[:0]
	defer func() { sc.feats, sc.grams = out, buf }()
	var outage, weak, recovery, neutral, hashtag int
	var traps [16]bool
	var seenSvc [4]string
	services := 0
	for _, h := range hits {
		switch h.term.kind {
		case kService:
			known := false
			for _, s := range seenSvc[:min(services, len(seenSvc))] {
				known = known || s == h.term.service
			}
			if !known {
				if services < len(seenSvc) {
					seenSvc[services] = h.term.service
				}
				services++
			}
			if h.term.weight > 0 {
				hashtag++
			}
		case kOutage:
			outage++
		case kWeak:
			weak++
		case kRecovery:
			recovery++
		case kNeutral:
			neutral++
		case kTrap:
			traps[h.term.trap] = true
		}
	}
	fixed := func(i int, v float32) { out = append(out, feature{idx: uint32(i), val: v}) }
	fixed(fBias, 1)
	flag := func(i int, on bool) {
		if on {
			fixed(i, 1)
		}
	}
	flag(fOutage1, outage >= 1)
	flag(fOutage2, outage >= 2)
	flag(fWeak1, weak >= 1)
	flag(fWeak2, weak >= 2)
	flag(fRecovery, recovery >= 1)
	flag(fNeutral, neutral >= 1)
	fixed(fServices0+min(services, 3), 1)
	flag(fHashtag, hashtag >= 1)
	if services > 0 && outage+weak > 0 {
		d := nearest(hits, "", isReport)
		switch {
		case d <= 10:
			fixed(fNear10, 1)
		case d <= 40:
			fixed(fNear40, 1)
		default:
			fixed(fFar, 1)
		}
	}
	for _, r := range t.fold {
		if r == '?' || r == '؟' || r == '？' {
			fixed(fQuestion, 1)
			break
		}
	}
	fixed(fEvidence, float32(max(-2, min(2, evidence-Threshold))/2))
	for i, on := range traps {
		flag(fTrap0+i, on)
	}

	// The text for n-grams: service names as one rune, digits as another,
	// everything not a letter as one space.
	buf = append(buf, ' ')
	next := 0
	for i := 0; i < len(t.fold); i++ {
		for next < len(hits) && hits[next].start < i {
			next++
		}
		if next < len(hits) && hits[next].start == i {
			h := hits[next]
			next++
			if r, ok := placeholder(h.term); ok {
				if buf[len(buf)-1] != ' ' {
					buf = append(buf, ' ')
				}
				if h.term.kind == kService {
					sc.ments = append(sc.ments, mention{service: h.term.service, pos: len(buf)})
				}
				buf = append(buf, r, ' ')
				i = h.end - 1
				continue
			}
		}
		r := t.fold[i]
		switch {
		case r >= '0' && r <= '9':
			r = digitRune
		case !t.word(i):
			r = ' '
		}
		if r == ' ' && buf[len(buf)-1] == ' ' {
			continue
		}
		buf = append(buf, r)
	}
	if buf[len(buf)-1] != ' ' {
		buf = append(buf, ' ')
	}
	start := len(out)
	sc.stamp++
	if sc.stamp == 0 { // wrapped: forget every text before
		clear(sc.seen[:])
		sc.stamp = 1
	}
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(buf); i++ {
			g := buf[i : i+n]
			if g[0] == ' ' && g[1] == ' ' {
				continue
			}
			out = sc.gram(out, hashRunes(g, uint32(n)), i, i+n)
		}
	}
	// Word pairs, for the spaced scripts.
	prevStart := -1
	for i := 0; i < len(buf); {
		for i < len(buf) && buf[i] == ' ' {
			i++
		}
		j := i
		for j < len(buf) && buf[j] != ' ' {
			j++
		}
		if j > i {
			out = sc.gram(out, hashRunes(buf[i:j], 6), i, j)
			if prevStart >= 0 {
				out = sc.gram(out, hashRunes(buf[prevStart:j], 7), prevStart, j)
			}
			prevStart = i
		}
		i = j
	}
	// The skeleton: the lexicon's terms in text order, the words between
	// left out ("^ § ¤ $", "② § ¤"), in pairs and triples: a sentence's
	// structure, learnt once for every language.
	var sk [3]rune
	ns := 0
	push := func(r rune) {
		sk[0], sk[1], sk[2] = sk[1], sk[2], r
		ns++
		if ns >= 2 {
			out = sc.gram(out, hashRunes(sk[1:], 20), -1, -1)
		}
		if ns >= 3 {
			out = sc.gram(out, hashRunes(sk[:], 21), -1, -1)
		}
	}
	push('^')
	for _, h := range hits {
		if r, ok := placeholder(h.term); ok {
			push(r)
		}
	}
	push('$')
	if n := len(out) - start; n > 0 {
		v := float32(gramScale / math.Sqrt(float64(n)))
		for k := start; k < len(out); k++ {
			out[k].val = v
		}
	}
}

// gram appends the hashed feature h (an n-gram at buf[pos:end]) unless
// the text has it already: a feature is there or not, so that a text
// repeated a thousand times reads as the text once.
func (sc *scratch) gram(out []feature, h uint32, pos, end int) []feature {
	b := h & (hashBuckets - 1)
	if sc.seen[b] == sc.stamp {
		return out
	}
	sc.seen[b] = sc.stamp
	return append(out, feature{idx: uint32(nFixed) + b, val: 1, pos: int32(pos), end: int32(end)})
}

// gramScale is the weight of the hashed features as a whole.
const gramScale = 1.0

// nearest is the distance in runes between a name of service s (of any
// service when s is "") and the closest term whose kind cue accepts, or
// math.MaxInt: one pass each way over the hits, which are in text order
// and do not overlap.
func nearest(hits []hit, s string, cue func(kind) bool) int {
	name := func(h hit) bool { return h.term.kind == kService && (s == "" || h.term.service == s) }
	best := math.MaxInt
	last := -1 // end of the last cue
	for _, h := range hits {
		if cue(h.term.kind) {
			last = h.end
		} else if name(h) && last >= 0 {
			best = min(best, h.start-last)
		}
	}
	next := -1 // start of the next cue
	for i := len(hits) - 1; i >= 0; i-- {
		h := hits[i]
		if cue(h.term.kind) {
			next = h.start
		} else if name(h) && next >= 0 {
			best = min(best, next-h.end)
		}
	}
	return best
}

// The cues nearest looks for.
func isReport(k kind) bool           { return k == kOutage || k == kWeak }
func isReportOrRecovery(k kind) bool { return isReport(k) || k == kRecovery }
func isWorking(k kind) bool          { return k == kWorking }

// hashRunes is FNV-1a over the runes, seeded by n so that n-grams and word
// pairs of the same runes land apart.
func hashRunes(rs []rune, n uint32) uint32 {
	h := uint32(2166136261) ^ n
	for _, r := range rs {
		h ^= uint32(r)
		h *= 16777619
		h ^= uint32(r) >> 8
		h *= 16777619
	}
	return h
}
