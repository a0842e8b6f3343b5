// Package status defines the states DownRadar reports for a component, a
// service and the user's own network, and how they order by severity.
package status

// Status is the state of a component or of a service.
//
// A component is Up, Degraded, Down or Unknown. A service adds Partial: some
// of its components are down while others work.
type Status string

// The states, from best to worst; Unknown stands apart (it is not "up").
const (
	Up       Status = "up"
	Degraded Status = "degraded"
	Partial  Status = "partial"
	Down     Status = "down"
	Unknown  Status = "unknown"
)

// Rank orders the known states by severity: Up 0, Degraded 1, Partial 2,
// Down 3. Unknown ranks -1: it is neither good nor bad news.
func (s Status) Rank() int {
	switch s {
	case Up:
		return 0
	case Degraded:
		return 1
	case Partial:
		return 2
	case Down:
		return 3
	}
	return -1
}

// Bad reports whether s is a problem worth an incident: degraded, partial or down.
func (s Status) Bad() bool { return s.Rank() > 0 }

// Worst returns the more severe of a and b; a known state beats Unknown.
func Worst(a, b Status) Status {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// Valid reports whether s is one of the defined states.
func (s Status) Valid() bool { return s == Unknown || s.Rank() >= 0 }

// Network is the verdict on the user's own connection.
type Network string

// The network verdicts.
const (
	Online    Network = "online"
	Offline   Network = "offline"
	Captive   Network = "captive"
	DNSBroken Network = "dns_broken"
	// LinkDegraded: the connection works, but slowly or losing packets; a
	// service's timeout or slowness then says nothing about the service.
	LinkDegraded Network = "degraded"
)

// Combine judges a service from its components: Up when all are up, Down
// when all known ones are down, Partial when some are down, Degraded when
// none is down but some are degraded. Unknown components are left out; a
// service with no known component is Unknown.
func Combine(components []Status) Status {
	var known, down, degraded int
	for _, c := range components {
		switch c {
		case Up:
			known++
		case Degraded:
			known++
			degraded++
		case Down:
			known++
			down++
		}
	}
	switch {
	case known == 0:
		return Unknown
	case down == known:
		return Down
	case down > 0:
		return Partial
	case degraded > 0:
		return Degraded
	}
	return Up
}
