//go:build !windows

package notification

import "errors"

// Toast is Windows' notification sender; elsewhere DialToast fails.
type Toast struct{}

// DialToast fails: toasts are Windows'.
func DialToast(exe, icon string, onOpen func(incident int64)) (*Toast, error) {
	return nil, errors.New("notifications: toasts are Windows-only")
}

// Send fails.
func (*Toast) Send(Message) error { return errors.New("notifications: toasts are Windows-only") }

// Close does nothing.
func (*Toast) Close() error { return nil }
