package probe

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// udpSize is the UDP reply size the queries advertise (EDNS0) and read.
const udpSize = 1232

// question is one of a lookup's two queries (A, AAAA) and, once a server
// has replied to it with any rcode, its answer. Each transmission has its
// own ID (ids, in the order sent), so that a reply tells which one it
// answers: a late reply to the first is slowness, not loss.
type question struct {
	name    dnsmessage.Name
	qtype   dnsmessage.Type
	ids     []uint16 // the IDs sent, one per transmission
	settled bool     // answer holds a reply; not asked again
	tcp     bool     // being asked over TCP after a truncated reply
	answer  answer
	lost    int // transmissions that got no reply before the one answered
}

// newQuestions makes host's A and AAAA questions.
func newQuestions(host string) ([2]*question, error) {
	var qs [2]*question
	if !strings.HasSuffix(host, ".") {
		host += "."
	}
	name, err := dnsmessage.NewName(host)
	if err != nil {
		return qs, fmt.Errorf("query for %q: %w", host, err)
	}
	for i, t := range []dnsmessage.Type{dnsmessage.TypeA, dnsmessage.TypeAAAA} {
		qs[i] = &question{name: name, qtype: t}
	}
	return qs, nil
}

// next packs q's next transmission under a new random ID, distinct from
// every ID of qs so far.
func (q *question) next(qs []*question) ([]byte, error) {
	id := uint16(rand.Uint32())
	for used(qs, id) {
		id++
	}
	msg, err := q.pack(id)
	if err != nil {
		return nil, fmt.Errorf("query for %s: %w", q.name, err)
	}
	q.ids = append(q.ids, id)
	return msg, nil
}

func used(qs []*question, id uint16) bool {
	for _, q := range qs {
		if slices.Contains(q.ids, id) {
			return true
		}
	}
	return false
}

// pack builds q's message with id, recursion desired, with an EDNS0 OPT
// record advertising udpSize, after a 2-byte length (for TCP; UDP sends
// what follows it).
func (q *question) pack(id uint16) ([]byte, error) {
	b := dnsmessage.NewBuilder(make([]byte, 2, 64), dnsmessage.Header{ID: id, RecursionDesired: true})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(dnsmessage.Question{Name: q.name, Type: q.qtype, Class: dnsmessage.ClassINET}); err != nil {
		return nil, err
	}
	if err := b.StartAdditionals(); err != nil {
		return nil, err
	}
	var opt dnsmessage.ResourceHeader
	if err := opt.SetEDNS0(udpSize, dnsmessage.RCodeSuccess, false); err != nil {
		return nil, err
	}
	if err := b.OPTResource(opt, dnsmessage.OPTResource{}); err != nil {
		return nil, err
	}
	msg, err := b.Finish()
	if err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint16(msg, uint16(len(msg)-2))
	return msg, nil
}

// settle records server's reply to q's transmission try.
func (q *question) settle(server string, try int, r reply) {
	q.settled = true
	q.lost = try
	q.answer = answer{server: server}
	switch r.rcode {
	case dnsmessage.RCodeSuccess:
		q.answer.addrs = r.addrs
	case dnsmessage.RCodeNameError:
		q.answer.class = ClassNXDomain
	case dnsmessage.RCodeServerFailure:
		q.answer.class = ClassServFail
	case dnsmessage.RCodeRefused:
		q.answer.class = ClassDNSRefused
	default:
		q.answer.class = ClassDNSError
		q.answer.err = fmt.Errorf("rcode %s", rcodeName(r.rcode))
	}
}

// reply is what a server said to one question.
type reply struct {
	rcode     dnsmessage.RCode // with the EDNS0 extended bits
	truncated bool             // TC: ask again over TCP
	addrs     []netip.Addr     // the A and AAAA records of the answer
}

var errNoQuestion = errors.New("reply matches no query")

// parseReply reads msg as the reply to one of qs, which it returns with its
// index and the transmission answered: an error when it matches none (by ID
// and question) or does not parse, unless truncated (TC), which keeps what
// parsed.
func parseReply(msg []byte, qs []*question) (i, try int, r reply, err error) {
	var p dnsmessage.Parser
	h, err := p.Start(msg)
	if err != nil {
		return 0, 0, reply{}, fmt.Errorf("parse reply: %w", err)
	}
	try = -1
	for i = 0; i < len(qs) && try < 0; i++ {
		try = slices.Index(qs[i].ids, h.ID)
	}
	if try < 0 {
		return 0, 0, reply{}, errNoQuestion
	}
	i--
	q := qs[i]
	got, err := p.Question()
	if err != nil || got.Type != q.qtype || got.Class != dnsmessage.ClassINET ||
		!bytes.EqualFold(got.Name.Data[:got.Name.Length], q.name.Data[:q.name.Length]) {
		return 0, 0, reply{}, errNoQuestion
	}
	r = reply{rcode: h.RCode, truncated: h.Truncated}
	if err := r.read(&p); err != nil && !r.truncated {
		return 0, 0, reply{}, fmt.Errorf("parse reply: %w", err)
	}
	return i, try, r, nil
}

// read reads the rest of a reply after its first question: the answer's A
// and AAAA records, skipping others (a CNAME chain's names), and the rcode's
// upper bits from an EDNS0 OPT record. What it read before an error stays.
func (r *reply) read(p *dnsmessage.Parser) error {
	if err := p.SkipAllQuestions(); err != nil {
		return err
	}
	for {
		h, err := p.AnswerHeader()
		if errors.Is(err, dnsmessage.ErrSectionDone) {
			break
		}
		if err != nil {
			return err
		}
		switch h.Type {
		case dnsmessage.TypeA:
			a, err := p.AResource()
			if err != nil {
				return err
			}
			r.addrs = append(r.addrs, netip.AddrFrom4(a.A))
		case dnsmessage.TypeAAAA:
			a, err := p.AAAAResource()
			if err != nil {
				return err
			}
			r.addrs = append(r.addrs, netip.AddrFrom16(a.AAAA))
		default:
			if err := p.SkipAnswer(); err != nil {
				return err
			}
		}
	}
	if err := p.SkipAllAuthorities(); err != nil {
		return err
	}
	for {
		h, err := p.AdditionalHeader()
		if errors.Is(err, dnsmessage.ErrSectionDone) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Type == dnsmessage.TypeOPT {
			r.rcode |= dnsmessage.RCode(h.TTL>>24) << 4
		}
		if err := p.SkipAdditional(); err != nil {
			return err
		}
	}
}

// rcodeNames are the mnemonics of the rcodes settle does not class itself.
var rcodeNames = map[dnsmessage.RCode]string{
	1: "FORMERR", 4: "NOTIMP", 6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET",
	9: "NOTAUTH", 10: "NOTZONE", 11: "DSOTYPENI", 16: "BADVERS", 17: "BADKEY",
	18: "BADTIME", 19: "BADMODE", 20: "BADNAME", 21: "BADALG", 22: "BADTRUNC",
	23: "BADCOOKIE",
}

// rcodeName is rc's mnemonic, or its number.
func rcodeName(rc dnsmessage.RCode) string {
	if n, ok := rcodeNames[rc]; ok {
		return n
	}
	return strconv.Itoa(int(rc))
}
