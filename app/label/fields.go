package label

import (
	"fmt"
	"strings"
)

// The catalogs' messages are text with fields, {{.Name}}, and nothing else
// of Go's templates (no pipelines, no functions). A message is said by
// joining its pieces: no text/template, no reflection, at each of the
// tray's updates.

// Delimiters of a field.
const (
	left  = "{{"
	right = "}}"
)

// parseMessage cuts src into text and fields; anything between the
// delimiters but a field is an error that quotes it.
func parseMessage(src string) (fieldMessage, error) {
	m := fieldMessage{}
	for {
		i := strings.Index(src, left)
		if i < 0 {
			if src != "" {
				m = append(m, piece{text: src})
			}
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
		if i > 0 {
			m = append(m, piece{text: src[:i]})
		}
		m = append(m, piece{field: name})
		src = src[i+j+len(right):]
	}
}

// piece is a message's text or one of its fields.
type piece struct{ text, field string }

// fieldMessage is a parsed message; nil is none, an empty one says "".
type fieldMessage []piece

// say says the message with fields, name, value pairs; a field the
// message uses and fields lacks is an error.
func (m fieldMessage) say(fields []any) (string, error) {
	if len(m) == 1 && m[0].field == "" {
		return m[0].text, nil
	}
	var b strings.Builder
	for _, p := range m {
		if p.field == "" {
			b.WriteString(p.text)
			continue
		}
		v, ok := lookup(fields, p.field)
		if !ok {
			return "", fmt.Errorf("no value for the field %s", p.field)
		}
		if s, ok := v.(string); ok {
			b.WriteString(s)
		} else {
			fmt.Fprint(&b, v)
		}
	}
	return b.String(), nil
}

// lookup is the value of the field name in name, value pairs.
func lookup(fields []any, name string) (any, bool) {
	for i := 0; i+1 < len(fields); i += 2 {
		if k, ok := fields[i].(string); ok && k == name {
			return fields[i+1], true
		}
	}
	return nil, false
}
