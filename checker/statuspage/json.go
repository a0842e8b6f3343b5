package statuspage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// doc is one decoded JSON payload. Reading it never fails midway: the first
// error sticks, later reads give zero values, and the parser checks err once
// at the end. Every error names the document and the field, as in
// `summary.json: components[3].status: unknown value "broken"`.
type doc struct {
	name string
	err  error
}

// node is one value in a doc and its path there. The last member name is
// kept apart and joined only when needed, so that reading a leaf costs no
// allocation.
type node struct {
	d    *doc
	path string // the path of the object this is a member of, or its own
	name string // the member name, "" for the document or an array element
	v    any    // nil when absent or null
}

// where is the node's full path, as errors print it.
func (n node) where() string {
	switch {
	case n.name == "":
		return n.path
	case n.path == "":
		return n.name
	}
	return n.path + "." + n.name
}

// decodeJSON decodes body, refusing an empty body and an HTML page with
// errors that say so.
func decodeJSON(name string, body []byte) (node, error) {
	d := &doc{name: name}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return node{}, fmt.Errorf("%s: empty body", name)
	}
	if trimmed[0] == '<' {
		if looksHTML(trimmed) {
			return node{}, fmt.Errorf("%s: got an HTML page, not JSON", name)
		}
		return node{}, fmt.Errorf("%s: got markup, not JSON", name)
	}
	var v any
	if err := json.Unmarshal(trimmed, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Error() != "unexpected end of JSON input" {
			return node{}, fmt.Errorf("%s: invalid JSON at byte %d: %w", name, se.Offset, err)
		}
		return node{}, fmt.Errorf("%s: invalid JSON: %w", name, err)
	}
	return node{d: d, v: v}, nil
}

// looksHTML reports whether a body that starts with "<" is an HTML page.
func looksHTML(b []byte) bool {
	head := bytes.ToLower(b[:min(len(b), 512)])
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

// fail records the first error, naming n's field.
func (n node) fail(format string, args ...any) {
	if n.d.err != nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if w := n.where(); w != "" {
		n.d.err = fmt.Errorf("%s: %s: %s", n.d.name, w, msg)
		return
	}
	n.d.err = fmt.Errorf("%s: %s", n.d.name, msg)
}

// failed reports whether an error has stuck.
func (n node) failed() bool { return n.d.err != nil }

// present reports whether the value is there and not null.
func (n node) present() bool { return n.v != nil }

// key is the member k of an object; absent or null gives an absent node. A
// value that is not an object fails.
func (n node) key(k string) node {
	child := node{d: n.d, path: n.where(), name: k}
	switch m := n.v.(type) {
	case nil:
	case map[string]any:
		child.v = m[k]
	default:
		n.fail("want object, got %s", kindOf(n.v))
	}
	return child
}

// items are the elements of an array; absent or null gives none. A value
// that is not an array fails.
func (n node) items() []node {
	switch a := n.v.(type) {
	case nil:
		return nil
	case []any:
		base := n.where()
		out := make([]node, len(a))
		for i, v := range a {
			out[i] = node{d: n.d, path: base + "[" + strconv.Itoa(i) + "]", v: v}
		}
		return out
	}
	n.fail("want array, got %s", kindOf(n.v))
	return nil
}

// object checks that the value is an object (or absent).
func (n node) object() node {
	if _, ok := n.v.(map[string]any); !ok && n.v != nil {
		n.fail("want object, got %s", kindOf(n.v))
	}
	return n
}

// str is a string value; absent or null gives "".
func (n node) str() string {
	switch s := n.v.(type) {
	case nil:
		return ""
	case string:
		return s
	}
	n.fail("want string, got %s", kindOf(n.v))
	return ""
}

// id is an identifier, which some providers send as a string and others as
// a number.
func (n node) id() string {
	switch v := n.v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	n.fail("want string or number, got %s", kindOf(n.v))
	return ""
}

// num is a number value; ok is false when absent or null.
func (n node) num() (f float64, ok bool) {
	switch v := n.v.(type) {
	case nil:
		return 0, false
	case float64:
		return v, true
	}
	n.fail("want number, got %s", kindOf(n.v))
	return 0, false
}

// boolean is a boolean value; absent or null gives def.
func (n node) boolean(def bool) bool {
	switch v := n.v.(type) {
	case nil:
		return def
	case bool:
		return v
	}
	n.fail("want boolean, got %s", kindOf(n.v))
	return def
}

// time is an RFC 3339 time; absent, null or "" gives the zero time.
func (n node) time() time.Time {
	s := n.str()
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		n.fail("bad time %s (want RFC 3339)", quote(s))
		return time.Time{}
	}
	return t
}

// level reads a status word through table, failing on a word it does not
// know (including none).
func (n node) level(table func(string) (Level, bool)) (Level, string) {
	s := n.str()
	if n.failed() {
		return Unknown, s
	}
	l, ok := table(s)
	if !ok {
		n.fail("unknown value %s", quote(s))
		return Unknown, s
	}
	return l, s
}

// word reads a string that must be one of allowed.
func (n node) word(allowed ...string) string {
	s := n.str()
	if !n.failed() && !slices.Contains(allowed, s) {
		n.fail("unknown value %s", quote(s))
	}
	return s
}

// kindOf names a decoded JSON value's type.
func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// quote quotes a value for an error message, cut short when long: a hostile
// payload must not make a megabyte error.
func quote(s string) string {
	const limit = 64
	if len(s) <= limit {
		return strconv.Quote(s)
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
