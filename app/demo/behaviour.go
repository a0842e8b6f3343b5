package demo

import (
	"fmt"

	"github.com/miekg/dns"

	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/status"
)

// Behaviour is how a component of the lab answers its probe.
type Behaviour string

// The behaviours. DNS ones apply to the component's host name, so to every
// component probed at that name.
const (
	Up          Behaviour = "up"          // it works
	Unavailable Behaviour = "unavailable" // HTTP 503 "service unavailable" (http and https components)
	Reset       Behaviour = "reset"       // the TLS handshake is reset (tls and https components)
	Timeout     Behaviour = "timeout"     // no answer: TLS and HTTP servers accept and say nothing; TCP connects time out
	Refused     Behaviour = "refused"     // connections are refused
	NXDomain    Behaviour = "nxdomain"    // the host name does not exist
	ServFail    Behaviour = "servfail"    // the resolver fails for the host name
)

// refusedAnswer is what a broken local resolver says to every query.
var refusedAnswer = lab.Answer{Rcode: dns.RcodeRefused}

// dnsAnswer is the failure a DNS behaviour answers, and whether it is one.
func (b Behaviour) dnsAnswer() (lab.Answer, bool) {
	switch b {
	case NXDomain:
		return lab.NXDomain, true
	case ServFail:
		return lab.ServFail, true
	}
	return lab.Answer{}, false
}

// check says why e cannot behave as b, if it cannot.
func (b Behaviour) check(e *endpoint) error {
	var ok bool
	switch b {
	case Up:
		ok = true
	case Unavailable:
		ok = e.kind == probe.KindHTTP
	case Reset:
		ok = e.secure
	case Timeout, Refused:
		ok = e.port != nil
	case NXDomain, ServFail:
		ok = e.byName
	default:
		return fmt.Errorf("demo: unknown behaviour %q", b)
	}
	if !ok {
		return fmt.Errorf("demo: %s (%s) cannot behave as %q", e.ref, e.target.Raw, b)
	}
	return nil
}

// portState is how e's port answers under the network n and behaviour b.
func (e *endpoint) portState(n status.Network, b Behaviour) lab.PortState {
	switch {
	case n == status.Offline:
		return lab.PortShut
	case e.role == roleControl:
		return lab.PortOpen
	case n == status.Captive && e.kind == probe.KindTCP:
		return lab.PortShut // a portal lets web traffic through to itself, nothing else
	case b == Refused:
		return lab.PortShut
	case b == Timeout && e.kind == probe.KindTCP:
		return lab.PortStalled
	}
	return lab.PortOpen
}
