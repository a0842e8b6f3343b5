package config

import (
	"fmt"
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
}

func indexPositions(data []byte) positions {
	pos := positions{line: map[string]int{}, byLine: map[int]string{}}
	counts := map[string]int{} // array-table path -> elements so far
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
				firstLine = p.Shape(k.Raw).Start.Line
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
	return pos
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
