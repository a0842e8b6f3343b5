package lab

import "syscall"

// streamSocket is a new IPv4 stream socket, kept out of the programs this
// one starts.
func streamSocket() (sockfd, error) {
	return syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
}
