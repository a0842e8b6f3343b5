// Package tomldoc decodes the project's TOML documents (the built-in
// catalog, the classifier's lexicon, the user's config) one way: strictly,
// an unknown key being an error, a UTF-8 byte order mark at the start
// skipped, and go-toml's errors worded alike, with the line and the key.
package tomldoc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Error is what is wrong with a document, at a line.
type Error struct {
	Line    int      // 1-based; 0 when unknown
	Key     []string // the key's path, when go-toml knows it
	Unknown bool     // the key is not one the document may have
	Msg     string   // "unknown key a.b", or go-toml's message without its "toml: "
}

func (e *Error) Error() string { return e.Msg }

// bom is the UTF-8 byte order mark some editors write first.
var bom = []byte("\xef\xbb\xbf")

// Decode decodes data into v. Its errors are *Error when go-toml places
// them.
func Decode(data []byte, v any) error {
	dec := toml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) && len(sm.Errors) > 0 {
		de := sm.Errors[0]
		row, _ := de.Position()
		return &Error{Line: row, Key: de.Key(), Unknown: true, Msg: "unknown key " + strings.Join(de.Key(), ".")}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		return &Error{Line: row, Key: de.Key(), Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return err
}

// In names the file in err: "name:line: message", or "name: error" when
// the line is not known.
func In(name string, err error) error {
	var e *Error
	if errors.As(err, &e) && e.Line > 0 {
		return fmt.Errorf("%s:%d: %s", name, e.Line, e.Msg)
	}
	return fmt.Errorf("%s: %w", name, err)
}
