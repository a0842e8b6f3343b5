package probe

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// The retransmission schedule of a lookup, as a stub resolver's (glibc's
// "timeout" and "attempts", Windows' 1 s first wait): a query that got no
// reply within its try's wait is sent again, to the next server in turn.
// The waits grow 1 s, 1 s, 2 s, 2 s, 4 s, 4 s...: five tries in a probe's
// 10 s that still leave time to connect. A shorter budget scales them down
// (tenfold shorter budget, tenfold shorter waits), never under minTry.
const (
	firstTry = time.Second
	maxTry   = 4 * time.Second
	minTry   = 100 * time.Millisecond
	// tryBudget is the budget the waits above are made for.
	tryBudget = 10 * time.Second
	// noDeadlineBudget bounds a lookup whose ctx has no deadline.
	noDeadlineBudget = 5 * time.Second
)

// ResolutionDelay is how long a lookup waits for the other family's answer
// once one family's addresses arrived (RFC 8305 §3's recommended 50 ms):
// a lost AAAA reply does not hold up connecting to the A addresses, and the
// other way round.
const ResolutionDelay = 50 * time.Millisecond

// tryWait is how long transmission k (from 0) waits for a reply, for a
// lookup with budget to spend in all.
func tryWait(k int, budget time.Duration) time.Duration {
	w := min(firstTry<<(k/2), maxTry)
	if budget > 0 && budget < tryBudget {
		w = time.Duration(float64(w) * float64(budget) / float64(tryBudget))
	}
	return max(w, minTry)
}

// datagram is what one server's socket read: a message or its error.
type datagram struct {
	server int
	msg    []byte
	err    error
}

// tcpAnswer is a question asked again over TCP after a truncated reply.
type tcpAnswer struct {
	q      *question
	server int
	try    int
	r      reply
	err    error
}

// exchange asks servers the questions over UDP, one connected socket per
// server asked, until each is settled, ctx ends, or one question has
// addresses and the other has had ResolutionDelay more to answer.
//
// Try k sends the questions still unsettled to server k mod n (each under a
// new ID), then waits tryWait(k) before the next try; a server whose socket
// fails (ICMP port unreachable: nothing listens) is skipped from then on,
// and the next try starts at once. A reply to any earlier transmission, from
// any server asked, is taken. A reply that matches no question or does not
// parse is ignored; a truncated one has its question asked again over TCP.
// An unsettled question comes out with why in its answer.
func exchange(ctx context.Context, servers []string, qs []*question) {
	if _, ok := ctx.Deadline(); !ok {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeout(ctx, noDeadlineBudget)
		defer stop()
	}
	ctx, cancel := context.WithCancel(ctx)
	dl, _ := ctx.Deadline()
	budget := time.Until(dl)

	x := &exchanger{
		ctx: ctx, servers: servers, qs: qs,
		conns:     make([]net.Conn, len(servers)),
		dead:      make([]error, len(servers)),
		datagrams: make(chan datagram, 4),
		tcp:       make(chan tcpAnswer, len(qs)),
	}
	defer func() {
		cancel() // readers blocked on sending give up
		for _, c := range x.conns {
			if c != nil {
				c.Close() // readers blocked on reading return
			}
		}
		x.wg.Wait()
	}()
	x.run(budget)
}

// exchanger is one exchange's state; run owns it.
type exchanger struct {
	ctx       context.Context
	servers   []string
	qs        []*question
	conns     []net.Conn // opened at a server's first try
	dead      []error    // why a server's socket failed
	last      int        // the server of the latest try, -1 before
	datagrams chan datagram
	tcp       chan tcpAnswer
	tcpBusy   int // questions being asked over TCP
	wg        sync.WaitGroup
}

func (x *exchanger) run(budget time.Duration) {
	x.last = -1
	next := time.NewTimer(0)
	defer next.Stop()
	var settle <-chan time.Time // the resolution delay, once one family answered
	for try := 0; ; {
		if x.unsettled() == 0 {
			return
		}
		select {
		case <-x.ctx.Done():
			x.giveUp(x.ctx.Err())
			return
		case <-settle:
			settle = nil
			if x.tcpBusy == 0 {
				x.giveUp(errResolutionDelay)
				return
			} // else a truncated answer is coming over TCP: wait for it
		case <-next.C:
			if !x.send(try) {
				if x.tcpBusy == 0 {
					x.giveUp(nil)
					return
				}
				continue // every server failed; a TCP question may still answer
			}
			next.Reset(tryWait(try, budget))
			try++
		case d := <-x.datagrams:
			if d.err != nil {
				x.dead[d.server] = d.err
				if d.server == x.last { // no reply can come: try the next server now
					resetTimer(next, 0)
				}
				continue
			}
			if x.take(d) && settle == nil && x.hasAddrs() {
				settle = time.After(ResolutionDelay)
			}
		case a := <-x.tcp:
			x.tcpBusy--
			a.q.tcp = false
			if a.err != nil { // kept for giveUp; a later try may ask again
				a.q.answer = answer{class: ClassDNSError, server: x.servers[a.server], err: a.err}
			} else {
				a.q.settle(x.servers[a.server], a.try, a.r)
			}
			if settle == nil && x.hasAddrs() {
				settle = time.After(ResolutionDelay)
			}
		}
	}
}

