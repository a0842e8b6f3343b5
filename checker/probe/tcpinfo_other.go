//go:build !linux

package probe

import "net"

// retransmits is 0 where TCP_INFO's total_retrans is not read (every
// system but Linux): a lossy link is then judged by DNS retries alone.
func retransmits(net.Conn) (int, error) { return 0, nil }
