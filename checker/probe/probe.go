// Package probe checks one endpoint from this machine, layer by layer (DNS,
// TCP, TLS, HTTP), and reports what it reached, what failed and why.
//
// Every probe takes a context first; the caller owns the deadline. Every probe
// returns a Result that keeps the cause: the layer reached, the layer that
// failed, an error class, the message, the phase timings and the attempts.
package probe

import (
	"time"

	"github.com/downradar/downradar/checker/status"
)

// Layer is one step of reaching a service.
type Layer string

// The layers, in the order a probe climbs them.
const (
	LayerNone Layer = ""
	LayerDNS  Layer = "dns"
	LayerTCP  Layer = "tcp"
	LayerTLS  Layer = "tls"
	LayerHTTP Layer = "http"
)

// Class names why a probe failed (or, for Blocked and Slow, what is notable
// about a success).
type Class string

// The error classes.
const (
	ClassNone          Class = ""
	ClassNXDomain      Class = "nxdomain"      // the name does not exist
	ClassServFail      Class = "servfail"      // the resolver failed to answer
	ClassDNSTimeout    Class = "dns_timeout"   // no DNS answer in time
	ClassNoAnswer      Class = "no_answer"     // the name exists but has no address
	ClassDNSRefused    Class = "dns_refused"   // the resolver refused the query
	ClassDNSError      Class = "dns_error"     // any other DNS failure
	ClassRefused       Class = "refused"       // connection refused
	ClassTimeout       Class = "timeout"       // no answer in time at this layer
	ClassUnreachable   Class = "unreachable"   // no route to the network or host
	ClassReset         Class = "reset"         // the peer reset the connection
	ClassCertExpired   Class = "cert_expired"  // the certificate is out of its validity
	ClassCertMismatch  Class = "cert_mismatch" // the certificate is for another name
	ClassCertInvalid   Class = "cert_invalid"  // untrusted or otherwise invalid certificate
	ClassTLSError      Class = "tls_error"     // the handshake failed otherwise
	ClassHTTPStatus    Class = "http_status"   // an unexpected HTTP status
	ClassBodyMismatch  Class = "body_mismatch" // the body lacks the expected text
	ClassTooManyRedirs Class = "too_many_redirects"
	ClassProxy         Class = "proxy"   // the HTTP proxy failed
	ClassError         Class = "error"   // anything else
	ClassBlocked       Class = "blocked" // reachable, but 403/429 (bot protection): not down
	ClassSlow          Class = "slow"    // worked, slower than the threshold
	ClassFlaky         Class = "flaky"   // worked after failed attempts
)

// Timings are the phase durations of a probe, as far as it got.
type Timings struct {
	Resolve    time.Duration `json:"resolve_ns"`
	Connect    time.Duration `json:"connect_ns"`
	TLS        time.Duration `json:"tls_ns"`
	Processing time.Duration `json:"processing_ns"` // request written to first response byte
	Transfer   time.Duration `json:"transfer_ns"`   // first byte to end of body
	Total      time.Duration `json:"total_ns"`
}

// Result is the outcome of one probe.
type Result struct {
	Target   string  // the probe URL as configured
	OK       bool    // the endpoint works (possibly slowly, or blocked but reachable)
	Reached  Layer   // the last layer that completed
	Failed   Layer   // the layer that failed; LayerNone when OK
	Class    Class   // why it failed, or Blocked/Slow/Flaky on a notable success
	Message  string  // human-readable cause
	Err      error   // the underlying error, kept for wrapping; nil when OK
	Timings  Timings // phase durations
	Attempts int     // attempts made (HTTP retries); 1 for other probes
	Failures int     // attempts that failed

	// Retransmits counts what the network lost on the way and the probe
	// sent again: DNS queries asked again after a per-try timeout, and TCP
	// segments (the SYN included) the kernel retransmitted on the
	// connection used. The network monitor reads a lossy link from it.
	Retransmits int
	// Dials is every connection attempt, in the order started (Happy
	// Eyeballs interleaves the address families), with how each ended.
	Dials []Dial

	Addr       string    // the address connected to, if any
	HTTPStatus int       // the final HTTP status code, if any
	CertExpiry time.Time // the leaf certificate's NotAfter, if a handshake got that far
	Resumed    bool      // the TLS handshake resumed a session (see Sessions): no certificate was sent
	Slow       bool      // OK but over the slow threshold
}

// Dial is one connection attempt to one address.
type Dial struct {
	Addr     string        // ip:port
	Duration time.Duration // from its start until it connected, failed or was abandoned
	Class    Class         // ClassNone when it connected (or was abandoned for a winner)
	Err      string        // why it failed, if it did
	Won      bool          // this connection was used
}

// Layer reports the layer that failed, or the last one reached when OK.
func (r Result) Layer() Layer {
	if r.Failed != LayerNone {
		return r.Failed
	}
	return r.Reached
}

// Status maps the result to a component status: Down when it failed,
// Degraded when it worked slowly or after failed attempts, Up otherwise.
// Reachable-but-blocked (403/429 after TLS) is Up: the service answers.
func (r Result) Status() status.Status {
	switch {
	case !r.OK:
		return status.Down
	case r.Slow || r.Failures > 0:
		return status.Degraded
	}
	return status.Up
}

// CertDaysLeft is the whole days until the leaf certificate expires
// (negative once expired), and false when no certificate was seen.
func (r Result) CertDaysLeft(now time.Time) (int, bool) {
	if r.CertExpiry.IsZero() {
		return 0, false
	}
	d := r.CertExpiry.Sub(now)
	days := int(d / (24 * time.Hour))
	if d < 0 && d%(24*time.Hour) != 0 {
		days--
	}
	return days, true
}

// fail marks r failed at layer l with class c and the cause err.
func (r *Result) fail(l Layer, c Class, err error) {
	r.OK = false
	r.Failed = l
	r.Class = c
	r.Err = err
	if err != nil {
		r.Message = err.Error()
	}
}
