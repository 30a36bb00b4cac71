package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestMain lets a test start this test binary as the real program: with
// CLIENTSCORE_BE_MAIN=1 it runs main instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("CLIENTSCORE_BE_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
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

// serveFor runs w on "@every 1s" until d has passed and returns what it
// logged.
func serveFor(t *testing.T, w *worker, d time.Duration, runNow bool) string {
	t.Helper()
	var logs syncBuffer
	w.log = zerolog.New(&logs)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := w.serve(ctx, "@every 1s", time.UTC, runNow); err != nil {
		t.Fatal(err)
	}
	return logs.String()
}

func TestWorkerRunsOnTicks(t *testing.T) {
	var runs atomic.Int32
	w := &worker{grace: time.Second, run: func(context.Context, zerolog.Logger) { runs.Add(1) }}
	serveFor(t, w, 2500*time.Millisecond, false)
	// Ticks at about 1 s and 2 s.
	if n := runs.Load(); n < 2 || n > 3 {
		t.Errorf("%d runs in 2.5 s on @every 1s, want 2", n)
	}
}

func TestWorkerRunNow(t *testing.T) {
	first := make(chan time.Time, 8)
	w := &worker{grace: time.Second, run: func(context.Context, zerolog.Logger) { first <- time.Now() }}
	start := time.Now()
	serveFor(t, w, 50*time.Millisecond, true)
	select {
	case at := <-first:
		// The first scheduled tick is at least at the next whole second;
		// a run this soon is the --run-now one.
		if d := at.Sub(start); d > 40*time.Millisecond && time.Unix(0, start.UnixNano()).Second() == at.Second() {
			t.Logf("first run after %v", d)
		}
	default:
		t.Fatal("--run-now: no run at start")
	}
}

func TestWorkerSkipsTickWhileRunning(t *testing.T) {
	var runs, overlap, inRun atomic.Int32
	w := &worker{grace: 5 * time.Second, run: func(context.Context, zerolog.Logger) {
		if inRun.Add(1) > 1 {
			overlap.Add(1)
		}
		runs.Add(1)
		time.Sleep(2200 * time.Millisecond) // over two ticks
		inRun.Add(-1)
	}}
	logs := serveFor(t, w, 3500*time.Millisecond, false)
	if overlap.Load() != 0 {
		t.Error("two runs overlapped")
	}
	// The first tick comes at the next whole second, 0–1 s after the
	// start; its run lasts over the next two ticks, which are skipped. A
	// second run can start only after 2.2 s.
	if n := runs.Load(); n < 1 || n > 2 {
		t.Errorf("%d runs in 3.5 s of 2.2 s runs, want 1 or 2", n)
	}
	if !strings.Contains(logs, "this tick is skipped") {
		t.Errorf("no skipped tick logged:\n%s", logs)
	}
}

func TestWorkerSurvivesPanic(t *testing.T) {
	var runs atomic.Int32
	w := &worker{grace: time.Second, run: func(context.Context, zerolog.Logger) {
		if runs.Add(1) == 1 {
			panic("boom")
		}
	}}
	logs := serveFor(t, w, 2500*time.Millisecond, false)
	if n := runs.Load(); n < 2 {
		t.Errorf("%d runs; the worker did not go on after a panic", n)
	}
	if !strings.Contains(logs, `"panic":"boom"`) {
		t.Errorf("panic not logged:\n%s", logs)
	}
}

// A stop lets a running job finish; one that outlasts the grace period is
// cancelled through its context, and serve still returns.
func TestWorkerStopCancelsAfterGrace(t *testing.T) {
	started := make(chan struct{})
	var sawCancel atomic.Bool
	w := &worker{grace: 200 * time.Millisecond, run: func(ctx context.Context, _ zerolog.Logger) {
		close(started)
		<-ctx.Done()
		sawCancel.Store(true)
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.serve(ctx, "@every 1h", time.UTC, true) }()
	<-started
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after the grace period")
	}
	if !sawCancel.Load() {
		t.Error("the running job's context was not cancelled")
	}
}

// The real program under `schedule` on @every 1s: it runs on ticks,
// writes one JSON summary line per run, and on SIGTERM exits 0 leaving no
// temporary file.
func TestScheduleProcessSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process and waits for ticks")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"in/payments.csv": bankPayments,
		"clientscore.yaml": strings.Replace(baseConfig, `as_of: "2026-06-30"`, `as_of: ""`, 1) + `schedule: "@every 1s"
inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
`,
	})
	cmd := exec.Command(os.Args[0], "schedule", "--config", filepath.Join(dir, "clientscore.yaml"))
	cmd.Env = append(os.Environ(), "CLIENTSCORE_BE_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	finished := make(chan map[string]any, 16)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Errorf("stderr line is not JSON: %s", sc.Text())
				continue
			}
			if m["message"] == "run finished" || m["message"] == "run failed" {
				finished <- m
			}
		}
		close(finished)
	}()
	for i := 0; i < 2; i++ {
		select {
		case m := <-finished:
			if m["message"] != "run finished" || m["report"] == nil || m["clients"] != float64(2) {
				t.Errorf("run %d summary: %v", i+1, m)
			}
		case <-time.After(8 * time.Second):
			t.Fatalf("only %d runs logged in 8 s", i)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range finished { // drain until stderr closes
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v, want exit 0", err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "reports"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !scorecardFile.MatchString(e.Name()) {
			t.Errorf("left behind in the report folder: %s", e.Name())
		}
	}
}
