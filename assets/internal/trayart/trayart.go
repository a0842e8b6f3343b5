// Package trayart draws DownRadar's system-tray icons: a round radar badge
// whose colour and glyph show the monitoring state, in a variant for light
// panels (dark outline) and one for dark panels (light outline).
//
// Drawing is exact integer supersampling (16×16 samples a pixel), so the
// output is anti-aliased and byte-for-byte the same on every run and every
// architecture. It is used by the generator in assets/gen and by the
// assets tests, which check the committed PNGs are up to date.
package trayart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// Size is the width and height of a tray icon in pixels.
const Size = 64

// The states, in the order of States.
const (
	Up       = "up"       // everything up: green badge, check mark
	Degraded = "degraded" // something degraded: amber badge, exclamation mark
	Down     = "down"     // something down: red badge, cross
	Unknown  = "unknown"  // offline or unknown: grey badge, question mark
	Paused   = "paused"   // notifications paused: navy badge, pause bars
)

// States lists every state an icon is drawn for.
var States = []string{Up, Degraded, Down, Unknown, Paused}

// FileName is the name of the PNG for a state and panel variant,
// e.g. "up-light.png" or "up-dark.png".
func FileName(state string, dark bool) string {
	if dark {
		return state + "-dark.png"
	}
	return state + "-light.png"
}

// palette is the colouring of one state's badge.
type palette struct {
	fill  color.NRGBA // badge face
	glyph color.NRGBA // the state's symbol
}

var palettes = map[string]palette{
	Up:       {fill: rgb(0x1f, 0x9d, 0x55), glyph: rgb(0xff, 0xff, 0xff)},
	Degraded: {fill: rgb(0xf4, 0xb0, 0x1c), glyph: rgb(0x3a, 0x28, 0x00)},
	Down:     {fill: rgb(0xd7, 0x3a, 0x34), glyph: rgb(0xff, 0xff, 0xff)},
	Unknown:  {fill: rgb(0x83, 0x8d, 0x97), glyph: rgb(0xff, 0xff, 0xff)},
	Paused:   {fill: rgb(0x12, 0x4e, 0x78), glyph: rgb(0x9f, 0xe8, 0xc8)}, // the app icon's navy and mint
}

// Outline colours: dark on light panels, light on dark panels.
var (
	outlineLight = rgb(0x1b, 0x2a, 0x38)
	outlineDark  = rgb(0xf2, 0xf5, 0xf8)
)

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 0xff} }

// mix blends a towards b by num/den, with integer rounding.
func mix(a, b color.NRGBA, num, den int) color.NRGBA {
	m := func(x, y uint8) uint8 {
		return uint8((int(x)*(den-num) + int(y)*num + den/2) / den)
	}
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// layer is a shape painted in one colour.
type layer struct {
	shape
	color.NRGBA
}

// Geometry, in pixels of the 64×64 icon.
var (
	centre = pt(32, 32)

	outlineDisc = disc{centre, px(31.5)}
	face        = disc{centre, px(27.5)}
	radarRing   = ring(centre, px(21), px(23))
	// The radar sweep: a wedge of the face from straight up to 60° clockwise.
	sweep = intersect{face, sector{centre, point{0, -1000}, point{866, -500}}}
)

// stroke is the half-width of glyph strokes.
var stroke = px(3.75)

// glyphs holds each state's symbol.
var glyphs = map[string]shape{
	Up: union{
		capsule{pt(19.5, 32.5), pt(28, 41), stroke},
		capsule{pt(28, 41), pt(44.5, 24), stroke},
	},
	Degraded: union{
		capsule{pt(32, 17.5), pt(32, 35), stroke},
		disc{pt(32, 45.5), px(4.25)},
	},
	Down: union{
		capsule{pt(22.5, 22.5), pt(41.5, 41.5), stroke},
		capsule{pt(41.5, 22.5), pt(22.5, 41.5), stroke},
	},
	Unknown: union{
		// The hook: an arc round (32, 25) of radius 7.5 from the left,
		// over the top, to 45° below the right, then a stem down to the
		// middle.
		intersect{
			ring(pt(32, 25), px(7.5)-stroke, px(7.5)+stroke),
			sector{pt(32, 25), point{-1, 0}, point{1, 1}},
		},
		disc{pt(24.5, 25), stroke},
		capsule{pt(37.25, 30.25), pt(32, 35.5), stroke},
		capsule{pt(32, 35.5), pt(32, 37), stroke},
		disc{pt(32, 46.5), px(4)},
	},
	Paused: union{
		capsule{pt(25.5, 21.5), pt(25.5, 42.5), px(4)},
		capsule{pt(38.5, 21.5), pt(38.5, 42.5), px(4)},
	},
}

// layers returns the paint of an icon, topmost first.
func layers(state string, dark bool) ([]layer, error) {
	p, ok := palettes[state]
	if !ok {
		return nil, fmt.Errorf("trayart: unknown state %q", state)
	}
	outline := outlineLight
	if dark {
		outline = outlineDark
	}
	return []layer{
		{glyphs[state], p.glyph},
		{intersect{radarRing, face}, mix(p.fill, p.glyph, 3, 10)},
		{sweep, mix(p.fill, p.glyph, 2, 10)},
		{face, p.fill},
		{outlineDisc, outline},
	}, nil
}

// Draw renders the icon for a state, for a dark panel if dark is true and
// a light one otherwise.
func Draw(state string, dark bool) (*image.NRGBA, error) {
	ls, err := layers(state, dark)
	if err != nil {
		return nil, err
	}
	img := image.NewNRGBA(image.Rect(0, 0, Size, Size))
	const n = samples * samples
	for py := 0; py < Size; py++ {
		for px := 0; px < Size; px++ {
			var r, g, b, a int64 // premultiplied sums over the samples
			for sy := 0; sy < samples; sy++ {
				y := int64(py)*unit + int64(2*sy+1)
				for sx := 0; sx < samples; sx++ {
					x := int64(px)*unit + int64(2*sx+1)
					for _, l := range ls {
						if l.contains(x, y) {
							ca := int64(l.A)
							r += int64(l.R) * ca
							g += int64(l.G) * ca
							b += int64(l.B) * ca
							a += ca
							break
						}
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8((r + a/2) / a),
				G: uint8((g + a/2) / a),
				B: uint8((b + a/2) / a),
				A: uint8((a + n/2) / n),
			})
		}
	}
	return img, nil
}

// Encode renders the icon for a state and variant as PNG.
func Encode(state string, dark bool) ([]byte, error) {
	img, err := Draw(state, dark)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteAll writes every state's light and dark icon into dir, named by
// FileName, and returns the paths written.
func WriteAll(dir string) ([]string, error) {
	var paths []string
	for _, s := range States {
		for _, dark := range []bool{false, true} {
			data, err := Encode(s, dark)
			if err != nil {
				return paths, err
			}
			path := filepath.Join(dir, FileName(s, dark))
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return paths, err
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}
