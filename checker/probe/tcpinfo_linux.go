//go:build linux

package probe

import (
	"fmt"
	"net"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// retransmits is how many times the kernel's retransmission timer fired on
// the TCP connection c, SYNs included: TCP_INFO's total_rto (Linux 6.7 and
// later). That is loss: a segment or its acknowledgement did not come back
// within the RTO (200 ms at least, 1 s for a SYN). TCP_INFO's
// total_retrans also counts tail loss probes, which Linux sends when an ACK
// is a few milliseconds late (a busy CPU, not a lossy link): a healthy link
// read as "losing packets" so. A kernel older than 6.7 has no total_rto;
// there the count is total_retrans, tail loss probes and all.
func retransmits(c net.Conn) (int, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return 0, fmt.Errorf("tcp_info: %T has no socket", c)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, fmt.Errorf("tcp_info: %w", err)
	}
	var info unix.TCPInfo
	var size uint32
	var gerr error
	if err := rc.Control(func(fd uintptr) { size, gerr = tcpInfo(int(fd), &info) }); err != nil {
		return 0, fmt.Errorf("tcp_info: %w", err)
	}
	if gerr != nil {
		return 0, fmt.Errorf("tcp_info: %w", gerr)
	}
	if size >= uint32(unsafe.Offsetof(info.Total_rto)+unsafe.Sizeof(info.Total_rto)) {
		return int(info.Total_rto), nil
	}
	return int(info.Total_retrans), nil
}

// tcpInfo reads fd's TCP_INFO into info and returns how many bytes the
// kernel filled in (an older kernel's struct is shorter).
func tcpInfo(fd int, info *unix.TCPInfo) (uint32, error) {
	size := uint32(unsafe.Sizeof(*info))
	_, _, errno := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.IPPROTO_TCP, unix.TCP_INFO,
		uintptr(unsafe.Pointer(info)), uintptr(unsafe.Pointer(&size)), 0)
	if errno != 0 {
		return 0, errno
	}
	return size, nil
}
