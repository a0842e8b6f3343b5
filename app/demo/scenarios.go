package demo

import (
	"time"

	"github.com/downradar/downradar/checker/history"
)

// Scenario is a script and what the history must then record.
type Scenario struct {
	Name   string
	Title  string // one line for people
	Script Script
	// Expect are the incidents the history must record, and nothing else:
	// none for a false alarm.
	Expect []Expect
}

// Expect is one incident a scenario must leave in the history.
type Expect struct {
	Service    string        // catalog id
	Components []string      // exactly these; nil: every component the lab has for the service
	Layer      string        // the layer every failing probe in its evidence failed at
	Scope      history.Scope // history.ScopeConfirmed, ScopeFromHere...
	// Start and End are the offsets of the steps that began and ended it:
	// the incident is dated within a tolerance after them (see Verify).
	Start, End time.Duration
}

// Then is s followed by next, as one scenario.
func (s Scenario) Then(next Scenario) Scenario {
	out := Scenario{Name: s.Name + "+" + next.Name, Title: s.Title + " Then: " + next.Title, Script: s.Script.Then(next.Script)}
	out.Expect = append(out.Expect, s.Expect...)
	for _, e := range next.Expect {
		e.Start += s.Script.Length
		e.End += s.Script.Length
		out.Expect = append(out.Expect, e)
	}
	return out
}

const sec = time.Second

// The components the seed scenarios name, as the catalog names them.
var (
	whatsappMedia  = Ref{"whatsapp", "Media"}
	facebookMedia  = Ref{"facebook", "Media CDN"}
	instagramMedia = Ref{"instagram", "Media CDN"}
	whatsappWeb    = Ref{"whatsapp", "Web"}
	facebook       = Ref{Service: "facebook"}
	instagram      = Ref{Service: "instagram"}
	whatsapp       = Ref{Service: "whatsapp"}
	messenger      = Ref{Service: "messenger"}
	meta           = []Ref{facebook, instagram, whatsapp, messenger}
)

// Uploads2019 replays 3 July 2019: photos, videos and files failed to
// upload on Facebook, Instagram and WhatsApp for hours while text worked
// (the Hindi seed). Only the media components fail; the history must
// hold one incident per service on exactly its media component,
// confirmed when the status page catches up.
func Uploads2019() Scenario {
	script := Script{Name: "uploads-2019", Length: 60 * sec, Steps: []Step{
		{6 * sec, BreakAction(Timeout, whatsappMedia).Saying("3 July 2019, 20:30 IST: photos and videos stop sending on WhatsApp: its media servers take connections and never answer")},
		{6 * sec, BreakAction(Reset, facebookMedia, instagramMedia).Saying("Facebook's and Instagram's media CDN reset every TLS handshake; chat, web and APIs keep working")},
		{18 * sec, PublishAction(story("seed-001-hi"), story("hi-trap-shares")).Saying("Hindi news: uploads fail on Facebook, WhatsApp and Instagram (and a story about Meta's shares, which must not count)")},
		{28 * sec, PageAction(PageReport{
			Services: []string{"whatsapp", "facebook", "instagram"}, Level: "partial_outage",
			Title: "Trouble uploading photos, videos and files",
			Body:  "Some people are having trouble uploading or sending images, videos and other files on our apps. We are working to get things back to normal as quickly as possible.",
		}).Saying("the status page catches up: a partial outage of media uploads")},
		{42 * sec, RecoverAction(whatsappMedia, facebookMedia, instagramMedia).Saying("the media servers answer again")},
		{48 * sec, PageResolveAction()},
	}}
	media := func(r Ref) Expect {
		return Expect{Service: r.Service, Components: []string{r.Component}, Layer: "tls", Scope: history.ScopeConfirmed, Start: 6 * sec, End: 42 * sec}
	}
	return Scenario{Name: "uploads-2019", Title: "2019: uploads fail on Facebook, Instagram and WhatsApp, text still works",
		Script: script, Expect: []Expect{media(whatsappMedia), media(facebookMedia), media(instagramMedia)}}
}

