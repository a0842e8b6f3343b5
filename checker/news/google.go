package news

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// MinInterval is the poll interval the engine must not go under for Google
// News: its search feeds are rate-limited per client.
const MinInterval = 5 * time.Minute

// MaxGoogleURL is the longest search URL Google News accepts.
const MaxGoogleURL = 2000

// ErrQueryTooLong is wrapped by GoogleNews' error when the URL would be over
// MaxGoogleURL bytes: the caller splits its names over several feeds.
var ErrQueryTooLong = errors.New("search URL too long")

// Edition is a Google News language edition: the language of its items,
// its country, and the hl and ceid parameters Google expects for them
// (gl is Region).
type Edition struct {
	Lang   string // ISO 639-1, e.g. "pt"
	Region string // ISO 3166-1 alpha-2, e.g. "BR"
	HL     string // e.g. "pt-BR"
	CEID   string // Region ":" Google's language, e.g. "BR:pt-419"
}

// GoogleNews builds a Google News RSS search feed for e:
//
//	https://news.google.com/rss/search?q=<q>&hl=<HL>&gl=<Region>&ceid=<CEID>
//
// where q is "(" names OR-ed ") (" words OR-ed ") when:1h"; a name or word
// with a space is quoted, double quotes inside one are dropped, empty and
// repeated ones are skipped, and an empty words list leaves its group out.
// It fails with ErrQueryTooLong when the URL would exceed MaxGoogleURL bytes.
func GoogleNews(e Edition, names, words []string) (Feed, error) {
	if e.HL == "" || e.Region == "" || e.CEID == "" {
		return Feed{}, fmt.Errorf("google news: edition %+v lacks hl, region or ceid", e)
	}
	n, w := orGroup(names), orGroup(words)
	if n == "" {
		return Feed{}, fmt.Errorf("google news %s-%s: no names to search for", e.Lang, e.Region)
	}
	q := "(" + n + ")"
	if w != "" {
		q += " (" + w + ")"
	}
	q += " when:1h"
	u := "https://news.google.com/rss/search?q=" + url.QueryEscape(q) +
		"&hl=" + url.QueryEscape(e.HL) +
		"&gl=" + url.QueryEscape(e.Region) +
		"&ceid=" + strings.ReplaceAll(url.QueryEscape(e.CEID), "%3A", ":") // the colon as Google writes it
	if len(u) > MaxGoogleURL {
		return Feed{}, fmt.Errorf("google news %s-%s: %w: %d bytes for %d names (at most %d)",
			e.Lang, e.Region, ErrQueryTooLong, len(u), len(names), MaxGoogleURL)
	}
	return Feed{URL: u, Lang: e.Lang, Region: e.Region, Name: "Google News " + e.Lang + "-" + e.Region}, nil
}

