package classify

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
)

// The learned half of the classifier: a logistic regression over what the
// lexicon found (its terms by kind, how near an outage word is to a
// service's name, the lexicon's own evidence) and over the text's
// character n-grams and word pairs, hashed. Service names are replaced by
// one placeholder rune before the n-grams are taken, so that "§ is down"
// learnt from WhatsApp's news applies to every service; digits by another.
//
// model.bin holds the weights, trained offline on the tuning data only
// (testdata/labelled, testdata/heldout and the corpus's tuning part; never
// its sealed part) by `go generate` (train_test.go). Training is
// deterministic, so the file is reproducible, and TestModelFresh fails when
// it no longer matches the data and the features.

//go:generate go test -run ^TestModelFresh$ -train .

//go:embed model.bin
var modelBin []byte

// Feature space: fixed slots for the lexicon's findings, then hashed
// buckets for the n-grams.
const (
	hashBits    = 16
	hashBuckets = 1 << hashBits
	modelMagic  = "DRCM3\n" // + 8 bytes data digest + the models (see modelSize)
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
		for i, k := range trapKinds {
			if k == t.trap {
				return rune(0x2460 + i), true // ①②③...
			}
		}
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

// mention is where a service's name stands in the n-gram text.
type mention struct {
	service string
	pos     int // of its placeholder in scratch.grams
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
			for i, k := range trapKinds {
				if k == h.term.trap {
					traps[i] = true
				}
			}
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
		d := nearest(hits, "", false)
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
			if prevStart >= 0 {
				out = sc.gram(out, hashRunes(buf[prevStart:j], 7), prevStart, j)
			}
			prevStart = i
		}
		i = j
	}
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

// nearest is the distance in runes between a service's name (of service
// s, or of any when s is "") and the closest report word (outage or weak;
// recovery too if withRecovery), or math.MaxInt: one pass each way over
// the hits, which are in text order and do not overlap.
func nearest(hits []hit, s string, withRecovery bool) int {
	cue := func(h hit) bool {
		k := h.term.kind
		return k == kOutage || k == kWeak || (withRecovery && k == kRecovery)
	}
	name := func(h hit) bool { return h.term.kind == kService && (s == "" || h.term.service == s) }
	best := math.MaxInt
	last := -1 // end of the last cue
	for _, h := range hits {
		if cue(h) {
			last = h.end
		} else if name(h) && last >= 0 {
			best = min(best, h.start-last)
		}
	}
	next := -1 // start of the next cue
	for i := len(hits) - 1; i >= 0; i-- {
		h := hits[i]
		if cue(h) {
			next = h.start
		} else if name(h) && next >= 0 {
			best = min(best, next-h.end)
		}
	}
	return best
}

// nearestKind is the distance in runes between a mention of service s
// and the closest term of kind k, or math.MaxInt.
func nearestKind(hits []hit, s string, k kind) int {
	best := math.MaxInt
	last, next := -1, -1
	for _, h := range hits {
		if h.term.kind == k {
			last = h.end
		} else if h.term.kind == kService && h.term.service == s && last >= 0 {
			best = min(best, h.start-last)
		}
	}
	for i := len(hits) - 1; i >= 0; i-- {
		h := hits[i]
		if h.term.kind == k {
			next = h.start
		} else if h.term.kind == kService && h.term.service == s && next >= 0 {
			best = min(best, next-h.end)
		}
	}
	return best
}

// aside reports whether the text sets service s aside from the outage: a
// "still works" word nearer to one of its mentions than any report word,
// or a venue next to it ("flocked to Telegram", "said on X", and the
// services listed after such a one: "flocked to Telegram and Signal").
func aside(hits []hit, s string) bool {
	if w := nearestKind(hits, s, kWorking); w <= 40 && w < nearest(hits, s, true) {
		return true
	}
	venue := false // the last service named was a venue
	for i, h := range hits {
		if h.term.kind != kService {
			if h.term.kind != kVenue && h.term.kind != kVenueAfter {
				venue = false
			}
			continue
		}
		v := i > 0 && hits[i-1].term.kind == kVenue && h.start-hits[i-1].end <= 3 ||
			i > 0 && venue && hits[i-1].term.kind == kService && h.start-hits[i-1].end <= 6 ||
			i+1 < len(hits) && hits[i+1].term.kind == kVenueAfter && hits[i+1].start-h.end <= 3
		if v && h.term.service == s {
			return true
		}
		venue = v
	}
	return false
}

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

