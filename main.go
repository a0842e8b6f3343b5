// Command downradar watches the online services you depend on and tells you,
// at a glance, whether they work, and when one does not, which part broke,
// since when, and whether it is them or you.
//
// One binary, two processes: `downradar` is the resident agent (engine,
// tray icon on fyne.io/systray, notifications; no GL, small while idle), and
// `downradar window` is the Fyne window process (history, settings) that
// the agent starts on demand and that exits when its windows close.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/downradar/downradar/app/agent"
	"github.com/downradar/downradar/app/cli"
	_ "github.com/downradar/downradar/app/locale" // before Fyne's lang: no noise in the C locale
	"github.com/downradar/downradar/app/version"
	"github.com/downradar/downradar/app/window"
)

func main() {
	// No memory profiling: its bucket table alone is over 1 MB resident,
	// a twentieth of the idle agent's budget.
	runtime.MemProfileRate = 0
	args := os.Args[1:]
	if len(args) > 0 && (args[0] == "version" || args[0] == "--version") {
		fmt.Println("downradar " + version.String())
		os.Exit(0)
	}
	if len(args) > 0 && args[0] == "window" {
		os.Exit(window.Main(args[1:], os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var code int
	switch {
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		code = agent.Main(ctx, args, os.Stderr)
	case args[0] == "demo":
		code = agent.Demo(ctx, args[1:], os.Stderr)
	default:
		code = cli.Main(ctx, args, os.Stdin, os.Stdout, os.Stderr)
	}
	stop()
	os.Exit(code)
}
