package statuspage

import (
	"errors"
	"fmt"
	"time"
)

// Parse decodes one provider's payload into a Page. base is the page's URL,
// used to make links absolute. Errors name the field and the value, as in
// `summary.json: components[3].status: unknown value "broken"`: a wrong JSON
// type, a status word the package does not know, truncated or empty input,
// or an HTML page where JSON was due. Unknown extra fields are ignored.
//
// A feed's ongoing incidents are its entries not resolved whose last update
// is recent: a week when it says work goes on, a day otherwise (parseFeed).
func Parse(kind Kind, base string, body []byte) (*Page, error) {
	return parseAt(kind, base, body, time.Now())
}

// parseAt is Parse at a given time.
func parseAt(kind Kind, base string, body []byte, now time.Time) (*Page, error) {
	var p *Page
	var err error
	switch kind {
	case KindAtlassian:
		p, err = parseAtlassian(base, body)
	case KindIncidentIO:
		p, err = parseIncidentIO(base, body)
	case KindSlack:
		p, err = parseSlack(base, body)
	case KindGoogle:
		p, err = parseGoogle(base, body)
	case KindStatusIO:
		p, err = parseStatusIO(base, body)
	case KindInstatus:
		p, err = parseInstatus(base, body)
	case KindFeed:
		p, err = parseFeed(base, body, now)
	case "":
		return nil, errors.New("no status page kind given")
	default:
		return nil, fmt.Errorf("unknown status page kind %q", string(kind))
	}
	if err != nil {
		return nil, err
	}
	p.Fetched = now
	p.finish()
	return p, nil
}
