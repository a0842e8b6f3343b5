package agent

import "github.com/downradar/downradar/app/confwatch"

// The agent notices a hand edit of its config file with confwatch's watch,
// the one `downradar headless` uses too (see confwatch.Follow); loop.go
// selects on its channels itself, beside the tray's.
type configWatch = confwatch.Watch

// settleDelay is how long after the last event of an edit it reloads.
const settleDelay = confwatch.SettleDelay

// newConfigWatch starts watching path. It never fails: without inotify the
// agent polls (Poll says how often).
func newConfigWatch(path string) (*configWatch, error) { return confwatch.New(path) }
