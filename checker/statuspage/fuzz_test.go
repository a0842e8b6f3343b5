package statuspage

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// fuzzKind picks a kind from a fuzz input's first byte.
func fuzzKind(b byte) Kind {
	kinds := Kinds()
	return kinds[int(b)%len(kinds)]
}

// FuzzParse feeds every parser hostile input: the first byte picks the
// kind, the rest is the payload. Parse must not panic, must answer in
// bounded time, and what it returns must hold together.
func FuzzParse(f *testing.F) {
	dirs, err := filepath.Glob("testdata/*/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range dirs {
		kind := Kind(filepath.Base(filepath.Dir(path)))
		i := slices.Index(Kinds(), kind)
		if i < 0 {
			continue // testdata/fuzz
		}
		body, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]byte{byte(i)}, body...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		start := time.Now()
		p, err := parseAt(fuzzKind(data[0]), "https://status.example.com", data[1:], testNow)
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("parse took %v", took)
		}
		if err != nil {
			if p != nil {
				t.Fatal("a page and an error")
			}
			return
		}
		checkPage(t, p)
		names := []string{"", "x", "a/b"}
		for _, c := range p.Components {
			names = append(names, c.Name, c.Group+"/"+c.Name)
		}
		p.LevelFor(names)
		p.IncidentsFor(names)
		p.Missing(names)
		if p.LevelFor(nil) != p.Level {
			t.Error("LevelFor(nil) is not the page's level")
		}
	})
}

// TestParseHostile: inputs built to hurt finish quickly, without a panic,
// and text stays text.
func TestParseHostile(t *testing.T) {
	mb := strings.Repeat("x", 1<<20)
	deepJSON := strings.Repeat("[", 200000) + strings.Repeat("]", 200000)
	deepXML := `<feed xmlns="http://www.w3.org/2005/Atom">` + strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000) + `</feed>`
	var many strings.Builder
	many.WriteString(`{"status":{"indicator":"none"},"components":[`)
	for i := range 100000 {
		if i > 0 {
			many.WriteByte(',')
		}
		many.WriteString(`{"id":"c","name":"C","status":"operational","group_id":"g"}`)
	}
	many.WriteString(`]}`)
	markup := `<script>alert(1)</script><b onmouseover=x>Outage</b>`
	for _, tc := range []struct {
		name string
		kind Kind
		body string
		ok   bool
		test func(t *testing.T, p *Page)
	}{
		{"deep json", KindAtlassian, deepJSON, false, nil},
		{"deep json in a field", KindGoogle, `[{"id":"a","updates":` + deepJSON + `}]`, false, nil},
		{"deep xml", KindFeed, deepXML, true, nil},
		{"deep unclosed xml", KindFeed, `<rss><channel>` + strings.Repeat("<item><title>", 50000), false, nil},
		{"1 MB name and title", KindAtlassian, `{"status":{"indicator":"minor"},"components":[{"id":"a","name":"` + mb + `","status":"operational"}],"incidents":[{"id":"i","name":"` + mb + `","status":"identified","impact":"minor","incident_updates":[{"status":"identified","body":"` + mb + `"}]}]}`, true, func(t *testing.T, p *Page) {
			if len(p.Components[0].Name) != 1<<20 || len(p.Incidents[0].Title) != 1<<20 {
				t.Error("long text cut")
			}
		}},
		{"1 MB status word", KindSlack, `{"status":"` + mb + `"}`, false, nil},
		{"1 MB feed entry", KindFeed, `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><updated>2025-06-10T10:00:00Z</updated><content type="html">` + strings.Repeat("&lt;b&gt;resolvedx ", 60000) + `</content></entry></feed>`, true, func(t *testing.T, p *Page) {
			if len(p.Incidents) != 1 || len(p.Incidents[0].Updates[0].Body) > maxUpdateBody+len("…") {
				t.Errorf("want one ongoing incident with a capped body: %s", dump(p))
			}
		}},
		{"many components", KindAtlassian, many.String(), true, nil},
		{"invalid utf-8", KindAtlassian, "{\"status\":{\"indicator\":\"none\"},\"components\":[{\"id\":\"a\",\"name\":\"bad \xff\xfe name\",\"status\":\"operational\"}]}", true, func(t *testing.T, p *Page) {
			if p.Components[0].Name != "bad \uFFFD\uFFFD name" {
				t.Errorf("name %q", p.Components[0].Name)
			}
		}},
		{"invalid utf-8 in a feed", KindFeed, "<rss><channel><title>bad \xff</title></channel></rss>", false, nil},
		{"markup in a json title", KindInstatus, `{"page":{"status":"HASISSUES"},"activeIncidents":[{"id":"i","name":"` + strings.ReplaceAll(markup, `"`, `\"`) + `","status":"IDENTIFIED"}]}`, true, func(t *testing.T, p *Page) {
			if p.Incidents[0].Title != markup {
				t.Errorf("title %q, want the provider's text as is", p.Incidents[0].Title)
			}
		}},
		{"markup in a feed title", KindFeed, `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">` + xmlEscape(markup) + `</title><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(2)</script><b>Down</b></div></title><updated>2025-06-10T11:00:00Z</updated><link href="javascript:alert(3)"/></entry></feed>`, true, func(t *testing.T, p *Page) {
			if strings.ContainsAny(p.Name, "<>") || strings.ContainsAny(p.Incidents[0].Title, "<>") {
				t.Errorf("markup left in %q, %q", p.Name, p.Incidents[0].Title)
			}
			if p.Incidents[0].URL != "" {
				t.Errorf("a javascript: link kept: %q", p.Incidents[0].URL)
			}
		}},
		{"javascript link", KindAtlassian, `{"page":{"url":"javascript:alert(1)"},"status":{"indicator":"minor"},"incidents":[{"id":"i","status":"identified","impact":"minor","shortlink":"javascript:alert(2)"}]}`, true, func(t *testing.T, p *Page) {
			if p.URL != "https://status.example.com" || p.Incidents[0].URL != "https://status.example.com/incidents/i" {
				t.Errorf("links %q, %q", p.URL, p.Incidents[0].URL)
			}
		}},
		{"unclosed tags", KindFeed, `<rss><channel><item><title>x</title><pubDate>Tue, 10 Jun 2025 11:00:00 +0000</pubDate><description>` + strings.Repeat("&lt;", 100000) + `</description></item></channel></rss>`, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			p, err := parseAt(tc.kind, "https://status.example.com", []byte(tc.body), testNow)
			runtime.ReadMemStats(&after)
			// Bounded work, measured in what the machine's load cannot change:
			// memory linear in the input (at most 64 bytes a byte; today up
			// to 38, for deep XML). A wall-clock bound failed on a busy CI
			// machine; speed is for benchmarks (BenchmarkParseAtlassian).
			if n := after.TotalAlloc - before.TotalAlloc; n > 64*uint64(len(tc.body))+64<<10 {
				t.Errorf("%d bytes in, %d bytes allocated: more than 64 a byte", len(tc.body), n)
			}
			if tc.ok != (err == nil) {
				t.Fatalf("error %v, want ok=%v", err, tc.ok)
			}
			if err != nil {
				if len(err.Error()) > 400 {
					t.Errorf("a %d-byte error message", len(err.Error()))
				}
				return
			}
			checkPage(t, p)
			if tc.test != nil {
				tc.test(t, p)
			}
		})
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
