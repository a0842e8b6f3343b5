package probe

import "context"

// tcpProbe resolves t.Host and opens a TCP connection to t.Port.
func (p *Prober) tcpProbe(ctx context.Context, t Target) Result {
	var r Result
	addrs, ok := p.resolve(ctx, t, &r)
	if !ok {
		return r
	}
	c, ok := p.dial(ctx, addrs, t.Port, &r)
	if !ok {
		return r
	}
	c.Close()
	r.OK = true
	r.Message = "connected to " + r.Addr
	return r
}
