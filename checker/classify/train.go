package classify

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/downradar/downradar/checker/catalog"
	"github.com/downradar/downradar/checker/internal/corpus"
)

// The trainer of the two models (model.go): logistic regressions over the
// features of features.go and mention.go, fitted reproducibly on labelled
// items. `go generate ./checker/classify` trains them on the tuning data
// into model.bin (train_test.go); cross-validation and the radar's
// replayed days of tuning data train them on parts of it (Train).

// Train is the built-in lexicon with models trained on items alone, in
// place of model.bin: for cross-validation, where what is scored must not
// be what was trained on.
func Train(items []corpus.Item) (*Classifier, error) {
	comp, err := compileBuiltin()
	if err != nil {
		return nil, err
	}
	return trainedOn(comp, items)
}

// TrainBlind is Train for scoring unseen items: the built-in lexicon
// without the entries that match some text of unseen and none of items
// (entries its authors could only have written from those texts, since
// they read the tuning data's misses), with models trained on items with
// that lexicon; and how many entries it left out. The entries of
// lexicon-knowledge.toml stay: nobody wrote them from any text of the
// corpus. Scored on unseen, it
// stands where a score on text nobody has read stands (TestCrossValidateUnseen).
func TrainBlind(items, unseen []corpus.Item) (*Classifier, int, error) {
	f, err := builtinFile()
	if err != nil {
		return nil, 0, err
	}
	full, err := build("lexicon.toml", f, catalog.Names())
	if err != nil {
		return nil, 0, err
	}
	seen := matchedTerms(full, items)
	only := map[termKey]bool{}
	for tk := range matchedTerms(full, unseen) {
		if !seen[tk] {
			only[tk] = true
		}
	}
	comp, err := build("lexicon.toml", without(f, only), without(lexiconFile{Services: catalog.Names()}, only).Services)
	if err != nil {
		return nil, 0, err
	}
	c, err := trainedOn(comp, items)
	return c, len(only), err
}

// trainBuiltin compiles the built-in lexicon and trains both models on
// items: the lexicon, and the models as model.bin holds them.
func trainBuiltin(items []corpus.Item) (*compiled, []byte, error) {
	comp, err := compileBuiltin()
	if err != nil {
		return nil, nil, err
	}
	return comp, modelsFor(comp, items), nil
}

// modelsFor trains both models on items as comp reads them: model.bin's
// bytes.
func modelsFor(comp *compiled, items []corpus.Item) []byte {
	exs, digest := makeExamples(&Classifier{compiled: comp}, items)
	return trainModels(digest, exs)
}

// trainedOn is comp with models trained on items.
func trainedOn(comp *compiled, items []corpus.Item) (*Classifier, error) {
	c, err := withModels(comp, modelsFor(comp, items))
	if err != nil {
		return nil, fmt.Errorf("the models trained on %d items: %w", len(items), err)
	}
	return c, nil
}

// Training settings. Fixed, so that training is reproducible.
const (
	trainEpochs = 12
	trainRate   = 0.3  // AdaGrad's base step
	trainL2     = 1e-3 // per step, on the weights a step touches
	trainSeed   = 13
)

// examples are the two models' training examples.
type examples struct {
	text, mention []example
}

// example is one training text as features and a label.
type example struct {
	feats []feature
	y     float64 // 1: an outage report (or a recovery) of a catalog service
}

// makeExamples turns items into both models' examples.
func makeExamples(c *Classifier, items []corpus.Item) (examples, []byte) {
	var exs examples
	digest := sha256.New()
	sc := newScratch()
	for _, it := range items {
		_, lex := c.analyze(it.Text, sc)
		want := known(c, it.Services)
		ex := example{feats: slices.Clone(sc.feats)}
		if len(want) > 0 {
			ex.y = 1
			for _, s := range lex.services {
				c.mentionFeatures(sc, s, lex.services)
				m := example{feats: slices.Clone(sc.mfeat)}
				if slices.Contains(want, s) {
					m.y = 1
				}
				exs.mention = append(exs.mention, m)
			}
		}
		exs.text = append(exs.text, ex)
		digest.Write([]byte(it.Text))
		digest.Write([]byte(strings.Join(want, ",") + "\n"))
	}
	return exs, digest.Sum(nil)[:8]
}

// fit trains a logistic regression with AdaGrad, the positives weighed so
// that both classes count alike if balance is set; the examples are visited in an order
// drawn from a fixed seed.
func fit(exs []example, dim int, balance bool) []float32 {
	w := make([]float64, dim)
	g2 := make([]float64, dim)
	var pos float64
	for _, ex := range exs {
		pos += ex.y
	}
	neg := float64(len(exs)) - pos
	posWeight := 1.0
	if balance {
		posWeight = neg / max(pos, 1)
	}
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(trainSeed, trainSeed))
	for epoch := 0; epoch < trainEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			ex := exs[k]
			var z float64
			for _, f := range ex.feats {
				z += float64(float32(w[f.idx]) * f.val) // as model.score computes it
			}
			p := 1 / (1 + portableExp(-z))
			g := p - ex.y
			if ex.y == 1 {
				g *= posWeight
			}
			for _, f := range ex.feats {
				gi := float64(g*float64(f.val)) + float64(trainL2*w[f.idx])
				g2[f.idx] += float64(gi * gi)
				w[f.idx] -= float64(trainRate*gi) / math.Sqrt(g2[f.idx]+1e-8)
			}
		}
	}
	out := make([]float32, dim)
	for i, v := range w {
		out[i] = float32(v)
	}
	return out
}

