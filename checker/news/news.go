// Package news is the fetching side of DownRadar's news radar. It polls
// RSS, Atom and JSON feeds (mostly Google News searches, one per language)
// and returns the items it has not returned before, as plain text, newest
// first. Whether an item reports an outage is decided elsewhere
// (checker/classify); this package only fetches, cleans and deduplicates.
//
// Parse turns one feed document into Items; a Poller fetches many feeds
// politely (conditional GETs, bounded size, backoff on failure) and keeps
// the seen-set that makes each story come back once; GoogleNews and
// Editions build the search feeds.
package news

import (
	"fmt"
	"time"
)

// Feed is one feed to poll.
type Feed struct {
	URL    string
	Lang   string // ISO 639-1 of its items, "" = unknown
	Region string // e.g. "IN", "" = any
	Name   string // for logs and evidence, e.g. "Google News hi-IN"
}

// Item is one entry of a feed, cleaned to plain text.
type Item struct {
	Feed         string // Feed.URL it came from
	Lang, Region string // from the Feed (Lang falls back to the document's own language)
	ID           string // GUID, else link
	Link         string // absolute http(s) link, "" when the feed gave none usable
	// Title is plain text: HTML tags stripped, entities decoded, whitespace
	// collapsed, capped at 1,000 runes; for Google News the trailing
	// " - <Publisher>" is moved into Source.
	Title     string
	Summary   string    // plain text, capped at 1,000 runes
	Source    string    // publisher name when the feed gives it
	Published time.Time // Published, else Updated, else the time it was first seen; never after that time
}

// FeedError is the failure of one feed in one Poll.
type FeedError struct {
	Feed     string    // Feed.URL
	Err      error     // what went wrong; it names the feed
	Failures int       // consecutive failures so far, this one included
	Retry    time.Time // the feed is not fetched again before this; zero = next Poll
}

func (e *FeedError) Error() string {
	if e.Retry.IsZero() {
		return fmt.Sprintf("news: %v (failures: %d)", e.Err, e.Failures)
	}
	return fmt.Sprintf("news: %v (failures: %d, next try %s)", e.Err, e.Failures, e.Retry.Format(time.RFC3339))
}

// Unwrap returns the underlying error.
func (e *FeedError) Unwrap() error { return e.Err }