var errResolutionDelay = fmt.Errorf("no reply within %s of the other address family's", ResolutionDelay)

// send makes try: the unsettled questions to the next live server in turn.
// It reports false when no server is left to ask.
func (x *exchanger) send(try int) bool {
	n := len(x.servers)
	for i := range n {
		s := (try + i) % n
		if x.dead[s] != nil {
			continue
		}
		if err := x.sendTo(s); err != nil {
			x.dead[s] = err
			continue
		}
		x.last = s
		return true
	}
	return false
}

func (x *exchanger) sendTo(s int) error {
	if x.conns[s] == nil {
		var d net.Dialer
		c, err := d.DialContext(x.ctx, "udp", x.servers[s])
		if err != nil {
			return err
		}
		x.conns[s] = c
		x.wg.Add(1)
		go x.read(s, c)
	}
	for _, q := range x.qs {
		if q.settled || q.tcp {
			continue
		}
		msg, err := q.next(x.qs)
		if err != nil {
			return err
		}
		if _, err := x.conns[s].Write(msg[2:]); err != nil {
			return err
		}
	}
	return nil
}

// read passes what server s's socket reads to run, until it fails.
func (x *exchanger) read(s int, c net.Conn) {
	defer x.wg.Done()
	for {
		buf := make([]byte, udpSize)
		n, err := c.Read(buf)
		d := datagram{server: s, msg: buf[:n], err: err}
		select {
		case x.datagrams <- d:
		case <-x.ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// take settles the question d answers, or hands it to TCP when truncated.
// It reports whether a question settled.
func (x *exchanger) take(d datagram) bool {
	var waiting []*question
	for _, q := range x.qs {
		if !q.settled && !q.tcp {
			waiting = append(waiting, q)
		}
	}
	i, try, r, err := parseReply(d.msg, waiting)
	if err != nil {
		return false // a stray or garbled datagram: keep waiting
	}
	q := waiting[i]
	if r.truncated {
		q.tcp = true
		x.tcpBusy++
		x.wg.Add(1)
		go func() {
			defer x.wg.Done()
			r, err := exchangeTCP(x.ctx, x.servers[d.server], q, q.ids[try])
			x.tcp <- tcpAnswer{q: q, server: d.server, try: try, r: r, err: err}
		}()
		return false
	}
	q.settle(x.servers[d.server], try, r)
	return true
}

func (x *exchanger) unsettled() int {
	n := 0
	for _, q := range x.qs {
		if !q.settled {
			n++
		}
	}
	return n
}

func (x *exchanger) hasAddrs() bool {
	for _, q := range x.qs {
		if q.settled && len(q.answer.addrs) > 0 {
			return true
		}
	}
	return false
}

// giveUp records why each unsettled question has no answer: the time ran
// out (err is ctx's), the other family answered first, or every server's
// socket failed (err nil: the last server's error). Its transmissions that
// waited their whole try went unanswered: lost; the last one was cut short
// (a slow AAAA after a quick A is no sign of loss).
func (x *exchanger) giveUp(err error) {
	for _, q := range x.qs {
		if q.settled {
			continue
		}
		q.lost = max(len(q.ids)-1, 0)
		a := answer{class: ClassDNSTimeout, err: err}
		if x.last >= 0 {
			a.server = x.servers[x.last]
		}
		if err == nil {
			a.class, a.err = ClassDNSError, x.lastDead()
		}
		if q.answer.err != nil { // its TCP exchange failed
			a = q.answer
		}
		q.answer = a
	}
}

func (x *exchanger) lastDead() error {
	if x.last >= 0 && x.dead[x.last] != nil {
		return x.dead[x.last]
	}
	for i := len(x.dead) - 1; i >= 0; i-- {
		if x.dead[i] != nil {
			return x.dead[i]
		}
	}
	return fmt.Errorf("no server to ask")
}

// resetTimer makes t fire after d, whether or not it fired already.
func resetTimer(t *time.Timer, d time.Duration) {
	t.Stop()
	t.Reset(d)
}

// exchangeTCP asks server q over TCP under id, for a reply too long for
// UDP. A reply to another query is an error here.
func exchangeTCP(ctx context.Context, server string, q *question, id uint16) (reply, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", server)
	if err != nil {
		return reply{}, err
	}
	defer conn.Close()
	stop := bound(ctx, conn)
	defer stop()
	msg, err := q.pack(id)
	if err != nil {
		return reply{}, err
	}
	if _, err := conn.Write(msg); err != nil {
		return reply{}, err
	}
	var n [2]byte
	if _, err := io.ReadFull(conn, n[:]); err != nil {
		return reply{}, fmt.Errorf("tcp reply length: %w", err)
	}
	msg = make([]byte, binary.BigEndian.Uint16(n[:]))
	if _, err := io.ReadFull(conn, msg); err != nil {
		return reply{}, fmt.Errorf("tcp reply: %w", err)
	}
	one := &question{name: q.name, qtype: q.qtype, ids: []uint16{id}}
	_, _, r, err := parseReply(msg, []*question{one})
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
