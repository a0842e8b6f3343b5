package classify

import (
	"bytes"
	"flag"
	"math"
	"os"
	"testing"

	"github.com/downradar/downradar/checker/internal/corpus"
)

// The trainer of model.bin (model.go): `go generate ./checker/classify`
// runs TestModelFresh with -train, which writes the file; without -train it
// trains again and fails when the result differs from model.bin: the
// tuning data, the lexicon or the features changed and nobody ran go
// generate.

var train = flag.Bool("train", false, "train the model on the tuning data and write model.bin")

// trained is model.bin as training on today's tuning data (the labelled
// and held-out sets and the corpus's tuning part) and code makes it.
func trained(t testing.TB) []byte {
	t.Helper()
	set, err := corpus.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	_, bin, err := trainBuiltin(set.Train())
	if err != nil {
		t.Fatal(err)
	}
	return bin
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
