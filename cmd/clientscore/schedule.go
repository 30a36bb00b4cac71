package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// stopGrace is how long SIGINT/SIGTERM lets a running job finish before
// it is stopped.
const stopGrace = 60 * time.Second

func cmdSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schedule")
	configPath := fs.String("config", "", "the config file (required)")
	runNow := fs.Bool("run-now", false, "run once at start, then on the schedule")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// SIGHUP (a closed terminal, a reload by habit) must not stop the
	// worker; it is caught before anything else can go wrong.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	out := zerolog.SyncWriter(logOutput(stderr))
	log := loggerTo(out)
	// A config that is wrong at start is a usage error (exit 2); one
	// that goes wrong later fails that run only, and the worker goes on.
	j, err := loadJob(*configPath, 0, time.Now(), log)
	if err != nil {
		return err
	}
	j.logWarnings(log, true)
	config, err := filepath.Abs(*configPath)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("schedule: cannot find its own program to run each job with: %w", err)
	}
	r := &childRun{
		exe:      self,
		args:     []string{"run", "--config", config},
		out:      out,
		log:      log,
		deadline: runDeadline,
		grace:    signalGrace,
	}
	w := &worker{log: log, grace: stopGrace, run: r.run, hup: hup}
	return w.serve(ctx, j.cfg.Schedule, j.loc, *runNow)
}

// worker runs a job on a cron schedule, one run at a time.
type worker struct {
	log   zerolog.Logger
	grace time.Duration // how long a stop waits for a running job
	// run is one run. It returns when the run has ended, and stops it
	// early when its context ends.
	run func(ctx context.Context)
	hup <-chan os.Signal // SIGHUP: logged, and otherwise ignored

	// busy holds a token while a run is going. A channel rather than a
	// mutex: waiting on it is something testing/synctest can see.
	busy     chan struct{}
	stopping atomic.Bool
	next     func() time.Time // the next scheduled run, once started
}

// serve runs w.run on spec in loc until ctx is done, then lets a running
// job finish (stopping it after w.grace) and returns nil.
func (w *worker) serve(ctx context.Context, spec string, loc *time.Location, runNow bool) error {
	sched, err := parseSchedule(spec, loc)
	if err != nil {
		return usageErrorf("schedule: %q is not a cron spec: %v", spec, err)
	}
	if sched.Next(time.Now()).IsZero() {
		return usageErrorf("schedule: %q never fires (robfig/cron looks five years ahead)", spec)
	}
	w.busy = make(chan struct{}, 1)
	jobCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer stopJobs()

	c := cron.New(cron.WithLocation(loc), cron.WithLogger(cronLogger{w.log}))
	id := c.Schedule(sched, cron.FuncJob(func() { w.tick(jobCtx) }))
	w.next = func() time.Time { return c.Entry(id).Next }
	c.Start()
	w.log.Info().Str("schedule", spec).Str("timezone", loc.String()).Time("next_run", w.next()).Msg("scheduler started")
	if runNow {
		go w.tick(jobCtx)
	}

	for waiting := true; waiting; {
		select {
		case <-ctx.Done():
			waiting = false
		case <-w.hup:
			w.log.Info().Msg("SIGHUP ignored: each run reads the config afresh; restart the worker to change its schedule or timezone")
		}
	}
	w.stopping.Store(true)
	c.Stop() // no new ticks
	select {
	case w.busy <- struct{}{}: // idle; held from here on, so nothing starts
	default:
		w.log.Info().Float64("grace_s", w.grace.Seconds()).Msg("stopping: the running job may finish first")
		select {
		case w.busy <- struct{}{}:
		case <-time.After(w.grace):
			w.log.Warn().Float64("grace_s", w.grace.Seconds()).Msg("the running job did not finish in time; stopping it")
			stopJobs()
			w.busy <- struct{}{}
		}
	}
	w.log.Info().Msg("scheduler stopped")
	return nil
}

// tick runs the job unless one is still going.
func (w *worker) tick(ctx context.Context) {
	select {
	case w.busy <- struct{}{}:
	default:
		if !w.stopping.Load() {
			w.log.Warn().Time("next_run", w.next()).Msg("the previous run is still going; this tick is skipped")
		}
		return
	}
	defer func() { <-w.busy }()
	defer func() {
		// A run's own panic ends its process; this is the worker's.
		if p := recover(); p != nil {
			w.log.Error().Str("panic", fmt.Sprint(p)).Str("stack", string(debug.Stack())).Msg("the worker failed while running a job; it goes on")
		}
	}()
	w.run(ctx)
	if !w.stopping.Load() {
		w.log.Info().Time("next_run", w.next()).Msg("waiting for the next run")
	}
}

// cronLogger sends cron's own messages to zerolog: its chatter at debug,
// its errors at error.
type cronLogger struct{ log zerolog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	l.log.Debug().Fields(kv).Msg("cron: " + msg)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error().Err(err).Fields(kv).Msg("cron: " + msg)
}
