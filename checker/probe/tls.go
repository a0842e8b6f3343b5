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
// the server name, verifying the certificate.
func (p *Prober) tlsProbe(ctx context.Context, t Target) Result {
	var r Result
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
	r.Message = fmt.Sprintf("%s, certificate valid until %s", tls.VersionName(cs.Version), r.CertExpiry.UTC().Format("2006-01-02"))
	return r
}

// tlsConfig verifies certificates itself (in VerifyConnection) so that an
// expired, a mismatched and an untrusted certificate are told apart, and
// hands the leaf's expiry to onLeaf, valid or not.
func (p *Prober) tlsConfig(onLeaf func(notAfter time.Time)) *tls.Config {
	return &tls.Config{
		InsecureSkipVerify: true, // verified below, with the same roots and name checks
		VerifyConnection: func(cs tls.ConnectionState) error {
			return p.verify(cs, onLeaf)
		},
	}
}

func (p *Prober) verify(cs tls.ConnectionState, onLeaf func(time.Time)) error {
	if len(cs.PeerCertificates) == 0 {
		return &CertError{Class: ClassCertInvalid, Err: errors.New("no certificate presented")}
	}
	leaf := cs.PeerCertificates[0]
	onLeaf(leaf.NotAfter)
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
