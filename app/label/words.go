package label

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The catalogs: catalog/<lang>/<area>.toml, one file per area of the app
// (label, tray, notification, window, cli), each a table of messages
// whose ids are "<area>.<key>". A message is a string, or a table of the
// plural forms its language uses (zero, one, two, few, many, other), the
// format go-i18n reads. catalog/en is the source; catalog/README.md says
// how to add a language.
//
// They are read into a compact form of their own (about 50 KB a
// language) rather than into go-i18n's (350 KB for a language and
// English): the resident agent holds them, within its memory budget. The
// plural forms are CLDR's, from golang.org/x/text, the same rules
// TestCatalogs checks the catalogs against.
//
//go:embed catalog
var catalogs embed.FS

// Words words DownRadar for people in one language: New or English. A nil
// *Words speaks English. It is safe for concurrent use.
type Words struct {
	tag     language.Tag
	own     catalog // the language's messages
	english catalog // English, for a message own lacks
	printer *message.Printer
	digits  [10]string // the language's digits, "0" to "9"
	rtl     bool
}

// English is DownRadar's own language: every message has its words.
var English = New("en")

var (
	languagesOnce sync.Once
	languages     []language.Tag
)

// Languages are the languages DownRadar has a catalog for, English first.
func Languages() []language.Tag {
	languagesOnce.Do(func() {
		entries, err := fs.ReadDir(catalogs, "catalog")
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		languages = []language.Tag{language.English}
		for _, e := range entries {
			if e.IsDir() && e.Name() != "en" {
				languages = append(languages, language.Make(e.Name()))
			}
		}
	})
	return languages
}

// Match is the catalog's language for a language name, a BCP 47 tag
// ("hi", "pt-BR"), a POSIX locale ("hi_IN.UTF-8", "sr_RS@latin") or a
// list of them as LANGUAGE gives it ("fr_BE:fr:en", the first one
// DownRadar has), and whether DownRadar has one; English when it has
// none, or for "", "C" and "POSIX".
func Match(name string) (language.Tag, bool) {
	for _, one := range strings.Split(name, ":") {
		if tag, ok := matchOne(one); ok {
			return tag, true
		}
	}
	return language.English, false
}

func matchOne(name string) (language.Tag, bool) {
	name, _, _ = strings.Cut(name, ".")
	name, _, _ = strings.Cut(name, "@")
	if name == "" || name == "C" || name == "POSIX" {
		return language.English, false
	}
	name = strings.ReplaceAll(name, "_", "-")
	tag, err := language.Parse(name)
	if err != nil { // an unknown region or variant ("ar_XX"): the language alone
		base, _, _ := strings.Cut(name, "-")
		if tag, err = language.Parse(base); err != nil {
			return language.English, false
		}
	}
	tags := Languages()
	_, i, conf := language.NewMatcher(tags).Match(tag)
	want, _ := tag.Base()
	got, _ := tags[i].Base()
	if conf < language.High || want != got { // Swahili in Kenya is not English
		return language.English, false
	}
	return tags[i], true
}

// New is the words of the language name names (see Match), in English
// for a language DownRadar has no catalog for. A message a catalog lacks
// is said in English.
func New(name string) *Words {
	tag, _ := Match(name)
	w, err := load(embedded{}, tag)
	if err != nil {
		panic(err) // the embedded catalogs are checked by TestCatalogs
	}
	return w
}

// load is the words of tag from the catalogs in fsys (catalog/<lang>/),
// English for what tag's catalog lacks.
func load(fsys fs.FS, tag language.Tag) (*Words, error) {
	var english catalog
	var err error
	if _, ok := fsys.(embedded); ok {
		english, err = embeddedEnglish()
	} else {
		english, err = parseCatalog(fsys, "catalog/en")
	}
	if err != nil {
		return nil, err
	}
	own := english
	if tag != language.English {
		if own, err = parseCatalog(fsys, path.Join("catalog", tag.String())); err != nil {
			return nil, err
		}
	}
	w := &Words{tag: tag, own: own, english: english, printer: message.NewPrinter(tag)}
	for d := range w.digits {
		w.digits[d] = w.printer.Sprint(d)
	}
	base, _ := tag.Base()
	w.rtl = slices.Contains([]string{"ar", "fa", "he", "ur"}, base.String())
	return w, nil
}

// embedded is the catalogs built in; its English is read once and shared
// by every Words.
type embedded struct{}

func (embedded) Open(name string) (fs.File, error) { return catalogs.Open(name) }

var (
	englishOnce sync.Once
	english     catalog
	englishErr  error
)

func embeddedEnglish() (catalog, error) {
	englishOnce.Do(func() { english, englishErr = parseCatalog(catalogs, "catalog/en") })
	return english, englishErr
}

// catalog is one language's messages by id.
type catalog map[string]*entry

// entry is one message: its text for each plural form it gives (a plain
// message has only plural.Other's).
type entry struct {
	forms  [6]fieldMessage // by plural.Form
	plural bool            // given as a table of forms
}

// formNames are the plural forms' names in the catalogs.
var formNames = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

