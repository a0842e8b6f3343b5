package locale

import "testing"

func TestCLocale(t *testing.T) {
	for name, want := range map[string]bool{
		"C.UTF-8": true, "C.utf8": true, "POSIX.UTF-8": true, "C@euro": true,
		"C": false, "POSIX": false, "": false, "en_US.UTF-8": false, "hi_IN.UTF-8": false, "Cy_GB.UTF-8": false, ".UTF-8": false,
	} {
		if got := CLocale(name); got != want {
			t.Errorf("CLocale(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestApply(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string // LANGUAGE after
	}{
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"},
		{map[string]string{"LC_MESSAGES": "POSIX.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "ar_EG.UTF-8", "LANG": "C.UTF-8"}, ""},  // LC_ALL decides
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "hi:en"}, "hi:en"}, // the user's choice stays
		{map[string]string{"LANG": "C"}, ""},                                 // Fyne reads plain C right
		{map[string]string{"LANG": "bn_BD.UTF-8"}, ""},
	} {
		env := map[string]string{}
		for k, v := range c.env {
			env[k] = v
		}
		Apply(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
		if env["LANGUAGE"] != c.want {
			t.Errorf("%v: LANGUAGE = %q, want %q", c.env, env["LANGUAGE"], c.want)
		}
	}
}

func TestLanguage(t *testing.T) {
	for _, c := range []struct {
		config string
		env    map[string]string
		want   string
	}{
		{"", map[string]string{"LANG": "hi_IN.UTF-8"}, "hi_IN.UTF-8"},
		{"fr", map[string]string{"LANG": "hi_IN.UTF-8"}, "fr"}, // the config wins
		{"", map[string]string{"LANG": "it_IT.UTF-8", "LANGUAGE": "bn_BD:bn"}, "bn_BD:bn"},
		{"", map[string]string{"LC_ALL": "ar_EG.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8", "LANG": "it_IT.UTF-8"}, "ar_EG.UTF-8"},
		{"", map[string]string{"LC_MESSAGES": "fr_BE.UTF-8", "LANG": "it_IT.UTF-8"}, "fr_BE.UTF-8"},
		{"", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "hi"}, "en"}, // gettext ignores LANGUAGE in the C locale
		{"", map[string]string{"LANG": "POSIX"}, "en"},
		{"", map[string]string{"LANGUAGE": "hi"}, ""}, // no locale at all is C
		{"", map[string]string{}, ""},
	} {
		got := Language(c.config, func(k string) string { return c.env[k] })
		if got != c.want {
			t.Errorf("Language(%q, %v) = %q, want %q", c.config, c.env, got, c.want)
		}
	}
}
