package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The heap policy of a run. Nearly all a run allocates until the analysis
// ends stays live until then, so collections while it reads mark the same
// growing heap again and again for nothing. While a run reads and
// analyses, collectLater therefore turns the collector's proportional
// pacing off and lets a memory limit alone decide when to collect. That
// limit is never a fixed number the books must fit under: after every
// collection it is set to heapHeadroom times the live heap the collection
// measured, and never below the floor main sets (softMemoryLimit). Below
// the floor, a run does not collect at all; above it, the heap grows by a
// fixed share of what it holds between collections, as GOGC would pace
// it, so a book bigger than the floor costs collections in proportion to
// its size instead of collections back to back (the cliff a fixed limit
// makes once the live heap nears it).
//
// A GOMEMLIMIT the user sets is theirs: the policy is then off and the
// collector runs as Go's defaults and that limit say.

// heapHeadroom is how far the heap may grow past the live heap before the
// next collection, as a multiple of the live heap: 1.25 is GOGC=25, which
// marks about five times the final live heap over a run that builds it
// up, and peaks at a quarter above it. 1.5 (GOGC=50) marked less but
// peaked higher, for no gain in time: on the 1M CSV sample (5.5M rows,
// `/usr/bin/time -v clientscore run`, two interleaved pairs) 17.7–21.7 s
// and 1,068–1,074 MiB at 1.5 against 18.2–19.6 s and 952–986 MiB at
// 1.25; on the 3M sample 74.3 s and 3,243 MiB against 64.3 s and
// 2,947 MiB (the bigger heap cost more in page faults than the extra
// marking did).
const heapHeadroom = 1.25

// memoryFloor is the limit below which a run does not collect while it
// reads; 0 while the policy is off.
var memoryFloor int64

// adaptHeap turns the policy on, with a memory limit that starts at
// floor and, after every collection, is set to heapHeadroom times the
// live heap it measured, never below floor. It lasts until stop is
// called (main never does).
func adaptHeap(floor int64) (stop func()) {
	gen := heapGen.Add(1)
	memoryFloor = floor
	debug.SetMemoryLimit(floor)
	watchCollections(gen, floor)
	return func() {
		heapGen.Add(1)
		memoryFloor = 0
	}
}

// heapGen counts adaptHeap's calls and stops: a watcher of an older
// generation stops at its next collection.
var heapGen atomic.Uint64

// watchCollections sets the memory limit after each collection: a
// cleanup of an object nothing holds runs after the collection that finds
// it unreachable, and arms the next.
func watchCollections(gen uint64, floor int64) {
	runtime.AddCleanup(&sentinel{}, func(gen uint64) {
		if heapGen.Load() != gen {
			return
		}
		debug.SetMemoryLimit(adaptedLimit(liveHeap(), floor))
		watchCollections(gen, floor)
	}, gen)
}

// collectLater turns the collector's proportional pacing off for the
// reading and analysis of a run, when the policy is on, and returns the
// function that turns it back on: until then only the adaptive limit
// starts a collection. Runs that overlap (tests) share one pause: the
// last to finish ends it.
func collectLater() (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if memoryFloor <= 0 {
		return func() {}
	}
	if gcPause.runs == 0 {
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

// sentinel is an object whose cleanup tells that a collection ran; it
// holds a pointer so that it is not batched with other small objects.
type sentinel struct {
	_ *int
	_ [8]byte
}

// adaptedLimit is the memory limit for a live heap of live bytes: room to
// grow by heapHeadroom times it, and never below floor.
func adaptedLimit(live uint64, floor int64) int64 {
	l := float64(live) * heapHeadroom
	if l >= math.MaxInt64 {
		return math.MaxInt64
	}
	return max(floor, int64(l))
}

// liveHeap is the live heap the last collection measured, in bytes.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
