package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/downradar/downradar/checker/probe"
	"github.com/downradar/downradar/checker/statuspage"
)

const svc = `
[[service]]
name = "WhatsApp"
  [[service.component]]
  name  = "Web"
  probe = "https://web.whatsapp.test/"
`

func TestParseFull(t *testing.T) {
	doc := `catalog = false
interval = "30s"
timeout  = "5s"
resolver = "127.0.0.1:5353"
attempts = 3
concurrency = 4
[thresholds]
fail = 3
recover = 1
recheck = ["1s", "2s", "3s"]
[network]
control = ["tcp://127.0.0.1:1", "dns://example.org", "http://127.0.0.1:2/generate_204"]
[[service]]
name = "WhatsApp"
interval = "2m"
  [[service.component]]
  name  = "Web"
  probe = "https://web.whatsapp.test/"
  expect = "200-299,404"
  slow  = "3s"
  body = "WhatsApp"
  [[service.component]]
  name = "Chat"
  probe = "tcp://e1.whatsapp.test:5222"
[[service]]
name = "Meta DNS"
  [[service.component]]
  name = "facebook.test"
  probe = "dns://facebook.test"
`
	c, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Interval != 30*time.Second || c.Timeout != 5*time.Second || c.Resolver != "127.0.0.1:5353" ||
		c.Attempts != 3 || c.Concurrency != 4 {
		t.Errorf("top level: %+v", c)
	}
	if c.Thresholds.Fail != 3 || c.Thresholds.Recover != 1 || len(c.Thresholds.Recheck) != 3 || c.Thresholds.Recheck[2] != 3*time.Second {
		t.Errorf("thresholds: %+v", c.Thresholds)
	}
	if len(c.Control) != 3 || c.Control[2].Expect.String() != "204" {
		t.Errorf("control: %+v", c.Control)
	}
	if len(c.Services) != 2 || c.Services[0].Interval != 2*time.Minute || c.Services[1].Interval != 30*time.Second {
		t.Fatalf("services: %+v", c.Services)
	}
	web := c.Services[0].Components[0].Target
	if web.Kind != probe.KindHTTP || web.Expect.String() != "200-299,404" || web.Slow != 3*time.Second || web.Body != "WhatsApp" {
		t.Errorf("web component: %+v", web)
	}
	if chat := c.Services[0].Components[1].Target; chat.Kind != probe.KindTCP || chat.Port != "5222" {
		t.Errorf("chat component: %+v", chat)
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse("c.toml", []byte(svc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Interval != DefaultInterval || c.Timeout != DefaultTimeout || c.Resolver != "" || c.Attempts != DefaultAttempts ||
		c.Concurrency != DefaultConcurrency || c.Thresholds.Fail != 2 || c.Thresholds.Recover != 2 ||
		len(c.Thresholds.Recheck) != 2 || len(c.Control) != len(DefaultControl) {
		t.Errorf("defaults not filled: %+v", c)
	}
	if got := c.Services[0].Components[0].Target.Expect.String(); got != "200-399" {
		t.Errorf("default expect = %s", got)
	}
	if c, err := Parse("c.toml", []byte(`language = "hi-in"`+svc)); err != nil || c.Language != "hi-IN" {
		t.Errorf("language: %v %v", c, err)
	}
	if c, err := Parse("c.toml", []byte(`resolver = "10.0.0.1"`+svc)); err != nil || c.Resolver != "10.0.0.1:53" {
		t.Errorf("resolver without port: %v %v", c, err)
	}
}

// One case per rule, with its exact message.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"unknown top-level key", "intervall = \"60s\"\n" + svc, `c.toml:1: intervall: unknown key "intervall"`},
		{"unknown component key", svc + "  prob = \"x\"\n", `c.toml:7: service[0].component[0].prob: unknown key "prob"`},
		{"unknown table", "[notify]\nsound = true\n" + svc, `c.toml:1: notify: unknown key "notify"`},
		{"unknown notifications key", "[notifications]\nsound = true\n" + svc, `c.toml:2: notifications.sound: unknown key "sound"`},
		{"bad quiet hours", "[notifications]\nquiet_hours = \"22-7\"\n" + svc, `c.toml:2: notifications.quiet_hours: "22-7": "22" is not a time like "07:30"`},
		{"quiet hours no span", "[notifications]\nquiet_hours = \"22:00\"\n" + svc, `c.toml:2: notifications.quiet_hours: "22:00" is not a span of hours like "22:00-07:00"`},
		{"quiet hours empty span", "[notifications]\nquiet_hours = \"08:00-08:00\"\n" + svc, `c.toml:2: notifications.quiet_hours: "08:00-08:00" starts and ends at the same time`},
		{"enabled wrong type", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nenabled = \"no\"\n", 1), `c.toml:4: service[0].enabled: wrong type: want true or false`},
		{"bad interval", "interval = \"6O s\"\n" + svc, `c.toml:1: interval: "6O s" is not a duration (like "60s" or "5m")`},
		{"interval too short", "interval = \"10ms\"\n" + svc, `c.toml:1: interval: 10ms is too short (at least 1s)`},
		{"bad timeout", "timeout = \"ten\"\n" + svc, `c.toml:1: timeout: "ten" is not a duration (like "60s" or "5m")`},
		{"timeout over interval", "interval = \"5s\"\ntimeout = \"10s\"\n" + svc, `c.toml:2: timeout: 10s is longer than interval (5s)`},
		{"wrong type", "[thresholds]\nfail = \"two\"\n" + svc, `c.toml:2: thresholds.fail: wrong type: want a whole number`},
		{"wrong type string", "interval = 60\n" + svc, `c.toml:1: interval: wrong type: want a string`},
		{"fail zero", "[thresholds]\nfail = 0\n" + svc, `c.toml:2: thresholds.fail: 0 is out of range (1 to 100)`},
		{"recover negative", "[thresholds]\nrecover = -1\n" + svc, `c.toml:2: thresholds.recover: -1 is out of range (1 to 100)`},
		{"bad recheck", "[thresholds]\nrecheck = [\"5s\", \"soon\"]\n" + svc, `c.toml:2: thresholds.recheck: "soon" is not a duration (like "60s" or "5m")`},
		{"attempts", "attempts = 0\n" + svc, `c.toml:1: attempts: 0 is out of range (1 to 10)`},
		{"concurrency", "concurrency = 0\n" + svc, `c.toml:1: concurrency: 0 is out of range (1 to 1024)`},
		{"bad resolver", "resolver = \"dns.google\"\n" + svc, `c.toml:1: resolver: "dns.google" is not an IP address with an optional port (like "127.0.0.1:53")`},
		{"bad language", "language = \"Hindi!\"\n" + svc, `c.toml:1: language: "Hindi!" is not a language tag (like "hi" or "pt-BR"; leave it out to follow the system)`},
		{"empty control", "[network]\ncontrol = []\n" + svc, `c.toml:2: network.control: empty: leave the key out to use the defaults`},
		{"bad control", "[network]\ncontrol = [\"ping://1.1.1.1\"]\n" + svc, `c.toml:2: network.control: "ping://1.1.1.1": unknown scheme "ping" (use https, http, tcp, tls or dns)`},
		{"no services", "catalog = false\ninterval = \"60s\"\n", `c.toml: no [[service]] to watch`},
		{"service without name", "[[service]]\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://a.example/\"\n", `c.toml:1: service[0]: a service needs a name`},
		{"service without components", "[[service]]\nname = \"Mine\"\n", `c.toml:1: service[0]: service "Mine" has no [[service.component]]`},
		{"catalog wrong type", "catalog = \"no\"\n" + svc, `c.toml:1: catalog: wrong type: want true or false`},
		{"catalog name taken", "[[service]]\nid = \"wa\"\nname = \"WhatsApp\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://wa.test/\"\n",
			`c.toml:3: service[0].name: "WhatsApp" is the name of the catalog's service "whatsapp": add id = "whatsapp" to change it, or give yours another name`},
		{"catalog service twice", "[[service]]\nid = \"discord\"\n[[service]]\nid = \"discord\"\nmute = true\n", `c.toml:4: service[1].id: "discord" is already the id of service[0]`},
		{"duplicate service", svc + svc, `c.toml:9: service[1].name: "WhatsApp" is already the name of service[0]`},
		{"bad service interval", strings.Replace(svc, "name = \"WhatsApp\"", "name = \"WhatsApp\"\ninterval = \"often\"", 1), `c.toml:4: service[0].interval: "often" is not a duration (like "60s" or "5m")`},
		{"service interval under timeout", strings.Replace(svc, "name = \"WhatsApp\"", "name = \"WhatsApp\"\ninterval = \"5s\"", 1), `c.toml:4: service[0].interval: 5s is shorter than timeout (10s)`},
		{"component without name", "[[service]]\nname = \"X\"\n  [[service.component]]\n  probe = \"https://a.example/\"\n", `c.toml:3: service[0].component[0]: a component needs a name`},
		{"duplicate component", svc + "  [[service.component]]\n  name = \"web\"\n  probe = \"dns://a.example\"\n", `c.toml:8: service[0].component[1].name: "web" is already the name of component[0]`},
		{"component without probe", "[[service]]\nname = \"X\"\n  [[service.component]]\n  name = \"Web\"\n", `c.toml:3: service[0].component[0]: component "Web" has no probe`},
		{"probe without scheme", strings.Replace(svc, "https://web.whatsapp.test/", "web.whatsapp.test", 1), `c.toml:6: service[0].component[0].probe: "web.whatsapp.test" has no scheme (use https://, http://, tcp://, tls:// or dns://)`},
		{"probe unknown scheme", strings.Replace(svc, "https://", "ftp://", 1), `c.toml:6: service[0].component[0].probe: "ftp://web.whatsapp.test/": unknown scheme "ftp" (use https, http, tcp, tls or dns)`},
		{"tcp probe without port", strings.Replace(svc, "https://web.whatsapp.test/", "tcp://e1.whatsapp.test", 1), `c.toml:6: service[0].component[0].probe: "tcp://e1.whatsapp.test" needs a port (tcp://host:port)`},
		{"bad port", strings.Replace(svc, "https://web.whatsapp.test/", "tls://e1.whatsapp.test:99999", 1), `c.toml:6: service[0].component[0].probe: "tls://e1.whatsapp.test:99999": port "99999" is not 1-65535`},
		{"dns probe with path", strings.Replace(svc, "https://web.whatsapp.test/", "dns://whatsapp.test/x", 1), `c.toml:6: service[0].component[0].probe: "dns://whatsapp.test/x": dns probes take only a host name (dns://host)`},
		{"bad expect", svc + "  expect = \"200-abc\"\n", `c.toml:7: service[0].component[0].expect: "200-abc" is not a status code or range (like 200-399) within 100-599`},
		{"expect on tcp", strings.Replace(svc, "https://web.whatsapp.test/", "tcp://e1.whatsapp.test:443", 1) + "  expect = \"200\"\n", `c.toml:7: service[0].component[0].expect: only http(s) probes have a status to expect`},
		{"body on dns", strings.Replace(svc, "https://web.whatsapp.test/", "dns://whatsapp.test", 1) + "  body = \"x\"\n", `c.toml:7: service[0].component[0].body: only http(s) probes have a body`},
		{"bad slow", svc + "  slow = \"3 seconds\"\n", `c.toml:7: service[0].component[0].slow: "3 seconds" is not a duration (like "60s" or "5m")`},
		{"bad id", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nid = \"Whats App\"\n", 1), `c.toml:4: service[0].id: "Whats App" is not an id: lowercase letters, digits and - only (like "whatsapp")`},
		{"duplicate id", svc + strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp Business\"\nid = \"whatsapp\"\n", 1), `c.toml:10: service[1].id: "whatsapp" is already the id of service[0]`},
		{"bad status page", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus = \"discordstatus.com\"\n", 1), `c.toml:4: service[0].status: "discordstatus.com" is not an http(s) URL (like "https://discordstatus.com") or statusio:<page id>`},
		{"bad status kind", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus = \"https://status.test\"\nstatus_kind = \"atlasian\"\n", 1), `c.toml:5: service[0].status_kind: ` + kindErr("atlasian")},
		{"status kind without page", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus_kind = \"slack\"\n", 1), `c.toml:4: service[0].status_kind: status_kind needs a status page: add status = "https://..."`},
		{"statusio kind mismatch", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus = \"statusio:abc\"\nstatus_kind = \"slack\"\n", 1), `c.toml:5: service[0].status_kind: a statusio: page is of kind "statusio"`},
		{"status components without page", svc + "  status_components = [\"API\"]\n", `c.toml:7: service[0].component[0].status_components: the service has no status page: add status = "https://..." to it`},
		{"status components wrong type", svc + "  status_components = \"API\"\n", `c.toml:7: service[0].component[0].status_components: wrong type: want a list of strings`},
		{"status interval too short", "status_interval = \"10s\"\n" + svc, `c.toml:1: status_interval: 10s is too short (at least 1m0s)`},
		{"news interval for google", "[news]\ninterval = \"2m\"\n" + svc, `c.toml:2: news.interval: 2m0s is too short for the built-in news search feeds (at least 5m0s; or builtin = false)`},
		{"news window", "[news]\nwindow = \"1m\"\n" + svc, `c.toml:2: news.window: 1m0s is too short (at least 5m0s)`},
		{"news builtin type", "[news]\nbuiltin = \"no\"\n" + svc, `c.toml:2: news.builtin: wrong type: want true or false`},
		{"feed url", "[[news.feed]]\nurl = \"feeds.test/rss\"\n" + svc, `c.toml:2: news.feed[0].url: "feeds.test/rss" is not an http(s) URL of an RSS, Atom or JSON feed`},
		{"feed lang", "[[news.feed]]\nurl = \"https://feeds.test/rss\"\nlang = \"hindi\"\n" + svc, `c.toml:3: news.feed[0].lang: "hindi" is not a two-letter language code (like "hi")`},
		{"unknown news key", "[news]\nfeeds = []\n" + svc, `c.toml:2: news.feeds: unknown key "feeds"`},
		{"syntax error", "interval = \n" + svc, `c.toml:1: interval: unexpected character U+000A at start of value`},
		{"syntax error in a table", "[thresholds]\nfail = 1x\n" + svc, `c.toml:2: thresholds.fail: strings must be quoted`},
		{"syntax error in a service", strings.Replace(svc, "name = \"WhatsApp\"", "name = \"WhatsApp", 1), `c.toml:3: service[0].name: basic strings cannot have new lines`},
		{"syntax error on no key", "[thresholds\n" + svc, `c.toml:1: expected ']' to close table name`},

		// Upper bounds, one per duration and list.
		{"interval too long", "interval = \"2562047h\"\n" + svc, `c.toml:1: interval: 2562047h0m0s is too long (at most 24h0m0s)`},
		{"service interval too long", strings.Replace(svc, "name = \"WhatsApp\"", "name = \"WhatsApp\"\ninterval = \"25h\"", 1), `c.toml:4: service[0].interval: 25h0m0s is too long (at most 24h0m0s)`},
		{"timeout too long", "interval = \"1h\"\ntimeout = \"6m\"\n" + svc, `c.toml:2: timeout: 6m0s is too long (at most 5m0s)`},
		{"slow too long", svc + "  slow = \"10m\"\n", `c.toml:7: service[0].component[0].slow: 10m0s is too long (at most 5m0s)`},
		{"recheck too long", "[thresholds]\nrecheck = [\"5s\", \"2h\"]\n" + svc, `c.toml:2: thresholds.recheck: 2h0m0s is too long (at most 1h0m0s)`},
		{"too many rechecks", "[thresholds]\nrecheck = [" + strings.Repeat(`"1s", `, 11) + "]\n" + svc, `c.toml:2: thresholds.recheck: 11 delays: at most 10`},
		{"status interval too long", "status_interval = \"48h\"\n" + svc, `c.toml:1: status_interval: 48h0m0s is too long (at most 24h0m0s)`},
		{"news interval too long", "[news]\ninterval = \"25h\"\n" + svc, `c.toml:2: news.interval: 25h0m0s is too long (at most 24h0m0s)`},
		{"news window too long", "[news]\nwindow = \"720h\"\n" + svc, `c.toml:2: news.window: 720h0m0s is too long (at most 24h0m0s)`},
		{"too many control probes", "[network]\ncontrol = [" + strings.Repeat(`"tcp://127.0.0.1:1", `, 17) + "]\n" + svc, `c.toml:2: network.control: 17 probes: at most 16`},
		{"too many services", "catalog = false\n" + manyServices(MaxServices+1), fmt.Sprintf(`c.toml:%d: service[2000]: 2001 [[service]] tables: at most 2000`, 2+6*MaxServices)},
		{"too many components", "[[service]]\nname = \"Big\"\n" + strings.Repeat("  [[service.component]]\n", 101),
			`c.toml:103: service[0].component[100]: 101 [[service.component]] tables: at most 100`},
		{"too many status components", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus = \"https://status.test\"\n", 1) + "  status_components = [" + strings.Repeat(`"API", `, 101) + "]\n",
			`c.toml:8: service[0].component[0].status_components: 101 names: at most 100`},
		{"too many feeds", strings.Repeat("[[news.feed]]\nurl = \"https://feeds.test/rss\"\n", 101) + svc, `c.toml:201: news.feed[100]: 101 [[news.feed]] tables: at most 100`},

		// Names.
		{"control character in a service name", strings.Replace(svc, "name = \"WhatsApp\"", `name = "Whats\u001b[2JApp"`, 1), `c.toml:3: service[0].name: "Whats\x1b[2JApp" contains a control character (U+001B)`},
		{"line break in a component name", strings.Replace(svc, "name  = \"Web\"", `name = "Web\nDOWN: everything"`, 1), `c.toml:5: service[0].component[0].name: "Web\nDOWN: everything" contains a control character (U+000A)`},
		{"control character in a feed name", "[[news.feed]]\nurl = \"https://feeds.test/rss\"\nname = \"a\\tb\"\n" + svc, `c.toml:3: news.feed[0].name: "a\tb" contains a control character (U+0009)`},
		{"control character in a status component", strings.Replace(svc, "name = \"WhatsApp\"\n", "name = \"WhatsApp\"\nstatus = \"https://status.test\"\n", 1) + "  status_components = [\"A\\u0007PI\"]\n",
			`c.toml:8: service[0].component[0].status_components: "A\aPI" contains a control character (U+0007)`},
		{"name too long", strings.Replace(svc, "name = \"WhatsApp\"", "name = \""+strings.Repeat("é", 101)+"\"", 1), `c.toml:3: service[0].name: a name of 101 characters: at most 100`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(c.doc))
			if err == nil {
				t.Fatalf("no error; want %s", c.want)
			}
			if err.Error() != c.want {
				t.Errorf("\n got %s\nwant %s", err, c.want)
			}
		})
	}
}

