package news

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// plainText turns a feed's text or HTML into one line of plain text: tags
// stripped (script and style bodies dropped), entities decoded, invalid
// UTF-8 replaced, control and bidi-override characters removed, whitespace
// collapsed, at most max runes. Feeds often escape their HTML twice, so
// markup that survives the first pass gets a second one.
func plainText(s string, max int) string {
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "<") {
		// No tags: entities at most, and no tokenizer (it allocates 4 KiB).
		var b textBuilder
		b.max = max
		b.write(html.UnescapeString(s))
		out := b.String()
		if !looksLikeMarkup(out) {
			return out
		}
		s = out // escaped twice: the tags show now
	}
	for range 2 {
		s = stripHTML(s, max)
		if !looksLikeMarkup(s) {
			break
		}
	}
	return s
}

// stripHTML is one pass of the tokenizer, stopping once max runes are out.
func stripHTML(s string, max int) string {
	var b textBuilder
	b.max = max
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for !b.full() {
		switch z.Next() {
		case html.ErrorToken:
			return b.String() // io.EOF: the tokenizer reads a string, nothing else fails
		case html.TextToken:
			if skip == 0 {
				b.write(string(z.Text()))
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			if skipped[string(name)] {
				skip++
			} else if block[string(name)] {
				b.space()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if skipped[string(name)] {
				if skip > 0 {
					skip--
				}
			} else if block[string(name)] {
				b.space()
			}
		case html.SelfClosingTagToken:
			if name, _ := z.TagName(); block[string(name)] {
				b.space()
			}
		}
	}
	return b.String()
}

// skipped are elements whose content is not text for a reader; block are
// those that separate words.
var (
	skipped = map[string]bool{"script": true, "style": true, "template": true, "noscript": true, "iframe": true, "object": true, "svg": true, "math": true}
	block   = map[string]bool{
		"br": true, "p": true, "div": true, "li": true, "ul": true, "ol": true, "tr": true, "td": true, "th": true,
		"table": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
		"blockquote": true, "section": true, "article": true, "header": true, "footer": true, "figure": true,
		"figcaption": true, "img": true, "font": true, "pre": true, "dd": true, "dt": true,
	}
)

// looksLikeMarkup reports whether s still holds an HTML tag (of a known
// element: "<c>" or "Vector<T>" in a headline stay) or an entity.
func looksLikeMarkup(s string) bool {
	for i := 0; i < len(s)-1; i++ {
		switch s[i] {
		case '<':
			j := i + 1
			if s[j] == '/' {
				j++
			}
			k := j
			for k < len(s) && k-j < 12 && ('a' <= s[k]|0x20 && s[k]|0x20 <= 'z' || '1' <= s[k] && s[k] <= '6') {
				k++
			}
			if k < len(s) && (s[k] == '>' || s[k] == ' ' || s[k] == '/') && knownTag(strings.ToLower(s[j:k])) {
				return true
			}
		case '&':
			if d := s[i+1]; (d == '#' || ('a' <= d|0x20 && d|0x20 <= 'z')) && strings.IndexByte(s[i:min(len(s), i+12)], ';') > 0 {
				return true
			}
		}
	}
	return false
}

func knownTag(name string) bool {
	if skipped[name] || block[name] {
		return true
	}
	switch name {
	case "a", "b", "i", "u", "s", "q", "em", "strong", "span", "small", "big", "sub", "sup", "strike", "mark",
		"cite", "abbr", "code", "time", "html", "body", "head", "meta", "link", "title", "center", "wbr":
		return true
	}
	return false
}

// textBuilder collapses whitespace and drops invisible troublemakers as it
// writes, and stops at max runes.
type textBuilder struct {
	sb      strings.Builder
	n, max  int
	pending bool // a space is owed before the next visible rune
}

func (b *textBuilder) full() bool { return b.n >= b.max }

func (b *textBuilder) space() { b.pending = b.n > 0 }

func (b *textBuilder) write(s string) {
	for _, r := range s {
		if b.full() {
			return
		}
		switch {
		case unicode.IsSpace(r):
			b.space()
		case dropped(r):
		default:
			if b.pending {
				b.sb.WriteByte(' ')
				b.n++
				b.pending = false
				if b.full() {
					return
				}
			}
			b.sb.WriteRune(r)
			b.n++
		}
	}
}

func (b *textBuilder) String() string { return strings.TrimRight(b.sb.String(), " ") }

// dropped are runes never worth keeping in a one-line text: controls,
// bidi embeddings and overrides (they can make a title lie about itself),
// zero-width spaces and byte-order marks. ZWJ and ZWNJ stay: Indic and
// Persian spelling needs them.
func dropped(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return false // stands for bytes that were not UTF-8: keep the mark
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200B, r == 0xFEFF, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
