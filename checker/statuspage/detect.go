package statuspage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Detect guesses a page's kind and remembers it for Fetch. It goes by the
// URL first: slack-status.com and status.slack.com are slack;
// status.cloud.google.com and www.google.com/appsstatus are google;
// api.status.io and "statusio:<id>" are statusio; a URL ending in .atom,
// .rss, /feed, /history.atom or /history.rss is a feed. Otherwise it probes
// the page's origin, in order:
//
//   - /api/v2/summary.json: an Instatus page.status (UP, HASISSUES,
//     UNDERMAINTENANCE) is instatus; a page.id with Statuspage's lower-case
//     component statuses is atlassian (which includes the
//     Statuspage-compatible summary some incident.io pages serve);
//   - /proxy/<host>: an incident.io summary is incidentio;
//   - /summary.json: an Instatus summary is instatus.
//
// When none answers it says so, listing what it tried.
func (c *Client) Detect(ctx context.Context, pageURL string) (Kind, error) {
	k, _, err := c.detect(ctx, pageURL)
	return k, err
}

// probed is the answer of the probe that told a page's kind: Fetch reads
// the page from it when the probe asked the kind's own endpoint, rather
// than ask again.
type probed struct {
	url  string
	resp *http.Response // its body read and closed
	body []byte
}

// detect is Detect, with the answer that told the kind (nil when the URL
// told it).
func (c *Client) detect(ctx context.Context, pageURL string) (Kind, *probed, error) {
	if k, ok := detectByURL(pageURL); ok {
		c.remember(pageURL, k)
		return k, nil, nil
	}
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil || !isHTTP(u) {
		return "", nil, fmt.Errorf("cannot tell the status page kind of %s: not an http or https URL", quote(pageURL))
	}
	orig := u.Scheme + "://" + u.Host
	probes := []struct {
		path  string
		shape func(map[string]any) (Kind, bool)
	}{
		{"/api/v2/summary.json", summaryShape},
		{"/proxy/" + u.Host, incidentIOShape},
		{"/summary.json", instatusShape},
	}
	var tried []string
	for _, pr := range probes {
		resp, body, err := c.get(ctx, orig+pr.path, "application/json", nil)
		if ctx.Err() != nil {
			return "", nil, fmt.Errorf("cannot tell the status page kind of %s: %w", pageURL, ctx.Err())
		}
		var why string
		switch {
		case err != nil:
			why = err.Error()
		case resp.StatusCode != http.StatusOK:
			why = "HTTP " + resp.Status
		default:
			var m map[string]any
			if json.Unmarshal(body, &m) != nil {
				why = "not JSON"
				break
			}
			if k, ok := pr.shape(m); ok {
				c.remember(pageURL, k)
				return k, &probed{url: orig + pr.path, resp: resp, body: body}, nil
			}
			why = "no known shape"
		}
		tried = append(tried, fmt.Sprintf("%s (%s)", pr.path, why))
	}
	return "", nil, fmt.Errorf("cannot tell the status page kind of %s: tried %s", pageURL, strings.Join(tried, ", "))
}

// detectByURL knows some kinds by their URL alone.
func detectByURL(pageURL string) (Kind, bool) {
	pageURL = strings.TrimSpace(pageURL)
	if strings.HasPrefix(pageURL, "statusio:") {
		return KindStatusIO, true
	}
	u, err := url.Parse(pageURL)
	if err != nil || !isHTTP(u) {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	p := strings.ToLower(strings.TrimRight(u.Path, "/"))
	switch {
	case host == "slack-status.com" || host == "status.slack.com":
		return KindSlack, true
	case host == "status.cloud.google.com",
		(host == "www.google.com" || host == "google.com") && strings.HasPrefix(p, "/appsstatus"):
		return KindGoogle, true
	case host == "api.status.io":
		return KindStatusIO, true
	case strings.HasSuffix(p, ".atom"), strings.HasSuffix(p, ".rss"), strings.HasSuffix(p, "/feed"):
		return KindFeed, true // includes /history.atom and /history.rss
	}
	return "", false
}

// summaryShape tells Instatus from Atlassian at /api/v2/summary.json.
func summaryShape(m map[string]any) (Kind, bool) {
	page, _ := m["page"].(map[string]any)
	if s, ok := page["status"].(string); ok {
		if _, known := instatusPage(s); known {
			return KindInstatus, true
		}
	}
	if id, _ := page["id"].(string); id == "" {
		return "", false
	}
	comps, ok := m["components"].([]any)
	if !ok {
		return "", false
	}
	for _, c := range comps {
		cm, _ := c.(map[string]any)
		s, _ := cm["status"].(string)
		if _, known := atlassianComponent(s); !known {
			return "", false
		}
	}
	return KindAtlassian, true
}

// incidentIOShape recognises the incident.io front end's summary.
func incidentIOShape(m map[string]any) (Kind, bool) {
	s, ok := m["summary"].(map[string]any)
	if !ok {
		return "", false
	}
	for _, k := range []string{"components", "affected_components", "ongoing_incidents", "structure"} {
		if _, ok := s[k]; ok {
			return KindIncidentIO, true
		}
	}
	return "", false
}

// instatusShape recognises Instatus's /summary.json.
func instatusShape(m map[string]any) (Kind, bool) {
	page, _ := m["page"].(map[string]any)
	s, _ := page["status"].(string)
	if _, known := instatusPage(s); known {
		return KindInstatus, true
	}
	return "", false
}