// model is a weight vector, read in place from model.bin: int16s times
// a scale.
type model struct {
	scale float32
	w     []byte // little-endian int16s
}

func (m model) weight(i uint32) float32 {
	return float32(int16(binary.LittleEndian.Uint16(m.w[2*i:]))) * m.scale
}

// score is the model's probability that the features say yes.
func (m model) score(fs []feature) float64 {
	var z float64
	for _, f := range fs {
		z += float64(m.weight(f.idx) * f.val)
	}
	return 1 / (1 + math.Exp(-z))
}

// models are model.bin's two models: the text's (is it an outage report?)
// and the mention's (is this service one that failed?).
type models struct {
	text, mention model
}

// modelSize is model.bin's length: the header (magic and data digest),
// then each model's scale and weights.
const modelSize = len(modelMagic) + 8 + 4 + 2*nFeatures + 4 + 2*nMention

// loadModels checks model.bin's header and size.
func loadModels(b []byte) (models, error) {
	if len(b) != modelSize || string(b[:len(modelMagic)]) != modelMagic {
		return models{}, errors.New("model.bin does not match this build's features: run go generate ./checker/classify")
	}
	b = b[len(modelMagic)+8:]
	var ms models
	for _, m := range []*model{&ms.text, &ms.mention} {
		n := nFeatures
		if m == &ms.mention {
			n = nMention
		}
		m.scale = math.Float32frombits(binary.LittleEndian.Uint32(b))
		m.w = b[4 : 4+2*n]
		b = b[4+2*n:]
	}
	return ms, nil
}

