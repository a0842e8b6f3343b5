package demo

// The false alarms, played by the tests only (TestReplays, TestScenariosWellFormed):
// each must leave no incident at all, and the engine must notice it for
// what it is. They are scenarios like the seed outages of scenarios.go,
// kept beside their tests since nothing else plays them.

import (
	"time"

	"github.com/downradar/downradar/checker/status"
)

// NetworkDown: the user's own network drops; every service and every
// control probe fails. It is "offline", not a WhatsApp outage.
func NetworkDown() Scenario {
	return falseAlarm("network-down", "your Wi-Fi drops: everything fails, and it is you, not them", 36*sec,
		Step{6 * sec, NetworkAction(status.Offline).Saying("the Wi-Fi drops: names time out, connections are refused, control probes too")},
		Step{24 * sec, NetworkAction(status.Online).Saying("the Wi-Fi is back")})
}

// CaptivePortal: a hotel Wi-Fi's sign-in page answers for everything.
func CaptivePortal() Scenario {
	return falseAlarm("captive-portal", "a hotel Wi-Fi's sign-in page intercepts everything", 36*sec,
		Step{6 * sec, NetworkAction(status.Captive).Saying("a captive portal: the 204 check gets a sign-in page, every name resolves to the portal")},
		Step{24 * sec, NetworkAction(status.Online).Saying("signed in")})
}

// ResolverBroken: the local resolver refuses every query while connections
// to addresses work.
func ResolverBroken() Scenario {
	return falseAlarm("resolver-broken", "your own DNS resolver refuses every name", 36*sec,
		Step{6 * sec, NetworkAction(status.DNSBroken).Saying("the local resolver refuses every query; addresses still connect")},
		Step{24 * sec, NetworkAction(status.Online).Saying("the resolver works again")})
}

// LaptopWake: the laptop wakes after an hour asleep; for a few seconds its
// connections fail while the control probes already work. The engine
// notices the wall clock's jump and gives the network time to settle. It
// needs the engine's clock to be the lab's (engine.Options.Now = Lab.Now):
// on the real clock it is an outage of everything. Its failures start a
// few checks after the jump, inside the grace period the jump starts (the
// engine notices it across a wait between checks and across a check under
// way alike).
func LaptopWake() Scenario {
	return falseAlarm("laptop-wake", "a laptop wakes from sleep; its connections fail for a few seconds", 32*sec,
		Step{6 * sec, JumpAction(time.Hour).Saying("the laptop wakes after an hour asleep")},
		Step{12 * sec, BreakEverything(Refused).Saying("its connections to the services fail while the Wi-Fi rejoins; the control probes already work")},
		Step{20 * sec, RecoverEverything().Saying("settled")})
}

// LostPacket: one TLS handshake with WhatsApp's media servers fails, once.
func LostPacket() Scenario {
	return falseAlarm("lost-packet", "a single packet is lost: one probe fails once", 18*sec,
		Step{6 * sec, LosePacketAction(whatsappMedia).Saying("one packet lost on the way to WhatsApp's media servers")})
}

func falseAlarm(name, title string, length time.Duration, steps ...Step) Scenario {
	return Scenario{Name: name, Title: title, Script: Script{Name: name, Steps: steps, Length: length}}
}

// FalseAlarms are the scenarios that must open no incident.
func FalseAlarms() []Scenario {
	return []Scenario{LostPacket(), NetworkDown(), CaptivePortal(), ResolverBroken(), LaptopWake()}
}

// FalseAlarmDemo is the false alarms in a row (the wake last: its grace
// would hide what follows), about two and a half minutes at speed 1. Like
// LaptopWake, it needs the engine on the lab's clock.
func FalseAlarmDemo() Scenario {
	all := FalseAlarms()
	sc := all[0]
	for _, next := range all[1:] {
		sc = sc.Then(next)
	}
	return sc
}
