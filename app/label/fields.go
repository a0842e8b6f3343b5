package label

import (
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n/template"
)

// fieldParser reads the catalogs' messages: text with fields, {{.Name}},
// and nothing else of Go's templates (no pipelines, no functions). It
// spares the tray, which words its menu at every check, text/template's
// reflection: a message is said by joining its pieces.
type fieldParser struct{}

// Cacheable: a parsed message depends on its text only.
func (fieldParser) Cacheable() bool { return true }

// Parse cuts src into text and fields; anything between the delimiters
// but a field is an error that quotes it.
func (fieldParser) Parse(src, left, right string) (template.ParsedTemplate, error) {
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	var m fieldMessage
	for {
		i := strings.Index(src, left)
		if i < 0 {
			m = append(m, piece{text: src})
			return m, nil
		}
		j := strings.Index(src[i:], right)
		if j < 0 {
			return nil, fmt.Errorf("%q: %s without %s", src, left, right)
		}
		name, ok := strings.CutPrefix(strings.TrimSpace(src[i+len(left):i+j]), ".")
		if !ok || name == "" || strings.ContainsFunc(name, func(r rune) bool {
			return !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
		}) {
			return nil, fmt.Errorf("%q: %q is not a field like {{.Name}}", src, src[i:i+j+len(right)])
		}
		m = append(m, piece{text: src[:i]}, piece{field: name})
		src = src[i+j+len(right):]
	}
}

// piece is a message's text or one of its fields.
type piece struct{ text, field string }

// fieldMessage is a parsed message.
type fieldMessage []piece

// Execute says the message with data, a map of the fields' values; a
// field data lacks is an error.
func (m fieldMessage) Execute(data any) (string, error) {
	values, _ := data.(map[string]any)
	var b strings.Builder
	for _, p := range m {
		if p.field == "" {
			b.WriteString(p.text)
			continue
		}
		v, ok := values[p.field]
		if !ok {
			return b.String(), fmt.Errorf("no value for the field %s", p.field)
		}
		if s, ok := v.(string); ok {
			b.WriteString(s)
		} else {
			fmt.Fprint(&b, v)
		}
	}
	return b.String(), nil
}