// WebLogins2025 replays 28 February 2025: WhatsApp Web answered "service
// unavailable" to logins while the apps connected (the Bengali seed), and
// the Italian news said WhatsApp was down. The status page stays quiet:
// the news alone confirm it.
func WebLogins2025() Scenario {
	script := Script{Name: "web-logins-2025", Length: 60 * sec, Steps: []Step{
		{6 * sec, BreakAction(Unavailable, whatsappWeb).Saying("28 February 2025, 21:00 IST: WhatsApp Web answers HTTP 503 \"service unavailable\"; chat and media still connect")},
		{16 * sec, PublishAction(story("seed-002-bn")).Saying("Bengali news: WhatsApp Web logins say \"service unavailable\"")},
		{22 * sec, PublishAction(story("seed-004-it"), story("it-trap-howto")).Saying("Italian news: WhatsApp down worldwide (and a how-to, which must not count)")},
		{42 * sec, RecoverAction(whatsappWeb).Saying("WhatsApp Web logs in again")},
	}}
	return Scenario{Name: "web-logins-2025", Title: "2025: WhatsApp Web logins say \"service unavailable\"; the news confirm it",
		Script: script, Expect: []Expect{{Service: "whatsapp", Components: []string{"Web"}, Layer: "http", Scope: history.ScopeConfirmed, Start: 6 * sec, End: 42 * sec}}}
}

// DNS2021 replays 4 October 2021: Meta's DNS vanished from the internet,
// and every name of Facebook, Instagram, WhatsApp and Messenger failed to
// resolve for six hours (SERVFAIL from most resolvers, NXDOMAIN from
// some). The news in several languages report it, then the status page.
func DNS2021() Scenario {
	script := Script{Name: "dns-2021", Length: 62 * sec, Steps: []Step{
		{6 * sec, BreakAction(ServFail, facebook, whatsapp, messenger).Saying("4 October 2021, 15:40 UTC: Meta's DNS servers vanish; resolvers answer SERVFAIL for Facebook, WhatsApp and Messenger")},
		{6 * sec, BreakAction(NXDomain, instagram).Saying("and NXDOMAIN for Instagram")},
		{14 * sec, PublishAction(story("seed-003-fr"), story("de-2021-blamage"), story("fr-trap-wall-street")).Saying("French and German news: Facebook, Instagram, WhatsApp and Messenger down (and Facebook's shares, which must not count)")},
		{20 * sec, PublishAction(story("nl-2021-maandagavond"), story("vi-2021-toi-4-10"), story("id-2021-senin-malam")).Saying("Dutch, Vietnamese and Indonesian news say the same")},
		{30 * sec, PageAction(PageReport{
			Services: []string{"facebook", "instagram", "whatsapp", "messenger"}, Impact: "critical",
			Title: "Facebook, Instagram, WhatsApp and Messenger unreachable",
			Body:  "We're aware that some people are having trouble accessing our apps and products. We're working to get things back to normal as quickly as possible.",
		}).Saying("the status page catches up: a major outage of every Meta app")},
		{44 * sec, RecoverAction(meta...).Saying("the DNS answers again")},
		{50 * sec, PageResolveAction()},
	}}
	var expect []Expect
	for _, r := range meta {
		expect = append(expect, Expect{Service: r.Service, Layer: "dns", Scope: history.ScopeConfirmed, Start: 6 * sec, End: 44 * sec})
	}
	return Scenario{Name: "dns-2021", Title: "2021: every Meta name stops resolving for hours", Script: script, Expect: expect}
}

// Demo is the three seed scenarios in a row, each recovering before the
// next: about three minutes at speed 1.
func Demo() Scenario { return Uploads2019().Then(WebLogins2025()).Then(DNS2021()) }
