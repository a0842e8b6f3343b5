package label

import (
	"strings"

	"github.com/downradar/downradar/checker/status"
)

// linkPrefix begins the engine's reason for a degraded link (see
// network.Link.Describe): "your connection is slow (round trip 1.6s,
// usually 40ms)".
const linkPrefix = "your connection is "

// splitLink cuts a degraded link's reason into how the link is degraded
// and the figures that tell it; ok is false for another reason.
func splitLink(reason string) (trouble, figures string, ok bool) {
	rest, ok := strings.CutPrefix(reason, linkPrefix)
	if !ok || rest == "" {
		return "", "", false
	}
	trouble, figures, _ = strings.Cut(rest, " (")
	return trouble, strings.TrimSuffix(figures, ")"), true
}

// LinkTrouble is how a degraded link is degraded, from the engine's
// reason: "slow", "losing packets", "slow and losing packets"; "slow or
// losing packets" when the reason does not say.
func LinkTrouble(reason string) string {
	if trouble, _, ok := splitLink(reason); ok {
		return trouble
	}
	return "slow or losing packets"
}

// LinkFigures is what was measured of a degraded link, from the engine's
// reason: "round trip 1.6s, usually 40ms", "12 of 30 recent checks had to
// resend"; "" when the reason gives none.
func LinkFigures(reason string) string {
	_, figures, _ := splitLink(reason)
	return figures
}

// Network says what the user's own connection does now, with reason the
// engine's words for it (only a degraded link's are used): "you are
// offline", "your network needs a sign-in", "name lookups fail on this
// computer", "your connection is slow" (or "is losing packets", "is slow
// and losing packets"), "your connection works". The tray's line and
// tooltip and the notifications' summaries all say it so.
func Network(n status.Network, reason string) string {
	switch n {
	case status.Offline:
		return "you are offline"
	case status.Captive:
		return "your network needs a sign-in"
	case status.DNSBroken:
		return "name lookups fail on this computer"
	case status.LinkDegraded:
		return linkPrefix + LinkTrouble(reason)
	case status.Online:
		return "your connection works"
	}
	return ""
}

// NetworkWas says, for the history, what the connection did over a past
// period: "offline", "behind a sign-in page", "without name lookups",
// "slow", "losing packets", "slow and losing packets"; "" for online.
func NetworkWas(n status.Network, reason string) string {
	switch n {
	case status.Offline:
		return "offline"
	case status.Captive:
		return "behind a sign-in page"
	case status.DNSBroken:
		return "without name lookups"
	case status.LinkDegraded:
		return LinkTrouble(reason)
	}
	return ""
}

// Capitalize makes a phrase begin a sentence: "You are offline".
func Capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// IsLinkReason reports whether reason is the engine's words for a degraded
// link (a service unknown for it), rather than another reason.
func IsLinkReason(reason string) bool {
	_, _, ok := splitLink(reason)
	return ok
}
