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
// English), an area at a time when a message of it is first said, so that
// the resident agent holds only the areas it speaks (label, tray and
// notification), within its memory budget. The plural forms are CLDR's,
// from golang.org/x/text, the same rules TestCatalogs checks the catalogs
// against.
//
//go:embed catalog
var catalogs embed.FS

// Words words DownRadar for people in one language: New or English. A nil
// *Words speaks English. It is safe for concurrent use.
type Words struct {
	tag     language.Tag
	own     *messages // the language's messages
	english *messages // English, for a message own lacks
	rtl     bool
	turkic  bool    // uppercases "i" as "İ" (Turkish, Azerbaijani: x/text's special cases of ASCII)
	numbers numbers // how the language writes numbers
}

// English is DownRadar's own language: every message has its words.
var English = newWords(language.English, embeddedEnglish, embeddedEnglish)

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
//
// Its catalog is read area by area, each at its first message (a bad
// embedded catalog panics then; TestCatalogs checks them all).
func New(name string) *Words {
	tag, _ := Match(name)
	if tag == language.English {
		return newWords(tag, embeddedEnglish, embeddedEnglish)
	}
	return newWords(tag, &messages{fsys: catalogs, dir: path.Join("catalog", tag.String()), builtIn: true}, embeddedEnglish)
}

// load is the words of tag from the catalogs in fsys (catalog/<lang>/),
// English for what tag's catalog lacks, with every area read: the first
// error is returned.
func load(fsys fs.FS, tag language.Tag) (*Words, error) {
	english := &messages{fsys: fsys, dir: "catalog/en"}
	own := english
	if tag != language.English {
		own = &messages{fsys: fsys, dir: path.Join("catalog", tag.String())}
	}
	for _, m := range []*messages{english, own} {
		if err := m.readAll(); err != nil {
			return nil, err
		}
	}
	return newWords(tag, own, english), nil
}

// newWords is the words of tag from own, English from english.
func newWords(tag language.Tag, own, english *messages) *Words {
	base, _ := tag.Base()
	return &Words{tag: tag, own: own, english: english, numbers: numbersOf(tag),
		rtl:    slices.Contains([]string{"ar", "fa", "he", "ur"}, base.String()),
		turkic: base.String() == "tr" || base.String() == "az"}
}

// embeddedEnglish is the built-in English catalog, read once (area by
// area) and shared by every Words.
var embeddedEnglish = &messages{fsys: catalogs, dir: "catalog/en", builtIn: true}

// messages are one language's catalog, catalog/<lang>/<area>.toml, each
// area read at the first message said from it: a process holds only the
// areas it speaks (the agent label, tray and notification; not the
// window's, nor the command line's).
type messages struct {
	fsys    fs.FS
	dir     string
	builtIn bool // the embedded catalogs, which cannot fail

	mu    sync.Mutex
	areas map[string]area // by name, once read
}

// area is one area's messages by key (the id without "<area>."), or why
// it could not be read.
type area struct {
	msgs map[string]*entry
	err  error
}

// lookup is the message id ("tray.check_now"), nil when the catalog has
// none. A catalog that cannot be read panics if it is the embedded one,
// and has no messages otherwise (load reports its error).
func (m *messages) lookup(id string) *entry {
	name, key, ok := strings.Cut(id, ".")
	if !ok {
		return nil
	}
	a := m.area(name)
	if a.err != nil && m.builtIn {
		panic(a.err) // the embedded catalogs are checked by TestCatalogs
	}
	return a.msgs[key]
}

// area is the area name, read at its first use.
func (m *messages) area(name string) area {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.areas[name]
	if !ok {
		a.msgs, a.err = readArea(m.fsys, path.Join(m.dir, name+".toml"))
		if m.areas == nil {
			m.areas = map[string]area{}
		}
		m.areas[name] = a
	}
	return a
}

// readAll reads every area of the catalog; the error is the first one.
func (m *messages) readAll() error {
	files, err := fs.Glob(m.fsys, m.dir+"/*.toml")
	if err != nil {
		return fmt.Errorf("%s: %w", m.dir, err)
	}
	for _, file := range files {
		if a := m.area(strings.TrimSuffix(path.Base(file), ".toml")); a.err != nil {
			return a.err
		}
	}
	return nil
}

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

// readArea reads the messages of one area's file by key; a file that is
// not there is an area without messages. An error names the file and the
// key.
func readArea(fsys fs.FS, file string) (map[string]*entry, error) {
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	out := make(map[string]*entry, len(raw))
	for k, v := range raw {
		e, err := parseEntry(v)
		if err != nil {
			return nil, fmt.Errorf("%s: key %q: %w", file, k, err)
		}
		out[k] = e
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
		msgs *messages
		tag  language.Tag
	}{{w.own, w.tag}, {w.english, language.English}} {
		e := c.msgs.lookup(id)
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
func (w *Words) Fixed(x float64, decimals int) string { return w.or().numbers.fixed(x, decimals) }

// Number is n as w's language writes it: "12,345", "١٢٬٣٤٥", "12 345".
func (w *Words) Number(n int) string { return w.or().numbers.integer(n) }

// Digits writes the ASCII digits of s in w's language's digits: "14:02"
// becomes "١٤:٠٢" in Arabic. Only for text DownRadar formats itself (a
// service's name keeps its digits).
func (w *Words) Digits(s string) string { return w.or().numbers.digits(s) }

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
	if n == 0 || unicode.IsUpper(r) || uncased(r) {
		return s
	}
	w = w.or()
	if r < utf8.RuneSelf && !w.turkic { // ASCII: a to z, the rest as it is
		if 'a' <= r && r <= 'z' {
			return string(r-'a'+'A') + s[n:]
		}
		return s
	}
	return cases.Upper(w.Tag()).String(s[:n]) + s[n:]
}

// uncased reports whether r has no case at all (Arabic, Devanagari,
// Chinese, digits, punctuation): the uppercase of r is r in every
// language, without x/text's casing tables, which the resident agent
// would otherwise keep paged in (it capitalizes the tray's line on the
// network at each update). TestCapitalize checks it against x/text over
// every rune.
func uncased(r rune) bool {
	return !unicode.IsLower(r) && unicode.ToUpper(r) == r && unicode.ToLower(r) == r && unicode.ToTitle(r) == r
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
