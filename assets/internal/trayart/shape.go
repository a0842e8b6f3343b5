package trayart

// Shapes are tested on an integer grid so that rendering is exact and
// identical on every architecture (no floating point, hence no
// fused-multiply-add differences between amd64 and arm64).
//
// One grid unit is 1/unit of a pixel. Sample points sit at odd grid
// coordinates, so a shape edge given in whole or half pixels never passes
// exactly through a sample.

// unit is the number of grid units per pixel.
const unit = 2 * samples

// samples is the number of samples per pixel along each axis
// (samples*samples per pixel in all).
const samples = 16

// px converts a length in pixels, in steps of 1/unit, to grid units.
// It is used for constant geometry; the values are exact multiples.
func px(v float64) int64 {
	// v*unit is exact for the quarter- and half-pixel values used here.
	return int64(v * unit)
}

// point is a position on the grid.
type point struct{ x, y int64 }

// pt builds a grid point from pixel coordinates.
func pt(x, y float64) point { return point{px(x), px(y)} }

// shape reports whether a grid point lies inside it.
type shape interface {
	contains(x, y int64) bool
}

// disc is a filled circle.
type disc struct {
	c point
	r int64
}

func (d disc) contains(x, y int64) bool {
	dx, dy := x-d.c.x, y-d.c.y
	return dx*dx+dy*dy <= d.r*d.r
}

// capsule is a line segment stroked with round ends: every point within
// r of the segment a–b.
type capsule struct {
	a, b point
	r    int64
}

func (c capsule) contains(x, y int64) bool {
	ex, ey := c.b.x-c.a.x, c.b.y-c.a.y
	ax, ay := x-c.a.x, y-c.a.y
	r2 := c.r * c.r
	dot := ax*ex + ay*ey
	l2 := ex*ex + ey*ey
	switch {
	case dot <= 0 || l2 == 0:
		return ax*ax+ay*ay <= r2
	case dot >= l2:
		qx, qy := x-c.b.x, y-c.b.y
		return qx*qx+qy*qy <= r2
	default:
		// Perpendicular distance² = cross²/l2 <= r².
		cross := ax*ey - ay*ex
		return cross*cross <= r2*l2
	}
}

// sector is the set of points whose direction from c lies in the angular
// range swept clockwise on screen (y grows downwards) from direction from
// to direction to. Ranges wider than a half turn are allowed.
type sector struct {
	c        point
	from, to point // direction vectors
}

func (s sector) contains(x, y int64) bool {
	vx, vy := x-s.c.x, y-s.c.y
	cross := func(a, b point) int64 { return a.x*b.y - a.y*b.x }
	v := point{vx, vy}
	if cross(s.from, s.to) >= 0 { // span of at most a half turn
		return cross(s.from, v) >= 0 && cross(v, s.to) >= 0
	}
	// Wider than a half turn: inside unless strictly within the
	// complementary (narrower) range from "to" round to "from".
	return !(cross(s.to, v) > 0 && cross(v, s.from) > 0)
}

// union is inside any of its shapes.
type union []shape

func (u union) contains(x, y int64) bool {
	for _, s := range u {
		if s.contains(x, y) {
			return true
		}
	}
	return false
}

// intersect is inside all of its shapes.
type intersect []shape

func (in intersect) contains(x, y int64) bool {
	for _, s := range in {
		if !s.contains(x, y) {
			return false
		}
	}
	return true
}

// minus is inside a but not inside b.
type minus struct{ a, b shape }

func (m minus) contains(x, y int64) bool {
	return m.a.contains(x, y) && !m.b.contains(x, y)
}

// ring is the annulus between radii inner and outer around c.
func ring(c point, inner, outer int64) shape {
	return minus{disc{c, outer}, disc{c, inner}}
}
