package analysis

import (
	"testing"

	"clientscore/internal/testexit"
)

// TestMain skips the race detector's second of waiting on exit (see
// testexit).
func TestMain(m *testing.M) { testexit.Main(m) }
