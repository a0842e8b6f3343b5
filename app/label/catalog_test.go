package label

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// catalog is one language's messages by id ("tray.check_now").
type catalog map[string]*entry

// messagesOf is one language's catalog, every area read.
func messagesOf(t *testing.T, lang string) catalog {
	t.Helper()
	m := &messages{fsys: catalogs, dir: "catalog/" + lang}
	if err := m.readAll(); err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	c := catalog{}
	for name, a := range m.areas {
		for key, e := range a.msgs {
			c[name+"."+key] = e
		}
	}
	return c
}

// formName names the plural forms.
var formName = map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}

// forms are the names of the plural forms a message gives; a plain
// message gives "other".
func forms(e *entry) map[string]fieldMessage {
	out := map[string]fieldMessage{}
	for f, m := range e.forms {
		if m != nil {
			out[formName[plural.Form(f)]] = m
		}
	}
	return out
}

// fields are the fields a message's forms use.
func fields(e *entry) []string {
	set := map[string]bool{}
	for _, m := range forms(e) {
		for _, p := range m {
			if p.field != "" {
				set[p.field] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// needed are the plural forms a language uses for whole numbers.
func needed(tag language.Tag) []string {
	set := map[string]bool{}
	for n := range 2000 {
		set[formName[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]] = true
	}
	return slices.Sorted(maps.Keys(set))
}

// TestCatalogs checks every catalog against English: the same keys, the
// same fields in each message, the plural forms its language uses, and
// templates that parse.
func TestCatalogs(t *testing.T) {
	en := messagesOf(t, "en")
	if len(en) == 0 {
		t.Fatal("no English messages")
	}
	for _, tag := range Languages() {
		lang := tag.String()
		msgs := en
		if lang != "en" {
			msgs = messagesOf(t, lang)
		}
		for id, m := range msgs {
			src, ok := en[id]
			if !ok {
				t.Errorf("%s: %s is not an English message: no code says it", lang, id)
				continue
			}
			if got, want := fields(m), fields(src); !slices.Equal(got, want) {
				t.Errorf("%s: %s uses fields %v, English %v", lang, id, got, want)
			}
			if !src.plural { // not a plural message
				if m.plural {
					t.Errorf("%s: %s has plural forms; English has one text", lang, id)
				}
				continue
			}
			have := forms(m)
			for _, form := range needed(tag) {
				if have[form] == nil {
					t.Errorf("%s: %s lacks the plural form %q", lang, id, form)
				}
			}
		}
		for id := range en {
			if _, ok := msgs[id]; !ok {
				t.Errorf("%s: %s is missing", lang, id)
			}
		}
	}
}

// TestMessagesUsed checks that the code says every English message, and
// only messages English has. It reads the app's Go files for the ids
// given to Say and Count, which must be literal strings.
func TestMessagesUsed(t *testing.T) {
	en := messagesOf(t, "en")
	said := map[string]string{} // id → where
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Say" && sel.Sel.Name != "Count") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				if sel.Sel.Name == "Say" || sel.Sel.Name == "Count" {
					if id, isIdent := call.Args[0].(*ast.Ident); !isIdent || id.Name != "id" {
						t.Errorf("%s: a message id must be a literal string", fset.Position(call.Pos()))
					}
				}
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			where := fset.Position(lit.Pos()).String()
			said[id] = where
			// The fields given: the names at odd places of the
			// arguments (Count's n comes first and gives N).
			given := map[string]bool{}
			rest := call.Args[1:]
			if sel.Sel.Name == "Count" && len(rest) > 0 {
				given["N"], rest = true, rest[1:]
			}
			if call.Ellipsis.IsValid() {
				return true // fields passed on from a caller
			}
			for i := 0; i < len(rest); i += 2 {
				name, ok := rest[i].(*ast.BasicLit)
				if !ok || name.Kind != token.STRING {
					t.Errorf("%s: a field name must be a literal string", fset.Position(rest[i].Pos()))
					continue
				}
				n, _ := strconv.Unquote(name.Value)
				given[n] = true
			}
			if m, ok := en[id]; ok {
				if !slices.Contains(fields(m), "N") {
					delete(given, "N") // a plural message need not say its number
				}
				if got, want := slices.Sorted(maps.Keys(given)), fields(m); !slices.Equal(got, want) {
					t.Errorf("%s: %s is given the fields %v; its English message uses %v", where, id, got, want)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, where := range said {
		if _, ok := en[id]; !ok {
			t.Errorf("%s: %s is not in the English catalog", where, id)
		}
	}
	for id := range en {
		if _, ok := said[id]; !ok {
			t.Errorf("%s is in the English catalog, but no code says it", id)
		}
	}
}

// TestFallback: a message a catalog lacks is said in English, and an id
// no catalog has is said as itself.
func TestFallback(t *testing.T) {
	fsys := fstest.MapFS{
		"catalog/en/tray.toml": {Data: []byte("check_now = \"Check now\"\nquit = \"Quit DownRadar\"\n")},
		"catalog/fr/tray.toml": {Data: []byte("check_now = \"Vérifier maintenant\"\n")},
	}
	w, err := load(fsys, language.French)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"tray.check_now": "Vérifier maintenant", "tray.quit": "Quit DownRadar", "tray.nothing": "tray.nothing",
	} {
		if got := w.Say(id); got != want {
			t.Errorf("Say(%q) = %q, want %q", id, got, want)
		}
	}
	fsys["catalog/fr/tray.toml"] = &fstest.MapFile{Data: []byte("check_now = [1, 2]\n")}
	if _, err := load(fsys, language.French); err == nil || !strings.Contains(err.Error(), `catalog/fr/tray.toml: key "check_now"`) {
		t.Errorf("a bad message: %v", err)
	}
}

// A message is text and {{.Field}}s; anything else of Go's templates is
// refused, and a field without a value is an error, not "<no value>".
func TestParseMessage(t *testing.T) {
	for src, want := range map[string]string{
		"":                    "",
		"Check now":           "Check now",
		"{{.A}} and {{ .B }}": "1 and two",
		"{{.A}}{{.A}}":        "11",
		"{ .A } {{.B}}!":      "{ .A } two!",
		"विलंब {{.B}} के बाद": "विलंब two के बाद",
	} {
		m, err := parseMessage(src)
		if err != nil {
			t.Errorf("parseMessage(%q): %v", src, err)
			continue
		}
		if got, err := m.say([]any{"A", 1, "B", "two"}); err != nil || got != want {
			t.Errorf("say(%q) = %q, %v; want %q", src, got, err, want)
		}
	}
	for _, src := range []string{"{{.A", "{{A}}", "{{.A | printf}}", "{{if .A}}x{{end}}", "{{.}}", "{{.A.B}}"} {
		if _, err := parseMessage(src); err == nil {
			t.Errorf("parseMessage(%q) took it", src)
		}
	}
	m, _ := parseMessage("{{.Missing}}")
	if _, err := m.say(nil); err == nil {
		t.Error("a missing field said nothing")
	}
}

// A bad message names its file and key, and says what is wrong.
func TestBadMessages(t *testing.T) {
	for text, want := range map[string]string{
		`x = [1, 2]`:                        `catalog/en/tray.toml: key "x": a message is a string or a table of plural forms, not []interface {}`,
		`x = { one = "a" }`:                 `catalog/en/tray.toml: key "x": a plural message needs its form "other"`,
		`x = { single = "a", other = "b" }`: `catalog/en/tray.toml: key "x": "single" is not a plural form with a text (zero, one, two, few, many, other)`,
		`x = "{{.A | upper}}"`:              `catalog/en/tray.toml: key "x": "{{.A | upper}}": "{{.A | upper}}" is not a field like {{.Name}}`,
		`x = "a`:                            `catalog/en/tray.toml: toml: `,
	} {
		_, err := load(fstest.MapFS{"catalog/en/tray.toml": {Data: []byte(text + "\n")}}, language.English)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %s", text, err, want)
		}
	}
}
