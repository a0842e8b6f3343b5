// Command split places the classifier's corpus items in their parts by
// corpus.Split: run it after adding items to testdata/corpus/incoming/
// (from checker/classify: go run ../internal/corpus/split). It prints how
// many items each part holds, never their text.
package main

import (
	"flag"
	"fmt"
	"log"
	"path/filepath"

	"github.com/downradar/downradar/checker/internal/corpus"
)

func main() {
	testdata := flag.String("testdata", "testdata", "the classifier's testdata directory")
	flag.Parse()
	set, err := corpus.Load(*testdata)
	if err != nil {
		log.Fatal(err)
	}
	parts := corpus.Split(set.Corpus(), set.OtherSites())
	for _, p := range []string{corpus.Tuning, corpus.Sealed, corpus.Excluded, corpus.Incoming} {
		if err := corpus.WriteDir(filepath.Join(*testdata, "corpus", p), parts[p]); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d items\n", p, len(parts[p]))
	}
}
