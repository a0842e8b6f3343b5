// Package classify decides whether a news headline or summary, in any of
// some sixty languages, reports an outage of an online service: which
// services, and whether it reports the recovery.
//
// It has two halves. A lexicon (lexicon.toml, data): the services' names in
// every script and, per language, the words that report a failure, a
// recovery, the traps that look like one (shares "down", accounts banned, a
// state blocking a service, power cuts, how-to pages, launches, fines), the
// words that set a service aside ("still works") or name where people went
// ("flocked to"). A text is matched once, leftmost-longest, so "power
// outage" is a power cut and never an outage. And a learned half (model.go):
// a logistic regression over the lexicon's findings and the text's hashed
// n-grams, and another that picks which named services failed, trained
// offline on the tuning data (train.go, go generate) and embedded.
// Deterministic; every verdict comes with the terms matched and the
// features that weighed most. See BenchmarkClassify for its speed and
// TestSealed for how right it is on text it has never seen.
package classify

import (
	"math"
	"slices"
	"sync"
	"unicode/utf8"
)

// Result is the verdict on one text, in the shape `downradar classify` prints.
type Result struct {
	Outage   bool     `json:"outage"`
	Services []string `json:"services"` // catalog ids, sorted; empty when not an outage
	// Named is, for each of Services, the mention model's belief (0..1)
	// that the text says that service failed (under 0.5 for the likeliest
	// one of a text that names none above it).
	Named     []float64 `json:"named"`
	Recovered bool      `json:"recovered"` // it reports the service works again
	Score     float64   `json:"score"`     // 0..1, the model's belief that the text reports an outage
	Matched   []string  `json:"matched"`   // the lexicon terms found, in text order
	Because   []string  `json:"because"`   // the features that weighed most for the verdict
}

// Threshold is the lexicon's evidence for an outage report: one outage
// word, or two weak ones, net of the traps. The model weighs the evidence
// against it, among its other features.
const Threshold = 0.75

// modelCut is the model's probability from which a text naming a service
// and holding a report word of the lexicon is an outage report;
// modelAlone is the one from which the model's n-grams suffice alone;
// modelOverTraps the one from which they overrule traps (a block, a power
// cut, shares) that outweigh the report words.
const (
	modelCut       = 0.5
	modelAlone     = 0.7
	modelOverTraps = 0.9
)

// Classifier holds the compiled lexicon. It is safe for concurrent use.
type Classifier struct {
	*compiled
	models models
	bufs   sync.Pool // *scratch
}

type scratch struct {
	t     text
	hits  []hit
	feats []feature
	grams []rune
	ments []mention
	mfeat []feature
	terms []*term // the distinct terms of the text
	// seen[b] == stamp: the text being read has hashed feature b.
	seen  *[hashBuckets]uint32
	stamp uint32
}

func newScratch() *scratch { return &scratch{seen: new([hashBuckets]uint32)} }

// New compiles the built-in lexicon with the names of the built-in
// catalog's services.
func New() (*Classifier, error) {
	comp, err := compileBuiltin()
	if err != nil {
		return nil, err
	}
	return withModels(comp, modelBin)
}

// Compile builds a classifier from a lexicon document in the format of
// lexicon.toml; name is used in errors.
func Compile(name string, doc []byte) (*Classifier, error) {
	return compileWith(name, doc, nil)
}

func compileWith(name string, doc []byte, services map[string][]string) (*Classifier, error) {
	comp, err := compile(name, doc, services)
	if err != nil {
		return nil, err
	}
	return withModels(comp, modelBin)
}

// withModels is a classifier of the compiled lexicon and the models b
// encodes.
func withModels(comp *compiled, b []byte) (*Classifier, error) {
	ms, err := loadModels(b)
	if err != nil {
		return nil, err
	}
	c := &Classifier{compiled: comp, models: ms}
	c.bufs.New = func() any { return newScratch() }
	return c, nil
}

// Languages are the languages the lexicon covers (ISO 639-1), sorted.
func (c *Classifier) Languages() []string { return slices.Clone(c.langs) }

