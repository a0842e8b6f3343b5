// Package assets holds DownRadar's embedded images.
package assets

import _ "embed"

// Icon is the application icon (PNG, 256x256): a radar disc with a blip.
//
//go:embed icon.png
var Icon []byte
