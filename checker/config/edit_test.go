package config

import (
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// services is a tail of [[service]] tables shared by the documents below.
const services = `
# the one that matters
[[service]]
  name = "WhatsApp"
  [[service.component]]
  name = "Web"
  probe = "https://web.whatsapp.test/"
  expect = "200-299"

[[service]]
name = "Status"
enabled = false
mute = true
interval = "5m"
  [[service.component]]
  name = "API"
  probe = "tcp://status.example.test:443"
`

func TestEdit(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		ch             Changes
	}{{
		name: "existing values keep comments and spacing",
		in:   "# mine\ninterval   =   \"60s\"   # how often\ntimeout = \"5s\"\n\n[thresholds]\nfail=2 # two strikes\nrecover = 2\n" + services,
		ch:   Changes{Interval: ptr("90s"), Fail: ptr(3), Recover: ptr(1)},
		want: "# mine\ninterval   =   \"90s\"   # how often\ntimeout = \"5s\"\n\n[thresholds]\nfail=3 # two strikes\nrecover = 1\n" + services,
	}, {
		name: "a missing key goes after the table's last key",
		in:   "[thresholds]\nfail = 2\n\n# about recover\n" + services,
		ch:   Changes{Recover: ptr(4)},
		want: "[thresholds]\nfail = 2\nrecover = 4\n\n# about recover\n" + services,
	}, {
		name: "a key goes after an empty table's header",
		in:   "[thresholds] # empty\n" + services,
		ch:   Changes{Fail: ptr(3)},
		want: "[thresholds] # empty\nfail = 3\n" + services,
	}, {
		name: "a missing top-level key goes after the last one",
		in:   "timeout = \"5s\" # short\n[thresholds]\n" + services,
		ch:   Changes{Interval: ptr("2m")},
		want: "timeout = \"5s\" # short\ninterval = \"2m\"\n[thresholds]\n" + services,
	}, {
		name: "a top-level key before the first table when there is none",
		in:   "# header\n\n[thresholds]\n" + services,
		ch:   Changes{Interval: ptr("2m")},
		want: "# header\n\ninterval = \"2m\"\n[thresholds]\n" + services,
	}, {
		name: "missing tables go before the first service and its comment",
		in:   "interval = \"60s\"\n" + services,
		ch:   Changes{Fail: ptr(3), QuietHours: ptr("22:00-07:00"), Recover: ptr(2)},
		want: "interval = \"60s\"\n\n[thresholds]\nfail = 3\nrecover = 2\n\n[notifications]\nquiet_hours = \"22:00-07:00\"\n\n" + services[1:],
	}, {
		name: "a table given by dotted keys gets a dotted key",
		in:   "thresholds.fail = 2\n" + services,
		ch:   Changes{Recover: ptr(3)},
		want: "thresholds.fail = 2\nthresholds.recover = 3\n" + services,
	}, {
		name: "quiet hours changed",
		in:   "[notifications]\nquiet_hours = '23:00-06:00'\n" + services,
		ch:   Changes{QuietHours: ptr("22:30-07:15")},
		want: "[notifications]\nquiet_hours = \"22:30-07:15\"\n" + services,
	}, {
		name: "quiet hours removed",
		in:   "[notifications]\n  quiet_hours = \"23:00-06:00\" # sleep\n" + services,
		ch:   Changes{QuietHours: ptr("")},
		want: "[notifications]\n" + services,
	}, {
		name: "language added among the top-level keys",
		in:   "# mine\ninterval = \"60s\"\n\n[thresholds]\nfail = 2\n" + services,
		ch:   Changes{Language: ptr("hi")},
		want: "# mine\ninterval = \"60s\"\nlanguage = \"hi\"\n\n[thresholds]\nfail = 2\n" + services,
	}, {
		name: "language changed, its comment kept",
		in:   "language = 'fr' # mine\n" + services,
		ch:   Changes{Language: ptr("pt-BR")},
		want: "language = \"pt-BR\" # mine\n" + services,
	}, {
		name: "language removed: follow the system",
		in:   "interval = \"60s\"\nlanguage = \"hi\"\n" + services,
		ch:   Changes{Language: ptr("")},
		want: "interval = \"60s\"\n" + services,
	}, {
		name: "removing an absent key changes nothing",
		in:   services,
		ch:   Changes{QuietHours: ptr(""), Services: []ServiceChange{{Name: "WhatsApp", Interval: ptr("")}}},
		want: services,
	}, {
		name: "service keys added with the service's indentation",
		in:   services,
		ch:   Changes{Services: []ServiceChange{{Name: "WhatsApp", Enabled: ptr(false), Mute: ptr(true), Interval: ptr("90s")}}},
		want: strings.Replace(services, "  name = \"WhatsApp\"\n", "  name = \"WhatsApp\"\n  enabled = false\n  mute = true\n  interval = \"90s\"\n", 1),
	}, {
		name: "service keys at their defaults are not added",
		in:   services,
		ch:   Changes{Services: []ServiceChange{{Name: "WhatsApp", Enabled: ptr(true), Mute: ptr(false)}}},
		want: services,
	}, {
		name: "service keys set back and interval removed",
		in:   services,
		ch:   Changes{Services: []ServiceChange{{Name: "Status", Enabled: ptr(true), Mute: ptr(false), Interval: ptr("")}}},
		want: strings.Replace(services, "enabled = false\nmute = true\ninterval = \"5m\"\n", "enabled = true\nmute = false\n", 1),
	}, {
		name: "CRLF and no newline at the end",
		in:   "interval = \"60s\"\r\n[[service]]\r\nname = \"A\"\r\n[[service.component]]\r\nname = \"Web\"\r\nprobe = \"https://a.test/\"",
		ch:   Changes{Fail: ptr(3), Services: []ServiceChange{{Name: "A", Mute: ptr(true)}}},
		want: "interval = \"60s\"\r\n[thresholds]\r\nfail = 3\r\n\r\n[[service]]\r\nname = \"A\"\r\nmute = true\r\n[[service.component]]\r\nname = \"Web\"\r\nprobe = \"https://a.test/\"",
	}, {
		name: "a table added at the end of a file without a last newline",
		in:   "[[service]]\nname = \"A\"\n[[service.component]]\nname = \"Web\"\nprobe = \"https://a.test/\"",
		ch:   Changes{Services: []ServiceChange{{Name: "A", Interval: ptr("2m")}}},
		want: "[[service]]\nname = \"A\"\ninterval = \"2m\"\n[[service.component]]\nname = \"Web\"\nprobe = \"https://a.test/\"",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Edit([]byte(tc.in), tc.ch)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestEditErrors(t *testing.T) {
	doc := "interval = \"60s\"\ntimeout = \"5s\"\n" + services
	for _, tc := range []struct {
		name, in, want string
		ch             Changes
	}{
		{"unknown service", doc, `config: no service "Signal" in the config`, Changes{Services: []ServiceChange{{Name: "Signal", Mute: ptr(true)}}}},
		{"interval shorter than timeout", doc, "timeout: 5s is longer than interval (2s)", Changes{Interval: ptr("2s")}},
		{"service interval shorter than timeout", doc, "service[0].interval: 2s is shorter than timeout (5s)", Changes{Services: []ServiceChange{{Name: "WhatsApp", Interval: ptr("2s")}}}},
		{"not a duration", doc, `interval: "5 minutes" is not a duration (like "60s" or "5m")`, Changes{Interval: ptr("5 minutes")}},
		{"threshold out of range", doc, "thresholds.fail: 0 is out of range (1 to 100)", Changes{Fail: ptr(0)}},
		{"bad language", doc, `language: "Hindi!" is not a language tag (like "hi" or "pt-BR"; leave it out to follow the system)`, Changes{Language: ptr("Hindi!")}},
		{"bad quiet hours", doc, `notifications.quiet_hours: "25:00-07:00": "25:00" is not a time like "07:30"`, Changes{QuietHours: ptr("25:00-07:00")}},
		{"service twice", doc, `config: service "Status" is changed twice`, Changes{Services: []ServiceChange{{Name: "Status", Mute: ptr(true)}, {Name: "Status", Enabled: ptr(true)}}}},
		{"not TOML", "interval = \n", "interval: unexpected character U+000A at start of value", Changes{}},
		{"a table given inline", "thresholds = { fail = 2 }\n" + doc, "", Changes{Recover: ptr(3)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Edit([]byte(tc.in), tc.ch)
			if err == nil {
				t.Fatalf("no error; got:\n%s", out)
			}
			if tc.want != "" && err.Error() != tc.want {
				t.Errorf("error %q, want %q", err, tc.want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		`22:00-07:00`:    `"22:00-07:00"`,
		`say "hi"`:       `"say \"hi\""`,
		`C:\dir`:         `"C:\\dir"`,
		"tab\tnl\nbel\a": `"tab\tnl\nbel\u0007"`,
		"café ☕":         `"café ☕"`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestEditNothingIsIdentity: with no changes, every document comes back
// byte for byte.
func TestEditNothingIsIdentity(t *testing.T) {
	docs := []string{
		string(DefaultTOML()),
		services,
		"# c\r\ninterval = \"60s\"\r\n" + strings.ReplaceAll(services, "\n", "\r\n"),
		"thresholds.fail = 2 # dotted\n\n\n" + services + "\n# trailing comment without newline",
	}
	for _, doc := range docs {
		got, err := Edit([]byte(doc), Changes{})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != doc {
			t.Errorf("got:\n%q\nwant:\n%q", got, doc)
		}
	}
}

// TestEditEveryService: every service of the built-in config can be
// switched off and muted, and reads back so.
func TestEditEveryService(t *testing.T) {
	var ch Changes
	for _, s := range Default().Services {
		ch.Services = append(ch.Services, ServiceChange{ID: s.ID, Enabled: ptr(false), Mute: ptr(true), Interval: ptr("3m")})
	}
	out, err := Edit(DefaultTOML(), ch)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("", out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Services {
		if s.Enabled || !s.Mute || s.Interval.Minutes() != 3 || len(s.Components) == 0 {
			t.Errorf("%+v", s)
		}
	}
	if len(c.Watched()) != 0 || len(c.Services) != len(Default().Services) {
		t.Errorf("%d services, %d watched", len(c.Services), len(c.Watched()))
	}
}

// FuzzEdit: any document, valid or not, comes back unchanged from an empty
// edit, and a real edit either fails or yields a config that parses.
func FuzzEdit(f *testing.F) {
	f.Add(services)
	f.Add(string(DefaultTOML()))
	f.Add("thresholds.fail = 2\r\n" + services)
	f.Add("[notifications]\nquiet_hours = '22:00-07:00'\n" + services)
	f.Fuzz(func(t *testing.T, doc string) {
		if out, err := Edit([]byte(doc), Changes{}); err == nil && string(out) != doc {
			t.Fatalf("empty edit changed the document:\n%q\n%q", doc, out)
		}
		ch := Changes{Interval: ptr("2m"), Recover: ptr(3), QuietHours: ptr("22:00-07:00"),
			Services: []ServiceChange{{Name: "WhatsApp", Enabled: ptr(false), Mute: ptr(true), Interval: ptr("")}}}
		if out, err := Edit([]byte(doc), ch); err == nil {
			if _, err := Parse("", out); err != nil {
				t.Fatalf("Edit returned an invalid config: %v", err)
			}
		}
	})
}

// A catalog service the file does not name gets a [[service]] of its own;
// listing one watches it, so one left off says so.
func TestEditCatalogService(t *testing.T) {
	doc := []byte("interval = \"60s\"\n")
	out, err := Edit(doc, Changes{Services: []ServiceChange{
		{ID: "discord", Enabled: ptr(true)},
		{ID: "threads", Mute: ptr(true)},
		{ID: "facebook", Enabled: ptr(false)},
		{ID: "whatsapp", Mute: ptr(true)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := `interval = "60s"

[[service]]
id = "discord"

[[service]]
id = "threads"
enabled = false
mute = true

[[service]]
id = "facebook"
enabled = false

[[service]]
id = "whatsapp"
mute = true
`
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	c, err := Parse("", out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Service{}
	for _, s := range c.Services {
		got[s.ID] = s
	}
	if !got["discord"].Enabled || got["threads"].Enabled || !got["threads"].Mute || got["facebook"].Enabled ||
		!got["whatsapp"].Enabled || !got["whatsapp"].Mute || len(got["discord"].Components) < 2 {
		t.Errorf("read back: %+v", got)
	}
	// Again: the tables are found by id now, and changed in place.
	again, err := Edit(out, Changes{Services: []ServiceChange{{ID: "threads", Enabled: ptr(true)}, {ID: "discord", Enabled: ptr(false)}}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(again), "[[service]]") != 4 || !strings.Contains(string(again), "id = \"threads\"\nenabled = true") ||
		!strings.Contains(string(again), "id = \"discord\"\nenabled = false") {
		t.Errorf("second edit:\n%s", again)
	}
	// A service the file names by name only is found by the id its name makes.
	byName := []byte("[[service]]\nname = \"GitHub\"\ninterval = \"2m\"\n")
	out, err = Edit(byName, Changes{Services: []ServiceChange{{ID: "github", Mute: ptr(true)}}})
	if err != nil || string(out) != "[[service]]\nname = \"GitHub\"\ninterval = \"2m\"\nmute = true\n" {
		t.Errorf("by name: %v\n%s", err, out)
	}
	if _, err := Edit(doc, Changes{Services: []ServiceChange{{ID: "nosuch", Mute: ptr(true)}}}); err == nil ||
		err.Error() != `config: no service "nosuch" in the config` {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := Edit(doc, Changes{Services: []ServiceChange{{ID: "discord", Mute: ptr(true)}, {ID: "discord", Enabled: ptr(true)}}}); err == nil ||
		err.Error() != `config: service "discord" is changed twice` {
		t.Errorf("twice: %v", err)
	}
}
