package config

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/downradar/downradar/checker/catalog"
)

// Changes are the settings to write into a config document. A nil field is
// left as it is; everything the settings do not manage (comments, order,
// spacing, components, other keys) is kept byte for byte.
type Changes struct {
	Interval   *string // the default interval, as written ("90s", "5m"); Parse checks it
	Fail       *int    // thresholds.fail
	Recover    *int    // thresholds.recover
	QuietHours *string // notifications.quiet_hours ("22:00-07:00"); "" removes the key
	Language   *string // language ("hi", BCP 47; Parse checks it); "" removes the key, to follow the system
	Services   []ServiceChange
}

// Empty reports whether c changes nothing.
func (c Changes) Empty() bool {
	return c.Interval == nil && c.Fail == nil && c.Recover == nil && c.QuietHours == nil && c.Language == nil && len(c.Services) == 0
}

// ServiceChange changes one service, found by its ID (or, without one, by
// its name). A service of the built-in catalog that the document does not
// name gets a [[service]] table of its own, with its id, at the end.
type ServiceChange struct {
	ID       string
	Name     string
	Enabled  *bool
	Mute     *bool
	Interval *string // its own interval ("5m"); "" removes it, so the default applies
}

// Edit applies ch to the TOML document data and returns the new document,
// which is checked with Parse: an edit that would leave an invalid config
// is an error, as is a service named in ch that the document lacks.
func Edit(data []byte, ch Changes) ([]byte, error) { return edit("", data, ch) }

func edit(file string, data []byte, ch Changes) ([]byte, error) {
	if bytes.HasPrefix(data, bom) { // kept as the file had it
		out, err := edit(file, data[len(bom):], ch)
		if err != nil {
			return nil, err
		}
		return append(bytes.Clone(bom), out...), nil
	}
	d, err := scan(data)
	if err != nil {
		if _, perr := Parse(file, data); perr != nil {
			return nil, perr // the same error, with its line
		}
		return nil, &Error{File: file, Msg: err.Error()}
	}
	if ch.Interval != nil {
		d.set("", "interval", quote(*ch.Interval), false)
	}
	if ch.Fail != nil {
		d.set("thresholds", "fail", strconv.Itoa(*ch.Fail), false)
	}
	if ch.Recover != nil {
		d.set("thresholds", "recover", strconv.Itoa(*ch.Recover), false)
	}
	if ch.QuietHours != nil {
		d.set("notifications", "quiet_hours", quote(*ch.QuietHours), *ch.QuietHours == "")
	}
	if ch.Language != nil {
		d.set("", "language", quote(*ch.Language), *ch.Language == "")
	}
	seen := map[string]bool{}
	for _, sc := range ch.Services {
		table, err := d.serviceTable(file, sc)
		if err != nil {
			return nil, err
		}
		if seen[table] {
			return nil, fmt.Errorf("config: service %q is changed twice", orID(sc))
		}
		seen[table] = true
		// A missing key already has its default: no need to write it.
		if sc.Enabled != nil && (!*sc.Enabled || d.has(table+".enabled")) {
			d.set(table, "enabled", strconv.FormatBool(*sc.Enabled), false)
		}
		if sc.Mute != nil && (*sc.Mute || d.has(table+".mute")) {
			d.set(table, "mute", strconv.FormatBool(*sc.Mute), false)
		}
		if sc.Interval != nil {
			d.set(table, "interval", quote(*sc.Interval), *sc.Interval == "")
		}
	}
	out := d.apply()
	if _, err := Parse(file, out); err != nil {
		return nil, err
	}
	return out, nil
}

// serviceTable finds the table of the service sc changes, or adds one for
// a catalog service the document does not name yet. Listing a catalog
// service watches it, so a new table says enabled = false unless the change
// or the catalog's default set turns it on.
func (d *doc) serviceTable(file string, sc ServiceChange) (string, error) {
	if sc.ID != "" {
		if table, ok := d.ids[sc.ID]; ok {
			return table, nil
		}
	} else if table, ok := d.services[strings.TrimSpace(sc.Name)]; ok {
		return table, nil
	} else if table, ok := d.ids[DefaultID(sc.Name)]; ok {
		return table, nil
	}
	e, ok := catalog.Lookup(sc.ID)
	if !ok {
		return "", fmt.Errorf("config: no service %q in %s", orID(sc), orBuiltin(file))
	}
	table := "service[+" + e.ID + "]"
	d.tables = append(d.tables, &newTable{at: len(d.data), table: table, header: "[[service]]", lines: []string{"id = " + quote(e.ID)}})
	d.ids[e.ID] = table
	// With Enabled given, the caller writes enabled = false if it is.
	if sc.Enabled == nil && !e.Watch {
		d.set(table, "enabled", "false", false)
	}
	return table, nil
}

