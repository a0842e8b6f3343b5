package statuspage

import (
	"strings"
	"testing"
)

// atlassianWith is a valid summary whose components are comps.
func atlassianWith(comps string) string {
	return `{"page":{"id":"p1","name":"X"},"status":{"indicator":"none","description":"ok"},"components":[` + comps + `],"incidents":[],"scheduled_maintenances":[]}`
}

func TestParseInvalid(t *testing.T) {
	const ok = `{"id":"c","name":"C","status":"operational"}`
	for _, tc := range []struct {
		name string
		kind Kind
		body string
		want string
	}{
		// Rules every JSON kind shares, shown on Atlassian.
		{"empty body", KindAtlassian, "", `summary.json: empty body`},
		{"blank body", KindAtlassian, " \n\t ", `summary.json: empty body`},
		{"html", KindAtlassian, "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head></html>", `summary.json: got an HTML page, not JSON`},
		{"html no doctype", KindAtlassian, "  <html lang=en><body>502 Bad Gateway</body></html>", `summary.json: got an HTML page, not JSON`},
		{"xml", KindAtlassian, `<?xml version="1.0"?><feed/>`, `summary.json: got markup, not JSON`},
		{"truncated", KindAtlassian, atlassianWith(ok)[:40], `summary.json: invalid JSON: unexpected end of JSON input`},
		{"syntax", KindAtlassian, `{"page":}`, `summary.json: invalid JSON at byte 9: invalid character '}' looking for beginning of value`},
		{"trailing garbage", KindAtlassian, `{} {}`, `summary.json: invalid JSON at byte 4: invalid character '{' after top-level value`},
		{"root array", KindAtlassian, `[]`, `summary.json: want object, got array`},
		{"root string", KindAtlassian, `"hello"`, `summary.json: want object, got string`},
		{"page not object", KindAtlassian, `{"page":[1]}`, `summary.json: page: want object, got array`},
		{"wrong type", KindAtlassian, atlassianWith(ok + `,{"id":"d","name":5,"status":"operational"}`), `summary.json: components[1].name: want string, got number`},
		{"components not array", KindAtlassian, `{"status":{"indicator":"none"},"components":{"a":1}}`, `summary.json: components: want array, got object`},
		{"component not object", KindAtlassian, atlassianWith(ok + `,"x"`), `summary.json: components[1]: want object, got string`},
		{"group not boolean", KindAtlassian, atlassianWith(`{"id":"g","name":"G","status":"operational","group":"yes"}`), `summary.json: components[0].group: want boolean, got string`},
		{"unknown status", KindAtlassian, atlassianWith(ok + "," + ok + "," + ok + `,{"id":"d","name":"D","status":"broken"}`), `summary.json: components[3].status: unknown value "broken"`},
		{"missing status", KindAtlassian, atlassianWith(`{"id":"d","name":"D"}`), `summary.json: components[0].status: unknown value ""`},
		{"unknown indicator", KindAtlassian, `{"status":{"indicator":"purple"}}`, `summary.json: status.indicator: unknown value "purple"`},
		{"no status", KindAtlassian, `{"page":{"id":"p"},"components":[]}`, `summary.json: status.indicator: unknown value ""`},
		{"unknown impact", KindAtlassian, `{"status":{"indicator":"minor"},"incidents":[{"id":"i","status":"investigating","impact":"huge"}]}`, `summary.json: incidents[0].impact: unknown value "huge"`},
		{"unknown incident status", KindAtlassian, `{"status":{"indicator":"minor"},"incidents":[{"id":"i","status":"fixed","impact":"minor"}]}`, `summary.json: incidents[0].status: unknown value "fixed"`},
		{"unknown maintenance status", KindAtlassian, `{"status":{"indicator":"none"},"scheduled_maintenances":[{"id":"m","status":"underway","impact":"maintenance"}]}`, `summary.json: scheduled_maintenances[0].status: unknown value "underway"`},
		{"bad time", KindAtlassian, `{"status":{"indicator":"minor"},"incidents":[{"id":"i","status":"identified","impact":"minor","created_at":"yesterday"}]}`, `summary.json: incidents[0].created_at: bad time "yesterday" (want RFC 3339)`},
		{"update body type", KindAtlassian, `{"status":{"indicator":"minor"},"incidents":[{"id":"i","status":"identified","impact":"minor","incident_updates":[{"status":"identified","body":["x"]}]}]}`, `summary.json: incidents[0].incident_updates[0].body: want string, got array`},
		{"long value cut", KindAtlassian, atlassianWith(`{"id":"d","name":"D","status":"` + strings.Repeat("x", 100) + `"}`), `summary.json: components[0].status: unknown value "` + strings.Repeat("x", 64) + `"…`},

		{"incidentio no summary", KindIncidentIO, `{}`, `proxy JSON: summary: missing`},
		{"incidentio summary type", KindIncidentIO, `{"summary":"x"}`, `proxy JSON: summary: want object, got string`},
		{"incidentio empty", KindIncidentIO, ``, `proxy JSON: empty body`},
		{"incidentio components type", KindIncidentIO, `{"summary":{"components":"all"}}`, `proxy JSON: summary.components: want array, got string`},
		{"incidentio status type", KindIncidentIO, `{"summary":{"components":[{"id":"a","name":"A"}],"affected_components":[{"component_id":"a","status":3}]}}`, `proxy JSON: summary.affected_components[0].status: want string, got number`},
		{"incidentio incident status", KindIncidentIO, `{"summary":{"ongoing_incidents":[{"id":"i","name":"I","status":"fixing"}]}}`, `proxy JSON: summary.ongoing_incidents[0].status: unknown value "fixing"`},
		{"incidentio impact type", KindIncidentIO, `{"summary":{"ongoing_incidents":[{"id":"i","status":"identified","current_worst_impact":["full_outage"]}]}}`, `proxy JSON: summary.ongoing_incidents[0].current_worst_impact: want string, got array`},

		{"slack status", KindSlack, `{"status":"meh","active_incidents":[]}`, `current: status: unknown value "meh"`},
		{"slack type", KindSlack, `{"status":"active","active_incidents":[{"id":"1","type":"disaster","status":"active"}]}`, `current: active_incidents[0].type: unknown value "disaster"`},
		{"slack incident status", KindSlack, `{"status":"active","active_incidents":[{"id":"1","type":"incident","status":"ongoing"}]}`, `current: active_incidents[0].status: unknown value "ongoing"`},
		{"slack services type", KindSlack, `{"status":"active","active_incidents":[{"id":"1","type":"incident","status":"active","services":"Messaging"}]}`, `current: active_incidents[0].services: want array, got string`},
		{"slack service type", KindSlack, `{"status":"active","active_incidents":[{"id":"1","type":"incident","status":"active","services":[7]}]}`, `current: active_incidents[0].services[0]: want string, got number`},
		{"slack id type", KindSlack, `{"status":"active","active_incidents":[{"id":true,"type":"incident","status":"active"}]}`, `current: active_incidents[0].id: want string or number, got boolean`},
		{"slack html", KindSlack, `<html><body>Service Unavailable</body></html>`, `current: got an HTML page, not JSON`},

		{"google root object", KindGoogle, `{"incidents":[]}`, `incidents.json: want array, got object`},
		{"google severity", KindGoogle, `[{"id":"a","begin":"2025-06-10T08:00:00+00:00","severity":"extreme"}]`, `incidents.json: [0].severity: unknown value "extreme"`},
		{"google impact", KindGoogle, `[{"id":"a","status_impact":"SERVICE_MELTDOWN"}]`, `incidents.json: [0].status_impact: unknown value "SERVICE_MELTDOWN"`},
		{"google time", KindGoogle, `[{"id":"a","begin":"10/06/2025"}]`, `incidents.json: [0].begin: bad time "10/06/2025" (want RFC 3339)`},
		{"google products type", KindGoogle, `[{"id":"a","affected_products":{"title":"Gmail"}}]`, `incidents.json: [0].affected_products: want array, got object`},
		{"google truncated", KindGoogle, `[{"id":"a",`, `incidents.json: invalid JSON: unexpected end of JSON input`},

		{"statusio no result", KindStatusIO, `{"status":{}}`, `status JSON: result: missing`},
		{"statusio no code", KindStatusIO, `{"result":{"status_overall":{"status":"Operational"}}}`, `status JSON: result.status_overall.status_code: missing`},
		{"statusio unknown code", KindStatusIO, `{"result":{"status_overall":{"status_code":700}}}`, `status JSON: result.status_overall.status_code: unknown value 700`},
		{"statusio code type", KindStatusIO, `{"result":{"status_overall":{"status_code":100},"status":[{"name":"A","status_code":"100"}]}}`, `status JSON: result.status[0].status_code: want number, got string`},
		{"statusio container code", KindStatusIO, `{"result":{"status_overall":{"status_code":100},"status":[{"name":"A","status_code":100,"containers":[{"name":"eu","status_code":350}]}]}}`, `status JSON: result.status[0].containers[0].status_code: unknown value 350`},
		{"statusio state", KindStatusIO, `{"result":{"status_overall":{"status_code":300},"incidents":[{"_id":"i","messages":[{"state":900,"status":300}]}]}}`, `status JSON: result.incidents[0].messages[0].state: unknown value 900`},

		{"instatus page status", KindInstatus, `{"page":{"name":"X","status":"DOWN"}}`, `summary.json: page.status: unknown value "DOWN"`},
		{"instatus component", KindInstatus, `{"page":{"status":"UP"},"components":[{"id":"a","name":"A","status":"BROKEN"}]}`, `summary.json: components[0].status: unknown value "BROKEN"`},
		{"instatus group type", KindInstatus, `{"page":{"status":"UP"},"components":[{"id":"a","name":"A","status":"OPERATIONAL","group":"Edge"}]}`, `summary.json: components[0].group: want object, got string`},
		{"instatus incident status", KindInstatus, `{"page":{"status":"HASISSUES"},"activeIncidents":[{"id":"i","status":"FIXED"}]}`, `summary.json: activeIncidents[0].status: unknown value "FIXED"`},
		{"instatus impact", KindInstatus, `{"page":{"status":"HASISSUES"},"activeIncidents":[{"id":"i","status":"IDENTIFIED","impact":"APOCALYPSE"}]}`, `summary.json: activeIncidents[0].impact: unknown value "APOCALYPSE"`},
		{"instatus maintenance status", KindInstatus, `{"page":{"status":"UP"},"activeMaintenances":[{"id":"m","status":"SOON"}]}`, `summary.json: activeMaintenances[0].status: unknown value "SOON"`},

		{"feed empty", KindFeed, "", `feed: empty body`},
		{"feed html", KindFeed, "<!doctype html><html><body>Not found</body></html>", `feed: got an HTML page, not a feed`},
		{"feed html after xml declaration", KindFeed, `<?xml version="1.0"?>` + "\n<html><body/></html>", `feed: got an HTML page, not a feed`},
		{"feed json", KindFeed, `{"status":"ok"}`, `feed: got JSON, not a feed`},
		{"feed truncated", KindFeed, `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x`, `feed: invalid XML: XML syntax error on line 1: unexpected EOF`},
		{"feed other root", KindFeed, `<opml version="2.0"><body/></opml>`, `feed: root element <opml> is not an Atom or RSS feed`},

		{"no kind", "", `{}`, `no status page kind given`},
		{"unknown kind", Kind("nope"), `{}`, `unknown status page kind "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parseAt(tc.kind, "https://status.example.com", []byte(tc.body), testNow)
			if err == nil {
				t.Fatalf("no error; page:\n%s", dump(p))
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.want)
			}
		})
	}
}

// TestParseTolerant: unknown fields and nulls where optional values go are
// fine.
func TestParseTolerant(t *testing.T) {
	body := `{"page":{"id":"p","name":"X","url":null,"brand_new":{"x":[1,2,3]}},"status":{"indicator":"none","description":"All Systems Operational","extra":true},
	"components":[{"id":"a","name":"A","status":"operational","group_id":null,"description":null,"group":null,"future_field":[{}]}],
	"incidents":null,"scheduled_maintenances":null,"something_new":{"deep":{"deeper":[]}}}`
	p, err := parseAt(KindAtlassian, "https://status.example.com", []byte(body), testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := `page atlassian "X" https://status.example.com operational "All Systems Operational"
component "A" id=a operational (operational)
`
	if d := diffLines(dump(p), want); d != "" {
		t.Error(d)
	}
}
