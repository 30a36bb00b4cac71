//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"clientscore/internal/longtest"
)

// startWorker starts the real program as `schedule` on config, in a
// process group of its own (as a shell starts a job), with env added,
// and returns it with its log entries as they come.
func startWorker(t *testing.T, config string, env ...string) (*exec.Cmd, <-chan logEntry) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "schedule", "--config", config, "--run-now")
	cmd.Env = append(os.Environ(), append([]string{"CLIENTSCORE_BE_MAIN=1"}, env...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	entries := make(chan logEntry, 64)
	go func() {
		defer close(entries)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, maxLine)
		for sc.Scan() {
			var e logEntry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Errorf("stderr line is not JSON: %s", sc.Text())
				continue
			}
			// Times carry their zone offset (RFC 3339 has no other kind).
			for _, at := range []string{e.Time, e.NextRun} {
				if _, err := time.Parse(time.RFC3339, at); at != "" && err != nil {
					t.Errorf("time %q in %s has no zone offset", at, sc.Text())
				}
			}
			if e.Time == "" {
				t.Errorf("no time in %s", sc.Text())
			}
			entries <- e
		}
	}()
	return cmd, entries
}

// waitFor reads entries until one has message msg, and returns it with
// the entries before it.
func waitFor(t *testing.T, entries <-chan logEntry, msg string) (logEntry, []logEntry) {
	t.Helper()
	var before []logEntry
	timeout := time.After(30 * time.Second) // a hung test, not a measurement
	for {
		select {
		case e, ok := <-entries:
			if !ok {
				t.Fatalf("the worker ended before logging %q; it logged %+v", msg, before)
			}
			if e.Message == msg {
				return e, before
			}
			before = append(before, e)
		case <-timeout:
			t.Fatalf("no %q logged; the worker logged %+v", msg, before)
		}
	}
}

// scheduleConfig is childConfig's folder with a config for `schedule`:
// today as the as-of date and a schedule that does not tick during the
// test (--run-now starts the run).
func scheduleConfig(t *testing.T, spec string) string {
	t.Helper()
	config := childConfig(t)
	writeFiles(t, filepath.Dir(config), map[string]string{
		"clientscore.yaml": strings.Replace(baseConfig, `as_of: "2026-06-30"`, `as_of: ""`, 1) + "schedule: \"" + spec + "\"\n" +
			"inputs:\n  invoices: {path: in/invoices.csv}\n  payments: {path: in/payments.csv}\n",
	})
	return config
}

// The real worker, as a terminal runs it: SIGHUP is logged and changes
// nothing; Ctrl-C (SIGINT to the whole process group) lets the running
// job finish, then the worker exits 0, having written nothing outside
// report.dir and left nothing but the scorecard there.
func TestScheduleProcessSignals(t *testing.T) {
	t.Parallel()
	longtest.Skip(t, "starts processes")
	config := scheduleConfig(t, "0 6 * * *")
	sysTemp := t.TempDir()
	cmd, entries := startWorker(t, config, "TMPDIR="+sysTemp, "CLIENTSCORE_TEST_RUN=slow")

	waitFor(t, entries, "slow hook started")
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, entries, "SIGHUP ignored: each run reads the config afresh; restart the worker to change its schedule or timezone")
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	done, _ := waitFor(t, entries, "run finished")
	if done.DurationS <= 0 || done.Report == "" || done.Clients == nil || *done.Clients != 2 || done.Email != "not configured" {
		t.Errorf("the run's line %+v: want duration_s, the report, 2 clients and the email", done)
	}
	waitFor(t, entries, "scheduler stopped")
	for range entries { // until stderr closes
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after Ctrl-C: %v, want exit 0", err)
	}
	if left, _ := os.ReadDir(sysTemp); len(left) > 0 {
		t.Errorf("written into the system's temporary folder: %s", left[0].Name())
	}
	reports, err := os.ReadDir(filepath.Join(filepath.Dir(config), "reports"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range reports {
		if !scorecardFile.MatchString(e.Name()) {
			t.Errorf("left behind in the report folder: %s", e.Name())
		}
	}
}

// The real worker goes on after a run panics in a goroutine of its own
// (which killed the worker when runs shared its process): the panic is
// logged with its stack and the next tick runs.
func TestScheduleProcessSurvivesPanic(t *testing.T) {
	t.Parallel()
	longtest.Skip(t, "starts processes and waits for a tick")
	config := scheduleConfig(t, "@every 1s")
	once := filepath.Join(t.TempDir(), "panicked")
	cmd, entries := startWorker(t, config, "CLIENTSCORE_TEST_RUN=panic", "CLIENTSCORE_TEST_RUN_ONCE="+once)

	failed, _ := waitFor(t, entries, "run failed")
	if failed.Panic != "panic: boom in a goroutine of the run" || !strings.Contains(failed.Stack, "goroutine ") {
		t.Errorf("run failed line %+v: want the panic and its stack", failed)
	}
	done, _ := waitFor(t, entries, "run finished")
	if done.Report == "" {
		t.Errorf("the next run's line %+v: want its report", done)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, entries, "scheduler stopped")
	for range entries {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v, want exit 0", err)
	}
}
