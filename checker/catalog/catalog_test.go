package catalog_test

import (
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/downradar/downradar/checker/catalog"
	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/probe"
)

// The built-in catalog: at least 60 services, every one valid under the
// same rules as a user's config, probed on public hosts, with names for the
// news in more than one script.
func TestBuiltin(t *testing.T) {
	es, err := catalog.Parse("catalog.toml", catalog.TOML())
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 60 {
		t.Errorf("%d services, want at least 60", len(es))
	}
	// Every entry, through the config builder: probe URLs parse, expect
	// ranges, status pages and their kinds, unique component names.
	c, err := config.Parse("", []byte("interval = \"60s\"\n"))
	if err != nil {
		t.Fatalf("the catalog as a config: %v", err)
	}
	watched := 0
	for i, e := range es {
		s := c.Services[i]
		if len(s.Components) == 0 {
			t.Errorf("%s: no component", e.ID)
		}
		if s.ID != e.ID {
			t.Errorf("service %d is %s, want %s", i, s.ID, e.ID)
		}
		for _, comp := range s.Components {
			if h := comp.Target.Host; strings.HasSuffix(h, ".test") || h == "localhost" || isPrivate(h) {
				t.Errorf("%s/%s probes %s, not a public host", e.ID, comp.Name, h)
			}
			if comp.Target.Kind == probe.KindHTTP && comp.Target.URL.Scheme != "https" {
				t.Errorf("%s/%s: plain http", e.ID, comp.Name)
			}
		}
		if scripts := scriptsOf(e.Names); len(scripts) < 2 {
			t.Errorf("%s: names in %d script(s) %v, want the news' other scripts too", e.ID, len(scripts), e.Names)
		}
		if e.Watch {
			watched++
		}
	}
	if watched < 5 || watched > 15 {
		t.Errorf("the default set has %d services: want a sensible few (5 to 15), not all", watched)
	}
}

// The classifier knows every catalog service by the names the catalog gives.
func TestClassifierKnowsTheCatalog(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range catalog.Builtin() {
		if got := cls.Names(e.ID); len(got) == 0 {
			t.Errorf("%s: the classifier has no names for it", e.ID)
		}
		name := strings.TrimPrefix(e.Names[0], "=")
		r := cls.Classify(name + " is down")
		if len(r.Services) != 1 || r.Services[0] != e.ID {
			t.Errorf("%q: services %v, want [%s]", name+" is down", r.Services, e.ID)
		}
	}
}

// The regional services people in the news' other languages rely on
// (issue 13): each in the catalog, not in the default set, probed on at
// least two components, and named in its home script, not only in Latin.
func TestRegional(t *testing.T) {
	home := map[string]*unicode.RangeTable{
		"kakaotalk": unicode.Hangul, "naver": unicode.Hangul,
		"line": unicode.Katakana, "vk": unicode.Cyrillic, "odnoklassniki": unicode.Cyrillic,
		"mailru": unicode.Cyrillic, "yandex": unicode.Cyrillic, "viber": unicode.Cyrillic,
		"zalo": unicode.Latin, "jiohotstar": unicode.Devanagari, "irctc": unicode.Devanagari,
		"paytm": unicode.Devanagari, "phonepe": unicode.Devanagari, "bkash": unicode.Bengali,
		"instapay": unicode.Arabic, "poste": unicode.Latin, "weibo": unicode.Han,
		"bilibili": unicode.Han, "qq": unicode.Han, "baidu": unicode.Han,
		"mercadolibre": unicode.Latin, "mercadopago": unicode.Latin,
	}
	for id, script := range home {
		e, ok := catalog.Lookup(id)
		if !ok {
			t.Errorf("%s: not in the catalog", id)
			continue
		}
		if e.Watch {
			t.Errorf("%s: in the default set; regional services are watched on request", id)
		}
		if len(e.Components) < 2 {
			t.Errorf("%s: %d component(s), want at least 2", id, len(e.Components))
		}
		found := false
		for _, n := range e.Names {
			for _, r := range n {
				found = found || unicode.Is(script, r)
			}
		}
		if !found {
			t.Errorf("%s: no name in its home script: %v", id, e.Names)
		}
	}
	// LINE in Thai too, where it is the most used messenger.
	if e, _ := catalog.Lookup("line"); !slices.ContainsFunc(e.Names, func(n string) bool {
		return strings.ContainsFunc(n, func(r rune) bool { return unicode.Is(unicode.Thai, r) })
	}) {
		t.Errorf("line: no Thai name: %v", e.Names)
	}
}

// A brand that is also a common word is named only as written ("=LINE"),
// never as the bare word, which would match every "line" and "ok".
func TestNoBareCommonWords(t *testing.T) {
	common := []string{"line", "ok", "imo", "free", "orange", "post", "poste", "pay", "mail", "zoom", "x", "signal", "steam", "teams", "threads", "outlook", "gemini"}
	for _, e := range catalog.Builtin() {
		for _, n := range e.Names {
			if slices.Contains(common, strings.ToLower(n)) {
				t.Errorf("%s: the bare common word %q as a name; write it as matched (\"=%s\")", e.ID, n, n)
			}
		}
	}
}

