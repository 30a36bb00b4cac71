package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// gcPercent reads the GC percent without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// setHeap sets the policy's state for a test and returns the function
// that puts it back.
func setHeap(floor int64, past bool) (undo func()) {
	heap.Lock()
	defer heap.Unlock()
	f, p := heap.floor, heap.past
	heap.floor, heap.past = floor, past
	return func() {
		heap.Lock()
		defer heap.Unlock()
		heap.floor, heap.past = f, p
	}
}

func TestCollectLater(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(73))

	// The policy off (GOMEMLIMIT set): the collector is left alone.
	undo := setHeap(0, false)
	resume := collectLater()
	if got := gcPercent(); got != 73 {
		t.Errorf("with the policy off, GC percent %d during the run, want 73 left alone", got)
	}
	resume()
	undo()

	// On: off during the run; two overlapping runs share the pause,
	// which ends when the last one resumes, and a second resume of the
	// same run does not end another's.
	undo = setHeap(900<<20, false)
	first := collectLater()
	second := collectLater()
	if got := gcPercent(); got != -1 {
		t.Fatalf("GC percent %d during a run, want -1 (off)", got)
	}
	first()
	first()
	if got := gcPercent(); got != -1 {
		t.Errorf("GC percent %d after the first of two runs resumed (twice), want still -1", got)
	}
	second()
	if got := gcPercent(); got != 73 {
		t.Errorf("GC percent %d after both runs, want 73 back", got)
	}
	undo()

	// The live heap passes the floor's share while a run reads: the
	// collector paces the heap at once; when the run resumes, it goes
	// back to the percent before the run, with no limit.
	undo = setHeap(900<<20, false)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(900 << 20))
	resume = collectLater()
	heap.Lock()
	passFloor()
	heap.Unlock()
	if got := gcPercent(); got != heapPercent {
		t.Errorf("past the floor during a run, GC percent %d, want %d", got, heapPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("past the floor during a run, memory limit %d, want none (MaxInt64)", got)
	}
	resume()
	if got := gcPercent(); got != 73 {
		t.Errorf("past the floor, GC percent %d after the run, want 73 back", got)
	}
	// A run that starts past the floor is not paused.
	resume = collectLater()
	if got := gcPercent(); got != 73 {
		t.Errorf("a run past the floor set GC percent %d, want 73 left alone", got)
	}
	resume()
	undo()
}

func TestPastFloor(t *testing.T) {
	t.Parallel()
	const floor = 900 << 20
	tests := []struct {
		name string
		live uint64
		want bool
	}{
		{"nothing live", 0, false},
		{"700 MiB: 875 MiB with its headroom, under the floor", 700 << 20, false},
		{"720 MiB: 900 MiB with its headroom, at the floor", 720 << 20, false},
		{"721 MiB: past it", 721 << 20, true},
		{"3 GiB", 3 << 30, true},
		{"more than an int64 holds", math.MaxUint64, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pastFloor(tt.live, floor); got != tt.want {
				t.Errorf("pastFloor(%d) = %v, want %v", tt.live, got, tt.want)
			}
		})
	}
}

// TestAdaptHeap: with a floor of 1 MiB and 64 MiB held, a collection
// finds the live heap past the floor's share: the memory limit is lifted
// and the collector paces the heap at heapPercent. Stopping the policy
// puts the GC percent and the limit back.
func TestAdaptHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(81))
	const limitBefore = 5 << 30
	debug.SetMemoryLimit(limitBefore)
	held := make([]byte, 64<<20)
	stop := adaptHeap(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != 1<<20 {
		t.Errorf("memory limit %d before a collection, want the floor, 1 MiB", got)
	}
	past := func() bool {
		heap.Lock()
		defer heap.Unlock()
		return heap.past
	}
	for i := 0; i < 1000 && !past(); i++ {
		runtime.GC() // the cleanup runs after a collection, on a goroutine of its own
		runtime.Gosched()
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d after collections with 64 MiB live, want none (MaxInt64)", got)
	}
	if got := gcPercent(); got != heapPercent {
		t.Errorf("GC percent %d after collections with 64 MiB live, want %d", got, heapPercent)
	}
	stop()
	if got := gcPercent(); got != 81 {
		t.Errorf("GC percent %d after the policy stopped, want 81 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != limitBefore {
		t.Errorf("memory limit %d after the policy stopped, want %d back", got, int64(limitBefore))
	}
	runtime.KeepAlive(held)
}
