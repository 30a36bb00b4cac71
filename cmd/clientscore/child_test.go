//go:build unix

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"clientscore/internal/longtest"
)

// fakeProcess is a run's process for supervise: it ends a given time
// after it gets a signal it obeys, or at once when killed.
type fakeProcess struct {
	mu     sync.Mutex
	exited chan struct{}
	obey   map[os.Signal]time.Duration // how long it takes to end after each
	got    []string                    // signals, and "kill", with when (since 2000-01-01)
	once   sync.Once
}

func (p *fakeProcess) note(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.got = append(p.got, fmt.Sprintf("%s@%v", what, since2000(time.Now())))
}

func (p *fakeProcess) end() { p.once.Do(func() { close(p.exited) }) }

func (p *fakeProcess) Signal(sig os.Signal) error {
	p.note(sig.String())
	if d, ok := p.obey[sig]; ok {
		time.AfterFunc(d, p.end)
	}
	return nil
}

func (p *fakeProcess) Kill() error {
	p.note("kill")
	p.end()
	return nil
}

// A run that has to stop gets SIGTERM, then SIGQUIT (a Go program prints
// its goroutines' stacks and exits), then SIGKILL, 10 s apart, and
// supervise returns once it has ended.
func TestSupervise(t *testing.T) {
	t.Parallel()
	const deadline, grace = time.Hour, 10 * time.Second
	tests := []struct {
		name   string
		endsAt time.Duration // by itself; 0 = never
		stopAt time.Duration // the worker stops; 0 = never
		obey   map[os.Signal]time.Duration
		want   []string
		why    string
		took   time.Duration
	}{
		{"ends by itself", 5 * time.Minute, 0, nil, nil, "", 5 * time.Minute},
		{"past the deadline, obeys SIGTERM", 0, 0, map[os.Signal]time.Duration{syscall.SIGTERM: 2 * time.Second},
			[]string{"terminated@1h0m0s"}, "it ran past the 1h0m0s deadline", deadline + 2*time.Second},
		{"hung: SIGQUIT dumps it", 0, 0, map[os.Signal]time.Duration{syscall.SIGQUIT: time.Second},
			[]string{"terminated@1h0m0s", "quit@1h0m10s"}, "it ran past the 1h0m0s deadline", deadline + grace + time.Second},
		{"ignores everything: killed", 0, 0, nil,
			[]string{"terminated@1h0m0s", "quit@1h0m10s", "kill@1h0m20s"}, "it ran past the 1h0m0s deadline", deadline + 2*grace},
		{"the worker stops", 0, 30 * time.Second, map[os.Signal]time.Duration{syscall.SIGTERM: 3 * time.Second},
			[]string{"terminated@30s"}, "the worker is stopping", 33 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := &fakeProcess{exited: make(chan struct{}), obey: tt.obey}
				if tt.endsAt > 0 {
					time.AfterFunc(tt.endsAt, p.end)
				}
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				if tt.stopAt > 0 {
					time.AfterFunc(tt.stopAt, cancel)
				}
				start := time.Now()
				why := supervise(ctx, p, p.exited, deadline, grace)
				if took := time.Since(start); took != tt.took {
					t.Errorf("returned after %v, want %v", took, tt.took)
				}
				if why != tt.why {
					t.Errorf("why %q, want %q", why, tt.why)
				}
				if !slices.Equal(p.got, tt.want) {
					t.Errorf("signals %v, want %v", p.got, tt.want)
				}
			})
		})
	}
}

