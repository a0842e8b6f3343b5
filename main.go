// Command downradar watches the online services you depend on and tells you,
// at a glance, whether they work, and when one does not, which part broke,
// since when, and whether it is them or you.
//
// One binary, two processes: `downradar` is the resident agent (engine,
// history, and soon the tray and notifications; no GUI toolkit loaded), and
// `downradar window` is the Fyne window process that shows the history.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/downradar/downradar/app"
	"github.com/downradar/downradar/checker/cli"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "window" {
		os.Exit(app.Main(os.Args[2:], os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
