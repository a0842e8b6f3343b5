// Command gen draws DownRadar's tray icons into assets/tray, and its
// application icon into assets/icon.png and the hicolor theme's tree
// assets/hicolor (every size, and the scalable SVG).
//
// Run it from the repository root with
//
//	go run ./assets/gen
//
// or through go generate (go generate ./assets), which runs it from the
// assets directory. The output is deterministic: the same PNG bytes on
// every run.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/downradar/downradar/assets/internal/iconart"
	"github.com/downradar/downradar/assets/internal/trayart"
)

func main() {
	out := flag.String("o", defaultDir(), "directory to write the PNGs into")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	paths, err := trayart.WriteAll(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: wrote %d icons to %s\n", len(paths), *out)
	app, err := iconart.WriteAll(filepath.Dir(filepath.Clean(*out)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: wrote %d application icons\n", len(app))
}

// defaultDir is "tray" when run from the assets directory (as go generate
// does) and "assets/tray" otherwise (from the repository root).
func defaultDir() string {
	if _, err := os.Stat("tray.go"); err == nil {
		if _, err := os.Stat("gen"); err == nil {
			return "tray"
		}
	}
	return "assets/tray"
}
