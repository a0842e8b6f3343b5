package notification

import (
	"fmt"

	"git.sr.ht/~jackmordaunt/go-toast"
)

// Toast sends Windows toasts (git.sr.ht/~jackmordaunt/go-toast, the
// WinRT API beeep also uses) that a click opens the incident of: each
// carries its incident as activation arguments, and the activation
// callback calls onOpen. Toasts are not replaced: each message is a new
// toast, and Windows keeps them in the Action Center.
type Toast struct {
	icon string
	exe  string
}

// DialToast registers DownRadar's AppUserModelID and activation callback
// for the current user (HKCU; no installer needed) with exe as the program
// Windows starts for a click when no agent runs, and icon (a PNG file) as
// the toasts' icon. onOpen is called, from a COM goroutine, with the
// incident of a clicked toast (0: the history).
func DialToast(exe, icon string, onOpen func(incident int64)) (*Toast, error) {
	err := toast.SetAppData(toast.AppData{AppID: ToastAppID, GUID: ToastActivator, ActivationExe: exe, IconPath: icon})
	if err != nil {
		return nil, fmt.Errorf("notifications: register the toasts' app id: %w", err)
	}
	toast.SetActivationCallback(func(args string, _ []toast.UserData) {
		if id, ok := ParseToastArgs(args); ok && onOpen != nil {
			onOpen(id)
		}
	})
	return &Toast{icon: icon, exe: exe}, nil
}

// Send shows m as a toast.
func (t *Toast) Send(m Message) error {
	n := toast.Notification{
		AppID: ToastAppID, Title: m.Summary, Body: m.Body, Icon: t.icon,
		ActivationType: toast.Foreground, ActivationArguments: toastArgs(m.Incident), ActivationExe: t.exe,
	}
	if m.Action != "" {
		n.Actions = []toast.Action{{Type: toast.Foreground, Content: m.Action, Arguments: toastArgs(m.Incident)}}
	}
	if err := n.Push(); err != nil {
		return fmt.Errorf("notifications: %q: %w", m.Summary, err)
	}
	return nil
}

// Close does nothing: the registration stays, so that clicks on toasts
// still in the Action Center start DownRadar.
func (t *Toast) Close() error { return nil }
