package classify

import "math"

// The mention model: which of the services a report names it says failed.

// mention is where a service's name stands in the n-gram text.
type mention struct {
	service string
	pos     int // of its placeholder in scratch.grams
}

// The mention model's feature space: fixed slots, then 2^mentionBits
// hashed buckets for the words around the mention.
const mentionBits = 14

// The mention model's fixed slots.
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
	mAside       // said to work, or where people went (aside)
	mBeforeName  // a mention is written just before another service's name ("Facebook Messenger", "Google's Gemini")
	mAfterName   // just after one
	mOwnerBefore // just before one it runs ([owners], [parents])
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
	before, after, ownerBefore, _ := c.adjacent(&sc.t, sc.hits, s)
	if before {
		fixed(mBeforeName)
	}
	if after {
		fixed(mAfterName)
	}
	if ownerBefore {
		fixed(mOwnerBefore)
	}
	d := nearest(sc.hits, s, isReportOrRecovery)
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

// adjacent reports whether a mention of s is written just before another
// service's name (only spaces, a hyphen or a possessive between: "Facebook
// Messenger", "Google's Gemini"; "Google-Dienst YouTube" is not), just
// after one, and whether s then is the owner of the service after it; and
// whether every mention of s is so written before a service it owns, with
// spaces or a possessive only, that service not the first of a list, in a
// script that spaces its words (the owner as part of the name: "Facebook
// Messenger", "Google's Gemini"; in Thai a space separates names).
func (c *Classifier) adjacent(t *text, hits []hit, s string) (before, after, ownerBefore, ownerOnly bool) {
	prev := -1 // index of the last service hit
	mentions, owned := 0, 0
	for i, h := range hits {
		if h.term.kind != kService {
			continue
		}
		if h.term.service == s {
			mentions++
		}
		if prev >= 0 {
			p := hits[prev]
			if p.term.service != h.term.service && joined(t, p.end, h.start) {
				if p.term.service == s {
					before = true
					if c.owners[h.term.service] == s || c.parents[h.term.service] == s {
						ownerBefore = true
						if !hyphened(t, p.end, h.start) && scriptOf(t.fold[p.start]) != unspaced && !listed(hits, i) {
							owned++
						}
					}
				}
				if h.term.service == s {
					after = true
				}
			}
		}
		prev = i
	}
	return before, after, ownerBefore, mentions > 0 && owned == mentions
}

// listed reports whether the service named by hits[i] is followed closely
// by another one, as in a list: "Facebook Instagram and WhatsApp".
func listed(hits []hit, i int) bool {
	for _, h := range hits[i+1:] {
		if h.start-hits[i].end > 6 {
			return false
		}
		if h.term.kind == kService && h.term.service != hits[i].term.service {
			return true
		}
	}
	return false
}

// hyphened reports whether a hyphen is among the runes of t between i and j.
func hyphened(t *text, i, j int) bool {
	for k := i; k < j; k++ {
		if t.fold[k] == '-' {
			return true
		}
	}
	return false
}

// joined reports whether the runes of t between i and j join two names
// into one phrase: nothing, spaces, a hyphen, a possessive ('s, ').
func joined(t *text, i, j int) bool {
	if j-i > 4 {
		return false
	}
	for k := i; k < j; k++ {
		switch r := t.fold[k]; {
		case r == ' ', r == '-', r == '\'':
		case r == 's' && k > i && t.fold[k-1] == '\'':
		default:
			return false
		}
	}
	return true
}

// maxMentions is how many of a service's mentions the mention model reads.
const maxMentions = 8

// aside reports whether the text sets service s aside from the outage: a
// "still works" word nearer to one of its mentions than any report word,
// or a venue next to it ("flocked to Telegram", "said on X", and the
// services listed after such a one: "flocked to Telegram and Signal").
func aside(hits []hit, s string) bool {
	if w := nearest(hits, s, isWorking); w <= 40 && w < nearest(hits, s, isReportOrRecovery) {
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
