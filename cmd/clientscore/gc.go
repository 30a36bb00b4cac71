package main

import (
	"math"
	"runtime/debug"
	"sync"
)

// collectLater turns the garbage collector's proportional pacing off
// while a run reads and analyses its books, when a memory limit is set,
// and returns the function that turns it back on. Nearly all a run
// allocates until the analysis ends stays live until then (ingest keeps
// no garbage to speak of: 540 of the 540 MB it allocates for a million
// invoices are still held when it is done), so collections in between
// mark the same growing heap again and again for nothing. The memory
// limit still bounds the heap: past it the collector runs whatever the
// setting. Without a limit (GOMEMLIMIT=off) nothing changes. Runs that
// overlap (tests) share one pause: the last to finish ends it.
func collectLater() (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.runs == 0 {
		if debug.SetMemoryLimit(-1) == math.MaxInt64 {
			return func() {}
		}
		gcPause.percent = debug.SetGCPercent(-1)
	}
	gcPause.runs++
	var once sync.Once
	return func() {
		once.Do(func() {
			gcPause.Lock()
			defer gcPause.Unlock()
			if gcPause.runs--; gcPause.runs == 0 {
				debug.SetGCPercent(gcPause.percent)
			}
		})
	}
}

var gcPause struct {
	sync.Mutex
	runs    int // runs between collectLater and resume
	percent int // the setting to go back to
}
