package label

import (
	"regexp"
	"strings"
	"time"

	"github.com/downradar/downradar/checker/status"
)

// The engine words its reasons in English (they are stored, logged and in
// JSON); these functions read the few it gives for a degraded link and an
// unknown service (network.Link.Describe, network.Reason, the engine's
// "not checked yet" and wake-up reasons) and say them in w's language.
// Any other reason is a probe's technical error and is shown as it is.

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

// IsLinkReason reports whether reason is the engine's words for a degraded
// link (a service unknown for it), rather than another reason.
func IsLinkReason(reason string) bool {
	_, _, ok := splitLink(reason)
	return ok
}

// LinkTrouble is how a degraded link is degraded, from the engine's
// reason: "slow", "losing packets", "slow and losing packets"; "slow or
// losing packets" when the reason does not say.
func (w *Words) LinkTrouble(reason string) string {
	trouble, _, _ := splitLink(reason)
	switch trouble {
	case "slow":
		return w.Say("label.link_slow")
	case "losing packets":
		return w.Say("label.link_losing")
	case "slow and losing packets":
		return w.Say("label.link_slow_losing")
	}
	return w.Say("label.link_slow_or_losing")
}

var (
	rttUsual = regexp.MustCompile(`^round trip (\S+), usually (\S+)$`)
	rttOver  = regexp.MustCompile(`^round trip (\S+), over (\S+)$`)
	resent   = regexp.MustCompile(`^(\d+) of (\d+) recent checks had to resend$`)
)

// LinkFigures is what was measured of a degraded link, from the engine's
// reason: "round trip 1.6s, usually 40ms", "12 of 30 recent checks had to
// resend"; "" when the reason gives none.
func (w *Words) LinkFigures(reason string) string {
	_, figures, _ := splitLink(reason)
	if figures == "" {
		return ""
	}
	var out []string
	for _, part := range strings.Split(figures, "; ") {
		switch {
		case rttUsual.MatchString(part):
			m := rttUsual.FindStringSubmatch(part)
			out = append(out, w.Say("label.link_rtt_usual", "RTT", w.rtt(m[1]), "Usual", w.rtt(m[2])))
		case rttOver.MatchString(part):
			m := rttOver.FindStringSubmatch(part)
			out = append(out, w.Say("label.link_rtt_over", "RTT", w.rtt(m[1]), "Limit", w.rtt(m[2])))
		case resent.MatchString(part):
			m := resent.FindStringSubmatch(part)
			out = append(out, w.Say("label.link_resent", "Lost", w.Digits(m[1]), "Checks", w.Digits(m[2])))
		default:
			out = append(out, part)
		}
	}
	return strings.Join(out, w.Say("label.list_semicolon"))
}

// rtt writes a round trip the engine gives as Go writes a duration
// ("1.6s", "40ms") in w's numbers: "1,6 s", "٤٠ ms".
func (w *Words) rtt(goDuration string) string {
	d, err := time.ParseDuration(goDuration)
	if err != nil {
		return goDuration
	}
	if d >= time.Second {
		return w.Fixed(d.Seconds(), 1) + " s"
	}
	return w.Number(int(d.Milliseconds())) + " ms"
}

// Reason says in w's language why a service is unknown, for the reasons
// the engine words itself; a probe's error is returned as it is.
func (w *Words) Reason(reason string) string {
	switch reason {
	case "not checked yet":
		return w.Say("label.reason_not_checked")
	case "the computer just woke up; waiting for the network to settle":
		return w.Say("label.reason_woke_up")
	case "you are offline":
		return w.Network(status.Offline, "")
	case "a captive portal (a sign-in page) intercepts your connection":
		return w.Say("label.reason_captive")
	case "your own DNS resolver is not answering":
		return w.Say("label.reason_dns")
	}
	if IsLinkReason(reason) {
		s := w.Network(status.LinkDegraded, reason)
		if f := w.LinkFigures(reason); f != "" {
			s += " (" + f + ")"
		}
		return s
	}
	return reason
}

// Network says what the user's own connection does now, with reason the
// engine's words for it (only a degraded link's are used): "you are
// offline", "your network needs a sign-in", "name lookups fail on this
// computer", "your connection is slow" (or "is losing packets", "is slow
// and losing packets"), "your connection works". The tray's line and
// tooltip and the notifications' summaries all say it so.
func (w *Words) Network(n status.Network, reason string) string {
	switch n {
	case status.Offline:
		return w.Say("label.net_offline")
	case status.Captive:
		return w.Say("label.net_captive")
	case status.DNSBroken:
		return w.Say("label.net_dns")
	case status.LinkDegraded:
		return w.Say("label.net_link", "Trouble", w.LinkTrouble(reason))
	case status.Online:
		return w.Say("label.net_online")
	}
	return ""
}

// NetworkWas says, for the history, what the connection did over a past
// period, to follow "Your connection was": "offline", "behind a sign-in
// page", "without name lookups", "slow", "losing packets", "slow and
// losing packets"; "" for online.
func (w *Words) NetworkWas(n status.Network, reason string) string {
	switch n {
	case status.Offline:
		return w.Say("label.was_offline")
	case status.Captive:
		return w.Say("label.was_captive")
	case status.DNSBroken:
		return w.Say("label.was_dns")
	case status.LinkDegraded:
		return w.LinkTrouble(reason)
	}
	return ""
}
