package tomldoc

import (
	"testing"
)

type doc struct {
	Name  string
	Count int
	Sub   struct{ Words []string }
}

// Every document error names its line and, for a key the document may not
// have, the key; a byte order mark is no error.
func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"unknown key", "name = \"a\"\n[sub]\nwords = []\nword = 1\n", "f.toml:4: unknown key sub.word"},
		{"wrong type", "name = \"a\"\ncount = \"two\"\n", "f.toml:2: cannot decode TOML string into struct field tomldoc.doc.Count of type int"},
		{"syntax", "name = \"a\"\ncount = \n", "f.toml:2: unexpected character U+000A at start of value"},
		{"bom", "\xef\xbb\xbfname = \"a\"\n", ""},
	} {
		var d doc
		err := Decode([]byte(tc.data), &d)
		got := ""
		if err != nil {
			got = In("f.toml", err).Error()
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
