package news

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGoogleNewsURL(t *testing.T) {
	e := Edition{Lang: "pt", Region: "BR", HL: "pt-BR", CEID: "BR:pt-419"}
	f, err := GoogleNews(e, []string{"WhatsApp", "Google Meet", `Say "hi"`, "whatsapp", " "}, []string{"fora do ar", "caiu"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Lang != "pt" || f.Region != "BR" || f.Name != "Google News pt-BR" {
		t.Errorf("feed = %+v", f)
	}
	u, err := url.Parse(f.URL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "https" || u.Host != "news.google.com" || u.Path != "/rss/search" {
		t.Errorf("URL = %s", f.URL)
	}
	if !strings.HasPrefix(u.RawQuery, "q=") || !strings.HasSuffix(f.URL, "&hl=pt-BR&gl=BR&ceid=BR:pt-419") {
		t.Errorf("parameter order or ceid escaping: %s", u.RawQuery)
	}
	q := u.Query()
	want := `(WhatsApp OR "Google Meet" OR "Say hi") ("fora do ar" OR caiu) when:1h`
	if q.Get("q") != want {
		t.Errorf("q = %s\nwant %s", q.Get("q"), want)
	}
	if q.Get("hl") != "pt-BR" || q.Get("gl") != "BR" || q.Get("ceid") != "BR:pt-419" {
		t.Errorf("hl/gl/ceid = %v", q)
	}
}

func TestGoogleNewsNonLatin(t *testing.T) {
	e := Edition{Lang: "hi", Region: "IN", HL: "hi", CEID: "IN:hi"}
	names := []string{"व्हाट्सएप", "इंस्टाग्राम", "यूट्यूब म्यूज़िक"}
	f, err := GoogleNews(e, names, []string{"डाउन", "ठप"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.URL {
		if r > 0x7E || r <= ' ' {
			t.Fatalf("URL has an unescaped %q: %s", r, f.URL)
		}
	}
	u, _ := url.Parse(f.URL)
	if got, want := u.Query().Get("q"), `(व्हाट्सएप OR इंस्टाग्राम OR "यूट्यूब म्यूज़िक") (डाउन OR ठप) when:1h`; got != want {
		t.Errorf("q = %s\nwant %s", got, want)
	}
	if !strings.Contains(f.URL, "%E0%A4%B5") { // व in UTF-8, percent-encoded
		t.Errorf("not UTF-8 percent-encoded: %s", f.URL)
	}
	// No words: the group is left out.
	f, err = GoogleNews(e, []string{"X"}, nil)
	if u, _ := url.Parse(f.URL); err != nil || u.Query().Get("q") != "(X) when:1h" {
		t.Errorf("no words: %v %s", err, f.URL)
	}
}

func TestGoogleNewsErrors(t *testing.T) {
	e := Editions()[0]
	if _, err := GoogleNews(e, nil, []string{"down"}); err == nil {
		t.Error("no names: no error")
	}
	if _, err := GoogleNews(Edition{Lang: "en"}, []string{"X"}, nil); err == nil {
		t.Error("empty edition: no error")
	}
	// Arabic names take 6 bytes a letter once escaped: the limit comes fast.
	var names []string
	for i := 0; ; i++ {
		names = append(names, fmt.Sprintf("خدمة رقم %d", i))
		f, err := GoogleNews(Edition{Lang: "ar", Region: "EG", HL: "ar", CEID: "EG:ar"}, names, []string{"عطل"})
		if err != nil {
			if !errors.Is(err, ErrQueryTooLong) {
				t.Fatalf("error %v, want ErrQueryTooLong", err)
			}
			if i == 0 {
				t.Fatal("one name is too long")
			}
			break
		}
		if len(f.URL) > MaxGoogleURL {
			t.Fatalf("%d-byte URL accepted", len(f.URL))
		}
	}
}

// googleCEIDs are the ceid values of Google News' "Language & region" list
// that Editions uses.
var googleCEIDs = map[string]bool{
	"US:en": true, "GB:en": true, "IN:en": true, "ES:es": true, "MX:es-419": true, "BR:pt-419": true,
	"FR:fr": true, "BE:fr": true, "DE:de": true, "IT:it": true, "NL:nl": true, "BE:nl": true,
	"PL:pl": true, "CZ:cs": true, "SK:sk": true, "SI:sl": true, "HU:hu": true, "RO:ro": true,
	"BG:bg": true, "RS:sr": true, "GR:el": true, "SE:sv": true, "NO:no": true, "LV:lv": true,
	"LT:lt": true, "RU:ru": true, "UA:uk": true, "TR:tr": true, "IL:he": true, "EG:ar": true,
	"IN:hi": true, "IN:mr": true, "IN:bn": true, "BD:bn": true, "IN:pa": true, "IN:gu": true,
	"IN:ta": true, "IN:te": true, "IN:kn": true, "IN:ml": true, "TH:th": true, "ID:id": true,
	"VN:vi": true, "JP:ja": true, "KR:ko": true, "CN:zh-Hans": true, "TW:zh-Hant": true,
}

// builtLikeGoogle are the editions Google does not list, built the same way
// (hl = language, gl = country, ceid = country:language); see Editions.
var builtLikeGoogle = map[string]bool{
	"IR:fa": true, "PK:ur": true, "DK:da": true, "FI:fi": true, "HR:hr": true, "MY:ms": true, "TZ:sw": true,
}

// seedRegions are the language-region pairs the seed outages were reported
// in (issue 13): Egypt, India, Bangladesh, France and Belgium, Italy.
var seedRegions = []string{"ar-EG", "hi-IN", "bn-IN", "bn-BD", "en-IN", "fr-FR", "fr-BE", "nl-BE", "it-IT"}

func TestEditions(t *testing.T) {
	eds := Editions()
	langs := map[string]bool{}
	seen := map[string]bool{}
	for _, e := range eds {
		t.Run(e.Lang+"-"+e.Region, func(t *testing.T) {
			langs[e.Lang] = true
			if seen[e.CEID] {
				t.Errorf("ceid %s twice", e.CEID)
			}
			seen[e.CEID] = true
			if len(e.Lang) != 2 || strings.ToLower(e.Lang) != e.Lang || len(e.Region) != 2 || strings.ToUpper(e.Region) != e.Region {
				t.Fatalf("bad codes %+v", e)
			}
			region, ceidLang, ok := strings.Cut(e.CEID, ":")
			if !ok || region != e.Region {
				t.Errorf("ceid %s does not start with gl %s", e.CEID, e.Region)
			}
			// hl and the ceid language are the same language...
			if primaryLang(e.HL) != e.Lang || primaryLang(ceidLang) != e.Lang {
				t.Errorf("hl %s / ceid %s not in %s", e.HL, e.CEID, e.Lang)
			}
			// ...and hl's subtag, when there is one, agrees with the ceid's.
			if _, sub, ok := strings.Cut(e.HL, "-"); ok {
				_, ceidSub, _ := strings.Cut(ceidLang, "-")
				switch {
				case sub == e.Region: // en-US, pt-BR, zh-CN: the country itself
				case sub == ceidSub: // es-419
				default:
					t.Errorf("hl %s disagrees with ceid %s", e.HL, e.CEID)
				}
				if sub == e.Region && ceidSub != "" && ceidSub != "419" && ceidSub != "Hans" && ceidSub != "Hant" {
					t.Errorf("ceid %s: unexpected script/region", e.CEID)
				}
			}
			if e.Lang == "zh" && (e.Region == "CN") != strings.HasSuffix(e.CEID, "zh-Hans") {
				t.Errorf("Chinese script: %+v", e)
			}
			switch {
			case googleCEIDs[e.CEID]:
			case builtLikeGoogle[e.CEID]:
				if e.HL != e.Lang || ceidLang != e.Lang {
					t.Errorf("%s: an edition Google lacks is built as hl=%s, ceid=%s:%s", e.CEID, e.Lang, e.Region, e.Lang)
				}
			default:
				t.Errorf("ceid %s is not one of Google News' editions", e.CEID)
			}
			f, err := GoogleNews(e, []string{"WhatsApp"}, []string{"down"})
			if err != nil || !strings.Contains(f.URL, "&gl="+e.Region+"&ceid="+e.CEID) || !utf8.ValidString(f.URL) {
				t.Errorf("feed %v %s", err, f.URL)
			}
		})
	}
	for _, l := range []string{"en", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "uk", "tr", "ar", "fa", "ur", "hi", "bn", "id", "vi", "ja", "ko", "zh",
		"cs", "sk", "sl", "hu", "ro", "bg", "sr", "hr", "el", "sv", "no", "da", "fi", "lv", "lt", "he", "th", "ms", "sw",
		"mr", "pa", "gu", "ta", "te", "kn", "ml"} {
		if !langs[l] {
			t.Errorf("no edition for %s", l)
		}
	}
	if len(langs) < 40 {
		t.Errorf("%d languages, want at least 40", len(langs))
	}
	google := map[string]bool{}
	for _, e := range eds {
		if googleCEIDs[e.CEID] {
			google[e.Lang] = true
		}
	}
	if len(google) < 40 {
		t.Errorf("%d languages in editions Google lists, want at least 40", len(google))
	}
	regions := map[string]bool{}
	for _, e := range eds {
		regions[e.Lang+"-"+e.Region] = true
	}
	for _, r := range seedRegions {
		if !regions[r] {
			t.Errorf("no edition for the seed region %s", r)
		}
	}
	// A fresh copy each call: callers may not change the built-in list.
	eds[0].HL = "changed"
	if Editions()[0].HL == "changed" {
		t.Error("Editions shares its slice")
	}
}
