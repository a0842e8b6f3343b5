package news

import (
	"hash/maphash"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Title keys shorter than this say too little ("Live", "Video") to merge
// two stories on; longer than maxTitleKeyRunes, the rest is the same story.
const (
	minTitleKeyRunes = 8
	maxTitleKeyRunes = 256
)

// Key is the dedupe key of an item: its canonical link and its normalized
// title. Two items are the same story when either key matches (an empty
// key matches nothing).
//
// The link key drops the scheme, "www.", user info, default ports, the
// fragment, a trailing slash and tracking parameters (utm_*, fbclid, ...),
// lowercases the host and sorts the query; a Google News redirect link is
// keyed by its article id. With no usable link, the GUID stands in.
//
// The title key is the title with the publisher suffix removed, case-folded,
// with punctuation and whitespace collapsed to single spaces.
func Key(it Item) (link, title string) {
	link = linkKey(it.Link)
	if link == "" && it.ID != "" {
		if link = linkKey(it.ID); link == "" {
			link = "id:" + it.ID
		}
	}
	return link, titleKey(it.Title, it.Source)
}

// linkKey is the canonical form of a link, "" when it has no host.
func linkKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	if host == "news.google.com" {
		if id := googleArticleID(u.Path); id != "" {
			return "news.google.com/articles/" + id
		}
	}
	path := u.Path
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	if path == "" {
		path = "/"
	}
	key := host + path
	if u.RawQuery == "" {
		return key
	}
	q, _ := url.ParseQuery(u.RawQuery) // keeps what parses
	for k := range q {
		if tracking(k) {
			delete(q, k)
		}
	}
	if len(q) > 0 {
		key += "?" + q.Encode() // sorted by key
	}
	return key
}

// googleArticleID is the article id of a Google News link
// (/rss/articles/ID, /articles/ID, /read/ID, /__i/rss/rd/articles/ID).
func googleArticleID(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "articles" || parts[i] == "read" {
			return parts[i+1]
		}
	}
	return ""
}

// tracking reports whether a query parameter only says where a click came
// from, not what the page is.
func tracking(param string) bool {
	p := strings.ToLower(param)
	if strings.HasPrefix(p, "utm_") || strings.HasPrefix(p, "at_") || strings.HasPrefix(p, "ns_") ||
		strings.HasPrefix(p, "guce_") || strings.HasPrefix(p, "mc_") {
		return true
	}
	switch p {
	case "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "_ga", "_gl", "ocid", "cmpid",
		"ref", "ref_src", "ref_url", "xtor", "icid", "smid", "smtyp", "spm", "sr_share", "cmp", "ito",
		"wt_mc", "wtmc", "guccounter", "rss", "feed", "src", "source", "oc", "ved", "usg", "ei":
		return true
	}
	return false
}

// titleKey normalizes a title for matching across feeds and publishers.
func titleKey(title, source string) string {
	if source != "" {
		for _, sep := range []string{" - ", " | ", " — ", " – "} {
			if t, ok := strings.CutSuffix(title, sep+source); ok {
				title = t
				break
			}
		}
	}
	var b strings.Builder
	n, space := 0, false
	for _, r := range title {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			if space && n > 0 {
				b.WriteByte(' ')
				n++
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			n++
		case unicode.Is(unicode.Cf, r): // ZWNJ and friends: spelling, not separation
		default:
			space = true
		}
		if n >= maxTitleKeyRunes {
			break
		}
	}
	if utf8.RuneCountInString(b.String()) < minTitleKeyRunes {
		return ""
	}
	return b.String()
}

// seenSet remembers the keys of the items already returned, each until it
// expires, and at most max entries (oldest dropped first). Lookups go by
// either key; entries are queued in the order they were added, which is
// their order of expiry as long as the clock and MaxAge do not go back.
//
// It keeps 64-bit hashes of the keys, not the keys: Google News links run to
// hundreds of bytes, and the resident agent remembers a day of stories. Two
// different keys share a hash with a chance of about n²/2⁶⁵ (1 in 10¹¹ at
// the default 20,000 stories), which would hide one story.
type seenSet struct {
	seed          maphash.Seed
	links, titles map[uint64]time.Time // key hash -> expiry of the entry that holds it
	queue         []seenEntry
	head          int
}

type seenEntry struct {
	link, title uint64 // key hashes, 0 for none
	expires     time.Time
}

// len is the number of live entries.
func (s *seenSet) len() int { return len(s.queue) - s.head }

// hash is key's hash, never 0; 0 for no key.
func (s *seenSet) hash(key string) uint64 {
	if key == "" {
		return 0
	}
	return max(maphash.String(s.seed, key), 1)
}

// check reports whether a story was seen and remembers it (both keys, so
// that a later item matching either is the same story) until expires. With
// refresh, a story already seen is remembered anew until expires: an item
// without a date is "new" at every poll, so it must stay seen for as long
// as its feed keeps listing it.
func (s *seenSet) check(link, title string, expires time.Time, refresh bool) (seen bool) {
	if s.links == nil {
		s.seed = maphash.MakeSeed()
		s.links, s.titles = map[uint64]time.Time{}, map[uint64]time.Time{}
	}
	l, t := s.hash(link), s.hash(title)
	_, byLink := s.links[l]
	_, byTitle := s.titles[t]
	seen = (l != 0 && byLink) || (t != 0 && byTitle)
	e := seenEntry{expires: expires}
	if l != 0 && (!byLink || seen && refresh) {
		e.link = l
		s.links[l] = expires
	}
	if t != 0 && (!byTitle || seen && refresh) {
		e.title = t
		s.titles[t] = expires
	}
	if e.link != 0 || e.title != 0 {
		s.queue = append(s.queue, e) // a refreshed key's older entry no longer owns it
	}
	return seen
}

// prune drops the entries that expired by now, then the oldest ones while
// there are more than max.
func (s *seenSet) prune(now time.Time, max int) {
	for s.head < len(s.queue) {
		e := s.queue[s.head]
		if e.expires.After(now) && s.len() <= max {
			break
		}
		if e.link != 0 && s.links[e.link].Equal(e.expires) {
			delete(s.links, e.link)
		}
		if e.title != 0 && s.titles[e.title].Equal(e.expires) {
			delete(s.titles, e.title)
		}
		s.queue[s.head] = seenEntry{}
		s.head++
	}
	if s.head > 0 && s.head >= len(s.queue)/2 {
		s.queue = append(s.queue[:0], s.queue[s.head:]...)
		s.head = 0
	}
}