// orID names a ServiceChange in errors.
func orID(sc ServiceChange) string {
	if sc.ID != "" {
		return sc.ID
	}
	return sc.Name
}

func orBuiltin(file string) string {
	if file == "" {
		return "the config"
	}
	return file
}

// doc is a scanned document: where its tables and key-values are written.
type doc struct {
	data     []byte
	nl       string // the document's line ending
	sections []section
	kvs      map[string]keyval // by full path: "thresholds.fail", "service[2].mute"
	order    []string          // full paths of kvs, in document order
	services map[string]string // service name -> table path "service[i]"
	ids      map[string]string // service id (its id key, or its name's) -> table path
	edits    []splice
	tables   []*newTable // tables the document lacks, in the order added
}

// newTable is a table to add at offset at.
type newTable struct {
	at     int
	table  string // its path, for set
	header string // "" for "[table]"; "[[service]]" for a new array element
	lines  []string
}

// section is where a table header (or the top of the file) starts a run
// of key-values.
type section struct {
	path   string // "" for the top of the file
	start  int    // offset of the header line
	body   int    // offset just after the header line
	indent string
	last   string // full path of its last key-value, "" if none
}

// keyval is one key = value line.
type keyval struct {
	section    int
	start, end int // the whole line, newline included
	val        unstable.Range
	indent     string
}

// splice replaces data[start:end] with text.
type splice struct {
	start, end int
	text       string
}

// scan indexes data's tables and key-values.
func scan(data []byte) (*doc, error) {
	d := &doc{data: data, nl: "\n", kvs: map[string]keyval{}, services: map[string]string{}, ids: map[string]string{}}
	if bytes.Contains(data, []byte("\r\n")) {
		d.nl = "\r\n"
	}
	d.sections = []section{{}}
	counts := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		e := p.Expression()
		var parts []string
		first := -1
		for it := e.Key(); it.Next(); {
			k := it.Node()
			if first < 0 {
				first = int(k.Raw.Offset)
			}
			parts = append(parts, string(k.Data))
		}
		start := d.lineStart(first)
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			path := resolve(counts, parts)
			if e.Kind == unstable.ArrayTable {
				path, counts[path] = fmt.Sprintf("%s[%d]", path, counts[path]), counts[path]+1
			}
			d.sections = append(d.sections, section{path: path, start: start, body: d.lineEnd(first), indent: d.indent(start)})
		case unstable.KeyValue:
			cur := len(d.sections) - 1
			path := join(d.sections[cur].path, strings.Join(parts, "."))
			v := e.Value()
			d.kvs[path] = keyval{section: cur, start: start, end: d.lineEnd(int(e.Raw.Offset + e.Raw.Length)), val: v.Raw, indent: d.indent(start)}
			d.order = append(d.order, path)
			d.sections[cur].last = path
			if table, ok := strings.CutSuffix(path, ".name"); ok && strings.HasPrefix(table, "service[") &&
				!strings.Contains(table, ".") && v.Kind == unstable.String {
				d.services[strings.TrimSpace(string(v.Data))] = table
			}
			if table, ok := strings.CutSuffix(path, ".id"); ok && strings.HasPrefix(table, "service[") &&
				!strings.Contains(table, ".") && v.Kind == unstable.String {
				d.ids[strings.TrimSpace(string(v.Data))] = table
			}
		}
	}
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("not valid TOML: %w", err)
	}
	for name, table := range d.services {
		if _, explicit := d.kvs[table+".id"]; !explicit {
			if _, taken := d.ids[DefaultID(name)]; !taken {
				d.ids[DefaultID(name)] = table
			}
		}
	}
	return d, nil
}

func (d *doc) lineStart(off int) int { return bytes.LastIndexByte(d.data[:off], '\n') + 1 }

