package probe

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"time"
)

// exchange asks server the questions not yet settled over one UDP socket:
// it sends them back to back and reads replies until each has one or ctx
// ends. A reply that matches no question (by ID and question) or does not
// parse is ignored; a truncated one has its question asked again over TCP.
// Each question comes out settled, or with the error that kept it from
// being so in q.err.
func exchange(ctx context.Context, server string, qs []*question, buf []byte) {
	waiting := make([]*question, 0, len(qs))
	for _, q := range qs {
		if !q.settled {
			waiting = append(waiting, q)
		}
	}
	fail := func(err error) {
		for _, q := range waiting {
			q.err = err
		}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "udp", server)
	if err != nil {
		fail(err)
		return
	}
	defer conn.Close()
	stop := bound(ctx, conn)
	defer stop()
	for _, q := range waiting {
		if _, err := conn.Write(q.packet[2:]); err != nil {
			fail(err)
			return
		}
	}
	for len(waiting) > 0 {
		n, err := conn.Read(buf)
		if err != nil {
			fail(err)
			return
		}
		i, r, err := parseReply(buf[:n], waiting)
		if err != nil {
			continue // a stray or garbled datagram: keep waiting
		}
		q := waiting[i]
		if r.truncated {
			r, err = exchangeTCP(ctx, server, q)
		}
		if err != nil {
			q.err = err
		} else {
			q.settle(server, r)
		}
		waiting = append(waiting[:i], waiting[i+1:]...)
	}
}

// exchangeTCP asks server q over TCP, for a reply too long for UDP. A reply
// to another query is an error here.
func exchangeTCP(ctx context.Context, server string, q *question) (reply, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", server)
	if err != nil {
		return reply{}, err
	}
	defer conn.Close()
	stop := bound(ctx, conn)
	defer stop()
	if _, err := conn.Write(q.packet); err != nil {
		return reply{}, err
	}
	var n [2]byte
	if _, err := io.ReadFull(conn, n[:]); err != nil {
		return reply{}, fmt.Errorf("tcp reply length: %w", err)
	}
	msg := make([]byte, binary.BigEndian.Uint16(n[:]))
	if _, err := io.ReadFull(conn, msg); err != nil {
		return reply{}, fmt.Errorf("tcp reply: %w", err)
	}
	_, r, err := parseReply(msg, []*question{q})
	if err != nil {
		return reply{}, fmt.Errorf("tcp reply: %w", err)
	}
	return r, nil
}

var aLongTimeAgo = time.Unix(1, 0)

// bound ends conn's I/O at ctx's deadline, and at once when ctx is done
// before then. Call stop when done with conn.
func bound(ctx context.Context, conn net.Conn) (stop func() bool) {
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	return context.AfterFunc(ctx, func() { conn.SetDeadline(aLongTimeAgo) })
}
