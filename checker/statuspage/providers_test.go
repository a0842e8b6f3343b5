package statuspage

import "testing"

func TestParseAtlassian(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "atlassian/summary-incidentio-compat.json",
			base: "https://status.example.com",
			want: `page atlassian "OpenAI" https://status.openai.com partial_outage "Partial System Outage"
component "Chat Completions" id=01JMYB4C1 partial_outage (partial_outage)
component "Responses" id=01JMYB4C2 operational (operational)
component "ChatGPT" id=01JMYB4C3 degraded (degraded_performance)
incident 01JXINC0001 partial_outage "Increased error rates in Chat Completions" status=investigating impact=major
  url=https://status.openai.com/incidents/01JXINC0001 started=2025-06-10T10:05:00Z updated=2025-06-10T10:30:00Z components=["Chat Completions" "ChatGPT"]
  update 2025-06-10T10:10:00Z investigating "We are seeing elevated error rates."
`,
		},
		{
			// Early in an outage: one incident names no component; another
			// names its components only in its updates.
			file: "atlassian/summary-early.json",
			base: "https://status.example.com",
			want: `page atlassian "Discord" https://discordstatus.com major_outage "Major System Outage"
component "API" id=rhznvxg4v7yh operational (operational)
component "Media Proxy" id=354mn7xfxz1h operational (operational)
component "Voice/Europe" id=vc0eu0000001 partial_outage (partial_outage)
component "Voice/US East" id=vc0us0000002 operational (operational)
incident early0000001 major_outage "Discord is unavailable for many users" status=investigating impact=critical
  url=https://stspg.io/early1 started=2025-06-10T18:51:03Z updated=2025-06-10T18:51:03Z components=[]
  update 2025-06-10T18:51:03Z investigating "We are investigating reports that Discor…"
incident voice0000002 partial_outage "Voice connection failures in Europe" status=identified impact=major
  url=https://stspg.io/voice2 started=2025-06-10T18:20:44Z updated=2025-06-10T18:40:02Z components=["Europe"]
  update 2025-06-10T18:40:02Z identified "We have identified the cause of voice co…"
  update 2025-06-10T18:20:44Z investigating "Some users cannot join voice channels in…"
`,
		},
		{
			file: "atlassian/summary-maintenance.json",
			base: "https://status.example.com",
			want: `page atlassian "Discord" https://discordstatus.com maintenance "Service Under Maintenance"
component "API" id=rhznvxg4v7yh operational (operational)
component "Media Proxy" id=354mn7xfxz1h maintenance (under_maintenance)
component "Voice/Europe" id=vc0eu0000001 maintenance (under_maintenance)
component "Voice/US East" id=vc0us0000002 operational (operational)
incident mvoice000001 maintenance "Voice server upgrades in Europe" status=verifying impact=maintenance
  url=https://stspg.io/voice1 started=2025-06-10T15:00:00Z updated=2025-06-10T16:00:00Z components=["Europe" "Media Proxy"]
  update 2025-06-10T16:00:00Z verifying "Verification is currently underway for t…"
  update 2025-06-10T15:00:00Z in_progress "Scheduled maintenance is currently in pr…"
`,
		},
		{
			file: "atlassian/summary-major.json",
			base: "https://status.example.com",
			want: `page atlassian "GitHub" https://www.githubstatus.com major_outage "Major System Outage"
component "Git Operations" id=8l4ygp009s5s operational (operational)
component "API/REST API" id=brv1bkgrwx7q major_outage (major_outage)
component "API/GraphQL" id=4230lsnqdsld partial_outage (partial_outage)
component "Webhooks" id=0l2p9nhqnxpd degraded (degraded_performance)
component "Pages" id=h2ftsgbw7kmk maintenance (under_maintenance)
incident inc0api00001 major_outage "Disruption with the REST and GraphQL APIs" status=identified impact=critical
  url=https://stspg.io/api1 started=2025-06-10T09:48:00Z updated=2025-06-10T10:40:00Z components=["REST API" "GraphQL"]
  update 2025-06-10T10:40:00Z identified "API requests are failing. We have identi…"
  update 2025-06-10T10:05:00Z investigating "GraphQL is affected too."
  update 2025-06-10T09:50:12Z investigating "We are investigating reports of degraded…"
incident inc0hook0002 degraded "Delayed webhook deliveries" status=monitoring impact=minor
  url=https://stspg.io/hook2 started=2025-06-10T08:00:00Z updated=2025-06-10T09:30:00Z components=["Webhooks"]
  update 2025-06-10T09:30:00Z monitoring "A fix has been applied; deliveries are c…"
  update 2025-06-10T08:00:00Z investigating "Webhook deliveries are delayed."
incident m0pages00001 maintenance "Pages storage migration" status=in_progress impact=maintenance
  url=https://stspg.io/pages1 started=2025-06-10T09:00:00Z updated=2025-06-10T09:00:00Z components=["Pages"]
  update 2025-06-10T09:00:00Z in_progress "Scheduled maintenance is currently in pr…"
  update 2025-06-09T12:00:00Z scheduled "Pages will be read-only during the migra…"
`,
			gone: []string{"inc0old00003", "inc0pm000004", "m0done000002"},
		},
		{
			file: "atlassian/summary-operational.json",
			base: "https://status.example.com",
			want: `page atlassian "GitHub" https://www.githubstatus.com operational "All Systems Operational"
component "Git Operations" id=8l4ygp009s5s operational (operational)
component "API/REST API" id=brv1bkgrwx7q operational (operational)
component "API/GraphQL" id=4230lsnqdsld operational (operational)
component "Webhooks" id=0l2p9nhqnxpd operational (operational)
`,
			gone: []string{"m0upcoming01"},
		},
	} {
		tc.run(t, KindAtlassian)
	}
}

