//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
)

// ownProcessGroup puts a run in a process group of its own, so that the
// Ctrl-C a terminal sends to the worker's group reaches the worker only:
// the worker decides when the run stops.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// stopSignals are sent in turn to a run that has to stop, before SIGKILL.
var stopSignals = []os.Signal{syscall.SIGTERM, syscall.SIGQUIT}
