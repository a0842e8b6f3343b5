// Package iconart draws DownRadar's application icon, a radar disc with a
// sweep and a blip, from one description: as SVG (the hicolor theme's
// scalable icon) and as PNG at any size (the hicolor sizes, and
// assets/icon.png, the icon Fyne shows), so that every size is the same
// drawing. The output is deterministic.
package iconart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/vector"
)

// The drawing, on a square of side unit, painted in this order.
const (
	unit             = 256.0
	centre           = unit / 2
	discR            = 124.0 // the disc
	ringW            = 6.0   // the rings' width; their middle radii are rings
	sweepR           = 111.0 // the sweep: a sector from sweepFrom to sweepTo degrees, counter-clockwise from east
	sweepFrom        = 9.0
	sweepTo          = 58.0
	blipX, blipY     = 88.0, 83.0 // the blip
	blipR            = 16.0
	discC, ringC     = "#124e78", "#9fe8c8"
	sweepC, blipC    = "#3dd68c", "#ff5a4f"
	circleControlLen = 0.5522847498 // a quarter circle as one cubic Bézier
)

var rings = []float64{36, 71, 108}

// Sizes are the hicolor theme's PNG sizes the install puts in place.
var Sizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

// ID is the icon's name in the icon theme: the application id.
const ID = "io.github.downradar"

// SVG is the icon as an SVG document.
func SVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%[1]g" height="%[1]g" viewBox="0 0 %[1]g %[1]g">`+"\n", unit)
	fmt.Fprintf(&b, `  <circle cx="%g" cy="%g" r="%g" fill="%s"/>`+"\n", centre, centre, discR, discC)
	x1, y1 := polar(sweepR, sweepFrom)
	x2, y2 := polar(sweepR, sweepTo)
	fmt.Fprintf(&b, `  <path d="M%g %g L%.3f %.3f A%g %g 0 0 0 %.3f %.3f Z" fill="%s"/>`+"\n", centre, centre, x1, y1, sweepR, sweepR, x2, y2, sweepC)
	for _, r := range rings {
		fmt.Fprintf(&b, `  <circle cx="%g" cy="%g" r="%g" fill="none" stroke="%s" stroke-width="%g"/>`+"\n", centre, centre, r, ringC, ringW)
	}
	fmt.Fprintf(&b, `  <circle cx="%g" cy="%g" r="%g" fill="%s"/>`+"\n", blipX, blipY, blipR, blipC)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// polar is the point at radius r and angle deg (counter-clockwise from
// east) around the centre, in image coordinates (y down).
func polar(r, deg float64) (float64, float64) {
	a := deg * math.Pi / 180
	return centre + r*math.Cos(a), centre - r*math.Sin(a)
}

// Draw paints the icon on a size×size image.
func Draw(size int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	k := float32(float64(size) / unit)
	fill := func(hex string, path func(*vector.Rasterizer)) {
		r := vector.NewRasterizer(size, size)
		path(r)
		r.Draw(img, img.Bounds(), image.NewUniform(parse(hex)), image.Point{})
	}
	circle := func(r *vector.Rasterizer, cx, cy, rad float64, reverse bool) {
		// Four quarter arcs, clockwise on screen, or the other way round.
		c := rad * circleControlLen
		pts := [][6]float64{
			{cx + rad, cy + c, cx + c, cy + rad, cx, cy + rad},
			{cx - c, cy + rad, cx - rad, cy + c, cx - rad, cy},
			{cx - rad, cy - c, cx - c, cy - rad, cx, cy - rad},
			{cx + c, cy - rad, cx + rad, cy - c, cx + rad, cy},
		}
		if reverse {
			pts = [][6]float64{
				{cx + rad, cy - c, cx + c, cy - rad, cx, cy - rad},
				{cx - c, cy - rad, cx - rad, cy - c, cx - rad, cy},
				{cx - rad, cy + c, cx - c, cy + rad, cx, cy + rad},
				{cx + c, cy + rad, cx + rad, cy + c, cx + rad, cy},
			}
		}
		r.MoveTo(k*float32(cx+rad), k*float32(cy))
		for _, p := range pts {
			r.CubeTo(k*float32(p[0]), k*float32(p[1]), k*float32(p[2]), k*float32(p[3]), k*float32(p[4]), k*float32(p[5]))
		}
		r.ClosePath()
	}
	fill(discC, func(r *vector.Rasterizer) { circle(r, centre, centre, discR, false) })
	fill(sweepC, func(r *vector.Rasterizer) {
		r.MoveTo(k*centre, k*centre)
		x, y := polar(sweepR, sweepFrom)
		r.LineTo(k*float32(x), k*float32(y))
		// The arc in steps of at most 90°, each one cubic Bézier.
		const step = 90.0
		for a := sweepFrom; a < sweepTo; a += step {
			b := math.Min(a+step, sweepTo)
			h := 4.0 / 3.0 * math.Tan((b-a)*math.Pi/180/4) * sweepR
			ax, ay := polar(sweepR, a)
			bx, by := polar(sweepR, b)
			ra, rb := a*math.Pi/180, b*math.Pi/180
			// Tangents, counter-clockwise, in image coordinates.
			c1x, c1y := ax-h*math.Sin(ra), ay-h*math.Cos(ra)
			c2x, c2y := bx+h*math.Sin(rb), by+h*math.Cos(rb)
			r.CubeTo(k*float32(c1x), k*float32(c1y), k*float32(c2x), k*float32(c2y), k*float32(bx), k*float32(by))
		}
		r.ClosePath()
	})
	for _, rad := range rings {
		fill(ringC, func(r *vector.Rasterizer) {
			circle(r, centre, centre, rad+ringW/2, false)
			circle(r, centre, centre, rad-ringW/2, true)
		})
	}
	fill(blipC, func(r *vector.Rasterizer) { circle(r, blipX, blipY, blipR, false) })
	return img
}

// parse reads "#rrggbb".
func parse(hex string) color.RGBA {
	var c color.RGBA
	fmt.Sscanf(hex, "#%02x%02x%02x", &c.R, &c.G, &c.B)
	c.A = 0xff
	return c
}

// PNG is the icon as a size×size PNG.
func PNG(size int) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, Draw(size)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Files are the icon's files by path: the hicolor theme's tree under
// hicolor/ (as `make install` copies it to share/icons/hicolor) and
// icon.png, the 256-pixel icon the app embeds.
func Files() (map[string][]byte, error) {
	files := map[string][]byte{filepath.Join("hicolor", "scalable", "apps", ID+".svg"): SVG()}
	for _, s := range Sizes {
		b, err := PNG(s)
		if err != nil {
			return nil, err
		}
		files[filepath.Join("hicolor", fmt.Sprintf("%dx%d", s, s), "apps", ID+".png")] = b
		if s == 256 {
			files["icon.png"] = b
		}
	}
	return files, nil
}

// WriteAll writes Files under dir and returns their paths.
func WriteAll(dir string) ([]string, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	var paths []string
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
