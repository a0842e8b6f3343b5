package cli

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/downradar/downradar/checker/seeds"
)

// outsideJSON is the part of `check --json` that says what the world says.
type outsideJSON struct {
	Services []struct {
		Name       string `json:"name"`
		Status     string `json:"status"`
		Scope      string `json:"scope"`
		StatusPage *struct {
			URL       string `json:"url"`
			Kind      string `json:"kind"`
			Level     string `json:"level"`
			Error     string `json:"error"`
			Incidents []struct {
				Title string `json:"title"`
			} `json:"incidents"`
		} `json:"status_page"`
		News *struct {
			Items     int      `json:"items"`
			Languages []string `json:"languages"`
			Reports   []struct {
				Title string `json:"title"`
				Lang  string `json:"lang"`
			} `json:"reports"`
		} `json:"news"`
	} `json:"services"`
}

// A status page and a news feed on loopback: check reports the page's
// level and incident, the news reports with their languages, and the scope
// each service's incident would have.
func TestCheckJSONStatusPageAndNews(t *testing.T) {
	l := newLoopback(t)
	now := time.Now().UTC().Format(time.RFC3339)
	page := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(rw, `{"page": {"id": "gh", "name": "GitHub", "url": "http://status.github.test", "time_zone": "Etc/UTC", "updated_at": %[1]q},
"status": {"indicator": "minor", "description": "Partial System Outage"},
"components": [{"id": "api", "name": "API Requests", "status": "partial_outage", "position": 1, "group": false, "group_id": null, "page_id": "gh", "only_show_if_degraded": false}],
"incidents": [{"id": "i1", "name": "Degraded API", "status": "investigating", "impact": "minor", "created_at": %[1]q, "updated_at": %[1]q, "started_at": %[1]q,
  "shortlink": "http://stspg.test/i1", "page_id": "gh", "components": [{"id": "api", "name": "API Requests", "status": "partial_outage"}],
  "incident_updates": [{"id": "u1", "status": "investigating", "body": "We are investigating.", "created_at": %[1]q, "updated_at": %[1]q, "display_at": %[1]q, "incident_id": "i1"}]}],
"scheduled_maintenances": []}`, now)
	}))
	t.Cleanup(page.Close)
	all, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	var items strings.Builder
	for i, a := range all {
		fmt.Fprintf(&items, "<item><title>%s</title><link>http://news.test/%d</link><description>%s</description><pubDate>%s</pubDate><source url=\"http://news.test/\">Seed %s</source></item>",
			html.EscapeString(a.Title), i, html.EscapeString(a.Lead), time.Now().Add(-time.Duration(len(all)-i)*time.Minute).Format(time.RFC1123Z), a.Lang)
	}
	feed := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(rw, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>http://news.test/</link><description>d</description>%s</channel></rss>`, items.String())
	}))
	t.Cleanup(feed.Close)

	services := strings.Replace(l.services(), "name = \"GitHub\"\n", fmt.Sprintf("name = \"GitHub\"\nstatus = %q\n", page.URL), 1)
	services = strings.Replace(services, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus = \"http://"+l.closed+"\"\nstatus_kind = \"atlassian\"\n", 1)
	services = "[[news.feed]]\nurl = \"" + feed.URL + "\"\n" + services
	cfg := l.writeConfig(t, fmt.Sprintf(`%q, "dns://ok.test", "%s/generate_204"`, l.tcp, l.http), services)
	code, out, errs := run(t, "check", "--config", cfg, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep outsideJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	by := map[string]int{}
	for i, s := range rep.Services {
		by[s.Name] = i
		if s.News == nil {
			t.Errorf("%s: no news object", s.Name)
		}
	}
	gh := rep.Services[by["GitHub"]]
	if gh.StatusPage == nil || gh.StatusPage.Kind != "atlassian" || gh.StatusPage.Level != "partial_outage" || len(gh.StatusPage.Incidents) != 1 || gh.StatusPage.Incidents[0].Title != "Degraded API" {
		t.Errorf("GitHub's page (detected as atlassian): %+v", gh.StatusPage)
	}
	if gh.Status != "up" || gh.Scope != "reported_elsewhere" {
		t.Errorf("GitHub works from here while its page reports trouble: status %s scope %q", gh.Status, gh.Scope)
	}
	wa := rep.Services[by["WhatsApp"]]
	if wa.StatusPage == nil || wa.StatusPage.Level != "unknown" || !strings.Contains(wa.StatusPage.Error, l.closed) {
		t.Errorf("WhatsApp's page cannot be read: it is unknown, with the error: %+v", wa.StatusPage)
	}
	// The seeds, oldest first: Arabic (Instagram), Hindi (a recovery of
	// Facebook, WhatsApp, Instagram, X), Bengali and French and Italian
	// (outages), each its own publisher: WhatsApp has three reports from
	// three sources, the newest an outage.
	if wa.News.Items != 3 || len(wa.News.Reports) != 4 || wa.Scope != "confirmed" {
		t.Errorf("WhatsApp fails here and three seeds report it: news %+v, scope %q", wa.News, wa.Scope)
	}
	// Facebook has one outage report (French) besides the recovery: one
	// source is not enough (radar.MinNewsSources).
	fb := rep.Services[by["Facebook"]]
	if fb.StatusPage != nil || fb.Status != "down" || fb.News.Items != 1 || fb.Scope != "from_here" {
		t.Errorf("Facebook (no page; down here; one report): %+v %+v", fb, fb.News)
	}

	code, table, _ := run(t, "check", "--config", cfg)
	if code != 0 || !strings.Contains(table, "Elsewhere:") || !strings.Contains(table, "GitHub: status page partial_outage: Degraded API; news: no outage reports => reported elsewhere") {
		t.Errorf("table:\n%s", table)
	}
}

// A status page that never answers does not hold `check`: the page is
// unknown, with why.
func TestCheckDoesNotWaitForAStalledPage(t *testing.T) {
	l := newLoopback(t)
	release := make(chan struct{})
	page := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); page.Close() })
	services := strings.Replace(l.services(), "name = \"GitHub\"\n", fmt.Sprintf("name = \"GitHub\"\nstatus = %q\nstatus_kind = \"atlassian\"\n", page.URL), 1)
	cfg := l.writeConfig(t, fmt.Sprintf("%q", l.tcp), services)
	done := make(chan string, 1)
	go func() {
		_, out, _ := run(t, "check", "--config", cfg, "--json", "--service", "GitHub")
		done <- out
	}()
	select {
	case out := <-done:
		var rep outsideJSON
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if p := rep.Services[0].StatusPage; p == nil || p.Level != "unknown" || p.Error == "" {
			t.Errorf("stalled page: %+v", p)
		}
	case <-time.After(20 * time.Second): // the page would stall for ever; the round is bounded by twice the probe timeout
		t.Fatal("check waited for a page that never answers")
	}
}