// A run's stderr: JSON lines go on as they come, whole, however the writes
// split them; the run's summary line is noted; anything else is kept for
// the worker's own line.
func TestRunOutput(t *testing.T) {
	t.Parallel()
	var passed syncBuffer
	o := &runOutput{out: &passed}
	writes := []string{
		`{"level":"info","message":"reading"}` + "\n" + `{"level":"error","exit":3,"mess`,
		`age":"run failed"}` + "\r\n",
		"clientscore: invoices.csv: 9 of 10 rows rejected\n",
		"panic: boom\n\ngoroutine 7 [running]:\nmain.f()\n",
		"\t/src/f.go:12 +0x1d",
	}
	for _, w := range writes {
		if n, err := o.Write([]byte(w)); n != len(w) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	o.end()
	wantPassed := `{"level":"info","message":"reading"}` + "\n" + `{"level":"error","exit":3,"message":"run failed"}` + "\n"
	if passed.String() != wantPassed {
		t.Errorf("passed on %q, want %q", passed.String(), wantPassed)
	}
	if o.summary == nil || o.summary.exit != exitInput {
		t.Errorf("summary %+v, want exit 3", o.summary)
	}
	what, stack := crashOf(string(o.text))
	if what != "panic: boom" || !strings.HasPrefix(stack, "panic: boom\n\ngoroutine 7 [running]:") || !strings.HasSuffix(stack, "f.go:12 +0x1d\n") {
		t.Errorf("crash %q, stack %q", what, stack)
	}

	// Output past maxStack is cut; a line past maxLine is cut, not held.
	o = &runOutput{out: &passed}
	big := strings.Repeat("x", maxLine+100)
	o.Write([]byte(big + "\n" + big + "\n"))
	if len(o.text) != maxStack {
		t.Errorf("kept %d bytes, want maxStack, %d", len(o.text), maxStack)
	}
	if len(o.line) != 0 {
		t.Errorf("%d bytes left in the line buffer", len(o.line))
	}
}

// childConfig writes the exports of run_test.go and a config reading
// them into a new folder and returns the config's path.
func childConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n  payments: {path: in/payments.csv}\n",
		"in/invoices.csv":  xeroInvoices,
		"in/payments.csv":  bankPayments,
	})
	return filepath.Join(dir, "clientscore.yaml")
}

// childRunner runs this test binary as the program, with env added.
func childRunner(config string, out *syncBuffer, env ...string) *childRun {
	log := zerolog.New(out).With().Timestamp().Logger()
	return &childRun{
		exe: os.Args[0], args: []string{"run", "--config", config},
		out: out, log: log, deadline: time.Hour, grace: 500 * time.Millisecond,
	}
}

// runChild runs r once with env added to the child's.
func runChild(t *testing.T, ctx context.Context, r *childRun, env ...string) {
	t.Helper()
	t.Setenv("CLIENTSCORE_BE_MAIN", "1")
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	r.run(ctx)
}