// parseCatalog reads the messages of one language's directory; an error
// names the file and the key.
func parseCatalog(fsys fs.FS, dir string) (catalog, error) {
	files, err := fs.Glob(fsys, dir+"/*.toml")
	if err != nil {
		return nil, err
	}
	out := catalog{}
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		var raw map[string]any
		if err := toml.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		area := strings.TrimSuffix(path.Base(file), ".toml")
		for k, v := range raw {
			e, err := parseEntry(v)
			if err != nil {
				return nil, fmt.Errorf("%s: key %q: %w", file, k, err)
			}
			out[area+"."+k] = e
		}
	}
	return out, nil
}

// parseEntry reads one message: a string, or a table of plural forms.
func parseEntry(v any) (*entry, error) {
	e := &entry{}
	switch v := v.(type) {
	case string:
		m, err := parseMessage(v)
		if err != nil {
			return nil, err
		}
		e.forms[plural.Other] = m
	case map[string]any:
		e.plural = true
		for name, text := range v {
			form, ok := formNames[name]
			s, isString := text.(string)
			if !ok || !isString {
				return nil, fmt.Errorf("%q is not a plural form with a text (zero, one, two, few, many, other)", name)
			}
			m, err := parseMessage(s)
			if err != nil {
				return nil, err
			}
			e.forms[form] = m
		}
		if e.forms[plural.Other] == nil {
			return nil, errors.New("a plural message needs its form \"other\"")
		}
	default:
		return nil, fmt.Errorf("a message is a string or a table of plural forms, not %T", v)
	}
	return e, nil
}

// or is w, or English for a nil w.
func (w *Words) or() *Words {
	if w == nil {
		return English
	}
	return w
}

// Tag is the language w speaks.
func (w *Words) Tag() language.Tag { return w.or().tag }

// RTL reports whether w's language is written right to left.
func (w *Words) RTL() bool { return w.or().rtl }

// Say is the message id ("tray.check_now") with its fields given as
// name, value pairs: Say("notify.back", "Service", "WhatsApp"). A message
// no catalog has is its id, which TestMessagesUsed forbids.
func (w *Words) Say(id string, fields ...any) string {
	return w.or().say(id, -1, fields)
}

// Count is the message id in the plural form its language uses for n,
// with n, in the language's digits, as its field N.
func (w *Words) Count(id string, n int, fields ...any) string {
	w = w.or()
	if n < 0 {
		n = -n // CLDR's forms are by the absolute value
	}
	return w.say(id, n, append(fields, "N", w.Number(n)))
}

// say is the message id, in the plural form for n when n >= 0; the
// language's own text, else English's; a field a text needs and fields
// lacks leaves the English text, then the id.
func (w *Words) say(id string, n int, fields []any) string {
	for _, c := range []struct {
		cat catalog
		tag language.Tag
	}{{w.own, w.tag}, {w.english, language.English}} {
		e := c.cat[id]
		if e == nil {
			continue
		}
		text := e.forms[plural.Other]
		if n >= 0 && e.plural {
			if f := e.forms[plural.Cardinal.MatchPlural(c.tag, n, 0, 0, 0, 0)]; f != nil {
				text = f
			}
		}
		if s, err := text.say(fields); err == nil {
			return s
		}
	}
	return id
}

// Fixed is x with decimals digits after the point, as w's language
// writes it: "99.50", "99,50", "٩٩٫٥٠".
func (w *Words) Fixed(x float64, decimals int) string {
	return w.or().printer.Sprintf("%.*f", decimals, x)
}

// Number is n as w's language writes it: "12,345", "١٢٬٣٤٥", "12 345".
func (w *Words) Number(n int) string { return w.or().printer.Sprintf("%d", n) }

// Digits writes the ASCII digits of s in w's language's digits: "14:02"
// becomes "١٤:٠٢" in Arabic. Only for text DownRadar formats itself (a
// service's name keeps its digits).
func (w *Words) Digits(s string) string {
	w = w.or()
	if w.digits[0] == "0" {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteString(w.digits[r-'0'])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Capitalize makes a phrase begin a sentence: "You are offline". See
// Words.Capitalize for a language's own rules.
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToTitle(r)) + s[n:]
}

// Capitalize makes a phrase begin a sentence as w's language does:
// Turkish "i" becomes "İ".
func (w *Words) Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return cases.Upper(w.Tag()).String(s[:n]) + s[n:]
}

// rlm is U+200F RIGHT-TO-LEFT MARK: a strong right-to-left letter that
// draws nothing.
const rlm = "\u200F"

// Desktop marks each line of s, for text the desktop draws (the tray's
// menu and tooltip, notifications), as w's language reads: in a
// right-to-left language it begins with U+200F, so that a line that
// starts with a service's Latin name ("WhatsApp: خارج الخدمة") still reads
// right to left (the desktop takes a line's direction from its first
// strong letter). Other languages' text is returned as it is.
func (w *Words) Desktop(s string) string {
	if !w.RTL() || s == "" {
		return s
	}
	return rlm + strings.ReplaceAll(s, "\n", "\n"+rlm)
}
