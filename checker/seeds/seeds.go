// Package seeds holds real news articles about the outages DownRadar must
// catch, kept verbatim (see README.md): Instagram gone at midnight (Arabic),
// uploads failing on Facebook, WhatsApp and Instagram in 2019 (Hindi),
// WhatsApp Web logins failing in 2025 (Bengali), Meta's apps down (French),
// WhatsApp down worldwide and the 2021 six-hour outage recalled (Italian).
//
// They are copies of ../shared/seeds (beside the repository, not in it).
// The tests check them against the checksums of SHA256SUMS, kept here; the
// comparison with the originals runs only when asked (-tags sharedseeds,
// see shared_test.go). Tests and the demo use them as news items: a title
// and a lead, as a feed would carry them.
package seeds

import (
	"embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

//go:embed *.txt
var files embed.FS

// Article is one seed article.
type Article struct {
	File     string   // e.g. "002_752b1446d14642c0.txt"
	Lang     string   // ISO 639-1
	Text     string   // the whole article
	Title    string   // its first line
	Lead     string   // its first paragraph after the title of at least 100 characters
	Services []string // catalog ids of the services it reports down, sorted
}

// known says what each seed reports, as read by a person (README.md).
var known = map[string]struct {
	lang     string
	services []string
}{
	"000_3c4682da72bf67a2.txt": {"ar", []string{"instagram"}},
	"001_ca3388c829251f0e.txt": {"hi", []string{"facebook", "instagram", "whatsapp", "x"}},
	"002_752b1446d14642c0.txt": {"bn", []string{"whatsapp"}},
	"003_3289ecd5ab00162a.txt": {"fr", []string{"facebook", "instagram", "messenger", "whatsapp"}},
	"004_d6a0034ce0fa6478.txt": {"it", []string{"whatsapp"}},
}

// All returns the seed articles in file order.
func All() ([]Article, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, fmt.Errorf("seeds: %w", err)
	}
	var out []Article
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, fmt.Errorf("seeds: %w", err)
		}
		k, ok := known[e.Name()]
		if !ok {
			return nil, fmt.Errorf("seeds: %s: not described in seeds.go", e.Name())
		}
		a := Article{File: e.Name(), Lang: k.lang, Text: string(b), Services: k.services}
		a.Title, a.Lead = titleAndLead(a.Text)
		out = append(out, a)
	}
	return out, nil
}

// titleAndLead splits an article as a feed would show it.
func titleAndLead(text string) (title, lead string) {
	var paras []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	if len(paras) == 0 {
		return "", ""
	}
	title = paras[0]
	for _, p := range paras[1:] {
		if p != title && utf8.RuneCountInString(p) >= 100 {
			return title, p
		}
	}
	return title, ""
}
