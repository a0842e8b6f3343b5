package classify

import "testing"

// BenchmarkClassify runs the labelled set's texts (headlines and lead
// sentences, 21 languages) through one classifier on one goroutine; the
// docs/performance.md quotes texts per second.
func BenchmarkClassify(b *testing.B) {
	c := mustNew(b)
	items := loadLabelled(b)
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.Text
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Classify(texts[i%len(texts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "headlines/s")
}

// BenchmarkCompile is the cost of loading the built-in lexicon at start.
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