func TestParseIncidentIO(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "incidentio/proxy-maintenance.json",
			base: "https://status.example.com",
			want: `page incidentio "Linear" https://linearstatus.com maintenance "Service Under Maintenance"
component "API" id=c1 operational (operational)
component "Sync" id=c2 maintenance (under_maintenance)
incident m1 maintenance "Database maintenance" status=maintenance_in_progress impact=
  url=https://linearstatus.com/incidents/m1 started=2025-06-10T09:00:00Z updated=- components=["Sync"]
`,
		},
		{
			file: "incidentio/proxy-operational.json",
			base: "https://status.example.com",
			want: `page incidentio "OpenAI" https://status.openai.com operational "All Systems Operational"
component "APIs/Chat Completions" id=01JMYB4C1 operational (operational)
component "APIs/Responses" id=01JMYB4C2 operational (operational)
component "ChatGPT/Login" id=01JMYB4C3 operational (operational)
component "ChatGPT/Voice mode" id=01JMYB4C4 operational (operational)
`,
		},
		{
			file: "incidentio/proxy-outage.json",
			base: "https://status.example.com",
			want: `page incidentio "OpenAI" https://status.openai.com major_outage "Major System Outage"
component "APIs/Chat Completions" id=01JMYB4C1 major_outage (full_outage)
component "APIs/Responses" id=01JMYB4C2 partial_outage (partial_outage)
component "ChatGPT/Login" id=01JMYB4C3 operational (operational)
component "ChatGPT/Voice mode" id=01JMYB4C4 degraded (degraded_performance)
component "APIs/Files" id=01JMYB4C5 maintenance (under_maintenance)
incident 01JXINC0001 major_outage "API requests failing" status=identified impact=full_outage
  url=https://status.openai.com/incidents/01JXINC0001 started=2025-06-10T09:40:00Z updated=2025-06-10T10:20:00Z components=["Chat Completions" "Responses"]
  update 2025-06-10T10:20:00Z identified "We have identified a bad deploy and are …"
  update 2025-06-10T09:40:00Z investigating "We are investigating failing API request…"
incident 01JXINC0002 degraded "Voice mode is slow" status=monitoring impact=
  url=https://status.openai.com/incidents/01JXINC0002 started=2025-06-10T08:00:00Z updated=2025-06-10T09:00:00Z components=["Voice mode"]
incident 01JXMNT0001 maintenance "Files storage migration" status=maintenance_in_progress impact=
  url=https://status.openai.com/incidents/01JXMNT0001 started=2025-06-10T08:00:00Z updated=- components=["Files"]
`,
			gone: []string{"01JXINC0003"},
		},
		{
			// major_outage is Atlassian's word, which some incident.io
			// pages send; a word nobody knows on an affected component is
			// at least degraded, and voids nothing.
			file: "incidentio/proxy-new-words.json",
			base: "https://status.example.com",
			want: `page incidentio "Linear" https://linearstatus.com major_outage "Major System Outage"
component "API" id=01JMZC7C1 major_outage (major_outage)
component "Sync" id=01JMZC7C2 operational (operational)
component "Integrations" id=01JMZC7C3 degraded (elevated_errors)
component "Web app" id=01JMZC7C4 operational (operational)
incident 01JXLIN0001 major_outage "API unavailable" status=investigating impact=major_outage
  url=https://linearstatus.com/incidents/01JXLIN0001 started=2025-06-10T11:10:00Z updated=2025-06-10T11:25:00Z components=["API"]
  update 2025-06-10T11:10:00Z investigating "The API is not answering."
incident 01JXLIN0002 degraded "Webhooks to Slack delayed" status=identified impact=elevated_errors
  url=https://linearstatus.com/incidents/01JXLIN0002 started=2025-06-10T10:00:00Z updated=2025-06-10T10:30:00Z components=["Integrations"]
incident 01JXLIN0003 partial_outage "We are looking into reports of errors" status=investigating impact=
  url=https://linearstatus.com/incidents/01JXLIN0003 started=2025-06-10T11:50:00Z updated=2025-06-10T11:50:00Z components=[]
  update 2025-06-10T11:50:00Z investigating "Some users see errors. We are investigat…"
`,
		},
	} {
		tc.run(t, KindIncidentIO)
	}
}

