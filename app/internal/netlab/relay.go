package netlab

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// The TUN interface of the delay relay, in the router namespace.
const relayTUN = "delay0"

// Linux's TUN ioctl and flags (linux/if_tun.h).
const (
	tunSetIff = 0x400454ca
	iffTun    = 0x0001
	iffNoPI   = 0x1000
)

// openTUN creates the TUN interface name (IP packets, no header) and
// returns it as a pollable file.
func openTUN(name string) (*os.File, error) {
	fd, err := syscall.Open("/dev/net/tun", syscall.O_RDWR|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("open /dev/net/tun: %w", err)
	}
	var req struct {
		name  [16]byte
		flags uint16
		_     [22]byte
	}
	copy(req.name[:15], name)
	req.flags = iffTun | iffNoPI
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), tunSetIff, uintptr(unsafe.Pointer(&req))); errno != 0 {
		syscall.Close(fd)
		return nil, fmt.Errorf("create tun %s: %w", name, errno)
	}
	return os.NewFile(uintptr(fd), "tun:"+name), nil
}

// runRelay is the delay relay: the router routes the home link's traffic
// (both ways) into its TUN interface; it holds each packet for the delay
// and writes it back, and the router forwards it on. Commands on stdin:
//
//	delay DURATION    the one-way delay of each packet from now on
func runRelay(ctx context.Context, args []string) error {
	if len(args) != 0 {
		return errors.New("usage: relay")
	}
	tun, err := openTUN(relayTUN)
	if err != nil {
		return err
	}
	defer tun.Close()
	var delay atomic.Int64
	q := &heldPackets{wake: make(chan struct{}, 1)}
	go func() {
		buf := make([]byte, 65536)
		for {
			n, err := tun.Read(buf)
			if err != nil {
				return
			}
			q.push(append([]byte(nil), buf[:n]...), time.Now().Add(time.Duration(delay.Load())))
		}
	}()
	go q.release(ctx, tun)
	fmt.Println("ready")
	serveCommands(ctx, os.Stdin, os.Stdout, func(_ context.Context, w []string) (string, error) {
		if len(w) != 2 || w[0] != "delay" {
			return "", fmt.Errorf("unknown command %q", w)
		}
		d, err := time.ParseDuration(w[1])
		if err != nil {
			return "", err
		}
		delay.Store(int64(d))
		return "", nil
	})
	return nil
}

// heldPackets are the packets the relay holds, each until its release
// time: in release order, so that packets that came in after the delay
// was lowered do not wait behind those held longer.
type heldPackets struct {
	mu   sync.Mutex
	h    packetHeap
	wake chan struct{} // a packet came in
}

type packet struct {
	data    []byte
	release time.Time
	seq     uint64 // arrival order, among equal release times
}

// maxHeld bounds the packets held: a full queue drops, as a router's would.
const maxHeld = 8192

var arrivals atomic.Uint64

func (q *heldPackets) push(data []byte, release time.Time) {
	q.mu.Lock()
	if q.h.Len() < maxHeld {
		heap.Push(&q.h, packet{data, release, arrivals.Add(1)})
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// release writes each packet to w at its release time, until ctx ends.
func (q *heldPackets) release(ctx context.Context, w io.Writer) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		q.mu.Lock()
		var due []packet
		now := time.Now()
		for q.h.Len() > 0 && !q.h[0].release.After(now) {
			due = append(due, heap.Pop(&q.h).(packet))
		}
		wait := time.Hour
		if q.h.Len() > 0 {
			wait = q.h[0].release.Sub(now)
		}
		q.mu.Unlock()
		for _, p := range due {
			w.Write(p.data)
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-q.wake:
		case <-timer.C:
		}
	}
}

// packetHeap orders packets by release time, then arrival.
type packetHeap []packet

func (h packetHeap) Len() int { return len(h) }
func (h packetHeap) Less(i, j int) bool {
	if h[i].release.Equal(h[j].release) {
		return h[i].seq < h[j].seq
	}
	return h[i].release.Before(h[j].release)
}
func (h packetHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *packetHeap) Push(x any)   { *h = append(*h, x.(packet)) }
func (h *packetHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}
