// Package longtest says whether the long tests run: those that take
// seconds under the race detector (zip bombs that must inflate past their
// bound, randomised checks at full size, processes under signals, samples
// written and read whole). They run when CLIENTSCORE_LONG=1, as CI's
// second test step sets it, so that the everyday go test -race ./...
// stays quick from a cold cache.
package longtest

import (
	"os"
	"testing"
)

// Env is the environment variable that turns the long tests on.
const Env = "CLIENTSCORE_LONG"

// On reports whether the long tests run: Env is 1 and -short is not set.
func On() bool {
	return os.Getenv(Env) == "1" && !testing.Short()
}

// Skip skips t unless the long tests run, saying what makes it long.
func Skip(t testing.TB, why string) {
	t.Helper()
	if !On() {
		t.Skipf("a long test (%s): %s=1 runs it", why, Env)
	}
}
