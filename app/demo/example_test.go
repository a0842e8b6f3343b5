package demo_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/downradar/downradar/app/demo"
	"github.com/downradar/downradar/checker/config"
)

// What `downradar demo` does before its agent starts: stand the lab up on
// the built-in catalog, write its config and CA, trust that CA alone, load
// the config as the agent would (then Tune it), and play the demo while the
// agent runs. (Compiled, not run: it takes three minutes.)
func Example() {
	l, err := demo.Start(config.Default(), demo.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	files, err := l.WriteFiles(os.TempDir() + "/downradar-demo")
	if err != nil {
		log.Fatal(err)
	}
	// Before anything verifies a certificate: Go reads SSL_CERT_FILE once.
	for _, kv := range files.Env() {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	cfg, err := config.Load(files.Config, true)
	if err != nil {
		log.Fatal(err)
	}
	l.Tune(cfg) // the agent must do this after each (re)load of the file
	_ = cfg     // ... start the agent on cfg, with --data-dir a scratch directory ...

	sc := demo.Demo()
	played, err := sc.Script.Play(context.Background(), l, 1, demo.Hooks{After: func(s demo.Step, _ demo.Span) {
		fmt.Println(s.Say) // narrate
	}})
	if err != nil {
		log.Fatal(err)
	}
	_ = played // when each step ran, on the lab's clock
}
