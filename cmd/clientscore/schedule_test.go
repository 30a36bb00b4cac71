package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"clientscore/internal/testexit"
)

// TestMain lets a test start this test binary as the real program: with
// CLIENTSCORE_BE_MAIN=1 it runs main instead of the tests. A `run` so
// started can be made to misbehave, as a run of the worker might:
// CLIENTSCORE_TEST_RUN=panic panics in a goroutine of its own, =hang
// ignores SIGTERM and never ends (it says "hang hook ready" first), =slow
// says "slow hook started" and runs a second late; with
// CLIENTSCORE_TEST_RUN_ONCE=FILE only the run that creates FILE does.
// CLIENTSCORE_TEST_LOCK_WAIT sets how long a run waits for the lock.
func TestMain(m *testing.M) {
	if os.Getenv("CLIENTSCORE_BE_MAIN") == "1" {
		if len(os.Args) > 1 && os.Args[1] == "run" {
			misbehave()
		}
		main()
		return
	}
	// The tests start this binary as the program. Built with -race, each
	// such process would wait a second on exit for late race reports;
	// the tests wait for their processes, so they need not.
	os.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	testexit.Main(m)
}

func misbehave() {
	if d, err := time.ParseDuration(os.Getenv("CLIENTSCORE_TEST_LOCK_WAIT")); err == nil {
		lockWait = d
	}
	how := os.Getenv("CLIENTSCORE_TEST_RUN")
	if once := os.Getenv("CLIENTSCORE_TEST_RUN_ONCE"); once != "" && how != "" {
		f, err := os.OpenFile(once, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return // an earlier run misbehaved already
		}
		f.Close()
	}
	say := func(msg string) {
		fmt.Fprintf(os.Stderr, "{\"level\":\"info\",\"time\":%q,\"message\":%q}\n", time.Now().Format(time.RFC3339), msg)
	}
	switch how {
	case "panic":
		go func() { panic("boom in a goroutine of the run") }()
		select {}
	case "slow":
		say("slow hook started")
		time.Sleep(time.Second)
	case "hang":
		signal.Ignore(syscall.SIGTERM)
		say("hang hook ready")
		time.Sleep(time.Hour)
	}
}

// syncBuffer is a bytes.Buffer safe for the worker's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logEntry is a log line read back.
type logEntry struct {
	Level     string  `json:"level"`
	Message   string  `json:"message"`
	Time      string  `json:"time"`
	NextRun   string  `json:"next_run"`
	Error     string  `json:"error"`
	Panic     string  `json:"panic"`
	Stack     string  `json:"stack"`
	Stopped   string  `json:"stopped"`
	Exit      *int    `json:"exit"`
	DurationS float64 `json:"duration_s"`
	Report    string  `json:"report"`
	Clients   *int    `json:"clients"`
	Email     string  `json:"email"`
}

// logEntries parses JSON log lines, failing the test on any other line.
func logEntries(t *testing.T, logs string) []logEntry {
	t.Helper()
	var out []logEntry
	for line := range strings.Lines(logs) {
		var e logEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, e)
	}
	return out
}

// withMessage returns the entries whose message is msg.
func withMessage(entries []logEntry, msg string) []logEntry {
	var out []logEntry
	for _, e := range entries {
		if e.Message == msg {
			out = append(out, e)
		}
	}
	return out
}

// since2000 is how long after the bubble's start (2000-01-01 00:00 UTC)
// t is.
func since2000(t time.Time) time.Duration {
	return t.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
}

// fakeRuns is a run function for the worker that records when each run
// started and lasts as long as it is told.
type fakeRuns struct {
	mu     sync.Mutex
	starts []time.Duration // since 2000-01-01
	last   time.Duration   // how long each run takes
	obey   bool            // end early when ctx ends
	cut    int             // runs whose ctx ended before they did
}

func (f *fakeRuns) run(ctx context.Context) {
	f.mu.Lock()
	f.starts = append(f.starts, since2000(time.Now()))
	f.mu.Unlock()
	select {
	case <-time.After(f.last):
	case <-ctx.Done():
		if f.obey {
			f.mu.Lock()
			f.cut++
			f.mu.Unlock()
			return
		}
		time.Sleep(f.last) // the clock does not care; the worker waits anyway
	}
}

func (f *fakeRuns) got() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.starts...)
}

