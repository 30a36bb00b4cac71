//go:build race

package xlsx

// raceEnabled: the race detector slows inflating and scanning some
// tenfold, so tests skip their time bounds.
const raceEnabled = true
