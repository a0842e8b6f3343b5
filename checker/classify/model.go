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
// its sealed part) by `go generate` (train.go; TestModelFresh writes the
// file). Training is deterministic, so the file is reproducible, and
// TestModelFresh fails when it no longer matches the data and the features.

//go:generate go test -run ^TestModelFresh$ -train .

//go:embed model.bin
var modelBin []byte

// modelMagic starts model.bin; then 8 bytes of the training data's digest
// and the models (see modelSize).
const modelMagic = "DRCM3\n"

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
		switch {
		case t.f.idx >= nFixed && t.f.pos < 0:
			name = "skeleton"
		case t.f.idx >= nFixed:
			name = "«" + readable(buf[t.f.pos:t.f.end]) + "»"
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
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