// The regional names in the classifier: a service's names are found in its
// own news, and nobody's in the common words they look like.
func TestRegionalNamesInTheNews(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{} // a name as written -> its service
	for _, e := range catalog.Builtin() {
		for _, n := range e.Names {
			owner[n] = e.ID
		}
	}
	for _, tc := range []struct {
		text string
		want []string // the services named, sorted
	}{
		{"LINEで大規模障害 メッセージが送れない", []string{"line"}},
		{"オンラインで障害が発生", nil}, // ライン inside オンライン
		{"แอปไลน์ล่ม ผู้ใช้ส่งข้อความไม่ได้", []string{"line"}},
		{"ระบบออนไลน์ล่ม", nil}, // ไลน์ inside ออนไลน์
		{"the phone line is down", nil},
		{"카카오톡 먹통 장애", []string{"kakaotalk"}},
		{"온라인 서비스 장애", nil}, // 라인 inside 온라인
		{"Сбой во «ВКонтакте»: пользователи жалуются", []string{"vk"}},
		{"ВК не работает", []string{"vk"}},
		{"наверное сбой", nil}, // навер- is not Naver
		{"Zalo bị lỗi, không gửi được tin nhắn", []string{"zalo"}},
		{"JioHotstar down during IPL match", []string{"jiohotstar"}},
		{"आईआरसीटीसी की वेबसाइट डाउन", []string{"irctc"}},
		{"UPI down: Paytm, PhonePe users report outage", []string{"paytm", "phonepe"}},
		{"عطل مفاجئ يضرب تطبيق إنستاباي", []string{"instapay"}},
		{"Poste Italiane down, app non funziona", []string{"poste"}},
		{"B站崩了", []string{"bilibili"}},
		{"Se cayó Mercado Pago y Mercado Libre", []string{"mercadolibre", "mercadopago"}},
	} {
		r := cls.Classify(tc.text)
		var got []string
		for _, m := range r.Matched {
			if id, ok := owner[m]; ok && !slices.Contains(got, id) {
				got = append(got, id)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q names %v, want %v (matched %v)", tc.text, got, tc.want, r.Matched)
		}
	}
}

// One case per rule of Parse, with its exact message.
func TestParseErrors(t *testing.T) {
	comp := "  [[service.component]]\n  name = \"Web\"\n  probe = \"https://a.test/\"\n"
	ok := "[[service]]\nid = \"a\"\nname = \"A\"\nnames = [\"a\"]\n" + comp
	for _, tc := range []struct{ name, doc, want string }{
		{"empty", "", "c.toml: no [[service]]"},
		{"unknown key", "[[service]]\nid = \"a\"\naliases = [\"b\"]\n", "c.toml:3: unknown key service.aliases"},
		{"wrong type", "[[service]]\nid = 1\n", "c.toml:2: cannot decode TOML integer into struct field catalog.Entry.ID of type string"},
		{"no id", "[[service]]\nname = \"A\"\n", "c.toml: service[0]: no id"},
		{"no name", "[[service]]\nid = \"a\"\n", "c.toml: service[0] (a): no name"},
		{"no names", "[[service]]\nid = \"a\"\nname = \"A\"\n" + comp, "c.toml: service[0] (a): no names for the news"},
		{"no component", "[[service]]\nid = \"a\"\nname = \"A\"\nnames = [\"a\"]\n", "c.toml: service[0] (a): no [[service.component]]"},
		{"component without probe", "[[service]]\nid = \"a\"\nname = \"A\"\nnames = [\"a\"]\n  [[service.component]]\n  name = \"Web\"\n", "c.toml: service[0] (a).component[0]: a component needs a name and a probe"},
		{"duplicate id", ok + strings.Replace(ok, "\"A\"", "\"B\"", 1), `c.toml: service[1].id: "a" is already the id of service[0]`},
		{"duplicate name", ok + strings.Replace(ok, "\"a\"\nname", "\"b\"\nname", 1), `c.toml: service[1].name: "A" is already the name of service[0]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := catalog.Parse("c.toml", []byte(tc.doc))
			if err == nil || err.Error() != tc.want {
				t.Errorf("\n got %v\nwant %s", err, tc.want)
			}
		})
	}
	if es, err := catalog.Parse("c.toml", []byte(ok)); err != nil || len(es) != 1 || es[0].Components[0].Probe != "https://a.test/" {
		t.Errorf("a valid document: %v %+v", err, es)
	}
}

func isPrivate(h string) bool {
	ip := net.ParseIP(h)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified())
}

// scriptsOf names the scripts the names are written in (Latin, Arabic, ...).
func scriptsOf(names []string) map[string]bool {
	tables := map[string]*unicode.RangeTable{
		"Latin": unicode.Latin, "Arabic": unicode.Arabic, "Devanagari": unicode.Devanagari, "Bengali": unicode.Bengali,
		"Cyrillic": unicode.Cyrillic, "Han": unicode.Han, "Hangul": unicode.Hangul, "Katakana": unicode.Katakana, "Thai": unicode.Thai,
	}
	out := map[string]bool{}
	for _, n := range names {
		for _, r := range n {
			for s, tab := range tables {
				if unicode.Is(tab, r) {
					out[s] = true
				}
			}
		}
	}
	return out
}

// The catalog table of docs/configuration.md ("What it watches: the
// catalog", linked from the README) lists every catalog service, the
// default set in bold.
func TestCatalogDocTable(t *testing.T) {
	b, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, e := range catalog.Builtin() {
		name := e.Name
		if e.Watch {
			name = "**" + e.Name + "**"
		}
		if row := "| " + name + " | `" + e.ID + "` |"; !strings.Contains(doc, row) {
			t.Errorf("docs/configuration.md: no row starting %q", row)
		}
	}
}