// manyServices is n [[service]] tables of 6 lines each.
func manyServices(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[service]]\nname = \"S%d\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://s%d.test/\"\n\n", i, i)
	}
	return b.String()
}

// A UTF-8 byte order mark, which some editors write first, is no error;
// the lines counted after it are the file's.
func TestParseByteOrderMark(t *testing.T) {
	c, err := Parse("c.toml", []byte("\xef\xbb\xbfinterval = \"30s\"\n"+svc))
	if err != nil || c.Interval != 30*time.Second {
		t.Fatalf("%v %+v", err, c)
	}
	_, err = Parse("c.toml", []byte("\xef\xbb\xbfinterval = \"3O s\"\n"+svc))
	if want := `c.toml:1: interval: "3O s" is not a duration (like "60s" or "5m")`; err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
	out, err := Edit([]byte("\xef\xbb\xbfinterval = \"30s\"\n"+svc), Changes{Interval: ptr("2m")})
	if err != nil || !strings.HasPrefix(string(out), "\xef\xbb\xbfinterval = \"2m\"\n") {
		t.Errorf("an edit keeps the mark and edits the first line: %v\n%s", err, out)
	}
}

// An error never echoes a value or a key of megabytes: its middle is cut,
// and what names the mistake (the file, the line, the hint at the end) stays.
func TestErrorsQuoteLittle(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	for _, doc := range []string{
		"interval = \"" + huge + "\"\n" + svc,
		strings.Replace(svc, "https://web.whatsapp.test/", "ftp://"+huge, 1),
		huge + " = 1\n" + svc,
		"interval = \"" + huge + "\n" + svc,
	} {
		_, err := Parse("c.toml", []byte(doc))
		if err == nil {
			t.Fatal("no error")
		}
		if msg := err.Error(); len(msg) > 2*maxQuoted+100 || !strings.HasPrefix(msg, "c.toml:") {
			t.Errorf("%d bytes: %.400s", len(msg), msg)
		}
	}
	_, err := Parse("c.toml", []byte("interval = \""+huge+"\"\n"+svc))
	if msg := err.Error(); !strings.HasSuffix(msg, `" is not a duration (like "60s" or "5m")`) {
		t.Errorf("the hint is lost: %.400s", msg)
	}
	if got := clip(strings.Repeat("é", maxQuoted)); !utf8.ValidString(got) {
		t.Errorf("cut inside a character: %q", got)
	}
}

