package notification

import (
	"strconv"
	"strings"
)

// Windows toasts (toast_windows.go) carry the incident a click opens as
// their activation arguments: Windows hands them back to the activation
// callback, in this process or, when the agent is not running, in one it
// starts with -Embedding (see EmbeddingArg).

// ToastAppID is the AppUserModelID DownRadar's toasts are registered under
// (HKCU\Software\Classes\AppUserModelId\DownRadar): the Action Center
// groups and names them by it.
const ToastAppID = AppName

// ToastActivator is the CLSID of DownRadar's toast activation callback,
// registered as HKCU\Software\Classes\CLSID\{...}\LocalServer32 pointing
// at the exe, so that a click on a toast reaches DownRadar even after the
// toast was sent by an agent that has quit. Generated once for DownRadar;
// never change it (installed copies have it in their registry).
const ToastActivator = "{7A1C3E52-9D4B-4F6E-8B20-5C9E1D3A6F47}"

// EmbeddingArg is the argument Windows starts a COM server with: the exe
// registered as ToastActivator's LocalServer32, started to receive a click
// on a toast when no DownRadar agent is running. It starts the agent.
const EmbeddingArg = "-Embedding"

// toastArgs are the activation arguments of a toast that opens incident
// (0: the history).
func toastArgs(incident int64) string {
	return "open=" + strconv.FormatInt(incident, 10)
}

// ParseToastArgs reads a toast's activation arguments: the incident to
// open (0 for the history), and whether they are DownRadar's.
func ParseToastArgs(args string) (incident int64, ok bool) {
	v, ok := strings.CutPrefix(strings.TrimSpace(args), "open=")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, false
	}
	return id, true
}