func TestParseSlack(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "slack/current-active.json",
			base: "https://status.example.com",
			want: `page slack "Slack" https://status.example.com major_outage "Major System Outage"
component "Login/SSO" id=Login/SSO operational (ok)
component "Messaging" id=Messaging major_outage (outage)
component "Notifications" id=Notifications operational (ok)
component "Search" id=Search degraded (notice)
component "Workspace/Org Administration" id=Workspace/Org Administration operational (ok)
component "Canvases" id=Canvases operational (ok)
component "Connectivity" id=Connectivity major_outage (outage)
component "Files" id=Files operational (ok)
component "Huddles" id=Huddles operational (ok)
component "Apps/Integrations/APIs" id=Apps/Integrations/APIs partial_outage (incident)
component "Workflows" id=Workflows operational (ok)
component "Canvas Tables" id=Canvas Tables degraded (notice)
incident 546 partial_outage "Slack’s forwarding email feature is failing for some customers" status=active impact=incident
  url=https://slack-status.com/2025-06/7dea1cd14cd0f657 started=2025-06-10T09:35:00Z updated=2025-06-10T10:34:15Z components=["Apps/Integrations/APIs"]
  update 2025-06-10T10:34:15Z active "We've identified the cause and are worki…"
  update 2025-06-10T09:40:00Z active "We're investigating an issue with email …"
incident 547 major_outage "Users can't connect to Slack" status=active impact=outage
  url=https://slack-status.com/2025-06/a1b2c3d4e5f60718 started=2025-06-10T10:00:00Z updated=2025-06-10T10:30:00Z components=["Connectivity" "Messaging"]
  update 2025-06-10T10:05:00Z active "Some users are unable to connect."
incident 548 degraded "Delays in search indexing" status=active impact=notice
  url=https://slack-status.com/2025-06/0f1e2d3c4b5a6978 started=2025-06-10T08:00:00Z updated=2025-06-10T08:00:00Z components=["Search" "Canvas Tables"]
`,
			gone: []string{"540"},
		},
		{
			file: "slack/current-maintenance.json",
			base: "https://status.example.com",
			want: `page slack "Slack" https://status.example.com maintenance "Service Under Maintenance"
component "Login/SSO" id=Login/SSO operational (ok)
component "Messaging" id=Messaging operational (ok)
component "Notifications" id=Notifications operational (ok)
component "Search" id=Search operational (ok)
component "Workspace/Org Administration" id=Workspace/Org Administration operational (ok)
component "Canvases" id=Canvases operational (ok)
component "Connectivity" id=Connectivity operational (ok)
component "Files" id=Files operational (ok)
component "Huddles" id=Huddles operational (ok)
component "Apps/Integrations/APIs" id=Apps/Integrations/APIs operational (ok)
component "Workflows" id=Workflows maintenance (maintenance)
incident 550 maintenance "Scheduled maintenance for Workflow Builder" status=active impact=maintenance
  url=https://slack-status.com/2025-06/maint550 started=2025-06-10T08:00:00Z updated=2025-06-10T08:30:00Z components=["Workflows"]
  update 2025-06-10T08:00:00Z active "Workflow Builder is read-only during mai…"
`,
			gone: []string{"551"},
		},
		{
			file: "slack/current-ok.json",
			base: "https://status.example.com",
			want: `page slack "Slack" https://status.example.com operational "All Systems Operational"
component "Login/SSO" id=Login/SSO operational (ok)
component "Messaging" id=Messaging operational (ok)
component "Notifications" id=Notifications operational (ok)
component "Search" id=Search operational (ok)
component "Workspace/Org Administration" id=Workspace/Org Administration operational (ok)
component "Canvases" id=Canvases operational (ok)
component "Connectivity" id=Connectivity operational (ok)
component "Files" id=Files operational (ok)
component "Huddles" id=Huddles operational (ok)
component "Apps/Integrations/APIs" id=Apps/Integrations/APIs operational (ok)
component "Workflows" id=Workflows operational (ok)
`,
		},
	} {
		tc.run(t, KindSlack)
	}
}

