package config

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// positions maps each key path of a TOML document ("interval",
// "service[0].component[1].probe", "service[0]" for a [[service]] header)
// to the line it is written on, so that errors found after decoding can
// still name the line.
type positions struct {
	line   map[string]int
	byLine map[int]string
	table  string // the table in effect where the parser stopped (at a syntax error: the error's)
}

func indexPositions(data []byte) positions {
	pos := positions{line: map[string]int{}, byLine: map[int]string{}}
	counts := map[string]int{} // array-table path -> elements so far
	lines := newLineIndex(data)
	var p unstable.Parser
	p.Reset(data)
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		var parts []string
		var firstLine int
		it := e.Key()
		for it.Next() {
			k := it.Node()
			if firstLine == 0 {
				firstLine = lines.of(int(k.Raw.Offset))
			}
			parts = append(parts, string(k.Data))
		}
		switch e.Kind {
		case unstable.Table:
			table = resolve(counts, parts)
			pos.add(table, firstLine)
		case unstable.ArrayTable:
			arr := resolve(counts, parts)
			table = fmt.Sprintf("%s[%d]", arr, counts[arr])
			counts[arr]++
			pos.add(table, firstLine)
		case unstable.KeyValue:
			pos.add(join(table, strings.Join(parts, ".")), firstLine)
		}
	}
	pos.table = table
	return pos
}

// lineIndex finds the line of a byte offset in O(log n). (The parser's
// Shape counts the lines from the start of the document each time, which
// made indexing quadratic: 3 s for 2,000 services.)
type lineIndex []int // offsets of the '\n's

func newLineIndex(data []byte) lineIndex {
	var nl lineIndex
	for i, c := range data {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// of is the 1-based line of the byte at offset.
func (l lineIndex) of(offset int) int { return sort.SearchInts(l, offset) + 1 }

// keyLine matches a line that starts with a bare or dotted key and "=".
var keyLine = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=`)

// keyOnLine is the key path written on line row (1-based) of data, which
// the index does not know when the parser stopped there (a syntax error in
// its value); "" when the line starts no key.
func (p positions) keyOnLine(data []byte, row int) string {
	lines := bytes.SplitN(data, []byte("\n"), row+1)
	if row < 1 || row > len(lines) {
		return ""
	}
	m := keyLine.FindSubmatch(lines[row-1])
	if m == nil {
		return ""
	}
	parts := strings.Split(string(m[1]), ".")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return join(p.table, strings.Join(parts, "."))
}

// resolve turns a dotted header into a path, each array of tables standing
// for its last element, as TOML reads [[a.b]] after [[a]].
func resolve(counts map[string]int, parts []string) string {
	path := ""
	for i, part := range parts {
		path = join(path, part)
		if n, ok := counts[path]; ok && i < len(parts)-1 {
			path = fmt.Sprintf("%s[%d]", path, n-1)
		}
	}
	return path
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func (p positions) add(path string, line int) {
	if _, seen := p.line[path]; !seen {
		p.line[path] = line
	}
	if _, seen := p.byLine[line]; !seen {
		p.byLine[line] = path
	}
}

// lineOf is the line of path, or of its nearest written parent, or 0.
func (p positions) lineOf(path string) int {
	for path != "" {
		if l, ok := p.line[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}
