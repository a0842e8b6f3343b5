package app

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/downradar/downradar/assets"
	"github.com/downradar/downradar/checker/store"
)

// AppID is DownRadar's application id (as in FyneApp.toml).
const AppID = "io.github.downradar"

// Main runs `downradar window [--data-dir DIR] [--incident ID]` and returns
// the exit code once the window is closed.
func Main(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("window", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data-dir", "", "directory of the history database (default "+filepath.Dir(store.DefaultPath())+")")
	incident := fs.Int64("incident", 0, "open this incident's evidence")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	path := store.DefaultPath()
	if *dataDir != "" {
		path = filepath.Join(*dataDir, "history.db")
	}
	st, err := store.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "downradar window: %v\n", err)
		return 1
	}
	defer st.Close()
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	h := NewHistory(a, st)
	if *incident != 0 {
		h.Show(*incident)
	}
	h.Window.ShowAndRun()
	return 0
}