func TestParseGoogle(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "google/cloud-incidents.json",
			base: "https://status.cloud.google.com",
			want: `page google "Google Cloud" https://status.cloud.google.com major_outage "Major System Outage"
component "Cloud Run" id=9D7d2iNBQWN24zc1VamE major_outage (SERVICE_OUTAGE)
component "Google BigQuery" id=9CcrhHUcFevXPSVaSxkf degraded (SERVICE_INFORMATION)
component "Google Cloud SQL" id=hV87iK5DcEXKgWU2kDri operational (available)
component "Google Compute Engine" id=L3MkJBTz6kcKspVpo8ne major_outage (SERVICE_OUTAGE)
incident xVSEV3kVaJBmS7SZbnre major_outage "Multiple Google Cloud products are experiencing elevated error rates in us-central1" status=SERVICE_OUTAGE impact=SERVICE_OUTAGE
  url=https://status.cloud.google.com/incidents/xVSEV3kVaJBmS7SZbnre started=2025-06-10T08:52:00Z updated=2025-06-10T10:15:31Z components=["Google Compute Engine" "Cloud Run"]
  update 2025-06-10T10:15:31Z SERVICE_OUTAGE "Mitigation is in progress. We will provi…"
  update 2025-06-10T09:05:12Z SERVICE_DISRUPTION "We are investigating elevated error rate…"
incident ow5i3PPK96RduMcb1SsW degraded "BigQuery jobs are slower than usual" status=SERVICE_INFORMATION impact=SERVICE_INFORMATION
  url=https://status.cloud.google.com/incidents/ow5i3PPK96RduMcb1SsW started=2025-06-10T07:30:00Z updated=2025-06-10T07:41:00Z components=["Google BigQuery"]
  update 2025-06-10T07:41:00Z SERVICE_INFORMATION "Some BigQuery jobs take longer than usua…"
`,
			gone: []string{"oldCloudSQL0000001"},
		},
		{
			file: "google/workspace-incidents.json",
			base: GoogleWorkspace,
			want: `page google "Google Workspace" ` + GoogleWorkspace + ` operational "All Systems Operational"
component "Gmail" id=NuiQWbApS5wyfqHDLGmT operational (available)
component "Google Meet" id=meetKey operational (available)
`,
			gone: []string{"gmailOld0000000001", "meetOld00000000002"},
		},
	} {
		tc.run(t, KindGoogle)
	}
}