// lineEnd is the offset just past the newline ending the line at off.
func (d *doc) lineEnd(off int) int {
	if i := bytes.IndexByte(d.data[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(d.data)
}

// indent is the blank space the line at off starts with.
func (d *doc) indent(off int) string {
	end := off
	for end < len(d.data) && (d.data[end] == ' ' || d.data[end] == '\t') {
		end++
	}
	return string(d.data[off:end])
}

func (d *doc) has(path string) bool { _, ok := d.kvs[path]; return ok }

// set writes key = value (value in TOML syntax) into table, or removes the
// key's line when remove is true.
func (d *doc) set(table, key, value string, remove bool) {
	path := join(table, key)
	if kv, ok := d.kvs[path]; ok {
		switch {
		case remove:
			d.edits = append(d.edits, splice{start: kv.start, end: kv.end})
		case string(d.data[kv.val.Offset:kv.val.Offset+kv.val.Length]) != value:
			d.edits = append(d.edits, splice{start: int(kv.val.Offset), end: int(kv.val.Offset + kv.val.Length), text: value})
		}
		return
	}
	if remove {
		return
	}
	for _, t := range d.tables {
		if t.table == table {
			t.lines = append(t.lines, key+" = "+value)
			return
		}
	}
	for _, s := range d.sections {
		if s.path == table {
			d.insertAfter(s, "", key, value)
			return
		}
	}
	// A table written only through dotted keys ("thresholds.fail = 2").
	for i := len(d.order) - 1; i >= 0; i-- {
		if strings.HasPrefix(d.order[i], table+".") {
			s := d.sections[d.kvs[d.order[i]].section]
			d.insertAfter(section{last: d.order[i]}, strings.TrimPrefix(table+".", s.path+"."), key, value)
			return
		}
	}
	d.addTable(table, key, value)
}

// insertAfter writes a line after s's last key-value, or after its header.
func (d *doc) insertAfter(s section, prefix, key, value string) {
	at, indent := s.body, s.indent
	if s.last != "" {
		kv := d.kvs[s.last]
		at, indent = kv.end, kv.indent
	} else if s.path == "" {
		at = d.beforeFirstHeader()
	}
	d.edits = append(d.edits, splice{start: at, end: at, text: indent + prefix + key + " = " + value + d.nl})
}

// addTable writes a new [table] before the first [[service]], or at the end.
func (d *doc) addTable(table, key, value string) {
	at := len(d.data)
	for _, s := range d.sections[1:] {
		if strings.HasPrefix(s.path, "service[") {
			at = d.commentsAbove(s.start)
			break
		}
	}
	d.tables = append(d.tables, &newTable{at: at, table: table, lines: []string{key + " = " + value}})
}

// beforeFirstHeader is where a first top-level key goes when there is none.
func (d *doc) beforeFirstHeader() int {
	if len(d.sections) > 1 {
		return d.commentsAbove(d.sections[1].start)
	}
	return len(d.data)
}

// commentsAbove moves off back over the comment lines just above it, which
// belong to the line at off.
func (d *doc) commentsAbove(off int) int {
	for off > 0 {
		prev := d.lineStart(off - 1)
		if !bytes.HasPrefix(bytes.TrimSpace(d.data[prev:off]), []byte("#")) {
			break
		}
		off = prev
	}
	return off
}

// apply returns the document with every edit made.
func (d *doc) apply() []byte {
	edits := slices.Clone(d.edits)
	for _, t := range d.tables {
		header := t.header
		if header == "" {
			header = "[" + t.table + "]"
		}
		text := header + d.nl + strings.Join(t.lines, d.nl) + d.nl
		if t.at == len(d.data) {
			text = d.nl + text // a blank line before it
		} else {
			text += d.nl // a blank line after it
		}
		edits = append(edits, splice{start: t.at, end: t.at, text: text})
	}
	slices.SortStableFunc(edits, func(a, b splice) int { return a.start - b.start })
	var out bytes.Buffer
	pos := 0
	for _, e := range edits {
		if e.start > pos {
			out.Write(d.data[pos:e.start])
		}
		if e.start == len(d.data) && out.Len() > 0 && !bytes.HasSuffix(out.Bytes(), []byte("\n")) && e.text != "" {
			out.WriteString(d.nl)
		}
		out.WriteString(e.text)
		pos = max(pos, e.end)
	}
	out.Write(d.data[pos:])
	return out.Bytes()
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r) // invalid UTF-8 comes out as U+FFFD
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
