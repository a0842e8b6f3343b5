package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/downradar/downradar/assets/internal/trayart"
)

var variants = []bool{false, true}

func variantName(dark bool) string {
	if dark {
		return "dark"
	}
	return "light"
}

// decodeTray decodes a tray icon, failing the test unless it is a 64×64 PNG.
func decodeTray(t *testing.T, state string, dark bool) image.Image {
	t.Helper()
	data := TrayIcon(state, dark)
	if len(data) == 0 {
		t.Fatalf("%s-%s: empty", state, variantName(dark))
	}
	if len(data) > 8<<10 {
		t.Errorf("%s-%s: %d bytes, want a few KB at most", state, variantName(dark), len(data))
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s-%s: %v", state, variantName(dark), err)
	}
	if b := img.Bounds(); b.Dx() != 64 || b.Dy() != 64 {
		t.Fatalf("%s-%s: size %v, want 64x64", state, variantName(dark), b.Size())
	}
	return img
}

func nrgba(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

// luma is the approximate perceived brightness of c, 0–255.
func luma(c color.NRGBA) int {
	return (299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000
}

// diffPixels counts the pixels that differ between two images.
func diffPixels(a, b image.Image) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if nrgba(a, x, y) != nrgba(b, x, y) {
				n++
			}
		}
	}
	return n
}

func TestTrayIconsDecode(t *testing.T) {
	for _, s := range TrayStates {
		for _, dark := range variants {
			img := decodeTray(t, s, dark)
			name := s + "-" + variantName(dark)
			// A round badge: transparent corners, opaque middle.
			if c := nrgba(img, 0, 0); c.A != 0 {
				t.Errorf("%s: corner not transparent: %v", name, c)
			}
			if c := nrgba(img, 32, 32); c.A != 0xff {
				t.Errorf("%s: centre not opaque: %v", name, c)
			}
			// The outline (top of the badge) contrasts with the panel.
			outline := luma(nrgba(img, 32, 2))
			if dark && outline < 200 {
				t.Errorf("%s: outline luma %d, want light (>= 200) for dark panels", name, outline)
			}
			if !dark && outline > 80 {
				t.Errorf("%s: outline luma %d, want dark (<= 80) for light panels", name, outline)
			}
		}
	}
}

func TestTrayStatesDiffer(t *testing.T) {
	for _, dark := range variants {
		for i, a := range TrayStates {
			for _, b := range TrayStates[i+1:] {
				// Different badge colour alone changes ~2000 pixels;
				// require a clear difference.
				if n := diffPixels(decodeTray(t, a, dark), decodeTray(t, b, dark)); n < 1000 {
					t.Errorf("%s and %s (%s) differ in only %d pixels", a, b, variantName(dark), n)
				}
			}
		}
	}
}

func TestTrayVariantsDiffer(t *testing.T) {
	for _, s := range TrayStates {
		light, dark := decodeTray(t, s, false), decodeTray(t, s, true)
		if n := diffPixels(light, dark); n < 200 {
			t.Errorf("%s: light and dark differ in only %d pixels", s, n)
		}
	}
}

func TestTrayIconFallback(t *testing.T) {
	for _, dark := range variants {
		for _, s := range []string{"", "bogus", "UP"} {
			if !bytes.Equal(TrayIcon(s, dark), TrayIcon(TrayUnknown, dark)) {
				t.Errorf("TrayIcon(%q, %v) is not the unknown icon", s, dark)
			}
		}
	}
}

// TestTrayIconsUpToDate fails when the committed PNGs are not what the
// generator draws: run `go generate ./assets` and commit the result.
func TestTrayIconsUpToDate(t *testing.T) {
	if !slices.Equal(trayart.States, TrayStates) {
		t.Fatalf("trayart.States %v != TrayStates %v", trayart.States, TrayStates)
	}
	dir := t.TempDir()
	paths, err := trayart.WriteAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range paths {
		name := filepath.Base(p)
		want = append(want, name)
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		committed, err := trayFS.ReadFile("tray/" + name)
		if err != nil {
			t.Errorf("tray/%s: %v (run go generate ./assets)", name, err)
			continue
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("tray/%s is stale: the generator draws something else (run go generate ./assets)", name)
		}
	}
	// No leftover PNGs that the generator no longer draws.
	entries, err := fs.ReadDir(trayFS, "tray")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(want, e.Name()) {
			t.Errorf("tray/%s is not drawn by the generator; remove it", e.Name())
		}
	}
}