// portableExp is e^x computed the same on every machine: math.Exp uses
// FMA instructions where the CPU has them (amd64 with AVX2), so its last
// bit, and then model.bin, would depend on the machine that trains.
// Range reduction to x = k·ln2 + r, |r| <= ln2/2, then Taylor terms to
// 1e-17; every product rounded on its own (no fused multiply-add).
func portableExp(x float64) float64 {
	switch {
	case x > 700:
		return math.Inf(1)
	case x < -700:
		return 0
	}
	k := math.Round(x / math.Ln2)
	r := float64(x - float64(k*math.Ln2))
	sum, term := 1.0, 1.0
	for n := 1; n <= 20; n++ {
		term = float64(term*r) / float64(n)
		sum += term
	}
	return math.Ldexp(sum, int(k))
}

// encodeModels is model.bin's bytes: each model's weights quantized to
// int16s and their scale.
func encodeModels(digest []byte, text, mention []float32) []byte {
	var b bytes.Buffer
	b.WriteString(modelMagic)
	b.Write(digest)
	for _, w := range [][]float32{text, mention} {
		var top float64
		for _, v := range w {
			top = max(top, math.Abs(float64(v)))
		}
		scale := float32(max(top, 1e-9) / 32767)
		b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(scale)))
		for _, v := range w {
			q := int16(math.Round(float64(v / scale)))
			b.Write(binary.LittleEndian.AppendUint16(nil, uint16(q)))
		}
	}
	return b.Bytes()
}

// train fits both models.
func trainModels(digest []byte, exs examples) []byte {
	return encodeModels(digest, fit(exs.text, nFeatures, true), fit(exs.mention, nMention, false))
}

// aliases are label ids that name a catalog service under another name.
var aliases = map[string]string{"twitter": "x", "openai": "chatgpt"}

// known is what the classifier should answer for a text labelled with
// these failed services: those of them it knows (the catalog's), sorted.
// A text about the outage of services it does not know (a bank, a
// telecom, a game) is, for it, no outage report: it must name none of its
// own services for it.
func known(c *Classifier, services []string) []string {
	var out []string
	for _, s := range services {
		if a, ok := aliases[s]; ok {
			s = a
		}
		if c.names[s] != nil && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// termKey names a lexicon entry: its key ("lang.fr.outage",
// "services.whatsapp") and its spelling as written.
type termKey struct{ key, word string }

// matchedTerms are the entries of lexicon.toml and the catalog's names
// that match in some text of items (the hashtags a name gives are not
// entries of their own; lexicon-knowledge.toml's are not counted).
func matchedTerms(c *compiled, items []corpus.Item) map[termKey]bool {
	out := map[termKey]bool{}
	var t text
	var hits []hit
	for _, it := range items {
		prepare(it.Text, &t)
		hits = c.m.scan(&t, hits[:0])
		for _, h := range hits {
			if h.term.known {
				continue // written without reading items: never left out
			}
			if k, ok := c.keyOf(h.term); ok {
				out[k] = true
			}
		}
	}
	return out
}

// keyOf is the entry a term was compiled from; false for a hashtag.
func (c *compiled) keyOf(t *term) (termKey, bool) {
	if t.kind == kService {
		return termKey{"services." + t.service, t.word}, t.weight == 0
	}
	k := ""
	if t.kind == kTrap {
		k = trapKinds[t.trap]
	}
	for key, kd := range langKeys {
		if kd == t.kind {
			k = key
		}
	}
	return termKey{"lang." + c.langs[t.lang-1] + "." + k, t.word}, true
}

// without is f less the entries of drop.
func without(f lexiconFile, drop map[termKey]bool) lexiconFile {
	keep := func(key string, words []string) []string {
		return slices.DeleteFunc(slices.Clone(words), func(w string) bool { return drop[termKey{key, w}] })
	}
	out := f
	out.Services = map[string][]string{}
	for id, names := range f.Services {
		if kept := keep("services."+id, names); len(kept) > 0 {
			out.Services[id] = kept
		} else {
			out.Services[id] = names[:1] // a service keeps a name: the catalog's own
		}
	}
	out.Lang = map[string]map[string][]string{}
	for l, lf := range f.Lang {
		out.Lang[l] = map[string][]string{}
		for k, words := range lf {
			out.Lang[l][k] = keep("lang."+l+"."+k, words)
		}
		if len(out.Lang[l]["outage"]) == 0 {
			out.Lang[l]["outage"] = lf["outage"][:1] // a language keeps an outage word
		}
	}
	return out
}