// Whatever a run does, the worker sees it end and says how: a panic in
// any goroutine of the run, a config that no longer loads, a lock another
// process holds. A run that ends well says so itself, in one line the
// worker passes on.
func TestChildRunCrashes(t *testing.T) {
	longtest.Skip(t, "starts processes")
	config := childConfig(t)
	tests := []struct {
		name  string
		setup func(t *testing.T) (env []string)
		check func(t *testing.T, entries []logEntry)
	}{
		{"a run that ends well", nil, func(t *testing.T, entries []logEntry) {
			done := withMessage(entries, "run finished")
			if len(done) != 1 || done[0].DurationS <= 0 || done[0].Report == "" || done[0].Clients == nil || *done[0].Clients != 2 {
				t.Errorf("run finished lines %+v: want one with duration_s, report and 2 clients", done)
			}
			if n := len(withMessage(entries, "run failed")); n != 0 {
				t.Errorf("%d run failed lines", n)
			}
		}},
		{"a panic in a goroutine of the run", func(*testing.T) []string { return []string{"CLIENTSCORE_TEST_RUN=panic"} },
			func(t *testing.T, entries []logEntry) {
				failed := withMessage(entries, "run failed")
				if len(failed) != 1 {
					t.Fatalf("%d run failed lines, want 1", len(failed))
				}
				e := failed[0]
				if e.Panic != "panic: boom in a goroutine of the run" || !strings.Contains(e.Stack, "goroutine ") || e.Exit == nil || *e.Exit != 2 || e.Level != "error" {
					t.Errorf("run failed line %+v: want the panic, its stack and exit 2", e)
				}
			}},
		{"a config that no longer loads", func(t *testing.T) []string {
			bad := filepath.Join(t.TempDir(), "clientscore.yaml")
			writeFiles(t, filepath.Dir(bad), map[string]string{"clientscore.yaml": "currency: [\n"})
			return []string{"CONFIG=" + bad}
		}, func(t *testing.T, entries []logEntry) {
			failed := withMessage(entries, "run failed")
			if len(failed) != 1 || failed[0].Exit == nil || *failed[0].Exit != exitUsage || !strings.Contains(failed[0].Error, "clientscore.yaml") || failed[0].Panic != "" {
				t.Errorf("run failed lines %+v: want one with exit 2 naming the config", failed)
			}
		}},
		{"the lock held by another process", func(t *testing.T) []string {
			reports := filepath.Join(filepath.Dir(config), "reports")
			if err := os.MkdirAll(reports, 0o755); err != nil {
				t.Fatal(err)
			}
			l, err := acquireLock(reports, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(l.release)
			return []string{"CLIENTSCORE_TEST_LOCK_WAIT=50ms"}
		}, func(t *testing.T, entries []logEntry) {
			failed := withMessage(entries, "run failed")
			if len(failed) != 1 || !strings.Contains(failed[0].Error, fmt.Sprintf("pid %d", os.Getpid())) {
				t.Errorf("run failed lines %+v: want one naming this process as the lock's holder", failed)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var env []string
			if tt.setup != nil {
				env = tt.setup(t)
			}
			cfg := config
			for _, kv := range env {
				if c, ok := strings.CutPrefix(kv, "CONFIG="); ok {
					cfg = c
				}
			}
			var out syncBuffer
			runChild(t, t.Context(), childRunner(cfg, &out), env...)
			tt.check(t, logEntries(t, out.String()))
		})
	}
}

// A run that ignores SIGTERM when it has to stop gets SIGQUIT, and the
// worker logs the stacks of all its goroutines: what it was stuck in.
func TestChildRunHung(t *testing.T) {
	longtest.Skip(t, "starts a process")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out syncBuffer
	r := childRunner(childConfig(t), &out)
	// Stop the run once it is ready to ignore SIGTERM.
	r.out = writerFunc(func(p []byte) (int, error) {
		if strings.Contains(string(p), "hang hook ready") {
			cancel()
		}
		return out.Write(p)
	})
	runChild(t, ctx, r, "CLIENTSCORE_TEST_RUN=hang")
	failed := withMessage(logEntries(t, out.String()), "run failed")
	if len(failed) != 1 {
		t.Fatalf("%d run failed lines, want 1:\n%s", len(failed), out.String())
	}
	e := failed[0]
	if e.Stopped != "the worker is stopping" || e.Panic != "SIGQUIT: quit" || !strings.Contains(e.Stack, "time.Sleep") {
		t.Errorf("run failed line %+v: want stopped, SIGQUIT and a stack showing the sleep", e)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestSeconds: durations in the log are seconds to the millisecond, with
// no float noise in the digits a user reads.
func TestSeconds(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{2853 * time.Millisecond, "2.853"},
		{2853*time.Millisecond + 499*time.Microsecond, "2.853"},
		{2853*time.Millisecond + 500*time.Microsecond, "2.854"},
		{21*time.Second + 678*time.Millisecond, "21.678"},
		{0, "0"},
		{400 * time.Microsecond, "0"},
		{90 * time.Minute, "5400"},
	} {
		if got := strconv.FormatFloat(seconds(c.d), 'g', -1, 64); got != c.want {
			t.Errorf("seconds(%v) = %s, want %s", c.d, got, c.want)
		}
	}
}
