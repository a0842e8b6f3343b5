//go:build linux

package probe

import (
	"fmt"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// retransmits is how many segments the kernel has retransmitted on the TCP
// connection c, SYNs included: TCP_INFO's total_retrans.
func retransmits(c net.Conn) (int, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return 0, fmt.Errorf("tcp_info: %T has no socket", c)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, fmt.Errorf("tcp_info: %w", err)
	}
	var info *unix.TCPInfo
	var gerr error
	if err := rc.Control(func(fd uintptr) {
		info, gerr = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	}); err != nil {
		return 0, fmt.Errorf("tcp_info: %w", err)
	}
	if gerr != nil {
		return 0, fmt.Errorf("tcp_info: %w", gerr)
	}
	return int(info.Total_retrans), nil
}
