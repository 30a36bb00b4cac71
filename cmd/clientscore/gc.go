package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The heap policy of a run. Nearly all a run allocates until the analysis
// ends stays live until then, so collections while it reads mark the same
// growing heap again and again for nothing. While a run reads and
// analyses, collectLater therefore turns the collector's proportional
// pacing off, and a memory limit, the floor main sets (softMemoryLimit),
// alone decides when to collect: a book that fits under it is read with
// no collection at all. The floor is no limit the books must fit under:
// once a collection finds the live heap past the floor's share
// (floor/heapHeadroom), the limit is lifted and the collector paces the
// heap as GOGC=25 would, for the rest of the run, so a book bigger than
// the floor costs collections in proportion to its size instead of
// collections back to back (the cliff a fixed limit makes once the live
// heap nears it).
//
// The pacing past the floor is GOGC's, not a memory limit kept a
// quarter above the live heap, as it was before, though both collect as
// often: near its limit the runtime returns memory to the system eagerly,
// and the heap faults it back in as it grows. On the 3M-invoice CSV sample
// (16.6M rows; `GODEBUG=scavtrace=1`) that was 2.96 GB returned and taken
// back. Measured one run after another (`/usr/bin/time`, 7 Dec 2026, four
// pairs), with the records on huge pages (ingest/hugepages.go) in both:
// 37.8–42.6 s (median 39.0), 45.3–51.2 s of user and 8.1–9.1 s of system
// time, 0.49–0.51 million page faults and 2,847–2,924 MiB with this
// policy; 41.5–44.8 s (median 41.7), 49.0–50.1 s, 9.8–10.9 s, 0.58–0.67
// million and 2,900–2,953 MiB with the limit (a fifth pair, run while
// the machine stalled, 76.7 s against 67.9 s, is left out). On the 1M
// sample, whose live heap stays under the floor, the same within the
// noise: 11.5–12.5 s against 11.3–15.1 s.
//
// When the analysis ends, the GC percent goes back to what it was before
// the run and one collection measures what the report keeps: the report's
// allocations are mostly garbage, and pacing them at GOGC=25 from the
// books' heap cost the 1M run 1.6–1.9 s of CPU, three runs against its
// parent.
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

// heapPercent is heapHeadroom as a GC percent.
const heapPercent = int((heapHeadroom - 1) * 100)

// heap is the policy's state.
var heap struct {
	sync.Mutex
	gen   uint64 // adaptHeap's calls and stops: a watcher of an older one does nothing
	floor int64  // the memory limit while the live heap is under it; 0 while the policy is off
	// past is set by the collection that found the live heap past
	// floor/heapHeadroom: from then on there is no memory limit and no
	// run pauses the collector. restore is the GC percent to go back to
	// when the run that passed the floor ends, or the policy stops.
	past    bool
	restore int
	runs    int // runs between collectLater and resume
	percent int // the GC percent to go back to when the last of them resumes
}

// adaptHeap turns the policy on with the given floor. It lasts until stop
// is called (main never does).
func adaptHeap(floor int64) (stop func()) {
	heap.Lock()
	defer heap.Unlock()
	heap.gen++
	heap.floor, heap.past = floor, false
	limit := debug.SetMemoryLimit(floor)
	watchCollections(heap.gen)
	return func() {
		heap.Lock()
		defer heap.Unlock()
		heap.gen++
		heap.floor = 0
		if heap.past {
			debug.SetGCPercent(heap.restore)
			heap.past = false
		}
		debug.SetMemoryLimit(limit)
	}
}

// watchCollections looks at the live heap after each collection until
// one finds it past the floor's share: a cleanup of an object nothing
// holds runs after the collection that finds it unreachable, and arms
// the next.
func watchCollections(gen uint64) {
	runtime.AddCleanup(&sentinel{}, func(gen uint64) {
		heap.Lock()
		defer heap.Unlock()
		if heap.gen != gen {
			return
		}
		if !pastFloor(liveHeap(), heap.floor) {
			watchCollections(gen)
			return
		}
		passFloor()
	}, gen)
}

// passFloor lifts the memory limit and has the collector pace the heap
// (heapPercent), whether or not a run has paused it. It is called with
// heap locked.
func passFloor() {
	heap.past = true
	heap.restore = debug.SetGCPercent(heapPercent)
	if heap.runs > 0 {
		heap.restore = heap.percent
	}
	debug.SetMemoryLimit(math.MaxInt64)
}

// collectLater turns the collector's proportional pacing off for the
// reading and analysis of a run, when the policy is on and the live heap
// has not passed the floor's share, and returns the function that turns
// it back on: until then only the floor starts a collection. Runs that
// overlap (tests) share one pause: the last to finish ends it.
func collectLater() (resume func()) {
	heap.Lock()
	defer heap.Unlock()
	if heap.floor <= 0 || heap.past {
		return func() {}
	}
	if heap.runs == 0 {
		heap.percent = debug.SetGCPercent(-1)
	}
	heap.runs++
	var once sync.Once
	return func() { once.Do(endPause) }
}

// endPause ends a run's pause. When the live heap passed the floor's
// share during it, the pacing at heapPercent was for books that stay
// live, and the report's allocations mostly do not: the GC percent goes
// back to what it was before the run, and one collection measures what
// the report keeps, for the collector to pace from.
func endPause() {
	heap.Lock()
	heap.runs--
	last, past := heap.runs == 0, heap.past
	if last {
		percent := heap.percent
		if past {
			percent = heap.restore
		}
		debug.SetGCPercent(percent)
	}
	heap.Unlock()
	if last && past {
		runtime.GC()
	}
}

// sentinel is an object whose cleanup tells that a collection ran; it
// holds a pointer so that it is not batched with other small objects.
type sentinel struct {
	_ *int
	_ [8]byte
}

// pastFloor tells whether a live heap of live bytes, grown by
// heapHeadroom, would pass floor.
func pastFloor(live uint64, floor int64) bool {
	return float64(live)*heapHeadroom > float64(floor)
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
