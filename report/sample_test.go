package report

import (
	"os"
	"testing"
)

// TestWriteSample writes the golden test's scorecard where
// CLIENTSCORE_SAMPLE says, to open and look at.
func TestWriteSample(t *testing.T) {
	t.Parallel()
	path := os.Getenv("CLIENTSCORE_SAMPLE")
	if path == "" {
		t.Skip("set CLIENTSCORE_SAMPLE=/tmp/sample.xlsx to write a sample scorecard")
	}
	if err := WriteScorecard(path, mustFixture(t)); err != nil {
		t.Fatal(err)
	}
}
