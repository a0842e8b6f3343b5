package statuspage

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// The well-known pages whose API is not under their own address.
const (
	SlackStatus     = "https://slack-status.com"
	GoogleCloud     = "https://status.cloud.google.com"
	GoogleWorkspace = "https://www.google.com/appsstatus/dashboard"

	slackAPIPath  = "/api/v2.0.0/current"
	googleAPIPath = "/incidents.json"
)

// Endpoint is the API URL fetched for a page URL and kind:
//
//	atlassian:  <origin>/api/v2/summary.json
//	incidentio: <origin>/proxy/<host>
//	slack:      https://slack-status.com/api/v2.0.0/current for slack-status.com and
//	            status.slack.com, <origin>/api/v2.0.0/current elsewhere
//	google:     https://status.cloud.google.com/incidents.json for status.cloud.google.com,
//	            https://www.google.com/appsstatus/dashboard/incidents.json for
//	            www.google.com/appsstatus/dashboard, <page URL>/incidents.json elsewhere
//	statusio:   https://api.status.io/1.0/status/<page id>, the page URL being that
//	            API URL or "statusio:<page id>"
//	instatus:   <origin>/summary.json
//	feed:       the URL itself
//
// A page URL that already names the API endpoint is kept as it is.
func Endpoint(kind Kind, pageURL string) (string, error) {
	pageURL = strings.TrimSpace(pageURL)
	if kind == KindStatusIO {
		if id, ok := strings.CutPrefix(pageURL, "statusio:"); ok {
			if !isPageID(id) {
				return "", fmt.Errorf("status.io page id %s: want letters and digits", quote(id))
			}
			return "https://api.status.io/1.0/status/" + id, nil
		}
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return "", fmt.Errorf("page URL %s: %w", quote(pageURL), err)
	}
	if !isHTTP(u) {
		return "", fmt.Errorf("page URL %s: want an http or https URL", quote(pageURL))
	}
	host := strings.ToLower(u.Hostname())
	orig := u.Scheme + "://" + u.Host
	p := strings.TrimRight(u.Path, "/")
	switch kind {
	case KindAtlassian:
		if strings.HasSuffix(p, "/api/v2/summary.json") {
			return u.String(), nil
		}
		return orig + "/api/v2/summary.json", nil
	case KindIncidentIO:
		if strings.HasPrefix(p, "/proxy/") {
			return u.String(), nil
		}
		return orig + "/proxy/" + u.Host, nil
	case KindSlack:
		switch {
		case host == "slack-status.com" || host == "status.slack.com":
			return SlackStatus + slackAPIPath, nil
		case strings.HasPrefix(p, "/api/"):
			return u.String(), nil
		}
		return orig + slackAPIPath, nil
	case KindGoogle:
		switch {
		case host == "status.cloud.google.com":
			return GoogleCloud + googleAPIPath, nil
		case (host == "www.google.com" || host == "google.com") && strings.HasPrefix(p, "/appsstatus"):
			return GoogleWorkspace + googleAPIPath, nil
		case strings.HasSuffix(p, ".json"):
			return u.String(), nil
		}
		return orig + p + googleAPIPath, nil
	case KindStatusIO:
		if id, ok := strings.CutPrefix(p, "/1.0/status/"); ok && isPageID(id) {
			return u.String(), nil
		}
		return "", fmt.Errorf("status.io page %s: want https://api.status.io/1.0/status/<page id> or statusio:<page id>", quote(pageURL))
	case KindInstatus:
		if strings.HasSuffix(p, "summary.json") {
			return u.String(), nil
		}
		return orig + "/summary.json", nil
	case KindFeed:
		return u.String(), nil
	case "":
		return "", errors.New("no status page kind given")
	}
	return "", fmt.Errorf("unknown status page kind %q", string(kind))
}

// isPageID reports whether s looks like a status.io page id (24 hex digits in
// practice): letters and digits only, so that it cannot smuggle a path into
// the API URL.
func isPageID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
