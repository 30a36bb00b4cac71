//go:build !unix

package main

import (
	"os"
	"os/exec"
)

func ownProcessGroup(*exec.Cmd) {}

// stopSignals is empty: without Unix signals a run that has to stop is
// killed.
var stopSignals []os.Signal
