package classify

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/catalog"
	"github.com/downradar/downradar/checker/internal/corpus"
)

// The trainer of model.bin (model.go): `go generate ./checker/classify`
// runs TestModelFresh with -train, which writes the file; without -train it
// trains again and fails when the result differs from model.bin: the
// tuning data, the lexicon or the features changed and nobody ran go
// generate.

var train = flag.Bool("train", false, "train the model on the tuning data and write model.bin")

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

// trainingExamples are the tuning data's texts as the classifier sees
// them (the labelled and held-out sets and the corpus's tuning part), and
// the services their outage reports name; with the digest of the data.
func trainingExamples(t testing.TB, c *Classifier) (examples, []byte) {
	t.Helper()
	set, err := corpus.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return makeExamples(c, set.Train())
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

// trained is model.bin as training on today's data and code makes it.
func trained(t testing.TB) []byte {
	t.Helper()
	comp, err := compile("lexicon.toml", builtinLexicon, catalog.Names())
	if err != nil {
		t.Fatal(err)
	}
	exs, digest := trainingExamples(t, &Classifier{compiled: comp})
	return trainModels(digest, exs)
}

// TestModelFresh fails when model.bin is not what training on today's
// tuning data, lexicon and features gives; with -train (go generate) it
// writes that file instead.
func TestModelFresh(t *testing.T) {
	want := trained(t)
	if *train {
		if err := os.WriteFile("model.bin", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(modelBin, want) {
		h := len(modelMagic)
		got := modelBin[min(h, len(modelBin)):min(h+8, len(modelBin))]
		t.Fatalf("model.bin is stale (data digest %x, today's %x): run go generate ./checker/classify", got, want[h:h+8])
	}
}

func TestPortableExp(t *testing.T) {
	for _, x := range []float64{-700, -30, -2.5, -1, -1e-9, 0, 1e-9, 0.5, 1, 3.7, 20, 700} {
		got, want := portableExp(x), math.Exp(x)
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("portableExp(%g) = %g, want %g", x, got, want)
		}
	}
}
