//go:build !linux

package agent

// trimCode does nothing where the agent cannot drop its code pages.
func trimCode() error { return nil }

const (
	trimAbove     = 0
	pollTrimAbove = 0
)

// codeResident is unknown here.
func codeResident() int64 { return 0 }