// A config file larger than MaxFileSize is not read whole.
func TestLoadTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, make([]byte, MaxFileSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, true)
	if want := path + ": larger than 4 MiB: is it the right file?"; err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
}

// kindErr is statuspage.ParseKind's message, which the config passes on.
func kindErr(s string) string {
	_, err := statuspage.ParseKind(s)
	return err.Error()
}

func TestSignalsConfig(t *testing.T) {
	doc := `status_interval = "2m"
[news]
builtin = false
interval = "1m"
window = "30m"
  [[news.feed]]
  url = "https://feeds.test/outages.xml"
  lang = "hi"
  region = "in"

[[service]]
name = "Discord"
status = "https://discordstatus.test"
status_kind = "atlassian"
  [[service.component]]
  name = "Voice"
  probe = "tls://gateway.discord.test:443"
  status_components = ["Voice", " API "]

[[service]]
name = "Microsoft Teams"
id = "teams"
  [[service.component]]
  name = "Web"
  probe = "https://teams.test/"
`
	c, err := Parse("s.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.StatusInterval != 2*time.Minute || c.News.Builtin || c.News.Interval != time.Minute || c.News.Window != 30*time.Minute {
		t.Errorf("intervals: %v %+v", c.StatusInterval, c.News)
	}
	if len(c.News.Feeds) != 1 || c.News.Feeds[0].Lang != "hi" || c.News.Feeds[0].Region != "IN" || c.News.Feeds[0].Name != "https://feeds.test/outages.xml" {
		t.Errorf("feeds: %+v", c.News.Feeds)
	}
	d := byID(t, c, "discord")
	if !d.Enabled || !d.Builtin || d.Status == nil || d.Status.URL != "https://discordstatus.test" || d.Status.Kind != statuspage.KindAtlassian {
		t.Errorf("discord: %+v %+v", d, d.Status)
	}
	if got := d.Components[0].StatusComponents; len(got) != 2 || got[1] != "API" {
		t.Errorf("status components %q", got)
	}
	if tm := byID(t, c, "teams"); tm.Status != nil || len(tm.Components) != 1 || tm.Components[0].Target.Host != "teams.test" {
		t.Errorf("teams: %+v", tm)
	}
	def := Default()
	if !def.News.Builtin || def.News.Interval != DefaultNewsInterval || def.StatusInterval != DefaultStatusInterval {
		t.Errorf("defaults: %+v %v", def.News, def.StatusInterval)
	}
	if DefaultID("Microsoft Teams") != "microsoftteams" || DefaultID("X") != "x" {
		t.Error("DefaultID")
	}
}

