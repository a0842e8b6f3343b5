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

func TestLevelForIncidentsFor(t *testing.T) {
	github := mustParse(t, KindAtlassian, "atlassian/summary-major.json")
	docker := mustParse(t, KindStatusIO, "statusio/status-disruption.json")
	slack := mustParse(t, KindSlack, "slack/current-active.json")
	feed := mustParse(t, KindFeed, "feed/atlassian-history.atom")
	for _, tc := range []struct {
		name      string
		page      *Page
		names     []string
		level     Level
		incidents []string
		missing   []string
	}{
		{"no names: the page", github, nil, Major, []string{"inc0api00001", "inc0hook0002", "m0pages00001"}, nil},
		{"by name", github, []string{"Webhooks"}, Degraded, []string{"inc0hook0002"}, nil},
		{"ignoring case and space", github, []string{"  webhooks "}, Degraded, []string{"inc0hook0002"}, nil},
		{"by id", github, []string{"4230lsnqdsld"}, Partial, []string{"inc0api00001"}, nil},
		{"group name stands for its components", github, []string{"API"}, Major, []string{"inc0api00001"}, nil},
		{"group/name", github, []string{"api/GraphQL"}, Partial, []string{"inc0api00001"}, nil},
		{"group/name with the wrong group", github, []string{"Git/GraphQL"}, Unknown, nil, []string{"Git/GraphQL"}},
		{"worst of several", github, []string{"Git Operations", "Webhooks"}, Degraded, []string{"inc0hook0002"}, nil},
		{"operational component", github, []string{"Git Operations"}, Operational, nil, nil},
		{"under maintenance", github, []string{"Pages"}, Maintenance, []string{"m0pages00001"}, nil},
		{"unknown name", github, []string{"Copilot"}, Unknown, nil, []string{"Copilot"}},
		{"unknown name among known ones", github, []string{"Copilot", "Git Operations"}, Operational, nil, []string{"Copilot"}},
		{"empty name", github, []string{""}, Unknown, nil, []string{""}},

		{"status.io container by group", docker, []string{"Docker Hub Registry"}, Partial, []string{"6847f0a1b2c3d4e5f6a7b8c9"}, nil},
		{"status.io one container", docker, []string{"Docker Hub Registry/Pushes"}, Degraded, []string{"6847f0a1b2c3d4e5f6a7b8c9"}, nil},
		{"status.io bare container name", docker, []string{"Pulls"}, Partial, []string{"6847f0a1b2c3d4e5f6a7b8c9"}, nil},
		{"status.io security event", docker, []string{"Docker Scout"}, Degraded, nil, nil},

		{"slack name with slashes", slack, []string{"Apps/Integrations/APIs"}, Partial, []string{"546"}, nil},
		{"slack untouched service", slack, []string{"Huddles"}, Operational, nil, nil},
		{"slack two services", slack, []string{"Search", "Messaging"}, Major, []string{"547", "548"}, nil},
		{"slack service only an incident named", slack, []string{"canvas tables"}, Degraded, []string{"548"}, nil},

		{"feed: no components, the page", feed, []string{"anything"}, Partial, incidentIDs(feed.Incidents), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.page.LevelFor(tc.names); got != tc.level {
				t.Errorf("LevelFor(%q) = %v, want %v", tc.names, got, tc.level)
			}
			if got := incidentIDs(tc.page.IncidentsFor(tc.names)); !slices.Equal(got, tc.incidents) {
				t.Errorf("IncidentsFor(%q) = %q, want %q", tc.names, got, tc.incidents)
			}
			if got := tc.page.Missing(tc.names); !slices.Equal(got, tc.missing) {
				t.Errorf("Missing(%q) = %q, want %q", tc.names, got, tc.missing)
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