func TestParseStatusIO(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "statusio/status-disruption.json",
			base: "https://status.example.com",
			want: `page statusio "" https://status.example.com major_outage "Partial Service Disruption"
component "Docker Hub Registry/Pulls" id=5d1b0a5e8f1c3b0001aa0001 partial_outage (Partial Service Disruption)
component "Docker Hub Registry/Pushes" id=5d1b0a5e8f1c3b0001aa0002 degraded (Degraded Performance)
component "Docker Build Cloud" id=5d1b0a5e8f1c3b0001a1b2c4 major_outage (Service Disruption)
component "Docker Scout" id=5d1b0a5e8f1c3b0001a1b2c5 degraded (Security Event)
incident 6847f0a1b2c3d4e5f6a7b8c9 partial_outage "Registry pulls failing for some users" status=identified impact=partial_service_disruption
  url= started=2025-06-10T09:10:00Z updated=2025-06-10T09:50:00Z components=["Docker Hub Registry"]
  update 2025-06-10T09:50:00Z identified "Pulls fail in some regions; we have foun…"
  update 2025-06-10T09:10:00Z investigating "We are investigating failing pulls."
incident 6847f0a1b2c3d4e5f6a7b8d0 major_outage "Build Cloud unavailable" status=investigating impact=service_disruption
  url= started=2025-06-10T09:30:00Z updated=2025-06-10T09:30:00Z components=["Docker Build Cloud"]
  update 2025-06-10T09:30:00Z investigating "Builds cannot start."
`,
			gone: []string{"6847f0a1b2c3d4e5f6a7b8d1"},
		},
		{
			file: "statusio/status-maintenance.json",
			base: "https://status.example.com",
			want: `page statusio "" https://status.example.com maintenance "Planned Maintenance"
component "Website" id=gl-web operational (Operational)
component "CI/CD - Hosted runners on Linux" id=gl-ci maintenance (Planned Maintenance)
incident mnt-active-1 maintenance "Runner fleet upgrade" status=in_progress impact=
  url= started=2025-06-10T09:00:00Z updated=2025-06-10T09:00:00Z components=["CI/CD - Hosted runners on Linux"]
  update 2025-06-10T09:00:00Z  "Maintenance has started."
`,
		},
		{
			file: "statusio/status-operational.json",
			base: "https://status.example.com",
			want: `page statusio "" https://status.example.com operational "Operational"
component "Docker Hub Registry/Pulls" id=5d1b0a5e8f1c3b0001aa0001 operational (Operational)
component "Docker Hub Registry/Pushes" id=5d1b0a5e8f1c3b0001aa0002 operational (Operational)
component "Docker Build Cloud" id=5d1b0a5e8f1c3b0001a1b2c4 operational (Operational)
`,
			gone: []string{"mnt-up-1"},
		},
	} {
		tc.run(t, KindStatusIO)
	}
}

func TestParseInstatus(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "instatus/summary-hasissues.json",
			base: "https://status.example.com",
			want: `page instatus "Gcore" https://status.gcore.com partial_outage "Partial System Outage"
component "Edge/CDN" id=ck0cdn00001 partial_outage (PARTIALOUTAGE)
component "Edge/DNS" id=ck0dns00002 operational (OPERATIONAL)
component "API" id=ck0api00003 partial_outage (MINOROUTAGE)
component "Cloud" id=ck0cld00004 degraded (DEGRADEDPERFORMANCE)
incident ci0cdn00001 partial_outage "CDN errors in Frankfurt" status=IDENTIFIED impact=PARTIALOUTAGE
  url=https://status.gcore.com/incident/ci0cdn00001 started=2025-06-10T09:00:00Z updated=2025-06-10T09:45:00Z components=[]
incident ci0api00002 partial_outage "API latency" status=MONITORING impact=MINOROUTAGE
  url=https://status.gcore.com/incident/ci0api00002 started=2025-06-10T08:00:00Z updated=2025-06-10T09:00:00Z components=[]
`,
			gone: []string{"ci0old00003"},
		},
		{
			file: "instatus/summary-maintenance.json",
			base: "https://status.example.com",
			want: `page instatus "Gcore" https://status.gcore.com maintenance "Service Under Maintenance"
component "CDN" id=ck0cdn00001 maintenance (UNDERMAINTENANCE)
component "DNS" id=ck0dns00002 operational (OPERATIONAL)
incident cm0inprog01 maintenance "CDN edge upgrade" status=INPROGRESS impact=UNDERMAINTENANCE
  url=https://status.gcore.com/maintenance/cm0inprog01 started=2025-06-10T09:00:00Z updated=2025-06-10T09:00:00Z components=[]
`,
			gone: []string{"cm0done0002"},
		},
		{
			file: "instatus/summary-up.json",
			base: "https://status.example.com",
			want: `page instatus "Gcore" https://status.gcore.com operational "All Systems Operational"
`,
			gone: []string{"cm0notyet01"},
		},
	} {
		tc.run(t, KindInstatus)
	}
}