// serveFor runs w on spec in loc, in the bubble, from now until after
// has passed, then stops it, and returns what it logged and how long the
// stop took.
func serveFor(t *testing.T, w *worker, spec string, loc *time.Location, runNow bool, after time.Duration) (logs string, stopTook time.Duration) {
	t.Helper()
	var buf syncBuffer
	w.log = zerolog.New(&buf).With().Timestamp().Logger()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- w.serve(ctx, spec, loc, runNow) }()
	time.Sleep(after)
	stop := time.Now()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return buf.String(), time.Since(stop)
}

func durations(ds ...time.Duration) []time.Duration { return ds }

func fmtDurations(ds []time.Duration) string {
	var s []string
	for _, d := range ds {
		s = append(s, d.String())
	}
	return "[" + strings.Join(s, " ") + "]"
}

// The worker runs on every tick, one run at a time: a tick while a run is
// going is skipped (and logged); --run-now runs at once.
func TestWorkerTicks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		spec    string
		runNow  bool
		last    time.Duration // each run
		serve   time.Duration
		want    []time.Duration // run starts after 2000-01-01 00:00
		skipped int
	}{
		{"every minute", "@every 1m", false, time.Second, 3*time.Minute + 30*time.Second,
			durations(time.Minute, 2*time.Minute, 3*time.Minute), 0},
		{"run now, then on the schedule", "@every 1h", true, time.Second, 90 * time.Minute,
			durations(0, time.Hour), 0},
		// Runs of 150 s on ticks a minute apart: the run at 1:00 goes
		// until 3:30, so the ticks at 2:00 and 3:00 are skipped; the run
		// at 4:00 goes until 6:30, so 5:00 and 6:00 are skipped.
		{"a run over two ticks", "@every 1m", false, 150 * time.Second, 6*time.Minute + 45*time.Second,
			durations(time.Minute, 4*time.Minute), 4},
		{"cron spec", "*/15 * * * *", false, time.Second, time.Hour + time.Minute,
			durations(15*time.Minute, 30*time.Minute, 45*time.Minute, time.Hour), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				runs := &fakeRuns{last: tt.last}
				w := &worker{grace: stopGrace, run: runs.run}
				logs, _ := serveFor(t, w, tt.spec, time.UTC, tt.runNow, tt.serve)
				if got := runs.got(); !slices.Equal(got, tt.want) {
					t.Errorf("runs at %s, want %s", fmtDurations(got), fmtDurations(tt.want))
				}
				entries := logEntries(t, logs)
				if n := len(withMessage(entries, "the previous run is still going; this tick is skipped")); n != tt.skipped {
					t.Errorf("%d skipped ticks logged, want %d:\n%s", n, tt.skipped, logs)
				}
				started := withMessage(entries, "scheduler started")
				if len(started) != 1 || started[0].NextRun == "" {
					t.Errorf("no start line with the next run time:\n%s", logs)
				}
			})
		})
	}
}

// On SIGINT/SIGTERM the worker lets a running job finish, up to the
// grace period; past it the job's context ends (a child run is then
// stopped), and the worker returns once it has.
func TestWorkerStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		last     time.Duration // the run, started at 0 (--run-now)
		obey     bool
		stopAt   time.Duration
		wantTook time.Duration // from the stop to serve's return
		wantCut  int
	}{
		{"idle", time.Second, true, 10 * time.Second, 0, 0},
		{"a run that ends within the grace", 40 * time.Second, true, 10 * time.Second, 30 * time.Second, 0},
		{"a run past the grace is stopped", 5 * time.Minute, true, 10 * time.Second, stopGrace, 1},
		// The worker waits for a run to end, however long that takes
		// (the child runner kills it in the end).
		{"a run that ignores the stop", 5 * time.Minute, false, 10 * time.Second, stopGrace + 5*time.Minute, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				runs := &fakeRuns{last: tt.last, obey: tt.obey}
				w := &worker{grace: stopGrace, run: runs.run}
				logs, took := serveFor(t, w, "@every 1h", time.UTC, true, tt.stopAt)
				if took != tt.wantTook {
					t.Errorf("stop took %v, want %v", took, tt.wantTook)
				}
				if runs.cut != tt.wantCut {
					t.Errorf("%d runs cut short, want %d", runs.cut, tt.wantCut)
				}
				if n := len(runs.got()); n != 1 {
					t.Errorf("%d runs, want 1 (none may start after a stop)", n)
				}
				if !strings.Contains(logs, "scheduler stopped") {
					t.Errorf("no stop logged:\n%s", logs)
				}
			})
		})
	}
}

