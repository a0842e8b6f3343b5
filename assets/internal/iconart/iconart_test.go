package iconart

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// The icons in assets/ are what the drawing gives today: run `go generate
// ./assets` after changing it.
func TestFilesFresh(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(Sizes)+2 {
		t.Fatalf("%d files, want %d sizes, the SVG and icon.png", len(files), len(Sizes))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("assets/%s is not what the drawing gives: run go generate ./assets", name)
		}
	}
}

// Every PNG has its size and the drawing's colours where the drawing puts
// them; the SVG is well-formed XML.
func TestDrawing(t *testing.T) {
	for _, s := range Sizes {
		b, err := PNG(s)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Dx(); got != s || img.Bounds().Dy() != s {
			t.Errorf("%d px: %v", s, img.Bounds())
		}
		if s < 64 {
			continue
		}
		at := func(x, y float64) [4]uint32 {
			r, g, b, a := img.At(int(x*float64(s)/unit), int(y*float64(s)/unit)).RGBA()
			return [4]uint32{r >> 8, g >> 8, b >> 8, a >> 8}
		}
		for _, tc := range []struct {
			what string
			x, y float64
			want [4]uint32
		}{
			{"corner", 2, 2, [4]uint32{0, 0, 0, 0}},
			{"disc", centre - 20, centre + 20, [4]uint32{0x12, 0x4e, 0x78, 0xff}},
			{"blip", blipX, blipY, [4]uint32{0xff, 0x5a, 0x4f, 0xff}},
			{"ring", centre - 71, centre, [4]uint32{0x9f, 0xe8, 0xc8, 0xff}},
			{"sweep", centre + 78, centre - 45, [4]uint32{0x3d, 0xd6, 0x8c, 0xff}},
		} {
			if got := at(tc.x, tc.y); got != tc.want {
				t.Errorf("%d px, %s: %x, want %x", s, tc.what, got, tc.want)
			}
		}
	}
	if err := xml.Unmarshal(SVG(), new(struct{})); err != nil {
		t.Errorf("SVG: %v", err)
	}
}