func TestParseFeed(t *testing.T) {
	for _, tc := range []parseCase{
		{
			file: "feed/atlassian-history.atom",
			base: "https://status.example.com",
			want: `page feed "GitHub Status - Incident History" https://www.githubstatus.com partial_outage "Partial System Outage"
incident tag:www.githubstatus.com,2005:Incident/25000001 partial_outage "Disruption with the REST and GraphQL APIs" status=identified impact=
  url=https://www.githubstatus.com/incidents/inc0api00001 started=2025-06-10T09:50:12Z updated=2025-06-10T10:40:00Z components=[]
  update 2025-06-10T10:40:00Z identified "Jun 10, 10:40 UTC Identified - API reque…"
incident tag:www.githubstatus.com,2005:Incident/25000003 maintenance "Pages storage migration" status=in progress impact=
  url=https://www.githubstatus.com/incidents/m0pages00001 started=2025-06-10T09:00:00Z updated=2025-06-10T09:00:00Z components=[]
  update 2025-06-10T09:00:00Z in progress "Jun 10, 09:00 UTC In progress - Schedule…"
incident tag:www.githubstatus.com,2005:Incident/25000005 partial_outage "Codespaces cannot be created in Europe" status=update impact=
  url=https://www.githubstatus.com/incidents/inc0cs000005 started=2025-06-07T20:00:00Z updated=2025-06-08T14:00:00Z components=[]
  update 2025-06-08T14:00:00Z update "Jun 8, 14:00 UTC Update - The capacity i…"
`,
			// 25000005: its last update is two days old but says work goes
			// on ("not yet resolved" does not resolve it); 24999999 was
			// left "investigating" for a year: stale.
			gone: []string{"tag:www.githubstatus.com,2005:Incident/25000002", "tag:www.githubstatus.com,2005:Incident/25000004", "tag:www.githubstatus.com,2005:Incident/24999999"},
		},
		{
			file: "feed/incidentio-feed.atom",
			base: "https://status.example.com",
			want: `page feed "OpenAI status" https://status.openai.com/ partial_outage "Partial System Outage"
incident https://status.openai.com/incidents/01JXINC0001 partial_outage "API requests failing" status=identified impact=
  url=https://status.openai.com/incidents/01JXINC0001 started=2025-06-10T09:40:00Z updated=2025-06-10T10:20:00Z components=[]
  update 2025-06-10T10:20:00Z identified "Status: Identified We have identified a …"
`,
			gone: []string{"https://status.openai.com/incidents/01JXINC0003"},
		},
		{
			file: "feed/slack-feed.rss",
			base: "https://status.example.com",
			want: `page feed "Slack System Status" https://slack-status.com/ partial_outage "Partial System Outage"
incident https://slack-status.com/2025-06/a1b2c3d4e5f60718 partial_outage "Incident: Users can't connect to Slack" status=investigating impact=
  url=https://slack-status.com/2025-06/a1b2c3d4e5f60718 started=2025-06-10T10:30:00Z updated=2025-06-10T10:30:00Z components=[]
  update 2025-06-10T10:30:00Z investigating "Some users are unable to connect. We're …"
incident https://slack-status.com/2025-06/maint550 maintenance "Maintenance: Workflow Builder" status= impact=
  url=https://slack-status.com/2025-06/maint550 started=2025-06-10T08:30:00Z updated=2025-06-10T08:30:00Z components=[]
  update 2025-06-10T08:30:00Z  "Workflow Builder is read-only during mai…"
incident https://slack-status.com/2025-06/5e6f7a8b9c0d1e2f partial_outage "Incident: Some messages fail to send" status= impact=
  url=https://slack-status.com/2025-06/5e6f7a8b9c0d1e2f started=2025-06-10T09:15:00Z updated=2025-06-10T09:15:00Z components=[]
  update 2025-06-10T09:15:00Z  "Some messages fail to send. The issue is…"
`,
			gone: []string{"https://slack-status.com/2025-06/0f1e2d3c4b5a6978"},
		},
	} {
		tc.run(t, KindFeed)
	}
}
