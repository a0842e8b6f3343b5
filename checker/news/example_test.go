package news_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/downradar/downradar/checker/news"
)

func ExampleGoogleNews() {
	hi := news.Edition{Lang: "hi", Region: "IN", HL: "hi", CEID: "IN:hi"}
	feed, err := news.GoogleNews(hi, []string{"WhatsApp", "व्हाट्सएप"}, []string{"डाउन", "ठप"})
	if errors.Is(err, news.ErrQueryTooLong) {
		return // split the names over two feeds
	}
	fmt.Println(feed.Name)
	fmt.Println(feed.URL)
	// Output:
	// Google News hi-IN
	// https://news.google.com/rss/search?q=%28WhatsApp+OR+%E0%A4%B5%E0%A5%8D%E0%A4%B9%E0%A4%BE%E0%A4%9F%E0%A5%8D%E0%A4%B8%E0%A4%8F%E0%A4%AA%29+%28%E0%A4%A1%E0%A4%BE%E0%A4%89%E0%A4%A8+OR+%E0%A4%A0%E0%A4%AA%29+when%3A1h&hl=hi&gl=IN&ceid=IN:hi
}

// The engine keeps one Poller for the app's life and calls Poll on a timer
// no faster than MinInterval.
func ExamplePoller() {
	var feeds []news.Feed
	for _, e := range news.Editions() { // each language would have its own words
		f, err := news.GoogleNews(e, []string{"WhatsApp", "Instagram", "YouTube"}, []string{"down", "outage"})
		if err != nil {
			log.Fatal(err)
		}
		feeds = append(feeds, f)
	}
	p := &news.Poller{}
	tick := time.NewTicker(news.MinInterval)
	defer tick.Stop()
	for range tick.C {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		items, errs := p.Poll(ctx, feeds)
		cancel()
		for _, e := range errs {
			log.Print(e) // names the feed, its failure count and next try
		}
		for _, it := range items {
			fmt.Println(it.Published.Format(time.RFC3339), it.Lang, it.Source, it.Title)
		}
	}
}
