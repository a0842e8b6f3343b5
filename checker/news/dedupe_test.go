package news

import (
	"fmt"
	"testing"
	"time"
)

func TestKeyLink(t *testing.T) {
	same := [][]string{
		{
			"https://www.Example.COM/news/whatsapp-down/?utm_source=rss&utm_medium=feed&id=7#comments",
			"http://example.com:80/news/whatsapp-down?id=7&fbclid=abc",
			"HTTPS://example.com:443/news/whatsapp-down?gclid=1&id=7&utm_campaign=x",
		},
		{
			"https://news.google.com/rss/articles/CBMiSWh0dHBzOi8vZXhhbXBsZS5jb20?oc=5",
			"https://news.google.com/articles/CBMiSWh0dHBzOi8vZXhhbXBsZS5jb20?hl=en-US&gl=US&ceid=US:en",
			"https://news.google.com/__i/rss/rd/articles/CBMiSWh0dHBzOi8vZXhhbXBsZS5jb20?oc=5",
			"https://news.google.com/read/CBMiSWh0dHBzOi8vZXhhbXBsZS5jb20",
		},
		{"https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"},
	}
	for _, group := range same {
		want, _ := Key(Item{Link: group[0]})
		if want == "" {
			t.Fatalf("%s: empty key", group[0])
		}
		for _, l := range group[1:] {
			if got, _ := Key(Item{Link: l}); got != want {
				t.Errorf("Key(%s) = %q, want %q", l, got, want)
			}
		}
	}
	different := [][2]string{
		{"https://example.com/a?id=1", "https://example.com/a?id=2"},
		{"https://example.com/a", "https://example.org/a"},
		{"https://example.com:8080/a", "https://example.com/a"},
		{"https://news.google.com/rss/articles/AAA", "https://news.google.com/rss/articles/BBB"},
	}
	for _, d := range different {
		a, _ := Key(Item{Link: d[0]})
		b, _ := Key(Item{Link: d[1]})
		if a == b {
			t.Errorf("%s and %s share key %q", d[0], d[1], a)
		}
	}
	if l, _ := Key(Item{ID: "guid-1"}); l != "id:guid-1" {
		t.Errorf("no link: key %q, want the GUID", l)
	}
	if l, _ := Key(Item{}); l != "" {
		t.Errorf("empty item: key %q", l)
	}
}

func TestKeyTitle(t *testing.T) {
	key := func(title, source string) string { _, k := Key(Item{Title: title, Source: source}); return k }
	want := "whatsapp down for thousands of users"
	for _, c := range [][2]string{
		{"WhatsApp down for thousands of users", ""},
		{"WhatsApp DOWN for thousands of users!", ""},
		{"  WhatsApp — down, for thousands of users…", ""},
		{"WhatsApp down for thousands of users - Reuters", "Reuters"},
		{"WhatsApp down for thousands of users | Reuters", "Reuters"},
	} {
		if got := key(c[0], c[1]); got != want {
			t.Errorf("title key of %q = %q, want %q", c[0], got, want)
		}
	}
	if key("Live", "") != "" || key("Video:", "") != "" {
		t.Error("short titles must not be keys")
	}
	// Non-Latin scripts keep their letters and combining marks.
	if got := key("व्हाट्सएप डाउन, यूजर्स परेशान", ""); got != "व्हाट्सएप डाउन यूजर्स परेशान" {
		t.Errorf("Hindi title key = %q", got)
	}
	if got := key("واتساب متوقف!! في مصر", ""); got != "واتساب متوقف في مصر" {
		t.Errorf("Arabic title key = %q", got)
	}
}

func TestSeenSet(t *testing.T) {
	var s seenSet
	exp := t0.Add(time.Hour)
	if s.check("l1", "t1", exp, false) {
		t.Fatal("new story seen")
	}
	if !s.check("l1", "other title", exp, false) || !s.check("other link", "t1", exp, false) {
		t.Fatal("either key must match")
	}
	// Both keys of a matched item were learnt: "other title" now matches.
	if !s.check("l3", "other title", exp, false) {
		t.Fatal("matched item's new title not remembered")
	}
	if s.check("", "", exp, false) {
		t.Fatal("empty keys match nothing")
	}
	s.prune(t0, 100)
	if s.len() == 0 {
		t.Fatal("pruned before expiry")
	}
	s.prune(exp, 100)
	if s.len() != 0 || len(s.links) != 0 || len(s.titles) != 0 {
		t.Fatalf("after expiry: %d entries, %d links, %d titles", s.len(), len(s.links), len(s.titles))
	}
	if s.check("l1", "t1", exp, false) {
		t.Fatal("expired story still seen")
	}
}

func TestSeenSetBounded(t *testing.T) {
	var s seenSet
	for i := range 10_000 {
		s.check(fmt.Sprint("link", i), fmt.Sprint("a long enough title ", i), t0.Add(time.Hour), false)
		s.prune(t0, 500)
		if s.len() > 500 || len(s.links) > 500 || len(s.titles) > 500 {
			t.Fatalf("after %d: %d entries, %d links, %d titles", i, s.len(), len(s.links), len(s.titles))
		}
	}
	if cap(s.queue) > 4*500 {
		t.Errorf("queue capacity %d grew past the bound", cap(s.queue))
	}
	// The newest are kept, the oldest forgotten.
	if !s.check("link9999", "", t0.Add(time.Hour), false) || s.check("link0", "", t0.Add(time.Hour), false) {
		t.Error("eviction order")
	}
}

func TestSeenSetRefresh(t *testing.T) {
	var s seenSet
	s.check("l", "t", t0.Add(time.Hour), false)
	if !s.check("l", "", t0.Add(2*time.Hour), true) {
		t.Fatal("not seen")
	}
	s.prune(t0.Add(time.Hour), 100)
	if !s.check("l", "", t0.Add(2*time.Hour), false) {
		t.Error("refreshed link forgotten at its first expiry")
	}
	if s.check("", "t", t0.Add(2*time.Hour), false) {
		t.Error("the title, not refreshed, outlived its expiry")
	}
}
