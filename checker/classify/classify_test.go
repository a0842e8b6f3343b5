package classify

import (
	"slices"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/seeds"
)

// Every seed article, read as a feed item (title and lead), is an outage of
// the services it reports.
func TestSeeds(t *testing.T) {
	c := mustNew(t)
	all, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		got := c.Classify(a.Title + "\n" + a.Lead)
		if !got.Outage || !slices.Equal(got.Services, a.Services) {
			t.Errorf("%s (%s): %+v, want an outage of %v", a.File, a.Lang, got, a.Services)
		}
	}
}

func TestClassify(t *testing.T) {
	c := mustNew(t)
	for _, tc := range []struct {
		text      string
		outage    bool
		services  []string
		recovered bool
	}{
		// Reports.
		{"WhatsApp down: users unable to send messages", true, []string{"whatsapp"}, false},
		{"Instagram, Facebook hit by global outage", true, []string{"facebook", "instagram"}, false},
		{"#WhatsAppDown trends as the app stops working", true, []string{"whatsapp"}, false},
		{"WhatsApp is back up after a two-hour outage", true, []string{"whatsapp"}, true},
		{"Google's YouTube is down for thousands", true, []string{"youtube"}, false}, // the owner named beside its app did not fail
		{"Amazon Web Services outage takes down Snapchat", true, []string{"aws", "snapchat"}, false},
		{"Awaria Facebooka i Messengera", true, []string{"facebook", "messenger"}, false},
		{"YouTubeで障害が発生", true, []string{"youtube"}, false},
		{"وتوقف تطبيق واتساب عن العمل", true, []string{"whatsapp"}, false},
		// Traps.
		{"Meta shares down 5% after earnings", false, nil, false},
		{"X users report a power outage in Madrid", false, nil, false},
		{"WhatsApp bans 2 million accounts in India", false, nil, false},
		{"Turkey blocks Instagram: users cannot access the app", false, nil, false},
		{"Russia throttles YouTube; videos not loading for millions", false, nil, false},
		{"How to check if WhatsApp is down", false, nil, false},
		{"WhatsApp launches a new feature for groups", false, nil, false},
		{"Meta fined €1.2bn over Facebook data transfers", false, nil, false},
		{"Twitter CEO steps down", false, nil, false},
		{"Netflix stock down 8% on subscriber outage fears", false, nil, false},
		{"Download the new WhatsApp update", false, nil, false},
		// No service, or no report.
		{"The internet is down in my street", false, nil, false},
		{"WhatsApp adds stickers", false, nil, false},
		{"", false, nil, false},
	} {
		got := c.Classify(tc.text)
		want := tc.services
		if want == nil {
			want = []string{}
		}
		if got.Outage != tc.outage || !slices.Equal(got.Services, want) || got.Recovered != tc.recovered {
			t.Errorf("%q: %+v, want outage %v services %v recovered %v", tc.text, got, tc.outage, want, tc.recovered)
		}
	}
}

// The verdict explains itself: the terms it matched, in text order, and a
// score on the right side of one half.
func TestClassifyExplains(t *testing.T) {
	c := mustNew(t)
	got := c.Classify("واتساب down in Cairo; Meta shares up")
	if want := []string{"واتساب", "down", "shares"}; !slices.Equal(got.Matched, want) {
		t.Errorf("matched %q, want %q", got.Matched, want)
	}
	if got.Outage || got.Score >= 0.5 {
		t.Errorf("shares outweigh a single outage word: %+v", got)
	}
	got = c.Classify("WhatsApp down")
	if !got.Outage || got.Score <= 0.5 || got.Score > 1 {
		t.Errorf("%+v", got)
	}
	if got.Services == nil || c.Classify("nothing").Services == nil || c.Classify("nothing").Matched == nil {
		t.Error("Services and Matched must be empty lists, not null, in JSON")
	}
}

// Case-sensitive names: "X" the platform, not the letter x.
func TestExactNames(t *testing.T) {
	c := mustNew(t)
	if got := c.Classify("X is down for thousands of users"); !slices.Equal(got.Services, []string{"x"}) {
		t.Errorf("X: %+v", got)
	}
	if got := c.Classify("the x is down"); got.Outage {
		t.Errorf("x: %+v", got)
	}
	if got := c.Classify("Xbox Live is down"); !slices.Equal(got.Services, []string{"xbox"}) {
		t.Errorf("Xbox: %+v", got)
	}
}

func TestNormalisation(t *testing.T) {
	c := mustNew(t)
	for _, s := range []string{
		"ＷｈａｔｓＡｐｐ ｄｏｗｎ",       // full-width (NFKC)
		"WHATSAPP DOWN",       // case
		"What\u00adsApp down", // soft hyphen
		"واتسـاب لا يعمل",     // tatweel
		"WhatsApp\xff down",   // invalid UTF-8 after the name: a boundary
	} {
		if got := c.Classify(s); !got.Outage || !slices.Equal(got.Services, []string{"whatsapp"}) {
			t.Errorf("%q: %+v", s, got)
		}
	}
}

