package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version and commit are set at build time with
// -ldflags "-X main.version=1.2.3 -X main.commit=abc1234".
var (
	version = "0.1.0-dev"
	commit  = ""
)

// buildCommit returns the commit this binary was built from: the ldflags
// value, else what the Go toolchain recorded, else "unknown".
func buildCommit() string {
	if commit != "" {
		return commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return s.Value[:12]
			}
		}
	}
	return "unknown"
}

func versionString() string {
	return fmt.Sprintf("clientscore %s (commit %s, %s)", version, buildCommit(), runtime.Version())
}

func cmdVersion(w io.Writer) int {
	fmt.Fprintln(w, versionString())
	return exitOK
}