// explain names the n features (n at most 8) that pushed the verdict
// most its way; buf is the n-gram text the features were taken from.
func (m model) explain(fs []feature, buf []rune, outage bool, n int) []string {
	var top [8]struct {
		f feature
		v float32
	}
	n = min(n, len(top))
	k := 0 // top[:k] holds the best so far, best first
	for _, f := range fs {
		v := m.weight(f.idx) * f.val
		if !outage {
			v = -v
		}
		if v <= 0 || f.idx == fBias || (k == n && v <= top[k-1].v) {
			continue
		}
		dup := false
		for _, t := range top[:k] {
			dup = dup || t.f.idx == f.idx
		}
		if dup {
			continue
		}
		if k < n {
			k++
		}
		j := k - 1
		for ; j > 0 && top[j-1].v < v; j-- {
			top[j] = top[j-1]
		}
		top[j].f, top[j].v = f, v
	}
	out := make([]string, 0, k)
	for _, t := range top[:k] {
		name := slotNames[min(t.f.idx, nFixed-1)]
		if t.f.idx >= nFixed {
			name = "«" + readable(buf[t.f.pos:t.f.end]) + "»"
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// The mention model's feature space: fixed slots, then hashed context.
const gramScale = 1.0

const mentionBits = 14

const (
	mBias      = iota
	mOnly      // the only service named
	mServices2 // two named
	mServices3 // three or more
	mFirst     // named first
	mTwice     // named more than once
	mParent    // a service the lexicon calls its child is named too
	mChild     // its parent is named too
	mCueNone   // no report word in the text
	mCue10     // a report word within 10 runes
	mCue40
	mCueFar
	mAside // said to work, or where people went (aside)
	nMentionFixed
	nMention = nMentionFixed + 1<<mentionBits
)

// mentionFeatures computes the features of the service s named in the
// text whose features sc holds, into sc.mfeat: the words around each of
// its mentions (placeholders standing for the lexicon's terms, so "on §",
// "flocked to §", "§ ¤" are learnt across services), its own id, how many
// others are named, how near a report word is.
func (c *Classifier) mentionFeatures(sc *scratch, s string, services []string) {
	out := sc.mfeat[:0]
	fixed := func(i int) { out = append(out, feature{idx: uint32(i), val: 1}) }
	fixed(mBias)
	switch len(services) {
	case 1:
		fixed(mOnly)
	case 2:
		fixed(mServices2)
	default:
		fixed(mServices3)
	}
	if services[0] == s {
		fixed(mFirst)
	}
	n := 0
	for _, m := range sc.ments {
		if m.service == s {
			n++
		}
	}
	if n > 1 {
		fixed(mTwice)
	}
	for _, o := range services {
		if c.parents[o] == s {
			fixed(mParent)
		}
		if c.parents[s] == o {
			fixed(mChild)
		}
	}
	d := nearest(sc.hits, s, true)
	if aside(sc.hits, s) {
		fixed(mAside)
	}
	switch {
	case d == math.MaxInt:
		fixed(mCueNone)
	case d <= 10:
		fixed(mCue10)
	case d <= 40:
		fixed(mCue40)
	default:
		fixed(mCueFar)
	}
	start := len(out)
	hashed := func(g []rune, tag uint32) {
		out = append(out, feature{idx: uint32(nMentionFixed) + hashRunes(g, tag)&(1<<mentionBits-1), val: 1})
	}
	hashed([]rune(s), 101)
	if len(services) > 1 { // X as where news was posted, Google as an owner
		hashed([]rune(s), 102)
		if services[0] == s {
			hashed([]rune(s), 103)
		}
	}
	buf := sc.grams
	seen := 0
	for _, m := range sc.ments {
		if m.service != s {
			continue
		}
		if seen++; seen > maxMentions {
			break
		}
		// Up to three words each side, each with its place.
		l, r := m.pos, m.pos+1
		for k := uint32(1); k <= 3; k++ {
			l = prevWord(buf, l)
			if l < 0 {
				break
			}
			hashed(buf[l:wordEnd(buf, l)], 110+k)
			hashed(append([]rune{svcRune}, buf[l:wordEnd(buf, l)]...), 120+k)
		}
		for k := uint32(1); k <= 3; k++ {
			r = nextWord(buf, r)
			if r < 0 {
				break
			}
			e := wordEnd(buf, r)
			hashed(buf[r:e], 130+k)
			r = e
		}
		// The characters touching it: case endings, particles, "@".
		if m.pos >= 3 {
			hashed(buf[m.pos-3:m.pos], 141)
		}
		if m.pos+4 <= len(buf) {
			hashed(buf[m.pos+1:m.pos+4], 142)
		}
	}
	if k := len(out) - start; k > 0 {
		v := float32(1 / math.Sqrt(float64(k)))
		for i := start; i < len(out); i++ {
			out[i].val = v
		}
	}
	sc.mfeat = out
}

// readable spells an n-gram's placeholders out: "[service] [outage]".
func readable(g []rune) string {
	var b strings.Builder
	for _, r := range g {
		switch {
		case r == svcRune:
			b.WriteString("[service]")
		case r == '¤':
			b.WriteString("[outage]")
		case r == '~':
			b.WriteString("[weak]")
		case r == '®':
			b.WriteString("[recovery]")
		case r == '✓':
			b.WriteString("[working]")
		case r == '→':
			b.WriteString("[venue]")
		case r >= 0x2460 && int(r-0x2460) < len(trapKinds):
			b.WriteString("[" + trapKinds[r-0x2460] + "]")
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// maxMentions is how many of a service's mentions the mention model reads.
const maxMentions = 8

// prevWord is the start of the word before position i of buf, or -1.
func prevWord(buf []rune, i int) int {
	j := i - 1
	for j >= 0 && buf[j] == ' ' {
		j--
	}
	if j < 0 {
		return -1
	}
	for j > 0 && buf[j-1] != ' ' {
		j--
	}
	return j
}

// nextWord is the start of the word at or after position i, or -1.
func nextWord(buf []rune, i int) int {
	for i < len(buf) && buf[i] == ' ' {
		i++
	}
	if i >= len(buf) {
		return -1
	}
	return i
}

// wordEnd is the end of the word starting at i.
func wordEnd(buf []rune, i int) int {
	for i < len(buf) && buf[i] != ' ' {
		i++
	}
	return i
}
