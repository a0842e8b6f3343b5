package classify

import (
	"maps"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/internal/corpus"
	"github.com/downradar/downradar/checker/internal/tomldoc"
)

const minimal = `[traps]
stock = 1.5
ban = 1.0
block = 1.5
power = 1.5
howto = 0.6
guide = 2.0
launch = 0.8
fine = 1.0
planned = 1.0
denial = 2.0
generic = 0.7

[parents]
aws = "amazon"

[services]
amazon = ["amazon"]
aws = ["aws"]

[lang.en]
outage = ["down"]
stock = ["shares"]
`

func TestCompileMinimal(t *testing.T) {
	c, err := Compile("mini.toml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Classify("Amazon's AWS is down"); !got.Outage || len(got.Services) != 1 || got.Services[0] != "aws" {
		t.Errorf("the parent is dropped for its child: %+v", got)
	}
}

// One case per rule, with its exact message.
func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"syntax", `outage = ["down"]`, `outage = ["down"`, `mini.toml:23: expected ',' or ']' after array value`},
		{"unknown top key", `[traps]`, "colour = 1\n[traps]", `mini.toml:1: unknown key colour`},
		{"unknown trap", `stock = 1.5`, "stock = 1.5\ncolour = 1", `mini.toml: traps.colour: unknown trap (want stock, ban, block, power, howto, guide, launch, fine, planned, denial, generic)`},
		{"trap weight", `stock = 1.5`, `stock = 0`, `mini.toml: traps.stock: want a positive weight`},
		{"trap missing", "denial = 2.0\n", "", `mini.toml: traps.denial: want a positive weight`},
		{"parent not a service", `aws = "amazon"`, `aws = "amazn"`, `mini.toml: parents.aws: "aws" and "amazn" must both be services`},
		{"id case", `amazon = ["amazon"]`, "Amazon = [\"amazon\"]\namazon = [\"amzn\"]", `mini.toml: services.Amazon: an id is lowercase`},
		{"no names", `aws = ["aws"]`, `aws = []`, `mini.toml: services.aws: no names`},
		{"no outage words", `outage = ["down"]`, `outage = []`, `mini.toml: lang.en.outage: no words`},
		{"unknown lang key", `stock = ["shares"]`, `stocks = ["shares"]`, `mini.toml: lang.en.stocks: unknown key (want outage, weak, recovery, neutral, working, venue, venue_after or a trap: stock, ban, block, power, howto, guide, launch, fine, planned, denial, generic)`},
		{"two meanings", `stock = ["shares"]`, `stock = ["down"]`, `mini.toml: lang.en.stock: "down" already means an outage (lang.en)`},
		{"name and word", `stock = ["shares"]`, `stock = ["aws"]`, `mini.toml: lang.en.stock: "aws" already means the service aws`},
		{"spaces", `stock = ["shares"]`, `stock = [" shares"]`, `mini.toml: lang.en.stock: " shares": empty, or spaces around it`},
		{"empty", `stock = ["shares"]`, `stock = [""]`, `mini.toml: lang.en.stock: "": empty, or spaces around it`},
		{"only dropped runes", `stock = ["shares"]`, "stock = [\"\u200b\"]", `mini.toml: lang.en.stock: "\u200b": nothing left to match`},
		{"beyond the BMP", `stock = ["shares"]`, "stock = [\"📉 shares\"]", "mini.toml: lang.en.stock: \"📉 shares\": '📉' is beyond the Basic Multilingual Plane"},
		{"two meanings in two languages", `stock = ["shares"]`, "stock = [\"shares\"]\n[lang.fr]\noutage = [\"shares\"]", `mini.toml: lang.fr.outage: "shares" already means the trap stock (lang.en)`},
		{"star on a script without spaces", `stock = ["shares"]`, `stock = ["株価*"]`, `mini.toml: lang.en.stock: "株価*": a trailing * is for Latin, Cyrillic and Greek words; other scripts match any ending already`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := strings.Replace(minimal, tc.from, tc.to, 1)
			if doc == minimal {
				t.Fatalf("%q is not in the minimal lexicon", tc.from)
			}
			_, err := Compile("mini.toml", []byte(doc))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || (!strings.HasSuffix(tc.want, ": ") && err.Error() != tc.want) {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

// The entries of lexicon-knowledge.toml: compiled after lexicon.toml's,
// each one new, and never left out by the blind cross-validation.
func TestKnowledgeEntries(t *testing.T) {
	known := func(lf map[string][]string) (*compiled, error) {
		var f lexiconFile
		if err := tomldoc.Decode([]byte(minimal), &f); err != nil {
			t.Fatal(err)
		}
		f.Known = map[string]map[string][]string{"en": lf}
		return build("mini.toml", f, nil)
	}
	for _, tc := range []struct {
		name string
		lf   map[string][]string
		want string
	}{
		{"in lexicon.toml already", map[string][]string{"outage": {"down"}}, `lexicon-knowledge.toml: lang.en.outage: "down" is in lexicon.toml already, as an outage (lang.en)`},
		{"a name already", map[string][]string{"stock": {"aws"}}, `lexicon-knowledge.toml: lang.en.stock: "aws" is in lexicon.toml already, as the service aws`},
		{"unknown key", map[string][]string{"stocks": {"stock price"}}, `lexicon-knowledge.toml: lang.en.stocks: unknown key (want outage, weak, recovery, neutral, working, venue, venue_after or a trap: stock, ban, block, power, howto, guide, launch, fine, planned, denial, generic)`},
		{"two meanings within it", map[string][]string{"outage": {"offline"}, "stock": {"offline"}}, `lexicon-knowledge.toml: lang.en.stock: "offline" already means an outage (lang.en)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := known(tc.lf); err == nil || err.Error() != tc.want {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}

	comp, err := known(map[string][]string{"outage": {"offline"}, "weak": {"outage", "outage"}})
	if err != nil {
		t.Fatal(err)
	}
	items := []corpus.Item{{Text: "Amazon is offline, an outage, shares down"}}
	var tx text
	prepare(items[0].Text, &tx)
	kinds := map[string]kind{}
	for _, h := range comp.m.scan(&tx, nil) {
		kinds[h.term.word] = h.term.kind
		if h.term.known != (h.term.word == "offline" || h.term.word == "outage") {
			t.Errorf("%q: known %v", h.term.word, h.term.known)
		}
	}
	if kinds["offline"] != kOutage || kinds["outage"] != kWeak || kinds["shares"] != kTrap {
		t.Errorf("the known entries compiled as %v", kinds)
	}
	got := matchedTerms(comp, items)
	want := map[termKey]bool{{"services.amazon", "amazon"}: true, {"lang.en.outage", "down"}: true, {"lang.en.stock", "shares"}: true}
	if !maps.Equal(got, want) {
		t.Errorf("matched entries %v, want %v (the known ones never left out)", got, want)
	}
}
