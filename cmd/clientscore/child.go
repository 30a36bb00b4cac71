package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// Each scheduled run is a child process: the same program running `run
// --config FILE` with the worker's environment. Whatever a run does (a
// panic in any of its goroutines, memory or GC settings, a hang) ends or
// changes that process only; the worker waits for it, passes its log
// lines on, and says what went wrong when the run could not.

const (
	// runDeadline is the longest a run may take; a million invoices take
	// seconds. Past it the run is stopped as on shutdown.
	runDeadline = time.Hour
	// signalGrace is how long a run that has to stop gets after each
	// signal (SIGTERM, then SIGQUIT) before the next (SIGKILL last).
	signalGrace = 10 * time.Second
	// maxStack is the most of a crashed run's output kept in the log
	// line: journald splits longer lines.
	maxStack = 32 << 10
	// maxLine is the longest log line passed on from a run.
	maxLine = 1 << 20
)

// childRun runs one job as a child process.
type childRun struct {
	exe      string
	args     []string
	out      io.Writer // the worker's log output: the run's JSON lines go here as they are
	log      zerolog.Logger
	deadline time.Duration
	grace    time.Duration
}

// scheduledEnv is set to 1 in the environment of a run the worker starts,
// so that the run warns about what matters only to a nightly run (a fixed
// as_of analyses the same day every night).
const scheduledEnv = "CLIENTSCORE_SCHEDULED"

// run runs the job once and logs how it ended when the run could not log
// that itself. ctx ending stops it (see supervise).
func (r *childRun) run(ctx context.Context) {
	start := time.Now()
	cmd := exec.Command(r.exe, r.args...)
	cmd.Env = append(os.Environ(), scheduledEnv+"=1")
	out := &runOutput{out: r.out}
	cmd.Stderr = out
	cmd.WaitDelay = r.grace // a grandchild holding stderr open does not hold the worker
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		r.log.Error().Err(err).Str("program", r.exe).Float64("duration_s", seconds(time.Since(start))).Msg("run failed: it could not be started")
		return
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // the exit status is in cmd.ProcessState
		close(exited)
	}()
	why := supervise(ctx, cmd.Process, exited, r.deadline, r.grace)
	out.end()
	r.report(why, cmd.ProcessState, out, time.Since(start))
}

// report logs how a run ended when its own summary line does not say it:
// it never wrote one (it crashed, was killed, or failed before it could,
// as a config that no longer loads does), or it crashed after it, or the
// worker had to stop it.
func (r *childRun) report(why string, ps *os.ProcessState, out *runOutput, took time.Duration) {
	crash, stack := crashOf(string(out.text))
	exit := ps.ExitCode() // -1 when a signal ended it
	if out.summary != nil && out.summary.exit == exit && crash == "" {
		if why != "" {
			r.log.Warn().Str("stopped", why).Int("pid", ps.Pid()).Msg("run stopped")
		}
		return
	}
	ev := r.log.Error().Float64("duration_s", seconds(took)).Int("exit", exit).Str("status", ps.String()).Int("pid", ps.Pid())
	if why != "" {
		ev = ev.Str("stopped", why)
	}
	if crash != "" {
		ev = ev.Str("panic", crash).Str("stack", stack)
	} else if msg := lastLine(out.text); msg != "" {
		ev = ev.Str("error", strings.TrimPrefix(msg, "clientscore: "))
	}
	msg := "run failed"
	if out.summary != nil {
		msg = "run crashed after its summary"
	}
	ev.Msg(msg)
}

// process is a started run as supervise sees it; *os.Process is one.
type process interface {
	Signal(os.Signal) error
	Kill() error
}

