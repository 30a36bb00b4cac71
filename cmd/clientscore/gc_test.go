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

func TestCollectLater(t *testing.T) {
	defer func(f int64) { memoryFloor = f }(memoryFloor)
	defer debug.SetGCPercent(debug.SetGCPercent(73))

	// The policy off (GOMEMLIMIT set): the collector is left alone.
	memoryFloor = 0
	resume := collectLater()
	if got := gcPercent(); got != 73 {
		t.Errorf("with the policy off, GC percent %d during the run, want 73 left alone", got)
	}
	resume()

	// On: off during the run; two overlapping runs share the pause,
	// which ends when the last one resumes, and a second resume of the
	// same run does not end another's.
	memoryFloor = 900 << 20
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
}

func TestAdaptedLimit(t *testing.T) {
	t.Parallel()
	const floor = 900 << 20
	tests := []struct {
		name string
		live uint64
		want int64
	}{
		{"nothing live: the floor", 0, floor},
		{"under the floor's four fifths: the floor", 700 << 20, floor},
		{"past it: a quarter more than the live heap", 1000 << 20, 1250 << 20},
		{"3 GiB live: 3.75 GiB", 3 << 30, 3840 << 20},
		{"too big for an int64: no limit", math.MaxUint64, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := adaptedLimit(tt.live, floor); got != tt.want {
				t.Errorf("adaptedLimit(%d) = %d, want %d", tt.live, got, tt.want)
			}
		})
	}
}

// TestAdaptHeap checks that a collection sets the limit from the live
// heap it measured: with a floor of 1 MiB and 64 MiB held, the limit after
// a collection is at least 96 MiB.
func TestAdaptHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	held := make([]byte, 64<<20)
	defer adaptHeap(1 << 20)()
	const want = 80 << 20 // 64 MiB × heapHeadroom
	for i := 0; i < 1000 && debug.SetMemoryLimit(-1) < want; i++ {
		runtime.GC() // the cleanup runs after a collection, on a goroutine of its own
		runtime.Gosched()
	}
	if got := debug.SetMemoryLimit(-1); got < want {
		t.Errorf("memory limit %d MiB after collections with 64 MiB live, want at least %d MiB", got>>20, want>>20)
	}
	runtime.KeepAlive(held)
}
