// Package testexit ends a test binary without the race detector's wait.
//
// A program built with -race that exits with status 0 while goroutines
// other than main still exist (the runtime's own always do) first sleeps
// for GORACE's atexit_sleep_ms, a second by default, so that late race
// reports can still be printed. A test binary need not wait: testing counts
// the races reported during each test and fails the run for one reported
// outside any test too (M.Run returns non-zero), so by the time M.Run
// returns every race the tests could cause has been counted. The nine test
// binaries that end through Main or Exit, each waiting a second, cost a
// cold go test -race ./... about ten seconds on two cores. GORACE can turn
// the wait off only from the environment, which go test's caller owns;
// Exit is the in-binary way.
package testexit

import (
	"os"
	"syscall"
	"testing"
)

// Main runs the tests and exits with their status (see Exit).
func Main(m *testing.M) {
	Exit(m.Run())
}

// Exit ends the test binary with code. With the race detector on, status
// 0 and no coverage being written, it exits at once, skipping the
// detector's wait; otherwise it is os.Exit.
func Exit(code int) {
	if raceEnabled && code == 0 && testing.CoverMode() == "" {
		syscall.Exit(0)
	}
	os.Exit(code)
}
