package trayart

import (
	"bytes"
	"testing"
)

// mask samples a shape at pixel centres.
func mask(s shape) [Size * Size]bool {
	var m [Size * Size]bool
	for y := 0; y < Size; y++ {
		for x := 0; x < Size; x++ {
			m[y*Size+x] = s.contains(int64(x)*unit+unit/2, int64(y)*unit+unit/2)
		}
	}
	return m
}

// TestGlyphShapesDiffer checks that the states are told apart by shape,
// not only by colour: each pair of glyphs differs in many pixels.
func TestGlyphShapesDiffer(t *testing.T) {
	for i, a := range States {
		ma := mask(glyphs[a])
		for _, b := range States[i+1:] {
			mb := mask(glyphs[b])
			n := 0
			for k := range ma {
				if ma[k] != mb[k] {
					n++
				}
			}
			if n < 150 {
				t.Errorf("glyphs %s and %s differ in only %d pixels", a, b, n)
			}
		}
	}
}

// TestGlyphsInsideFace checks no glyph pokes out of the badge face.
func TestGlyphsInsideFace(t *testing.T) {
	for _, s := range States {
		g, f := mask(glyphs[s]), mask(face)
		for k := range g {
			if g[k] && !f[k] {
				t.Errorf("glyph %s leaves the face at (%d, %d)", s, k%Size, k/Size)
				break
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, s := range States {
		a, err := Encode(s, true)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Encode(s, true)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", s)
		}
	}
}

func TestUnknownState(t *testing.T) {
	if _, err := Draw("bogus", false); err == nil {
		t.Error("Draw of an unknown state: no error")
	}
}
