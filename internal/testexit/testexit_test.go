package testexit

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"clientscore/internal/longtest"
)

// wait is the race detector's wait on exit that the children are given:
// long enough that a child which waits cannot pass for a slow start of one
// that does not.
const wait = 3 * time.Second

// exitTime starts this test binary as a child that keeps a goroutine alive
// (as the runtime's own are) and ends with how ("os": os.Exit(0);
// "testexit": Main), and returns how long it took.
func exitTime(t *testing.T, how string) time.Duration {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TESTEXIT_CHILD="+how, "GORACE=atexit_sleep_ms="+strconv.FormatInt(wait.Milliseconds(), 10))
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child %s: %v\n%s", how, err, out)
	}
	return time.Since(start)
}

// A race-built test binary that ends with Main does not wait on exit.
func TestMainSkipsTheWait(t *testing.T) {
	if !raceEnabled {
		t.Skip("not built with -race: there is no wait to skip")
	}
	if d := exitTime(t, "testexit"); d >= wait/2 {
		t.Errorf("Main took %v to end with status 0: it waited", d)
	}
}

// The wait that Main skips is real: a race-built binary that ends with
// os.Exit(0) does wait. (Long: it waits.)
func TestOSExitWaits(t *testing.T) {
	if !raceEnabled {
		t.Skip("not built with -race: there is no wait")
	}
	longtest.Skip(t, "waits for the race detector on exit")
	if d := exitTime(t, "os"); d < wait {
		t.Errorf("os.Exit(0) took %v: the race detector did not wait, so TestMainSkipsTheWait shows nothing", d)
	}
}

// A race still fails the binary that ends with Main: the child races
// two goroutines on one variable before its (empty) run of the tests, and
// must exit non-zero with the race detector's report.
func TestMainKeepsRaces(t *testing.T) {
	if !raceEnabled {
		t.Skip("not built with -race: no race is detected")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TESTEXIT_CHILD=race")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "WARNING: DATA RACE") {
		t.Errorf("a racing child ended with %v, want a failure and a race report:\n%s", err, out)
	}
}

var raced int

func TestMain(m *testing.M) {
	switch os.Getenv("TESTEXIT_CHILD") {
	case "race":
		done := make(chan bool)
		go func() { raced++; done <- true }()
		raced++
		<-done
	case "os":
		go func() { select {} }()
		os.Exit(m.Run())
	case "testexit":
		go func() { select {} }()
	}
	Main(m)
}
