package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockName is the lock file every run takes in the report folder, so two
// runs (a cron job and a hand run, two schedulers) never write the same
// scorecard at once.
const lockName = ".clientscore.lock"

// errLocked is returned when another process holds the lock.
var errLocked = errors.New("locked")

// runLock is a held lock file.
type runLock struct {
	f    *os.File
	path string
}

// acquireLock takes the lock file in dir, waiting up to wait for another
// run to finish. The file says who holds it; when wait runs out the error
// names the holder.
func acquireLock(dir string, wait time.Duration) (*runLock, error) {
	path := filepath.Join(dir, lockName)
	deadline := time.Now().Add(wait)
	for {
		l, err := tryLock(path)
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("lock file %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			holder, _ := os.ReadFile(path)
			who := strings.TrimSpace(string(holder))
			if who == "" {
				who = "another process"
			}
			return nil, fmt.Errorf("another clientscore run holds %s (%s); it is still running, try again when it has finished", path, who)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// holderLine says who holds the lock, for the next process to read.
func holderLine() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("pid %d on %s since %s\n", os.Getpid(), host, time.Now().Format(time.RFC3339))
}
