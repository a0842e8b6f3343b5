package probe

import (
	"context"
	"fmt"
)

// dnsProbe resolves t.Host: it works when the name has an address.
func (p *Prober) dnsProbe(ctx context.Context, t Target) Result {
	var r Result
	addrs, ok := p.resolve(ctx, t, &r)
	if !ok {
		return r
	}
	r.OK = true
	r.Reached = LayerDNS
	r.Message = fmt.Sprintf("%d address(es), first %s", len(addrs), addrs[0])
	return r
}