func TestSecondComponentOfSecondService(t *testing.T) {
	doc := svc + svc2 + "  [[service.component]]\n  name = \"B\"\n  probe = \"nope\"\n"
	_, err := Parse("c.toml", []byte(doc))
	want := `c.toml:15: service[1].component[1].probe: "nope" has no scheme (use https://, http://, tcp://, tls:// or dns://)`
	if err == nil || err.Error() != want {
		t.Errorf("\n got %v\nwant %s", err, want)
	}
}

const svc2 = `
[[service]]
name = "Instagram"
  [[service.component]]
  name  = "Web"
  probe = "https://www.instagram.test/"
`

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.toml")
	c, err := Load(missing, false)
	if err != nil || c.File != "" || len(c.Services) == 0 {
		t.Errorf("missing default config should give the built-in one: %v %v", c, err)
	}
	if _, err := Load(missing, true); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("a missing --config file is an error naming it, got %v", err)
	}
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("interval = \"x\"\n"+svc), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, true); err == nil || !strings.HasPrefix(err.Error(), path+":1: interval:") {
		t.Errorf("error should start with the file and line, got %v", err)
	}
}

func TestDefaultIsValidAndHasControlProbes(t *testing.T) {
	c := Default()
	if len(c.Services) < 5 {
		t.Errorf("built-in config watches %d services", len(c.Services))
	}
	var captive bool
	for _, tg := range c.Control {
		if tg.Kind == probe.KindHTTP && tg.Expect.Contains(204) && !tg.Expect.Contains(200) {
			captive = true
		}
	}
	if !captive {
		t.Error("the default control probes need a captive-portal check answering 204")
	}
}

