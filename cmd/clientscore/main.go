// Command clientscore reads a firm's accounting, billing and helpdesk
// exports and writes an XLSX scorecard that flags the clients who cost
// more than they bring. See `clientscore help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // timezones work on machines without a zoneinfo database
)

// softMemoryLimit is the heap size the garbage collector works to stay
// under when GOMEMLIMIT is not set: a million-invoice run keeps about
// 700 MB live, and without a limit the heap doubles past it before a
// collection. It is a soft limit; a bigger book still runs, with more
// collecting. GOMEMLIMIT=off (or any size) overrides it.
const softMemoryLimit = 900 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