// Services are the service ids the lexicon knows, sorted.
func (c *Classifier) Services() []string {
	ids := make([]string, 0, len(c.names))
	for id := range c.names {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Names are the spellings of a service's name, in every script, as the
// lexicon lists them (nil for an unknown id); news searches use them.
func (c *Classifier) Names(id string) []string { return slices.Clone(c.names[id]) }

// SearchWords is how many of a language's outage words, the first the
// lexicon lists, go into its news searches.
const SearchWords = 8

// Words are a language's first SearchWords outage words, strongest first
// as the lexicon lists them (nil for a language it lacks); news searches
// use them.
func (c *Classifier) Words(lang string) []string { return slices.Clone(c.words[lang]) }

// Classify judges one headline, summary or both joined.
func (c *Classifier) Classify(s string) Result {
	sc := c.bufs.Get().(*scratch)
	defer c.bufs.Put(sc)
	return c.classify(s, sc)
}

// classify judges s with the buffers of sc.
func (c *Classifier) classify(s string, sc *scratch) Result {
	res, lex := c.analyze(s, sc)
	p := belief(c.models.text.score(sc.feats), lex)
	res.Score = math.Round(1000*p) / 1000
	outage := len(lex.services) > 0 && p >= 0.5
	res.Because = c.models.text.explain(sc.feats, sc.grams, outage, 4)
	if !outage {
		return res
	}
	res.Outage = true
	res.Recovered = lex.recovery > 0
	res.Services, res.Named = c.attribute(sc, lex.services, res.Services)
	return res
}

// attribute picks, among the services a report names (in text order),
// those it says failed: each mention weighed by the mention model, and at
// least the likeliest one; a service the text sets aside (it "still
// works", people "flocked to" it) is left out when another one is not; a
// parent is dropped when its child is kept ("Google's YouTube is down" is
// about YouTube). Sorted.
func (c *Classifier) attribute(sc *scratch, named, out []string) ([]string, []float64) {
	all := named
	var kept []string
	for _, s := range named {
		if _, _, _, ownerOnly := c.adjacent(&sc.t, sc.hits, s); ownerOnly {
			continue // "Facebook Messenger", "Google's Gemini"
		}
		if !aside(sc.hits, s) {
			kept = append(kept, s)
		}
	}
	if len(kept) > 0 {
		named = kept
	}
	best, bestP := "", -1.0
	var ps []float64 // of out
	for _, s := range named {
		c.mentionFeatures(sc, s, all)
		p := c.models.mention.score(sc.mfeat)
		if p >= 0.5 {
			out, ps = append(out, s), append(ps, p)
		}
		if p > bestP {
			best, bestP = s, p
		}
	}
	if len(out) == 0 {
		out, ps = append(out, best), append(ps, bestP)
	}
	ids := make([]string, 0, len(out))
	for _, s := range out {
		if !c.hasChild(out, s) {
			ids = append(ids, s)
		}
	}
	slices.Sort(ids)
	beliefs := make([]float64, len(ids))
	for i, s := range ids {
		beliefs[i] = math.Round(1000*ps[slices.Index(out, s)]) / 1000
	}
	return ids, beliefs
}

// belief is how strongly a text reports an outage, 0..1, one half the
// line: the model's probability p rescaled so that the line falls at
// modelCut when the lexicon too finds enough report words, at
// modelOverTraps when its traps outweigh its report words, and at
// modelAlone otherwise.
func belief(p float64, lex lexical) float64 {
	cut := modelAlone
	switch {
	case lex.cue && lex.evidence >= Threshold:
		cut = modelCut
	case lex.evidence < 0: // the traps outweigh the report words
		cut = modelOverTraps
	}
	if p < cut {
		return 0.5 * p / cut
	}
	return 0.5 + 0.5*(p-cut)/(1-cut)
}

// lexical is what the lexicon found in a text.
type lexical struct {
	services                []string // named, in text order
	outage, recovery, traps float64
	evidence                float64 // net weight of the report words, as the model reads it
	cue                     bool    // an outage, weak or recovery word, or a hashtag
}

// MaxText is how much of a text is read: a headline and its summary are
// far shorter, and a longer text (a whole page, a hostile feed) is judged
// on its first MaxText bytes, in bounded time and memory.
const MaxText = 8 << 10

// analyze matches s against the lexicon and computes the model's features
// into sc; the result has the matched terms, not yet a verdict.
func (c *Classifier) analyze(s string, sc *scratch) (Result, lexical) {
	if len(s) > MaxText {
		cut := MaxText
		for cut > MaxText-utf8.UTFMax && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	prepare(s, &sc.t)
	sc.hits = c.m.scan(&sc.t, sc.hits[:0])
	var (
		res      = Result{Services: []string{}, Named: []float64{}, Matched: []string{}}
		lex      lexical
		seenTerm = sc.terms[:0]
	)
	defer func() { sc.terms = seenTerm[:0] }()
	for _, h := range sc.hits {
		t := h.term
		if t.kind == kNeutral || slices.Contains(seenTerm, t) {
			continue
		}
		seenTerm = append(seenTerm, t)
		res.Matched = append(res.Matched, t.word)
		switch t.kind {
		case kService:
			if !slices.Contains(lex.services, t.service) {
				lex.services = append(lex.services, t.service)
			}
			lex.outage += t.weight // a hashtag such as #whatsappdown
			lex.cue = lex.cue || t.weight > 0
		case kOutage, kWeak:
			lex.outage += t.weight
			lex.cue = true
		case kRecovery:
			lex.recovery += t.weight
			lex.cue = true
		case kTrap:
			lex.traps += t.weight
		}
	}
	lex.evidence = min(lex.outage, 2) + min(lex.recovery, recoveryWeight) - lex.traps
	sc.features(lex.evidence)
	return res, lex
}

// hasChild reports whether services names a child of s ("youtube" for "google").
func (c *Classifier) hasChild(services []string, s string) bool {
	for _, o := range services {
		if c.parents[o] == s {
			return true
		}
	}
	return false
}
