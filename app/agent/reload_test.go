package agent

import (
	"os"
	"strings"
	"testing"

	"github.com/downradar/downradar/app/control"
)

// A config file caught mid-edit (emptied, its content to come) or deleted
// is not "no config": the running one stays, and the reply says why.
func TestReloadKeepsTheRunningConfigOfAnEmptyOrGoneFile(t *testing.T) {
	r := newRig(t, "")
	good := r.doc("")
	for _, c := range []struct {
		name, want string
		edit       func() error
	}{
		{"emptied", "config: " + r.config + " is empty (still being written?)", func() error { return os.Truncate(r.config, 0) }},
		{"deleted", "config: " + r.config + " is gone", func() error { return os.Remove(r.config) }},
	} {
		if err := c.edit(); err != nil {
			t.Fatal(err)
		}
		rep, err := r.send(control.Request{Op: control.OpReload})
		if err != nil || rep.OK || rep.Error != c.want {
			t.Errorf("%s: reload = %+v %v, want the error %q", c.name, rep, err, c.want)
		}
	}
	if log := r.log.String(); !strings.Contains(log, "config not loaded, the running one stays: config: "+r.config+" is gone") || strings.Contains(log, "config reloaded") {
		t.Errorf("log:\n%s", log)
	}
	// The content, later.
	r.write(good)
	if rep, err := r.send(control.Request{Op: control.OpReload}); err != nil || !rep.OK {
		t.Fatalf("reload of the content: %+v %v", rep, err)
	}
	if !strings.Contains(r.log.String(), "config reloaded: watching 2 services") {
		t.Errorf("log:\n%s", r.log.String())
	}
}
