package classify

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/downradar/downradar/checker/catalog"
	"github.com/downradar/downradar/checker/internal/tomldoc"
)

//go:embed lexicon.toml
var builtinLexicon []byte

// builtinKnowledge holds the entries written from knowledge of the
// languages alone, never from the corpus's text (lexicon-knowledge.toml).
//
//go:embed lexicon-knowledge.toml
var builtinKnowledge []byte

// knowledgeName names lexicon-knowledge.toml in errors.
const knowledgeName = "lexicon-knowledge.toml"

// kind is what a term says.
type kind uint8

const (
	kService    kind = iota // names a service
	kOutage                 // reports a failure
	kWeak                   // hints at one
	kRecovery               // reports a recovery
	kNeutral                // an outage word meaning something else: ignored
	kTrap                   // weighs against a report
	kWorking                // says a service works ("still works", "not affected")
	kVenue                  // where people went or spoke, before the name ("flocked to", "said on")
	kVenueAfter             // the same, after the name ("का रुख किया")
)

// term is one lexicon entry: one spelling and what it stands for.
type term struct {
	word    string  // as in the lexicon, shown in Result.Matched
	service string  // kService, and hashtags like "whatsappdown"
	weight  float64 // kOutage, kWeak, kRecovery, kTrap
	kind    kind
	trap    uint8 // kTrap: its index in trapKinds
	lang    uint8 // 1 + its language's index in the compiled langs; 0 for a service name
	known   bool  // from lexicon-knowledge.toml
}

// Weights of the report terms.
const (
	outageWeight   = 1.0
	weakWeight     = 0.5
	recoveryWeight = 0.8
)

// langKeys are the keys of a language's section besides the traps, and the
// kind of term each gives; kindWeights the weights of those that have one.
var (
	langKeys = map[string]kind{"outage": kOutage, "weak": kWeak, "recovery": kRecovery, "neutral": kNeutral,
		"working": kWorking, "venue": kVenue, "venue_after": kVenueAfter}
	kindWeights = map[kind]float64{kOutage: outageWeight, kWeak: weakWeight, kRecovery: recoveryWeight}
)

// lexiconFile is the TOML shape of lexicon.toml.
type lexiconFile struct {
	Traps    map[string]float64             `toml:"traps"`
	Parents  map[string]string              `toml:"parents"`
	Owners   map[string]string              `toml:"owners"`
	Services map[string][]string            `toml:"services"`
	Lang     map[string]map[string][]string `toml:"lang"`
	// Known are the sections of lexicon-knowledge.toml, in the shape of
	// Lang: compiled after Lang, each entry a new spelling.
	Known map[string]map[string][]string `toml:"-"`
}

// knowledgeFile is the TOML shape of lexicon-knowledge.toml: language
// sections only.
type knowledgeFile struct {
	Lang map[string]map[string][]string `toml:"lang"`
}

// builtinFile decodes the built-in lexicon: lexicon.toml with the entries
// of lexicon-knowledge.toml.
func builtinFile() (lexiconFile, error) {
	var f lexiconFile
	if err := tomldoc.Decode(builtinLexicon, &f); err != nil {
		return f, tomldoc.In("lexicon.toml", err)
	}
	var k knowledgeFile
	if err := tomldoc.Decode(builtinKnowledge, &k); err != nil {
		return f, tomldoc.In(knowledgeName, err)
	}
	f.Known = k.Lang
	return f, nil
}

// compileBuiltin compiles the built-in lexicon with the names of the
// built-in catalog's services.
func compileBuiltin() (*compiled, error) {
	f, err := builtinFile()
	if err != nil {
		return nil, err
	}
	return build("lexicon.toml", f, catalog.Names())
}

// trapKinds are the trap categories; a language's section may use these
// keys besides outage, weak, recovery and neutral.
var trapKinds = []string{"stock", "ban", "block", "power", "howto", "guide", "launch", "fine", "planned", "denial", "generic"}

// compile turns a lexicon document into a matcher. Errors name the file
// and the key of the faulty entry.
func compile(name string, doc []byte, services map[string][]string) (*compiled, error) {
	var f lexiconFile
	if err := tomldoc.Decode(doc, &f); err != nil {
		return nil, tomldoc.In(name, err)
	}
	return build(name, f, services)
}

