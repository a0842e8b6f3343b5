package demo

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/downradar/downradar/checker/seeds"
)

// Story is a news item the lab's feeds can carry: real published text, a
// headline and a lead as a feed gives them.
type Story struct {
	ID       string   `json:"id"`
	Lang     string   `json:"lang"` // ISO 639-1
	Title    string   `json:"title"`
	Summary  string   `json:"summary,omitempty"`
	Source   string   `json:"source"`   // where it was published, or the seed's file
	Services []string `json:"services"` // catalog ids a person reads as down, sorted; none for a trap
	// Recovered: it reports the recovery too (a person reads it so).
	Recovered bool `json:"recovered,omitempty"`
}

// seedRecovered are the seeds that also report the recovery: the Hindi
// one ends with the users relieved on Thursday morning.
var seedRecovered = map[string]bool{"001_ca3388c829251f0e.txt": true}

// Trap reports whether the story only looks like an outage report
// (shares "down", a how-to): the classifier must not count it.
func (s Story) Trap() bool { return len(s.Services) == 0 }

//go:embed stories.json
var storiesJSON []byte

var (
	storiesOnce sync.Once
	stories     []Story
	storiesErr  error
)

// Stories are every story the lab knows: the seed articles (checker/seeds)
// and items of the classifier's labelled set (stories.json).
func Stories() ([]Story, error) {
	storiesOnce.Do(func() { stories, storiesErr = loadStories() })
	return slices.Clone(stories), storiesErr
}

func loadStories() ([]Story, error) {
	all, err := seeds.All()
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	var out []Story
	for _, a := range all {
		out = append(out, Story{
			ID: seedID(a), Lang: a.Lang, Title: a.Title, Summary: a.Lead,
			Source: path.Join("checker/seeds", a.File), Services: a.Services, Recovered: seedRecovered[a.File],
		})
	}
	var doc struct{ Stories []Story }
	if err := json.Unmarshal(storiesJSON, &doc); err != nil {
		return nil, fmt.Errorf("demo: stories.json: %w", err)
	}
	seen := map[string]bool{}
	for _, s := range append(out, doc.Stories...) {
		if s.ID == "" || seen[s.ID] || s.Lang == "" || s.Title == "" {
			return nil, fmt.Errorf("demo: story %q: an id (unique), a language and a title are needed", s.ID)
		}
		seen[s.ID] = true
	}
	return append(out, doc.Stories...), nil
}

// seedID names a seed article by its number and language: "seed-001-hi".
func seedID(a seeds.Article) string {
	n, _, _ := strings.Cut(a.File, "_")
	return "seed-" + n + "-" + a.Lang
}

// story is a known story by id; scenarios name only stories the package
// holds, so a missing one is a bug its tests catch.
func story(id string) Story {
	all, err := Stories()
	if err != nil {
		panic(err)
	}
	for _, s := range all {
		if s.ID == id {
			return s
		}
	}
	panic("demo: no story " + id)
}
