package statuspage

import (
	"strings"
	"testing"
)

func TestEndpoint(t *testing.T) {
	for _, tc := range []struct {
		kind    Kind
		page    string
		want    string
		wantErr string
	}{
		{KindAtlassian, "https://www.githubstatus.com", "https://www.githubstatus.com/api/v2/summary.json", ""},
		{KindAtlassian, "https://www.githubstatus.com/", "https://www.githubstatus.com/api/v2/summary.json", ""},
		{KindAtlassian, "https://www.githubstatus.com/incidents/abc", "https://www.githubstatus.com/api/v2/summary.json", ""},
		{KindAtlassian, "https://srhpyqt94yxb.statuspage.io/api/v2/summary.json", "https://srhpyqt94yxb.statuspage.io/api/v2/summary.json", ""},
		{KindAtlassian, "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v2/summary.json", ""},
		{KindIncidentIO, "https://status.openai.com", "https://status.openai.com/proxy/status.openai.com", ""},
		{KindIncidentIO, "https://status.openai.com/incidents/01J", "https://status.openai.com/proxy/status.openai.com", ""},
		{KindIncidentIO, "http://127.0.0.1:8080/", "http://127.0.0.1:8080/proxy/127.0.0.1:8080", ""},
		{KindIncidentIO, "https://status.openai.com/proxy/status.openai.com", "https://status.openai.com/proxy/status.openai.com", ""},
		{KindSlack, SlackStatus, "https://slack-status.com/api/v2.0.0/current", ""},
		{KindSlack, "https://status.slack.com/", "https://slack-status.com/api/v2.0.0/current", ""},
		{KindSlack, "https://STATUS.SLACK.COM/2025-06", "https://slack-status.com/api/v2.0.0/current", ""},
		{KindSlack, "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v2.0.0/current", ""},
		{KindGoogle, GoogleCloud, "https://status.cloud.google.com/incidents.json", ""},
		{KindGoogle, GoogleCloud + "/summary", "https://status.cloud.google.com/incidents.json", ""},
		{KindGoogle, GoogleWorkspace, GoogleWorkspace + "/incidents.json", ""},
		{KindGoogle, GoogleWorkspace + "/", GoogleWorkspace + "/incidents.json", ""},
		{KindGoogle, GoogleWorkspace + "/summary?hl=en", GoogleWorkspace + "/incidents.json", ""},
		{KindGoogle, "http://127.0.0.1:8080/dash", "http://127.0.0.1:8080/dash/incidents.json", ""},
		{KindGoogle, "http://127.0.0.1:8080/x/incidents.json", "http://127.0.0.1:8080/x/incidents.json", ""},
		{KindStatusIO, "https://api.status.io/1.0/status/533c6539221ae15e3f000031", "https://api.status.io/1.0/status/533c6539221ae15e3f000031", ""},
		{KindStatusIO, "statusio:533c6539221ae15e3f000031", "https://api.status.io/1.0/status/533c6539221ae15e3f000031", ""},
		{KindStatusIO, "http://127.0.0.1:8080/1.0/status/abc123", "http://127.0.0.1:8080/1.0/status/abc123", ""},
		{KindStatusIO, "statusio:../../etc", "", `status.io page id "../../etc": want letters and digits`},
		{KindStatusIO, "https://status.docker.com", "", `status.io page "https://status.docker.com": want https://api.status.io/1.0/status/<page id> or statusio:<page id>`},
		{KindInstatus, "https://status.gcore.com", "https://status.gcore.com/summary.json", ""},
		{KindInstatus, "https://status.gcore.com/summary.json", "https://status.gcore.com/summary.json", ""},
		{KindFeed, "https://www.githubstatus.com/history.atom", "https://www.githubstatus.com/history.atom", ""},
		{KindFeed, "https://slack-status.com/feed/rss", "https://slack-status.com/feed/rss", ""},
		{KindAtlassian, "ftp://example.com", "", `page URL "ftp://example.com": want an http or https URL`},
		{KindAtlassian, "status.example.com", "", `page URL "status.example.com": want an http or https URL`},
		{KindAtlassian, "http://[::1", "", `page URL "http://[::1": parse "http://[::1": missing ']' in host`},
		{"", "https://x.example", "", `no status page kind given`},
		{"gopher", "https://x.example", "", `unknown status page kind "gopher"`},
	} {
		got, err := Endpoint(tc.kind, tc.page)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("Endpoint(%q, %q) error %v, want %s", tc.kind, tc.page, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Endpoint(%q, %q) = %q, %v; want %q", tc.kind, tc.page, got, err, tc.want)
		}
	}
}

func TestDetectByURL(t *testing.T) {
	for _, tc := range []struct {
		page string
		want Kind // "" when the URL alone cannot tell
	}{
		{"https://slack-status.com", KindSlack},
		{"https://status.slack.com/", KindSlack},
		{"https://status.cloud.google.com", KindGoogle},
		{GoogleWorkspace + "/", KindGoogle},
		{strings.Replace(GoogleWorkspace, "/appsstatus/dashboard", "/search?q=x", 1), ""},
		{"https://api.status.io/1.0/status/533c6539221ae15e3f000031", KindStatusIO},
		{"statusio:533c6539221ae15e3f000031", KindStatusIO},
		{"https://www.githubstatus.com/history.atom", KindFeed},
		{"https://www.githubstatus.com/history.rss", KindFeed},
		{"https://status.openai.com/feed.atom", KindFeed},
		{"https://example.com/blog/feed/", KindFeed},
		{"https://example.com/status.RSS", KindFeed},
		{"https://www.githubstatus.com", ""},
		{"https://status.openai.com", ""},
		{"not a url", ""},
	} {
		got, ok := detectByURL(tc.page)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("detectByURL(%q) = %q, %v; want %q", tc.page, got, ok, tc.want)
		}
	}
}
