package agent

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"time"

	"github.com/downradar/downradar/checker/cli"
	"github.com/downradar/downradar/checker/control"
)

// launcher shows requests in the window process, starting it when none runs.
type launcher struct {
	exe   string
	sock  string // the window process's control socket
	flags cli.Flags
	logf  func(string, ...any)
	out   io.Writer
}

// open passes req to the running window process, or starts one with it.
func (l *launcher) open(req control.Request) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if rep, err := control.Send(ctx, l.sock, req); err == nil {
		if !rep.OK {
			return fmt.Errorf("the window refused %s: %s", req.Op, rep.Error)
		}
		return nil
	}
	cmd := exec.Command(l.exe, WindowArgs(l.flags, req)...)
	cmd.Stdout, cmd.Stderr = l.out, l.out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s window: %w", l.exe, err)
	}
	go func() {
		if err := cmd.Wait(); err != nil {
			l.logf("the window process ended: %v", err)
		}
	}()
	return nil
}

// WindowArgs are the arguments that start the window process on req.
func WindowArgs(f cli.Flags, req control.Request) []string {
	args := []string{"window"}
	if f.Config != "" {
		args = append(args, "--config", f.Config)
	}
	if f.DataDir != "" {
		args = append(args, "--data-dir", f.DataDir)
	}
	switch req.Op {
	case control.OpIncident:
		args = append(args, "--incident", strconv.FormatInt(req.Incident, 10))
	case control.OpSettings:
		args = append(args, "--settings")
	}
	return args
}