// build compiles a decoded lexicon document, the services' names added to
// its own.
func build(name string, f lexiconFile, services map[string][]string) (*compiled, error) {
	for k := range f.Traps {
		if !slices.Contains(trapKinds, k) {
			return nil, fmt.Errorf("%s: traps.%s: unknown trap (want %s)", name, k, strings.Join(trapKinds, ", "))
		}
	}
	for _, k := range trapKinds {
		if w, ok := f.Traps[k]; !ok || w <= 0 {
			return nil, fmt.Errorf("%s: traps.%s: want a positive weight", name, k)
		}
	}
	for id, names := range services {
		if _, dup := f.Services[id]; dup {
			return nil, fmt.Errorf("%s: services.%s: named both in the lexicon and the catalog", name, id)
		}
		if f.Services == nil {
			f.Services = map[string][]string{}
		}
		f.Services[id] = names
	}
	// The spellings and their runes, to size the map and the matcher once
	// (a name may give a hashtag too: "whatsappdown").
	n, runes := 0, 0
	for _, names := range f.Services {
		for _, w := range names {
			n, runes = n+2, runes+2*utf8.RuneCountInString(w)+4
		}
	}
	for _, sections := range []map[string]map[string][]string{f.Lang, f.Known} {
		for _, lf := range sections {
			for _, words := range lf {
				for _, w := range words {
					n, runes = n+1, runes+utf8.RuneCountInString(w)
				}
			}
		}
	}
	c := compiler{m: newMatcher(n, runes), seen: make(map[string]*term, n)}
	ids := make([]string, 0, len(f.Services))
	for id := range f.Services {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if id == "" || strings.ToLower(id) != id {
			return nil, fmt.Errorf("%s: services.%s: an id is lowercase", name, id)
		}
		if len(f.Services[id]) == 0 {
			return nil, fmt.Errorf("%s: services.%s: no names", name, id)
		}
		for _, w := range f.Services[id] {
			key := "services." + id
			if err := c.add(name, key, w, &term{word: w, kind: kService, service: id}); err != nil {
				return nil, err
			}
			// "#whatsappdown": a hashtag names the service and the outage.
			if r := []rune(strings.TrimPrefix(w, "=")); scriptOf(r[0]) == spaced && !strings.ContainsAny(w, " .*") {
				tag := strings.ToLower(string(r)) + "down"
				if err := c.add(name, key, tag, &term{word: tag, kind: kService, service: id, weight: outageWeight}); err != nil {
					return nil, err
				}
			}
		}
	}
	for child, parent := range f.Parents {
		if f.Services[child] == nil || f.Services[parent] == nil {
			return nil, fmt.Errorf("%s: parents.%s: %q and %q must both be services", name, child, child, parent)
		}
	}
	for child, owner := range f.Owners {
		if f.Services[child] == nil || f.Services[owner] == nil {
			return nil, fmt.Errorf("%s: owners.%s: %q and %q must both be services", name, child, child, owner)
		}
	}
	langs := make([]string, 0, len(f.Lang))
	for l := range f.Lang {
		langs = append(langs, l)
	}
	for l := range f.Known {
		if f.Lang[l] == nil {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	if len(langs) > 255 {
		return nil, fmt.Errorf("%s: %d languages, at most 255", name, len(langs))
	}
	c.langs = langs
	for li, l := range langs {
		if len(f.Lang[l]["outage"])+len(f.Known[l]["outage"]) == 0 {
			return nil, fmt.Errorf("%s: lang.%s.outage: no words", name, l)
		}
		if err := c.section(name, li, l, f.Lang[l], f.Traps, false); err != nil {
			return nil, err
		}
	}
	for li, l := range langs { // after all of lexicon.toml, so that a known entry is seen to be new
		if err := c.section(knowledgeName, li, l, f.Known[l], f.Traps, true); err != nil {
			return nil, err
		}
	}
	c.m.done()
	out := &compiled{m: c.m, parents: f.Parents, owners: f.Owners, langs: langs, names: map[string][]string{}, words: map[string][]string{}}
	for id, names := range f.Services {
		for _, n := range names {
			out.names[id] = append(out.names[id], strings.TrimSuffix(strings.TrimPrefix(n, "="), "*"))
		}
	}
	for l, lf := range f.Lang {
		for _, w := range lf["outage"][:min(len(lf["outage"]), SearchWords)] {
			out.words[l] = append(out.words[l], strings.TrimSuffix(w, "*"))
		}
	}
	return out, nil
}

// section adds the entries of one language's section lf, the lang-th of
// the compiled languages, from the file name; known marks those of
// lexicon-knowledge.toml.
func (c *compiler) section(name string, lang int, l string, lf map[string][]string, traps map[string]float64, known bool) error {
	keys := make([]string, 0, len(lf))
	for k := range lf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var proto term
		if kd, ok := langKeys[k]; ok {
			proto = term{kind: kd, weight: kindWeights[kd]}
		} else {
			if !slices.Contains(trapKinds, k) {
				return fmt.Errorf("%s: lang.%s.%s: unknown key (want outage, weak, recovery, neutral, working, venue, venue_after or a trap: %s)", name, l, k, strings.Join(trapKinds, ", "))
			}
			proto = term{kind: kTrap, trap: uint8(slices.Index(trapKinds, k)), weight: traps[k]}
		}
		proto.known = known
		terms := make([]term, len(lf[k])) // one allocation for the list
		for i, w := range lf[k] {
			t := &terms[i]
			*t = proto
			t.word, t.lang = w, uint8(lang+1)
			if err := c.add(name, "lang."+l+"."+k, w, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// serviceSuffix is how many letters of a case ending a service's name in
// a Latin or Cyrillic script may take ("Instagramie", "телеграме");
// longSuffix for names of 6 letters or more, which Finnish and Hungarian
// inflect longer ("Instagramissa", "Facebookkal") and which are too long to
// hide in another word.
const (
	serviceSuffix = 3
	longSuffix    = 5
)

// compiled is a lexicon ready for use.
type compiled struct {
	m       *matcher
	parents map[string]string
	owners  map[string]string // a service -> the one whose company runs it (instagram -> facebook)
	langs   []string
	names   map[string][]string // service id -> spellings, as written
	words   map[string][]string // language -> outage words, as written
}

// compiler adds entries to a matcher, refusing one spelling with two meanings.
type compiler struct {
	m     *matcher
	seen  map[string]*term // by pattern ("=" kept) -> its term
	buf   text             // parsePattern's, reused: the lexicon has thousands of spellings
	langs []string         // the lexicon's languages, sorted: term.lang - 1 indexes it
}

func (c *compiler) add(name, key, word string, t *term) error {
	p, rs, err := parsePattern(word, &c.buf)
	if err != nil {
		return fmt.Errorf("%s: %s: %q: %w", name, key, word, err)
	}
	p.term = t
	if t.kind == kService && t.weight == 0 && p.sc == spaced && (!p.exact || len(rs) >= 4) {
		p.suffix = serviceSuffix
		if len(rs) >= 6 {
			p.suffix = longSuffix
		}
	}
	id := patternID(p, rs)
	if old, ok := c.seen[id]; ok {
		if t.known && !old.known {
			// Written from knowledge, it must be new: the blind
			// cross-validation keeps it, and drops what lexicon.toml has.
			return fmt.Errorf("%s: %s: %q is in lexicon.toml already, as %s", name, key, word, c.describe(old))
		}
		if old.kind == t.kind && old.service == t.service && old.trap == t.trap {
			return nil // the same word in two languages, or twice
		}
		return fmt.Errorf("%s: %s: %q already means %s", name, key, word, c.describe(old))
	}
	c.seen[id] = t
	c.m.add(p, rs)
	return nil
}

func patternID(p pattern, rs []rune) string {
	id := string(rs)
	if p.exact {
		id = "=" + id
	}
	if p.stem {
		id += "*"
	}
	return id
}

// describe says what t means, for an error.
func (c *compiler) describe(t *term) string {
	lang := ""
	if t.lang > 0 {
		lang = " (lang." + c.langs[t.lang-1] + ")"
	}
	switch t.kind {
	case kService:
		return "the service " + t.service
	case kTrap:
		return "the trap " + trapKinds[t.trap] + lang
	}
	return kindWords[t.kind] + lang
}

// kindWords say what a term of each kind is, in errors.
var kindWords = map[kind]string{
	kOutage: "an outage", kWeak: "a weak outage hint", kRecovery: "a recovery", kNeutral: "a neutral phrase",
	kWorking: "a word that a service works", kVenue: "a venue", kVenueAfter: "a venue written after the name",
}

// parsePattern folds a lexicon spelling into a pattern and its runes (in
// t's buffers, valid until t is used again), with t as its
// scratch.
func parsePattern(word string, t *text) (pattern, []rune, error) {
	var p pattern
	w := strings.TrimSpace(word)
	if w != word || w == "" {
		return p, nil, errors.New("empty, or spaces around it")
	}
	if strings.HasPrefix(w, "=") {
		p.exact, w = true, w[1:]
	}
	if strings.HasSuffix(w, "*") {
		p.stem, w = true, strings.TrimSuffix(w, "*")
	}
	prepare(w, t)
	if len(t.fold) == 0 {
		return p, nil, errors.New("nothing left to match")
	}
	if len(t.fold) > math.MaxUint16 {
		return p, nil, errors.New("too long")
	}
	rs := t.fold
	if p.exact {
		rs = t.orig
	}
	for _, r := range rs {
		if r > 0xFFFF {
			return p, nil, fmt.Errorf("%q is beyond the Basic Multilingual Plane", r)
		}
	}
	p.sc = scriptOf(t.fold[0])
	if p.stem && p.sc != spaced {
		return p, nil, errors.New("a trailing * is for Latin, Cyrillic and Greek words; other scripts match any ending already")
	}
	return p, rs, nil
}
