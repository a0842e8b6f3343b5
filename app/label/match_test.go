package label

import "testing"

// Match reads the names the config and the environment give for a
// language and finds its catalog, English when there is none.
func TestMatch(t *testing.T) {
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"hi", "hi", true},
		{"hi_IN.UTF-8", "hi", true},
		{"fr_BE.UTF-8", "fr", true},
		{"fr-CA", "fr", true},
		{"it_IT@euro", "it", true},
		{"ar_EG.UTF-8", "ar", true},
		{"bn_BD.UTF-8", "bn", true},
		{"bn-IN", "bn", true},
		{"en_GB.UTF-8", "en", true},
		{"xx_YY:fr_BE:fr", "fr", true}, // LANGUAGE: the first one DownRadar has
		{"ar_XX.UTF-8", "ar", true},    // an unknown region: the language alone
		{"sw_KE.UTF-8", "en", false},   // no Swahili catalog
		{"C.UTF-8", "en", false},
		{"POSIX", "en", false},
		{"", "en", false},
		{"not a language", "en", false},
	} {
		tag, ok := Match(c.name)
		if tag.String() != c.want || ok != c.ok {
			t.Errorf("Match(%q) = %s, %v; want %s, %v", c.name, tag, ok, c.want, c.ok)
		}
	}
}

// A language's words: its digits, and its plural forms picked by number.
func TestWordsOfALanguage(t *testing.T) {
	ar := New("ar_EG.UTF-8")
	if got := ar.Number(1234); got != "١٬٢٣٤" {
		t.Errorf("Arabic 1234 = %q", got)
	}
	if got := ar.Digits("14:02"); got != "١٤:٠٢" {
		t.Errorf("Arabic 14:02 = %q", got)
	}
	if got := New("bn").Digits("14:02"); got != "১৪:০২" {
		t.Errorf("Bengali 14:02 = %q", got)
	}
	if got := New("hi").Digits("14:02"); got != "14:02" {
		t.Errorf("Hindi keeps Latin digits in the UI: %q", got)
	}
	if !ar.RTL() || New("fr").RTL() {
		t.Error("RTL")
	}
	// Arabic has six plural forms; 1, 2, 3, 11 and 100 take five of them.
	seen := map[string]bool{}
	for _, n := range []int{1, 2, 3, 11, 100} {
		seen[ar.Count("tray.tip_up", n)] = true
	}
	if len(seen) != 5 {
		t.Errorf("Arabic plurals: %d distinct texts for 1, 2, 3, 11, 100: %v", len(seen), seen)
	}
	fr := New("fr")
	if fr.Count("tray.tip_up", 1) == fr.Count("tray.tip_up", 2) {
		t.Error("French: one and other are the same text")
	}
}

func TestCapitalize(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"en", "you are offline", "You are offline"},
		{"tr", "internet yok", "İnternet yok"},
		{"fr", "écran", "Écran"},
		{"hi", "आप ऑफ़लाइन हैं", "आप ऑफ़लाइन हैं"},
		{"en", "", ""},
	} {
		if got := New(c.lang).Capitalize(c.in); got != c.want {
			t.Errorf("%s: Capitalize(%q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestDesktop(t *testing.T) {
	ar := New("ar")
	if got := ar.Desktop("WhatsApp: خارج الخدمة\nFacebook: يعمل"); got != "\u200fWhatsApp: خارج الخدمة\n\u200fFacebook: يعمل" {
		t.Errorf("Arabic: %q", got)
	}
	if got := New("fr").Desktop("WhatsApp : en panne"); got != "WhatsApp : en panne" {
		t.Errorf("French: %q", got)
	}
	if got := ar.Desktop(""); got != "" {
		t.Errorf("empty: %q", got)
	}
}
