package demo

import (
	"fmt"
	"strings"

	"github.com/downradar/downradar/checker/status"
)

// Break makes the components refs name behave as b (Up is Recover without
// touching DNS). Nothing changes when one of them cannot behave so.
func (l *Lab) Break(b Behaviour, refs ...Ref) error {
	es, err := l.endpoints(refs)
	if err != nil {
		return err
	}
	for _, e := range es {
		if err := b.check(e); err != nil {
			return err
		}
	}
	l.setMu.Lock()
	defer l.setMu.Unlock()
	l.mu.Lock()
	for _, e := range es {
		if a, ok := b.dnsAnswer(); ok {
			l.dnsFail[e.host] = a
		} else {
			e.setBehaviour(b)
		}
	}
	l.mu.Unlock()
	return l.sync(false)
}

// Recover makes the components refs name work again, their host names too.
func (l *Lab) Recover(refs ...Ref) error {
	es, err := l.endpoints(refs)
	if err != nil {
		return err
	}
	l.setMu.Lock()
	defer l.setMu.Unlock()
	l.mu.Lock()
	for _, e := range es {
		e.setBehaviour(Up)
		delete(l.dnsFail, e.host)
	}
	l.mu.Unlock()
	return l.sync(true)
}

// RecoverAll brings the whole lab back: every component up, every name
// answering, the network online.
func (l *Lab) RecoverAll() error {
	l.setMu.Lock()
	defer l.setMu.Unlock()
	l.mu.Lock()
	for _, e := range l.comps {
		e.setBehaviour(Up)
		e.mu.Lock()
		e.lose = false
		e.mu.Unlock()
	}
	clear(l.dnsFail)
	l.network = status.Online
	l.mu.Unlock()
	return l.sync(true)
}

// LosePacket makes the next connection to one TLS or HTTPS component fail
// once (reset during its handshake), as a lost packet would fail one probe
// attempt; the ones after work.
func (l *Lab) LosePacket(ref Ref) error {
	if ref.Component == "" {
		return fmt.Errorf("demo: a lost packet hits one component; %s names a service", ref)
	}
	es, err := l.endpoints([]Ref{ref})
	if err != nil {
		return err
	}
	e := es[0]
	if !e.secure {
		return fmt.Errorf("demo: %s (%s): a lost packet is played on TLS handshakes only", ref, e.target.Raw)
	}
	e.mu.Lock()
	e.lose = true
	e.mu.Unlock()
	return nil
}

// endpoints are the components refs name, or an error naming the first
// that the lab does not have (and what its service has instead).
func (l *Lab) endpoints(refs []Ref) ([]*endpoint, error) {
	var out []*endpoint
	for _, r := range refs {
		var names []string
		n := len(out)
		for _, e := range l.comps {
			if e.ref.Service != r.Service {
				continue
			}
			names = append(names, fmt.Sprintf("%q", e.ref.Component))
			if r.Component == "" || e.ref.Component == r.Component {
				out = append(out, e)
			}
		}
		switch {
		case len(names) == 0:
			return nil, fmt.Errorf("demo: the lab has no service %q (it stands up %s)", r.Service, strings.Join(l.opts.Services, ", "))
		case len(out) == n:
			return nil, fmt.Errorf("demo: %s has no component %q in this config (it has %s)", r.Service, r.Component, strings.Join(names, ", "))
		}
	}
	return out, nil
}