func TestParseServiceSwitchesAndQuietHours(t *testing.T) {
	doc := `catalog = false
[notifications]
quiet_hours = "22:30-07:00"
[[service]]
name = "A"
enabled = false
  [[service.component]]
  name = "Web"
  probe = "https://a.test/"
[[service]]
name = "B"
mute = true
  [[service.component]]
  name = "Web"
  probe = "https://b.test/"
`
	c, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Services[0].Enabled || !c.Services[1].Enabled || c.Services[0].Mute || !c.Services[1].Mute {
		t.Errorf("switches: %+v", c.Services)
	}
	if w := c.Watched(); len(w) != 1 || w[0].Name != "B" {
		t.Errorf("Watched() = %+v, want only B", w)
	}
	q := c.Notify.Quiet
	if q == nil || q.String() != "22:30-07:00" {
		t.Fatalf("quiet hours = %v", q)
	}
	at := func(h, m int) time.Time { return time.Date(2026, 11, 21, h, m, 0, 0, time.UTC) }
	for _, tc := range []struct {
		t    time.Time
		want bool
	}{{at(22, 29), false}, {at(22, 30), true}, {at(3, 0), true}, {at(6, 59), true}, {at(7, 0), false}, {at(12, 0), false}} {
		if got := q.Contains(tc.t); got != tc.want {
			t.Errorf("Contains(%s) = %v, want %v", tc.t.Format("15:04"), got, tc.want)
		}
	}
	if end := q.End(at(23, 0)); !end.Equal(time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("End(23:00) = %s", end)
	}
	if end := q.End(at(3, 0)); !end.Equal(at(7, 0)) {
		t.Errorf("End(03:00) = %s", end)
	}
	day := &Quiet{From: 9 * 60, To: 17 * 60}
	if !day.Contains(at(9, 0)) || day.Contains(at(17, 0)) || day.Contains(at(8, 59)) {
		t.Error("a daytime span is wrong")
	}
}

