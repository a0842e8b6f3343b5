package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// CertError is a certificate the probe does not trust, with its class:
// expired, mismatched name, or otherwise invalid.
type CertError struct {
	Class Class
	Err   error
}

func (e *CertError) Error() string { return "certificate: " + e.Err.Error() }
func (e *CertError) Unwrap() error { return e.Err }

// tlsProbe resolves, connects and completes a TLS handshake with t.Host as
// the server name, verifying the certificate. r is named so that the
// deferred Close still adds the connection's retransmissions to it.
func (p *Prober) tlsProbe(ctx context.Context, t Target) (r Result) {
	probeStart := time.Now()
	addrs, ok := p.resolve(ctx, t, &r)
	if !ok {
		return r
	}
	c, ok := p.dial(ctx, addrs, t.Port, &r)
	if !ok {
		return r
	}
	defer c.Close()
	cfg := p.tlsConfig(func(notAfter time.Time) { r.CertExpiry = notAfter })
	cfg.ServerName = t.Host
	tc := tls.Client(c, cfg)
	start := time.Now()
	err := tc.HandshakeContext(ctx)
	r.Timings.TLS = time.Since(start)
	if err != nil {
		r.fail(LayerTLS, classifyTLS(ctx, err), err)
		return r
	}
	r.OK = true
	r.Reached = LayerTLS
	cs := tc.ConnectionState()
	r.Resumed = cs.DidResume
	r.Message = fmt.Sprintf("%s, certificate valid until %s", tls.VersionName(cs.Version), r.CertExpiry.UTC().Format("2006-01-02"))
	r.Timings.Total = time.Since(probeStart)
	if p.Sessions != nil && !cs.DidResume {
		awaitTicket(ctx, tc, r.Timings.Connect)
	}
	return r
}

// awaitTicket reads what the server sends after a full handshake for a
// moment (twice the connect time plus 20 ms, at most 300 ms), so that the
// session ticket a TLS 1.3 server sends then reaches the session cache: a
// bare handshake never reads it. Data (an IMAP greeting) ends the wait at
// once; its time is not the probe's (Timings.Total is already set).
func awaitTicket(ctx context.Context, tc *tls.Conn, connect time.Duration) {
	wait := min(2*connect+20*time.Millisecond, 300*time.Millisecond)
	until := time.Now().Add(wait)
	if d, ok := ctx.Deadline(); ok && d.Before(until) {
		until = d
	}
	if tc.SetReadDeadline(until) == nil {
		var b [1]byte
		tc.Read(b[:]) // a timeout or EOF is the normal outcome
	}
}

// tlsConfig verifies certificates itself (in VerifyConnection) so that an
// expired, a mismatched and an untrusted certificate are told apart, and
// hands the leaf's expiry to onLeaf, valid or not.
//
// Sessions are resumed (see Sessions): a resumed handshake still proves
// the server answers at the TLS layer and holds the session's keys, while
// the certificate chain is verified at each full handshake, at least hourly.
//
// The key exchange is X25519 (P-256 as a fallback), without the post-quantum
// hybrid Go offers by default: a probe sends nothing secret, and the hybrid's
// ML-KEM key generation and decapsulation cost about a tenth of the agent's CPU.
func (p *Prober) tlsConfig(onLeaf func(notAfter time.Time)) *tls.Config {
	cfg := &tls.Config{
		InsecureSkipVerify: true, // verified below, with the same roots and name checks
		VerifyConnection: func(cs tls.ConnectionState) error {
			return p.verify(cs, onLeaf)
		},
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256},
	}
	if p.Sessions != nil {
		cfg.ClientSessionCache = p.Sessions
	}
	return cfg
}

func (p *Prober) verify(cs tls.ConnectionState, onLeaf func(time.Time)) error {
	if len(cs.PeerCertificates) == 0 {
		return &CertError{Class: ClassCertInvalid, Err: errors.New("no certificate presented")}
	}
	leaf := cs.PeerCertificates[0]
	onLeaf(leaf.NotAfter)
	if cs.DidResume {
		// The chain was verified in the full handshake this session came
		// from, less than the Sessions' period ago; only time has passed.
		if now := p.now(); now.After(leaf.NotAfter) {
			return &CertError{Class: ClassCertExpired, Err: x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired,
				Detail: fmt.Sprintf("current time %s is after %s", now.UTC().Format(time.RFC3339), leaf.NotAfter.UTC().Format(time.RFC3339))}}
		}
		return nil
	}
	if err := p.verifyChain(cs, leaf); err != nil {
		return err
	}
	if p.Sessions != nil {
		p.Sessions.verified(cs.ServerName)
	}
	return nil
}

// verifyChain checks leaf and the chain the server sent against the roots,
// the server name and the time, and classifies what fails.
func (p *Prober) verifyChain(cs tls.ConnectionState, leaf *x509.Certificate) error {
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         p.RootCAs,
		Intermediates: inter,
		DNSName:       cs.ServerName,
		CurrentTime:   p.now(),
	})
	if err == nil {
		return nil
	}
	var inv x509.CertificateInvalidError
	var host x509.HostnameError
	switch {
	case errors.As(err, &inv) && inv.Reason == x509.Expired:
		return &CertError{Class: ClassCertExpired, Err: err}
	case errors.As(err, &host):
		return &CertError{Class: ClassCertMismatch, Err: err}
	}
	return &CertError{Class: ClassCertInvalid, Err: err}
}

// classifyTLS names a handshake failure.
func classifyTLS(ctx context.Context, err error) Class {
	var ce *CertError
	if errors.As(err, &ce) {
		return ce.Class
	}
	if c := classifyNet(ctx, err); c == ClassTimeout || c == ClassReset {
		return c
	}
	return ClassTLSError
}
