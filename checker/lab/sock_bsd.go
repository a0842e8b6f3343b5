//go:build !linux && !windows

package lab

import "syscall"

// streamSocket is a new IPv4 stream socket, kept out of the programs this
// one starts. Without SOCK_CLOEXEC (macOS), close-on-exec is set after
// socket(2), under the lock that keeps a fork out of the gap, as Go's net
// package does.
func streamSocket() (sockfd, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	return fd, err
}
