package lab

import (
	"crypto/tls"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
)

// StartTLS starts an HTTPS server on 127.0.0.1 presenting cert. Handshakes
// that clients reject are the point of many lab servers, so they are not
// logged. Close it when done.
func StartTLS(cert tls.Certificate, h http.Handler) *httptest.Server {
	s := httptest.NewUnstartedServer(h)
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.StartTLS()
	return s
}
