package lab

import (
	"net"
	"syscall"
)

// sockfd is a socket's handle as the syscall package takes it on Windows.
type sockfd = syscall.Handle

// streamSocket is a new IPv4 stream socket: Windows sockets are not
// inherited unless asked for.
func streamSocket() (sockfd, error) { return syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) }

func closeSocket(fd sockfd) error { return syscall.Closesocket(fd) }

// portConfig is Go's default on Windows, which sets no SO_REUSEADDR (there
// it would let another socket steal the port). What keeps a shut Port's
// number on Linux (shutdown(2) of a listening socket ends the listen and
// keeps the bind) is Linux's: Windows does not stop a listening socket that
// way, so a Port may fail to shut or stall there. Untested: Windows
// binaries cannot be run where DownRadar is built (see docs/windows.md).
var portConfig net.ListenConfig