// orGroup joins terms with " OR ", quoting those with spaces.
func orGroup(terms []string) string {
	var parts []string
	seen := map[string]bool{}
	for _, t := range terms {
		t = strings.Join(strings.Fields(strings.ReplaceAll(t, `"`, " ")), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		if strings.Contains(t, " ") {
			t = `"` + t + `"`
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " OR ")
}

// Editions is the built-in list of Google News editions: 47 languages, one
// edition per language and more for the regions the seed outages were
// reported from (Egypt; India in Hindi, Bengali and English; Bangladesh;
// France and Belgium in French and Dutch; Italy) and the United Kingdom.
//
// The triples are those of Google News' own "Language & region" list (its
// ceid values: see news.google.com, settings), except seven: Google lists
// no Persian, Urdu, Danish, Finnish, Croatian, Malay or Swahili edition, but
// a search with hl and gl set to them is answered from that country's
// sources, so those are built the same way, hl = language, gl = country,
// ceid = country:language (fa-IR, ur-PK, da-DK, fi-FI, hr-HR, ms-MY, sw-TZ).
func Editions() []Edition {
	return []Edition{
		{Lang: "en", Region: "US", HL: "en-US", CEID: "US:en"},
		{Lang: "en", Region: "GB", HL: "en-GB", CEID: "GB:en"},
		{Lang: "en", Region: "IN", HL: "en-IN", CEID: "IN:en"},
		{Lang: "es", Region: "ES", HL: "es", CEID: "ES:es"},
		{Lang: "es", Region: "MX", HL: "es-419", CEID: "MX:es-419"},
		{Lang: "pt", Region: "BR", HL: "pt-BR", CEID: "BR:pt-419"},
		{Lang: "fr", Region: "FR", HL: "fr", CEID: "FR:fr"},
		{Lang: "fr", Region: "BE", HL: "fr", CEID: "BE:fr"},
		{Lang: "de", Region: "DE", HL: "de", CEID: "DE:de"},
		{Lang: "it", Region: "IT", HL: "it", CEID: "IT:it"},
		{Lang: "nl", Region: "NL", HL: "nl", CEID: "NL:nl"},
		{Lang: "nl", Region: "BE", HL: "nl", CEID: "BE:nl"},
		{Lang: "pl", Region: "PL", HL: "pl", CEID: "PL:pl"},
		{Lang: "cs", Region: "CZ", HL: "cs", CEID: "CZ:cs"},
		{Lang: "sk", Region: "SK", HL: "sk", CEID: "SK:sk"},
		{Lang: "sl", Region: "SI", HL: "sl", CEID: "SI:sl"},
		{Lang: "hu", Region: "HU", HL: "hu", CEID: "HU:hu"},
		{Lang: "ro", Region: "RO", HL: "ro", CEID: "RO:ro"},
		{Lang: "bg", Region: "BG", HL: "bg", CEID: "BG:bg"},
		{Lang: "sr", Region: "RS", HL: "sr", CEID: "RS:sr"},
		{Lang: "hr", Region: "HR", HL: "hr", CEID: "HR:hr"}, // no Google edition: built like fa-IR
		{Lang: "el", Region: "GR", HL: "el", CEID: "GR:el"},
		{Lang: "sv", Region: "SE", HL: "sv", CEID: "SE:sv"},
		{Lang: "no", Region: "NO", HL: "no", CEID: "NO:no"},
		{Lang: "da", Region: "DK", HL: "da", CEID: "DK:da"}, // no Google edition: built like fa-IR
		{Lang: "fi", Region: "FI", HL: "fi", CEID: "FI:fi"}, // no Google edition: built like fa-IR
		{Lang: "lv", Region: "LV", HL: "lv", CEID: "LV:lv"},
		{Lang: "lt", Region: "LT", HL: "lt", CEID: "LT:lt"},
		{Lang: "ru", Region: "RU", HL: "ru", CEID: "RU:ru"},
		{Lang: "uk", Region: "UA", HL: "uk", CEID: "UA:uk"},
		{Lang: "tr", Region: "TR", HL: "tr", CEID: "TR:tr"},
		{Lang: "he", Region: "IL", HL: "he", CEID: "IL:he"},
		{Lang: "ar", Region: "EG", HL: "ar", CEID: "EG:ar"},
		{Lang: "fa", Region: "IR", HL: "fa", CEID: "IR:fa"}, // no Google edition
		{Lang: "ur", Region: "PK", HL: "ur", CEID: "PK:ur"}, // no Google edition
		{Lang: "hi", Region: "IN", HL: "hi", CEID: "IN:hi"},
		{Lang: "mr", Region: "IN", HL: "mr", CEID: "IN:mr"},
		{Lang: "bn", Region: "IN", HL: "bn", CEID: "IN:bn"},
		{Lang: "bn", Region: "BD", HL: "bn", CEID: "BD:bn"},
		{Lang: "pa", Region: "IN", HL: "pa", CEID: "IN:pa"},
		{Lang: "gu", Region: "IN", HL: "gu", CEID: "IN:gu"},
		{Lang: "ta", Region: "IN", HL: "ta", CEID: "IN:ta"},
		{Lang: "te", Region: "IN", HL: "te", CEID: "IN:te"},
		{Lang: "kn", Region: "IN", HL: "kn", CEID: "IN:kn"},
		{Lang: "ml", Region: "IN", HL: "ml", CEID: "IN:ml"},
		{Lang: "th", Region: "TH", HL: "th", CEID: "TH:th"},
		{Lang: "id", Region: "ID", HL: "id", CEID: "ID:id"},
		{Lang: "ms", Region: "MY", HL: "ms", CEID: "MY:ms"}, // no Google edition: built like fa-IR
		{Lang: "vi", Region: "VN", HL: "vi", CEID: "VN:vi"},
		{Lang: "sw", Region: "TZ", HL: "sw", CEID: "TZ:sw"}, // no Google edition: built like fa-IR
		{Lang: "ja", Region: "JP", HL: "ja", CEID: "JP:ja"},
		{Lang: "ko", Region: "KR", HL: "ko", CEID: "KR:ko"},
		{Lang: "zh", Region: "CN", HL: "zh-CN", CEID: "CN:zh-Hans"},
		{Lang: "zh", Region: "TW", HL: "zh-TW", CEID: "TW:zh-Hant"},
	}
}