// supervise waits until exited is closed. When ctx ends (the worker is
// stopping) or deadline passes first, it stops the run: each of
// stopSignals in turn, grace apart, then SIGKILL. SIGTERM lets the run
// cancel and clean up; a run that ignores it is stuck, and SIGQUIT makes
// a Go program print every goroutine's stack (where it is stuck) and
// exit. It returns why it stopped the run, "" when the run ended by
// itself.
func supervise(ctx context.Context, p process, exited <-chan struct{}, deadline, grace time.Duration) (why string) {
	timer := time.NewTimer(deadline)
	defer timer.Stop()
	select {
	case <-exited:
		return ""
	case <-ctx.Done():
		why = "the worker is stopping"
	case <-timer.C:
		why = fmt.Sprintf("it ran past the %s deadline", deadline)
	}
	for _, sig := range stopSignals {
		if p.Signal(sig) != nil {
			break // gone already, or a signal this system lacks
		}
		t := time.NewTimer(grace)
		select {
		case <-exited:
			t.Stop()
			return why
		case <-t.C:
		}
	}
	_ = p.Kill()
	<-exited
	return why
}

// runOutput takes a run's stderr. Its JSON log lines go on to the
// worker's log output as they come, and the run's summary line is noted;
// anything else (a panic and its stack, the "clientscore: …" line a
// failed run ends with) is kept, up to maxStack bytes, for the worker to
// report. exec's copying goroutine is the only writer; the worker reads
// it after the process has ended.
type runOutput struct {
	out     io.Writer
	line    []byte
	text    []byte
	summary *runSummary
}

// runSummary is what a run's own "run finished" or "run failed" line says.
type runSummary struct{ exit int }

func (o *runOutput) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			o.line = append(o.line, p[:min(len(p), maxLine-len(o.line))]...)
			break
		}
		o.line = append(o.line, p[:min(i, maxLine-len(o.line))]...)
		o.take(o.line)
		o.line = o.line[:0]
		p = p[i+1:]
	}
	return n, nil
}

// end takes a last line that had no newline.
func (o *runOutput) end() {
	if len(o.line) > 0 {
		o.take(o.line)
		o.line = o.line[:0]
	}
}

func (o *runOutput) take(line []byte) {
	line = bytes.TrimRight(line, "\r")
	if len(line) > 0 && line[0] == '{' && json.Valid(line) {
		var entry struct {
			Message string `json:"message"`
			Exit    *int   `json:"exit"`
		}
		if json.Unmarshal(line, &entry) == nil {
			switch entry.Message {
			case "run finished":
				o.summary = &runSummary{exit: exitOK}
			case "run failed":
				o.summary = &runSummary{exit: exitFailure}
				if entry.Exit != nil {
					o.summary.exit = *entry.Exit
				}
			}
		}
		_, _ = o.out.Write(append(line, '\n'))
		return
	}
	if room := maxStack - len(o.text); room > 0 {
		o.text = append(o.text, line[:min(len(line), room)]...)
		o.text = append(o.text, '\n')
		o.text = o.text[:min(len(o.text), maxStack)]
	}
}

// crashOf finds a Go crash report in a run's other output: the line that
// says what happened ("panic: …", "fatal error: …", "SIGQUIT: quit") and
// everything from it on, the goroutines' stacks.
func crashOf(text string) (what, stack string) {
	if !strings.Contains(text, "goroutine ") {
		return "", ""
	}
	for i := 0; i < len(text); {
		line, _, _ := strings.Cut(text[i:], "\n")
		for _, p := range []string{"panic: ", "fatal error: ", "SIG"} {
			if strings.HasPrefix(line, p) {
				return line, text[i:]
			}
		}
		i += len(line) + 1
	}
	return "crashed", text
}

// lastLine returns the last line of text that is not blank.
func lastLine(text []byte) string {
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// seconds is d in seconds, to the millisecond, for the log's duration_s:
// the float64 nearest the milliseconds over 1000, which the log writes
// as 2.853, where Duration.Seconds of 2.853 s adds 2 and 0.853 and gives
// 2.8529999999999998.
func seconds(d time.Duration) float64 {
	return float64(d.Round(time.Millisecond).Milliseconds()) / 1000
}
