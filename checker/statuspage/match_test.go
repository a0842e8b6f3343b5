package statuspage

import (
	"slices"
	"testing"
)

func mustParse(t *testing.T, kind Kind, file string) *Page {
	t.Helper()
	p, err := parseAt(kind, "https://status.example.com", fixture(t, file), testNow)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func incidentIDs(is []Incident) []string {
	var ids []string
	for _, in := range is {
		ids = append(ids, in.ID)
	}
	return ids
}

func TestRead(t *testing.T) {
	github := mustParse(t, KindAtlassian, "atlassian/summary-major.json")
	discord := mustParse(t, KindAtlassian, "atlassian/summary-early.json")
	docker := mustParse(t, KindStatusIO, "statusio/status-disruption.json")
	slack := mustParse(t, KindSlack, "slack/current-active.json")
	slackOK := mustParse(t, KindSlack, "slack/current-ok.json")
	gcloud := mustParse(t, KindGoogle, "google/cloud-incidents.json")
	linear := mustParse(t, KindIncidentIO, "incidentio/proxy-new-words.json")
	feed := mustParse(t, KindFeed, "feed/atlassian-history.atom")
	gcore := mustParse(t, KindInstatus, "instatus/summary-hasissues.json")
	// Slack says an incident is active and lists none.
	slackVague, err := parseAt(KindSlack, SlackStatus, []byte(`{"status":"active","date_created":"2025-06-10T11:58:02-07:00","date_updated":"2025-06-10T11:58:02-07:00","active_incidents":[]}`), testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		page        *Page
		names       []string
		level       Level
		incidents   []string
		description string
		err         string
	}{
		{"no names: the page", github, nil, Major, []string{"inc0api00001", "inc0hook0002", "m0pages00001"}, "Major System Outage", ""},
		{"by name", github, []string{"Webhooks"}, Degraded, []string{"inc0hook0002"}, "Webhooks: Degraded Performance", ""},
		{"ignoring case and space", github, []string{"  webhooks "}, Degraded, []string{"inc0hook0002"}, "Webhooks: Degraded Performance", ""},
		{"by id", github, []string{"4230lsnqdsld"}, Partial, []string{"inc0api00001"}, "GraphQL: Partial Outage", ""},
		{"group name stands for its components", github, []string{"API"}, Major, []string{"inc0api00001"}, "REST API: Major Outage", ""},
		{"group/name", github, []string{"api/GraphQL"}, Partial, []string{"inc0api00001"}, "GraphQL: Partial Outage", ""},
		{"worst of several", github, []string{"Git Operations", "Webhooks"}, Degraded, []string{"inc0hook0002"}, "Webhooks: Degraded Performance", ""},
		{"operational component", github, []string{"Git Operations"}, Operational, nil, "Git Operations: Operational", ""},
		{"under maintenance", github, []string{"Pages"}, Maintenance, []string{"m0pages00001"}, "Pages: Under Maintenance", ""},

		// A name the page does not list: the config or the page changed.
		{"unknown name", github, []string{"Copilot"}, Unknown, nil, "Status Unknown",
			`component "Copilot" is not on status page GitHub (https://www.githubstatus.com)`},
		{"unknown name among known ones", github, []string{"Copilot", "Git Operations", "Actions"}, Unknown, nil, "Status Unknown",
			`components "Copilot", "Actions" are not on status page GitHub (https://www.githubstatus.com)`},
		{"group/name with the wrong group", github, []string{"Git/GraphQL"}, Unknown, nil, "Status Unknown",
			`component "Git/GraphQL" is not on status page GitHub (https://www.githubstatus.com)`},
		{"empty name", github, []string{""}, Unknown, nil, "Status Unknown",
			`component "" is not on status page GitHub (https://www.githubstatus.com)`},

		// An incident that names no component concerns every mapping.
		{"unattached incident, operational component", discord, []string{"API"}, Major, []string{"early0000001"}, "Major System Outage", ""},
		{"unattached incident and a component's own", discord, []string{"Voice"}, Major, []string{"early0000001", "voice0000002"}, "Major System Outage", ""},
		{"components named only in updates", discord, []string{"Voice/Europe"}, Major, []string{"early0000001", "voice0000002"}, "Major System Outage", ""},
		{"incident.io unattached incident", linear, []string{"Sync"}, Partial, []string{"01JXLIN0003"}, "Partial System Outage", ""},
		{"incident.io major_outage", linear, []string{"API"}, Major, []string{"01JXLIN0001", "01JXLIN0003"}, "API: Major Outage", ""},

		{"status.io container by group", docker, []string{"Docker Hub Registry"}, Partial, []string{"6847f0a1b2c3d4e5f6a7b8c9"}, "Pulls: Partial Outage", ""},
		{"status.io one container", docker, []string{"Docker Hub Registry/Pushes"}, Degraded, []string{"6847f0a1b2c3d4e5f6a7b8c9"}, "Pushes: Degraded Performance", ""},
		{"status.io bare container name", docker, []string{"Pulls"}, Partial, []string{"6847f0a1b2c3d4e5f6a7b8c9"}, "Pulls: Partial Outage", ""},
		{"status.io security event", docker, []string{"Docker Scout"}, Degraded, nil, "Docker Scout: Degraded Performance", ""},

		{"slack name with slashes", slack, []string{"Apps/Integrations/APIs"}, Partial, []string{"546"}, "Apps/Integrations/APIs: Partial Outage", ""},
		{"slack untouched service", slack, []string{"Huddles"}, Operational, nil, "Huddles: Operational", ""},
		{"slack two services", slack, []string{"Search", "Messaging"}, Major, []string{"547", "548"}, "Messaging: Major Outage", ""},
		{"slack service only an incident named", slack, []string{"canvas tables"}, Degraded, []string{"548"}, "Canvas Tables: Degraded Performance", ""},
		// Slack and Google list only what is in trouble: a name they do
		// not list is operational, with no error.
		{"slack service it does not list", slackOK, []string{"Slack Connect"}, Operational, nil, "Operational", ""},
		{"slack active, nothing listed", slackVague, []string{"Huddles"}, Degraded, nil, "Degraded Performance", ""},
		{"google product it does not list", gcloud, []string{"Cloud Spanner"}, Operational, nil, "Operational", ""},
		{"google product among listed ones", gcloud, []string{"Cloud Spanner", "Google Cloud SQL"}, Operational, nil, "Google Cloud SQL: Operational", ""},
		{"google listed product", gcloud, []string{"Cloud Run"}, Major, []string{"xVSEV3kVaJBmS7SZbnre"}, "Cloud Run: Major Outage", ""},

		// Instatus never says which components an incident touches: its
		// incidents do not concern every mapping.
		{"instatus operational component", gcore, []string{"DNS"}, Operational, nil, "DNS: Operational", ""},
		{"instatus component in trouble", gcore, []string{"Edge"}, Partial, nil, "CDN: Partial Outage", ""},

		{"feed: no components, the page", feed, []string{"anything"}, Partial, incidentIDs(feed.Incidents), "Partial System Outage", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.page.Read(tc.names)
			if (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
				t.Errorf("Read(%q) error %v, want %q", tc.names, err, tc.err)
			}
			if r.Level != tc.level || r.Description != tc.description {
				t.Errorf("Read(%q) = %v %q, want %v %q", tc.names, r.Level, r.Description, tc.level, tc.description)
			}
			if got := incidentIDs(r.Incidents); !slices.Equal(got, tc.incidents) {
				t.Errorf("Read(%q) incidents %q, want %q", tc.names, got, tc.incidents)
			}
			if got := tc.page.LevelFor(tc.names); got != tc.level {
				t.Errorf("LevelFor(%q) = %v, want %v", tc.names, got, tc.level)
			}
			if got := incidentIDs(tc.page.IncidentsFor(tc.names)); !slices.Equal(got, tc.incidents) {
				t.Errorf("IncidentsFor(%q) = %q, want %q", tc.names, got, tc.incidents)
			}
		})
	}
}

// TestIncidentsForCopies: the list IncidentsFor returns is the caller's.
func TestIncidentsForCopies(t *testing.T) {
	p := mustParse(t, KindAtlassian, "atlassian/summary-major.json")
	all := p.IncidentsFor(nil)
	all[0].Title = "changed"
	if p.Incidents[0].Title == "changed" {
		t.Error("IncidentsFor(nil) shares the page's slice")
	}
}