// SIGHUP is logged and changes nothing: the worker goes on running on
// its schedule.
func TestWorkerSIGHUP(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		runs := &fakeRuns{last: time.Second}
		hup := make(chan os.Signal, 1)
		w := &worker{grace: stopGrace, run: runs.run, hup: hup}
		go func() {
			time.Sleep(90 * time.Second)
			hup <- syscall.SIGHUP
		}()
		logs, _ := serveFor(t, w, "@every 1m", time.UTC, false, 3*time.Minute+30*time.Second)
		want := durations(time.Minute, 2*time.Minute, 3*time.Minute)
		if got := runs.got(); !slices.Equal(got, want) {
			t.Errorf("runs at %s, want %s", fmtDurations(got), fmtDurations(want))
		}
		if !strings.Contains(logs, "SIGHUP ignored") {
			t.Errorf("SIGHUP not logged:\n%s", logs)
		}
	})
}

// A panic in the worker's own code around a run is logged with its stack,
// and the worker goes on. (A run's own panics end its child process; see
// TestChildRunCrashes.)
func TestWorkerSurvivesPanic(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var n int
		w := &worker{grace: stopGrace, run: func(context.Context) {
			if n++; n == 1 {
				panic("boom")
			}
		}}
		logs, _ := serveFor(t, w, "@every 1m", time.UTC, false, 2*time.Minute+30*time.Second)
		if n != 2 {
			t.Errorf("%d runs, want 2: the worker did not go on after a panic", n)
		}
		var found bool
		for _, e := range logEntries(t, logs) {
			if e.Panic == "boom" && strings.Contains(e.Stack, "goroutine") && e.Level == "error" {
				found = true
			}
		}
		if !found {
			t.Errorf("the panic was not logged with its stack:\n%s", logs)
		}
	})
}

// The worker's ticks across daylight-saving changes, in a zone built by
// the test: in 2000 Amsterdam's clocks went forward on 26 March and back
// on 29 October. A 02:30 run runs at 03:00 on the day 02:30 is skipped,
// and once on the day it comes twice.
func TestWorkerAcrossDST(t *testing.T) {
	t.Parallel()
	ams, _ := testZones(t)
	utc := func(month time.Month, day, hour, min int) time.Duration {
		return since2000(time.Date(2000, month, day, hour, min, 0, 0, time.UTC))
	}
	tests := []struct {
		name   string
		start  time.Duration
		offset string // of the first next_run logged
		want   []time.Duration
	}{
		{"spring", utc(3, 24, 12, 0), "+01:00", durations(
			utc(3, 25, 1, 30), // 02:30 CET
			utc(3, 26, 1, 0),  // 03:00 CEST: the jump
			utc(3, 27, 0, 30), // 02:30 CEST
		)},
		{"autumn", utc(10, 27, 12, 0), "+02:00", durations(
			utc(10, 28, 0, 30), // 02:30 CEST
			utc(10, 29, 0, 30), // 02:30 CEST, once
			utc(10, 30, 1, 30), // 02:30 CET
		)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				time.Sleep(tt.start)
				runs := &fakeRuns{last: time.Minute}
				w := &worker{grace: stopGrace, run: runs.run}
				logs, _ := serveFor(t, w, "30 2 * * *", ams, false, 3*24*time.Hour)
				if got := runs.got(); !slices.Equal(got, tt.want) {
					t.Errorf("runs at %s, want %s", fmtDurations(got), fmtDurations(tt.want))
				}
				// The next run is logged in the schedule's zone, with its
				// offset.
				started := withMessage(logEntries(t, logs), "scheduler started")
				if len(started) != 1 || !strings.HasSuffix(started[0].NextRun, tt.offset) {
					t.Errorf("start line %+v: want next_run with offset %s", started, tt.offset)
				}
			})
		})
	}
}

func TestWorkerRefusesBadSpecs(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{"0 0 30 2 *", "61 * * * *", "every day"} {
		w := &worker{log: zerolog.Nop(), grace: stopGrace, run: func(context.Context) { t.Error("ran") }}
		err := w.serve(t.Context(), spec, time.UTC, false)
		if exitCode(err) != exitUsage || !strings.Contains(err.Error(), spec) {
			t.Errorf("%q: error %v, want a usage error naming it", spec, err)
		}
	}
}
