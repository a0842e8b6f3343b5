package radar

import (
	"unicode"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/config"
	"github.com/downradar/downradar/checker/news"
)

// scripts are the writing systems of the lexicon's languages, besides
// Latin, which every search includes (headlines everywhere write
// "WhatsApp"): a language's search holds the watched services' names in
// these scripts. Serbian is written in both Cyrillic and Latin.
var scripts = map[string][]*unicode.RangeTable{
	"ar": {unicode.Arabic}, "fa": {unicode.Arabic}, "ur": {unicode.Arabic},
	"hi": {unicode.Devanagari}, "mr": {unicode.Devanagari}, "ne": {unicode.Devanagari},
	"bn": {unicode.Bengali}, "pa": {unicode.Gurmukhi}, "gu": {unicode.Gujarati},
	"ta": {unicode.Tamil}, "te": {unicode.Telugu}, "kn": {unicode.Kannada}, "ml": {unicode.Malayalam},
	"ru": {unicode.Cyrillic}, "uk": {unicode.Cyrillic}, "bg": {unicode.Cyrillic}, "sr": {unicode.Cyrillic},
	"kk": {unicode.Cyrillic},
	"el": {unicode.Greek}, "he": {unicode.Hebrew}, "ka": {unicode.Georgian}, "hy": {unicode.Armenian},
	"am": {unicode.Ethiopic}, "th": {unicode.Thai}, "km": {unicode.Khmer}, "my": {unicode.Myanmar},
	"ja": {unicode.Katakana, unicode.Hiragana, unicode.Han},
	"ko": {unicode.Hangul}, "zh": {unicode.Han},
}

// Feeds are the feeds the radar reads for a config: the built-in news
// searches (one Google News search per edition, split when its query would
// be too long), unless turned off, then the user's own.
func Feeds(cfg *config.Config, cls *classify.Classifier, logf func(string, ...any)) []news.Feed {
	var out []news.Feed
	if cfg.News.Builtin {
		for _, e := range news.Editions() {
			names := editionNames(cfg, cls, e.Lang)
			words := cls.Words(e.Lang)
			if len(names) == 0 || len(words) == 0 {
				continue
			}
			out = append(out, searches(e, names, words, logf)...)
		}
	}
	return append(out, cfg.News.Feeds...)
}

// searches builds an edition's feeds, halving the names until each query fits.
func searches(e news.Edition, names, words []string, logf func(string, ...any)) []news.Feed {
	f, err := news.GoogleNews(e, names, words)
	if err == nil {
		return []news.Feed{f}
	}
	if len(names) == 1 {
		logf("news search for %s: %v", e.HL, err)
		return nil
	}
	half := len(names) / 2
	return append(searches(e, names[:half], words, logf), searches(e, names[half:], words, logf)...)
}

// editionNames are the watched services' names to search for in a language:
// each service's first (Latin) name, and its names in the language's script.
func editionNames(cfg *config.Config, cls *classify.Classifier, lang string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, s := range cfg.Watched() {
		all := cls.Names(s.ID)
		if len(all) == 0 {
			add(s.Name) // not in the lexicon: its own name
			continue
		}
		add(all[0])
		for _, n := range all[1:] {
			if inScript(n, scripts[lang]) {
				add(n)
			}
		}
	}
	return out
}

func inScript(s string, tables []*unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return len(tables) > 0 && unicode.In(r, tables...)
		}
	}
	return false
}