// docTOML returns the first toml block under heading in the file at path
// (relative to this package).
func docTOML(t *testing.T, path, heading string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("%s: no heading %q", path, heading)
	}
	j := strings.Index(doc[i:], "```toml\n")
	if j < 0 {
		t.Fatalf("%s: no toml block under %q", path, heading)
	}
	block := doc[i+j+len("```toml\n"):]
	end := strings.Index(block, "```")
	if end < 0 {
		t.Fatalf("%s: the toml block under %q does not end", path, heading)
	}
	return []byte(block[:end])
}

// The README's short configuration example is a valid config.
func TestReadmeExample(t *testing.T) {
	c, err := Parse("README.md", docTOML(t, "../../README.md", "## Configuration"))
	if err != nil {
		t.Fatal(err)
	}
	if !byID(t, c, "discord").Enabled || !byID(t, c, "whatsapp").Mute || c.Services[len(c.Services)-1].ID != "intranet" {
		t.Errorf("the README example's services: %+v", c.Services)
	}
}

// The full configuration example of docs/configuration.md ("Every key, in
// one example") is a valid config.
func TestConfigDocExample(t *testing.T) {
	c, err := Parse("docs/configuration.md", docTOML(t, "../../docs/configuration.md", "## Every key, in one example"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.News.Feeds) != 1 || c.StatusInterval != 3*time.Minute {
		t.Errorf("news feeds %+v, status interval %v", c.News.Feeds, c.StatusInterval)
	}
	own := c.Services[len(c.Services)-1]
	if own.ID != "intranet" || own.Builtin || own.Status == nil || !byID(t, c, "discord").Enabled ||
		byID(t, c, "facebook").Enabled || !byID(t, c, "whatsapp").Mute {
		t.Errorf("the example's services: own %+v", own)
	}
}

// byID finds a service of c by its id.
func byID(t *testing.T, c *Config, id string) Service {
	t.Helper()
	for _, s := range c.Services {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no service %q", id)
	return Service{}
}

// BenchmarkParseManyServices parses MaxServices services: the index of
// lines was quadratic (3 s here; 23 ms once each line is found by binary search).
func BenchmarkParseManyServices(b *testing.B) {
	doc := []byte("catalog = false\n" + manyServices(MaxServices))
	for b.Loop() {
		if _, err := Parse("c.toml", doc); err != nil {
			b.Fatal(err)
		}
	}
}
