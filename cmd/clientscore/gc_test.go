package main

import (
	"math"
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
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(73))

	// No memory limit: the collector is left alone, or nothing would
	// bound the heap.
	debug.SetMemoryLimit(math.MaxInt64)
	resume := collectLater()
	if got := gcPercent(); got != 73 {
		t.Errorf("without a memory limit, GC percent %d during the run, want 73 left alone", got)
	}
	resume()

	// With a limit: off during the run; two overlapping runs share the
	// pause, which ends when the last one resumes, and a second resume
	// of the same run does not end another's.
	debug.SetMemoryLimit(900 << 20)
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
