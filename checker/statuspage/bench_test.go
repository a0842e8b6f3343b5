package statuspage

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// realisticSummary is an Atlassian summary the size of a large real page:
// 6 groups of 9 components and 6 more on their own (60 components), 3
// ongoing incidents with 4 updates each, one maintenance in progress.
func realisticSummary(tb testing.TB) []byte {
	tb.Helper()
	at := func(m int) string { return testNow.Add(-time.Duration(m) * time.Minute).Format(time.RFC3339Nano) }
	statuses := []string{"operational", "operational", "operational", "degraded_performance", "operational", "partial_outage", "operational", "major_outage", "under_maintenance"}
	var comps []map[string]any
	component := func(id, name, status, group string, isGroup bool) map[string]any {
		c := map[string]any{
			"id": id, "name": name, "status": status, "created_at": at(100000), "updated_at": at(30),
			"position": len(comps) + 1, "description": "Requests to " + name, "showcase": true, "start_date": nil,
			"group_id": nil, "page_id": "kctbh9vrtdwd", "group": isGroup, "only_show_if_degraded": false,
		}
		if group != "" {
			c["group_id"] = group
		}
		return c
	}
	for g := range 6 {
		gid := fmt.Sprintf("group%07d", g)
		comps = append(comps, component(gid, fmt.Sprintf("Region %d", g), "partial_outage", "", true))
		for i := range 9 {
			comps = append(comps, component(fmt.Sprintf("comp%03d%04d", g, i), fmt.Sprintf("Service %d-%d", g, i), statuses[i], gid, false))
		}
	}
	for i := range 6 {
		comps = append(comps, component(fmt.Sprintf("solo%08d", i), fmt.Sprintf("Standalone %d", i), "operational", "", false))
	}
	incident := func(n int, status, impact string) map[string]any {
		id := fmt.Sprintf("incident%04d", n)
		var updates []map[string]any
		for u, st := range []string{"monitoring", "identified", "investigating", "investigating"} {
			updates = append(updates, map[string]any{
				"id": fmt.Sprintf("upd%d%d", n, u), "status": st, "incident_id": id,
				"body":       "We are looking into elevated error rates and latency for a subset of requests in several regions. Next update in 30 minutes.",
				"created_at": at(10 + 20*u), "updated_at": at(10 + 20*u), "display_at": at(10 + 20*u),
				"affected_components":   []map[string]any{{"code": "comp0000001", "name": "Service 0-1", "old_status": "operational", "new_status": "partial_outage"}},
				"deliver_notifications": true, "custom_tweet": nil, "tweet_id": nil,
			})
		}
		return map[string]any{
			"id": id, "name": fmt.Sprintf("Elevated errors %d", n), "status": status, "impact": impact,
			"created_at": at(90), "updated_at": at(10), "monitoring_at": nil, "resolved_at": nil, "started_at": at(95),
			"shortlink": "https://stspg.io/" + id, "page_id": "kctbh9vrtdwd", "incident_updates": updates,
			"components": []map[string]any{component("comp0000001", "Service 0-1", "partial_outage", "group0000000", false), component("comp0010005", "Service 1-5", "partial_outage", "group0000001", false)},
		}
	}
	maint := incident(9, "in_progress", "maintenance")
	maint["scheduled_for"], maint["scheduled_until"] = at(60), at(-60)
	body, err := json.Marshal(map[string]any{
		"page":                   map[string]any{"id": "kctbh9vrtdwd", "name": "GitHub", "url": "https://www.githubstatus.com", "time_zone": "Etc/UTC", "updated_at": at(5)},
		"status":                 map[string]any{"indicator": "major", "description": "Partial System Outage"},
		"components":             comps,
		"incidents":              []map[string]any{incident(1, "investigating", "major"), incident(2, "identified", "minor"), incident(3, "monitoring", "critical")},
		"scheduled_maintenances": []map[string]any{maint},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

func TestRealisticSummary(t *testing.T) {
	p, err := Parse(KindAtlassian, "https://www.githubstatus.com", realisticSummary(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Components) != 60 || len(p.Incidents) != 4 || p.Level != Major {
		t.Errorf("%d components, %d incidents, level %v; want 60, 4, major_outage", len(p.Components), len(p.Incidents), p.Level)
	}
	checkPage(t, p)
}

func BenchmarkParseAtlassian(b *testing.B) {
	body := realisticSummary(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(KindAtlassian, "https://www.githubstatus.com", body); err != nil {
			b.Fatal(err)
		}
	}
}
