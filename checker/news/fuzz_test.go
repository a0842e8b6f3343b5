package news

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

const fuzzURL = "https://fuzz.example/feed"

// hostile are documents built to hurt a parser, each about 1 MB.
func hostile() map[string][]byte {
	const mb = 1 << 20
	head := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>`
	tail := `</title><link>https://x.example/a</link></item></channel></rss>`
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">` +
		`<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>` +
		`<rss version="2.0"><channel><item><title>&lol9;</title><description>` + strings.Repeat("&lol9;", mb/8) + `</description></item></channel></rss>`
	return map[string][]byte{
		"huge title":         []byte(head + strings.Repeat("WhatsApp down ", mb/14) + tail),
		"huge markup title":  []byte(head + strings.Repeat("&lt;b&gt;x&lt;/b&gt;", mb/20) + tail),
		"script in title":    []byte(head + `&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;Hi` + tail),
		"nested in item":     []byte(`<rss version="2.0"><channel><item>` + strings.Repeat("<a>", mb/6) + strings.Repeat("</a>", mb/6) + `</item></channel></rss>`),
		"nested unclosed":    []byte(`<rss version="2.0"><channel><item>` + strings.Repeat("<a>", mb/3)),
		"nested extension":   []byte(`<rss version="2.0" xmlns:x="urn:x"><channel><item>` + strings.Repeat("<x:a>", mb/10) + strings.Repeat("</x:a>", mb/10) + `</item></channel></rss>`),
		"nested atom":        []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">` + strings.Repeat("<div>", mb/5) + `</content></entry></feed>`),
		"nested json":        []byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"title":` + strings.Repeat("[", mb/2) + strings.Repeat("]", mb/2) + `}]}`),
		"billion laughs":     []byte(laughs),
		"invalid utf8":       []byte(head + strings.Repeat("\xff\xfe\xc3(", mb/4) + tail),
		"many items":         []byte(`<rss version="2.0"><channel>` + strings.Repeat("<item><title>WhatsApp is down again</title></item>", mb/52) + `</channel></rss>`),
		"many attrs":         []byte(`<rss version="2.0"><channel><item ` + strings.Repeat(`a="b" `, mb/6) + `><title>x</title></item></channel></rss>`),
		"long comment":       []byte(`<rss version="2.0"><channel><!--` + strings.Repeat("-", mb) + `--></channel></rss>`),
		"cdata html":         []byte(head + `<![CDATA[` + strings.Repeat("<div><p>deep", mb/13) + `]]>` + tail),
		"nul bytes":          []byte(head + strings.Repeat("\x00", mb) + tail),
		"json huge string":   []byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"title":"` + strings.Repeat(`\u00e9<b>`, mb/10) + `"}]}`),
		"bom and whitespace": []byte("\xef\xbb\xbf" + strings.Repeat(" \n", mb/2) + `<rss version="2.0"><channel></channel></rss>`),
	}
}

// checkItems asserts what Parse promises whatever the input.
func checkItems(t *testing.T, items []Item, err error, now time.Time) {
	t.Helper()
	if err != nil {
		if strings.Contains(err.Error(), "parser panic") {
			t.Fatalf("gofeed panicked: %v", err)
		}
		if !strings.Contains(err.Error(), fuzzURL) {
			t.Fatalf("error %q does not name the feed", err)
		}
		return
	}
	for _, it := range items {
		for name, s := range map[string]string{"Title": it.Title, "Summary": it.Summary, "Source": it.Source} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s not UTF-8: %q", name, s)
			}
			if s != strings.TrimSpace(s) || strings.Contains(s, "  ") {
				t.Fatalf("%s whitespace not collapsed: %q", name, s)
			}
			for _, r := range s {
				if unicode.IsControl(r) || r == '\u202E' {
					t.Fatalf("%s has control %U: %q", name, r, s)
				}
			}
		}
		if n := utf8.RuneCountInString(it.Title); n > maxTitleRunes {
			t.Fatalf("title of %d runes", n)
		}
		if n := utf8.RuneCountInString(it.Summary); n > maxSummaryRunes {
			t.Fatalf("summary of %d runes", n)
		}
		if it.Link != "" && !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
			t.Fatalf("link %q", it.Link)
		}
		if it.Feed != fuzzURL || it.Published.IsZero() || it.Published.After(now) {
			t.Fatalf("item %+v", it)
		}
		if len(it.Link) > maxLinkBytes || len(it.ID) > max(maxIDBytes, len(it.Link)) {
			t.Fatalf("id/link too long: %d/%d", len(it.ID), len(it.Link))
		}
		Key(it) // must not panic either
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".md") {
			f.Add(b)
		}
	}
	for _, b := range hostile() {
		f.Add(b[:min(len(b), 4096)]) // the fuzzer mutates small inputs best
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := Parse(fuzzURL, body, t0)
		checkItems(t, items, err, t0)
	})
}

// TestParseHostile runs the full-size hostile documents: no panic, work
// linear in the input, and what comes back is bounded.
func TestParseHostile(t *testing.T) {
	for name, body := range hostile() {
		t.Run(name, func(t *testing.T) {
			type out struct {
				items []Item
				err   error
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var o out
			o.items, o.err = Parse(fuzzURL, body, t0)
			runtime.ReadMemStats(&after)
			// Bounded work, measured in what the machine's load cannot
			// change: memory linear in the input, at most 256 bytes
			// allocated a byte in (today up to 117, for nested extension
			// elements), plus 1 MiB for the parser's fixed costs (more
			// under -race). A 20 s wall-clock guard failed under -race on
			// a busy machine; a hang is go test's -timeout to catch, and
			// speed is for benchmarks.
			if n := after.TotalAlloc - before.TotalAlloc; n > 256*uint64(len(body))+1<<20 {
				t.Errorf("%d bytes in, %d bytes allocated: more than 256 a byte", len(body), n)
			}
			checkItems(t, o.items, o.err, t0)
			switch name {
			case "huge title":
				if o.err != nil || len(o.items) != 1 || utf8.RuneCountInString(o.items[0].Title) != maxTitleRunes {
					t.Errorf("got %d items, err %v", len(o.items), o.err)
				}
			case "script in title":
				if o.err != nil || len(o.items) != 1 || o.items[0].Title != "Hi" {
					t.Errorf("got %+v, err %v", o.items, o.err)
				}
			case "billion laughs":
				// Entities declared in a DTD are never expanded.
				if o.err == nil && len(o.items) == 1 && len(o.items[0].Title) > 100 {
					t.Errorf("entity expanded: %d bytes", len(o.items[0].Title))
				}
			case "invalid utf8":
				if o.err != nil || len(o.items) != 1 || !strings.HasPrefix(o.items[0].Title, "\ufffd(\ufffd(") {
					t.Errorf("invalid bytes must be replaced, not fail the feed: %d items, err %v", len(o.items), o.err)
				}
			case "many items":
				if o.err != nil || len(o.items) != (1<<20)/52 {
					t.Errorf("got %d items, err %v", len(o.items), o.err)
				}
			}
		})
	}
}
