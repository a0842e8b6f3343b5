// Package classify decides whether a news headline or summary, in any of
// two dozen languages, reports an outage of an online service: which
// services, and whether it reports the recovery.
//
// It is a lexicon, not a model: lexicon.toml lists the services' names in
// every script and, per language, the words that report a failure, a
// recovery, and the traps that look like one (shares "down", accounts
// banned, a state blocking a service, power cuts, how-to pages, feature
// launches, fines). A text is matched once, leftmost-longest, so "power
// outage" is a power cut and never an outage; the terms it matched come
// back with the verdict, so every decision can be explained. Deterministic
// and allocation-light: see BenchmarkClassify.
package classify

import (
	"math"
	"slices"
	"sync"

	"github.com/downradar/downradar/checker/catalog"
)

// Result is the verdict on one text, in the shape `downradar classify` prints.
type Result struct {
	Outage    bool     `json:"outage"`
	Services  []string `json:"services"`  // catalog ids, sorted; empty when not an outage
	Recovered bool     `json:"recovered"` // it reports the service works again
	Score     float64  `json:"score"`     // 0..1, how strongly the words report an outage
	Matched   []string `json:"matched"`   // the lexicon terms found, in text order
}

// Threshold is the evidence a text needs to count as an outage report:
// one outage word, or two weak ones, net of the traps.
const Threshold = 0.75

// Classifier holds the compiled lexicon. It is safe for concurrent use.
type Classifier struct {
	*compiled
	bufs sync.Pool // *scratch
}

type scratch struct {
	t    text
	hits []hit
}

// New compiles the built-in lexicon with the names of the built-in
// catalog's services.
func New() (*Classifier, error) {
	return compileWith("lexicon.toml", builtinLexicon, catalog.Names())
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
	c := &Classifier{compiled: comp}
	c.bufs.New = func() any { return &scratch{} }
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

// Words are a language's outage words, strongest first as the lexicon lists
// them (nil for a language it lacks); news searches use them.
func (c *Classifier) Words(lang string) []string { return slices.Clone(c.words[lang]) }

// Classify judges one headline, summary or both joined.
func (c *Classifier) Classify(s string) Result {
	sc := c.bufs.Get().(*scratch)
	defer c.bufs.Put(sc)
	prepare(s, &sc.t)
	sc.hits = c.m.scan(&sc.t, sc.hits[:0])

	var (
		res                     = Result{Services: []string{}, Matched: []string{}}
		outage, recovery, traps float64
		seenTerm                = make(map[*term]bool, len(sc.hits))
		services                []string
	)
	for _, h := range sc.hits {
		t := h.term
		if seenTerm[t] || t.kind == kNeutral {
			continue
		}
		seenTerm[t] = true
		res.Matched = append(res.Matched, t.word)
		switch t.kind {
		case kService:
			if !slices.Contains(services, t.service) {
				services = append(services, t.service)
			}
			outage += t.weight // a hashtag such as #whatsappdown
		case kOutage, kWeak:
			outage += t.weight
		case kRecovery:
			recovery += t.weight
		case kTrap:
			traps += t.weight
		}
	}
	evidence := min(outage, 2) + min(recovery, recoveryWeight) - traps
	res.Score = math.Round(1000/(1+math.Exp(-4*(evidence-Threshold)))) / 1000
	if len(services) == 0 || evidence < Threshold {
		return res
	}
	res.Outage = true
	res.Recovered = recovery > 0
	for _, s := range services {
		if !c.hasChild(services, s) {
			res.Services = append(res.Services, s)
		}
	}
	slices.Sort(res.Services)
	return res
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
