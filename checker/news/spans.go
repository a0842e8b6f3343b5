package news

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// A feed read every few minutes lists mostly the items it listed last time
// (a Google News search "when:1h" read every 10 minutes: five sixths of
// them), and parsing them again is most of a poll's cost: gofeed and
// encoding/xml at about 45 µs and 17 KB of garbage per item, then the
// collector's work for that garbage (perf on the idle agent: parsing 40%,
// the collector 20-25% of a poll). So the Poller remembers, per feed, the
// raw bytes of the items (hashed) of the last document it read, and cuts
// from the next document the items that are byte for byte the same before
// it parses it.
//
// A story not returned before comes back as it did, because an item cut
// was read last time and went through the seen-set then:
//   - a document's items are remembered only if none of them was undated or
//     dated in the future (Parse gives those the time of the poll, and the
//     seen-set must see them each time to keep them for as long as the feed
//     lists them) and none was cut by MaxItems (a cut item would enter the
//     newest MaxItems when newer ones leave the feed);
//   - when the items left would make more than MaxItems with those cut, or
//     the document cut does not parse, the whole document is parsed.
//
// What may differ is a story returned before, once the seen-set forgot it
// (MaxAge after it last renewed it, or past MaxSeen stories): an item that
// meets the seen-set again renews a key of its story that the set lacks,
// and a cut one does not, so such a story may come back again in one case
// and not the other. TestPollCutHidesNoNewStory compares the two.

// itemSpans finds the items of an XML feed document, RSS's <item> or
// Atom's <entry> elements, as byte ranges [start, end) in document order.
// ok is false when it cannot tell them safely: not an XML document, an item
// inside another, an item not closed, an unterminated comment or CDATA
// section. Comments and CDATA sections are skipped whole, so "<item>" in an
// HTML description wrapped in CDATA is text, as it is to the parser.
func itemSpans(doc []byte) (spans [][2]int, ok bool) {
	body := bytes.TrimLeft(bytes.TrimPrefix(doc, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(body) == 0 || body[0] != '<' {
		return nil, false
	}
	open, name := -1, 0
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := doc[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest, []byte("]]>"))
			if k < 0 {
				return nil, false
			}
			i += k + 3
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return nil, false
			}
			i += 4 + k + 3
			continue
		}
		end := tagEnd(rest)
		if end < 0 {
			return nil, false
		}
		closing := len(rest) > 1 && rest[1] == '/'
		n := itemTag(rest)
		switch {
		case n == 0:
		case closing && open >= 0 && n == name:
			spans = append(spans, [2]int{open, i + end})
			open = -1
		case closing:
			return nil, false // closes an item that is not open
		case open >= 0:
			return nil, false // an item inside an item
		case rest[end-2] == '/': // <item/>
			spans = append(spans, [2]int{i, i + end})
		default:
			open, name = i, n
		}
		i += end
	}
	if open >= 0 {
		return nil, false
	}
	return spans, true
}

// itemTag says whether the tag at the start of s ("<item>", "</item>",
// "<item a='b'>") is an item's: 1 for <item>, 2 for <entry>, 0 for any
// other (a prefixed name too: "<rss:item>" is left to the parser).
func itemTag(s []byte) int {
	s = s[1:]
	if len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	for kind, name := range [...]string{1: "item", 2: "entry"} {
		if kind == 0 || len(s) <= len(name) || string(s[:len(name)]) != name {
			continue
		}
		switch s[len(name)] {
		case ' ', '\t', '\r', '\n', '>', '/':
			return kind
		}
	}
	return 0
}

// tagEnd is the length of the tag at the start of s, up to and with its
// '>' (quoted attribute values may hold one), or -1.
func tagEnd(s []byte) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// cutKnown hashes the items of doc and cuts those whose hash is in known
// (sorted). It returns the document to parse (doc itself when nothing was
// cut), the hashes of all its items, sorted (nil when itemSpans could not
// tell them), and how many were cut.
func cutKnown(seed maphash.Seed, doc []byte, known []uint64) (rest []byte, hashes []uint64, cut int) {
	spans, ok := itemSpans(doc)
	if !ok {
		return doc, nil, 0
	}
	hashes = make([]uint64, len(spans))
	skip := make([]bool, len(spans))
	size := len(doc)
	for i, s := range spans {
		hashes[i] = maphash.Bytes(seed, doc[s[0]:s[1]])
		if _, found := slices.BinarySearch(known, hashes[i]); found {
			skip[i] = true
			size -= s[1] - s[0]
			cut++
		}
	}
	slices.Sort(hashes)
	if cut == 0 {
		return doc, hashes, 0
	}
	rest = make([]byte, 0, size)
	at := 0
	for i, s := range spans {
		if skip[i] {
			rest = append(rest, doc[at:s[0]]...)
			at = s[1]
		}
	}
	return append(rest, doc[at:]...), hashes, cut
}
