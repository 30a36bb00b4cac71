//go:build race

package report

// raceEnabled: the race detector slows writing a sheet some tenfold, so
// tests that must write tens of MiB leave it to the race-free run.
const raceEnabled = true
