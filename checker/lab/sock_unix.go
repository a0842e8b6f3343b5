//go:build !windows

package lab

import (
	"fmt"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// sockfd is a socket's descriptor as the syscall package takes it.
type sockfd = int

func closeSocket(fd sockfd) error { return syscall.Close(fd) }

// portConfig gives a Port's socket the options that keep its port while it
// is shut, when the socket is bound but not listening:
//
//   - no SO_REUSEADDR (Go sets it on every listener): a bound socket that
//     does not listen keeps another SO_REUSEADDR socket off its port only
//     if it lacks SO_REUSEADDR itself. With it, a listener elsewhere (a
//     parallel test, any program) can bind the port and listen, by number
//     or even as the kernel's pick for port 0, and the Port's own listen
//     then fails with "address already in use";
//   - SO_REUSEPORT: without SO_REUSEADDR the Port could not listen again
//     while its earlier connections are open or in TIME_WAIT (they hold the
//     port too); SO_REUSEPORT, which they inherit, lets a socket of the same
//     user past them, and only sockets that set it too (no listener does by
//     default) could ever share the port.
var portConfig = net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
	var err error
	if cerr := c.Control(func(fd uintptr) {
		if err = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEADDR, 0); err != nil {
			return
		}
		err = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
	}); cerr != nil {
		return cerr
	}
	if err != nil {
		return fmt.Errorf("lab port: socket options: %w", err)
	}
	return nil
}}
