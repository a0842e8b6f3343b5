package demo

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"

	"github.com/downradar/downradar/checker/lab"
	"github.com/downradar/downradar/checker/status"
)

// portalHost is the captive portal's name: its certificate is for this
// name, so every HTTPS probe behind the portal fails on the name.
const portalHost = "login.portal.test"

// portal is a hotel Wi-Fi's sign-in page.
type portal struct{ cert tls.Certificate }

func newPortal(ca *lab.CA) (*portal, error) {
	cert, err := ca.ValidLeaf(portalHost)
	if err != nil {
		return nil, fmt.Errorf("demo: captive portal: %w", err)
	}
	return &portal{cert: cert}, nil
}

func (p *portal) serve(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprint(w, "<!doctype html><title>Hotel Wi-Fi</title><h1>Welcome!</h1><p>Sign in with your room number to use the Internet.</p>\n")
}

// SetNetwork puts the user's own network in a state: status.Online (the
// default), status.Offline (every control probe and every service fails:
// names time out, ports refuse), status.Captive (the 204 check answers a
// sign-in page, every name resolves to the portal, whose certificate is
// for another name) or status.DNSBroken (the lab DNS refuses every query
// while connections to addresses work).
func (l *Lab) SetNetwork(n status.Network) error {
	switch n {
	case status.Online, status.Offline, status.Captive, status.DNSBroken:
	default:
		return fmt.Errorf("demo: unknown network state %q", n)
	}
	l.setMu.Lock()
	defer l.setMu.Unlock()
	l.mu.Lock()
	l.network = n
	l.mu.Unlock()
	return l.sync(n == status.Online)
}

func (l *Lab) currentNetwork() status.Network {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.network
}

// sync makes the DNS answers and the ports say what the state says. Going
// wrong, the controls change first and the services after; coming back,
// the services first: in between, a check finds the services working or
// the network at fault, never a service failing on a network that works.
// The caller holds setMu.
func (l *Lab) sync(servicesFirst bool) error {
	l.mu.RLock()
	n := l.network
	answers := map[string]lab.Answer{}
	behaviours := map[*endpoint]Behaviour{}
	for _, e := range l.endpointsAll() {
		if e.byName {
			answers[e.host] = l.answerLocked(e.host)
		}
		behaviours[e] = e.currentBehaviour()
	}
	l.mu.RUnlock()

	groups := [][]*endpoint{l.controls, l.comps}
	if servicesFirst {
		groups[0], groups[1] = groups[1], groups[0]
	}
	var errs []error
	for _, g := range groups {
		for _, e := range g {
			if e.byName {
				l.dns.Set(e.host, answers[e.host])
			}
			if e.port != nil {
				if err := e.port.Set(e.portState(n, behaviours[e])); err != nil {
					errs = append(errs, fmt.Errorf("demo: %s: %w", e.ref, err))
				}
			}
		}
	}
	l.dns.SetFallback(fallback(n))
	l.mu.Lock()
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
	return errors.Join(errs...)
}

// answerLocked is the lab DNS's answer for a name now.
func (l *Lab) answerLocked(name string) lab.Answer {
	switch l.network {
	case status.Offline:
		return lab.Silent
	case status.DNSBroken:
		return refusedAnswer
	case status.Captive:
		return lab.Address("127.0.0.1") // the portal
	}
	if a, ok := l.dnsFail[name]; ok {
		return a
	}
	return lab.Address("127.0.0.1")
}

// fallback is the answer for names the lab does not know: NXDOMAIN while
// online, else what the network state says for every name.
func fallback(n status.Network) *lab.Answer {
	var a lab.Answer
	switch n {
	case status.Offline:
		a = lab.Silent
	case status.DNSBroken:
		a = refusedAnswer
	case status.Captive:
		a = lab.Address("127.0.0.1")
	default:
		return nil
	}
	return &a
}