// TestIndicSpellings: Indic spellings of one name that differ in vowel
// length, ai/au, candra vowels, nukta or a Malayalam chillu are one name
// (the catalog lists "ટ્વિટર" and "ട്വിറ്റർ"; headlines also write these).
func TestIndicSpellings(t *testing.T) {
	c := mustNew(t)
	for _, tc := range []struct{ text, service string }{
		{"સોશિયલ નેટવર્કિંગ સાઈટ ટ્વીટરનું સર્વર ડાઉન થઇ ગયું છે.", "x"}, // ી for િ
		{"ലണ്ടന്- ട്വിറ്റര് പണിമുടക്കി.", "x"},                           // ര് for ർ
		{"यूट्यूब डाउन", "youtube"},
		{"युट्यूब डाउन", "youtube"}, // ु for ू
	} {
		if got := c.Classify(tc.text); !got.Outage || !slices.Equal(got.Services, []string{tc.service}) {
			t.Errorf("%q: %+v, want an outage of %s", tc.text, got, tc.service)
		}
	}
	for _, tc := range []struct{ a, b string }{
		{"ट्वीटर", "ट्विटर"}, {"व्हॉट्सऐप", "व्होट्सएप"}, {"ফেসবুকে", "ফেসবুকে"}, {"ಟ್ವೀಟರ್", "ಟ್ವಿಟರ್"},
		{"ൻ", "ന്"}, {"फ़ेसबुक", "फेसबुक"},
	} {
		var x, y text
		prepare(tc.a, &x)
		prepare(tc.b, &y)
		if string(x.fold) != string(y.fold) || len(x.orig) != len(x.fold) {
			t.Errorf("%q folds to %q, %q to %q: want one", tc.a, string(x.fold), tc.b, string(y.fold))
		}
	}
}

func TestLanguages(t *testing.T) {
	c := mustNew(t)
	langs := c.Languages()
	for _, want := range strings.Fields("ar hi bn fr it en es pt de tr ru uk ja ko zh id vi pl nl fa ur") {
		if !slices.Contains(langs, want) {
			t.Errorf("the lexicon has no %s", want)
		}
	}
}

func TestNamesAndWords(t *testing.T) {
	c := mustNew(t)
	if n := c.Names("whatsapp"); len(n) < 10 || n[0] != "whatsapp" || !slices.Contains(n, "व्हाट्सएप") {
		t.Errorf("names %q", n)
	}
	if n := c.Names("x"); !slices.Contains(n, "X") || slices.ContainsFunc(n, func(s string) bool { return strings.HasPrefix(s, "=") }) {
		t.Errorf("exact names come without their =: %q", n)
	}
	if w := c.Words("de"); len(w) == 0 || w[0] != "störung" {
		t.Errorf("words come without their *: %q", w)
	}
	if c.Names("nope") != nil || c.Words("xx") != nil {
		t.Error("unknown id or language")
	}
	if ids := c.Services(); len(ids) < 40 || !slices.IsSorted(ids) {
		t.Errorf("%d services", len(ids))
	}
}

func TestConcurrent(t *testing.T) {
	c := mustNew(t)
	done := make(chan bool)
	for range 8 {
		go func() {
			for range 200 {
				if !c.Classify("Instagram down").Outage || c.Classify("Meta shares down").Outage {
					done <- false
					return
				}
			}
			done <- true
		}()
	}
	for range 8 {
		if !<-done {
			t.Fatal("a concurrent Classify went wrong")
		}
	}
}

// Names: Hebrew's joined prefixes, a longer name over a shorter one with a
// case ending, the Indic scripts' spellings.
func TestNamesInContext(t *testing.T) {
	c := mustNew(t)
	for _, tc := range []struct {
		text string
		want []string // the services named, whatever the verdict
	}{
		{"תקלה בוואטסאפ: משתמשים לא מצליחים לשלוח הודעות", []string{"whatsapp"}},
		{"ובפייסבוק", []string{"facebook"}},
		{"מפייסבוק", []string{"facebook"}},
		{"אבגדפייסבוק", nil}, // not prefixes
		{"InstaPay down in Egypt", []string{"instapay"}},
		{"Instagramissa on häiriö", []string{"instagram"}},
		{"વોટ્સએપ ડાઉન", []string{"whatsapp"}},
		{"வாட்ஸ்அப்பில் கோளாறு", []string{"whatsapp"}},
		{"ยูทูบล่ม", []string{"youtube"}},
	} {
		sc := newScratch()
		_, lex := c.analyze(tc.text, sc)
		got := slices.Clone(lex.services)
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q names %v, want %v", tc.text, got, tc.want)
		}
	}
}

// Named has the mention model's belief for each service of the verdict,
// in its order: above one half for the services a report says failed, in
// [0, 1]; empty when the text is no outage report.
func TestNamed(t *testing.T) {
	c := mustNew(t)
	for _, text := range []string{
		"WhatsApp down for thousands of users",
		"Facebook, Instagram and WhatsApp went down worldwide on Monday",
		"واتساب لا يعمل: عطل يضرب التطبيق",
		"Meta shares down 5% after earnings",
	} {
		res := c.Classify(text)
		if len(res.Named) != len(res.Services) {
			t.Errorf("%q: %d beliefs for services %v", text, len(res.Named), res.Services)
			continue
		}
		for i, p := range res.Named {
			if p < 0 || p > 1 || len(res.Services) > 1 && p < 0.5 {
				t.Errorf("%q: %s named with belief %v", text, res.Services[i], p)
			}
		}
		if res.Outage != (len(res.Named) > 0) {
			t.Errorf("%q: outage %v with beliefs %v", text, res.Outage, res.Named)
		}
	}
}
