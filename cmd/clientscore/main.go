// Command clientscore reads a firm's accounting, billing and helpdesk
// exports and writes an XLSX scorecard that flags the clients who cost
// more than they bring. See `clientscore help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // timezones work on machines without a zoneinfo database
)

// softMemoryLimit is the heap size below which a run does not collect
// while it reads its books (see gc.go): a book that fits under it is read
// with no collection at all; a bigger one is collected in proportion to
// its size. GOMEMLIMIT, when set, replaces the policy with Go's own.
const softMemoryLimit = 900 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		adaptHeap(softMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
