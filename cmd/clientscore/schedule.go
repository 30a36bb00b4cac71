package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// stopGrace is how long SIGINT/SIGTERM lets a running job finish before
// it is cancelled.
const stopGrace = 60 * time.Second

func cmdSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schedule")
	configPath := fs.String("config", "", "the config file (required)")
	runNow := fs.Bool("run-now", false, "run once at start, then on the schedule")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := newLogger(stderr)
	// A config that is wrong at start is a usage error (exit 2); one
	// that goes wrong later fails that run only, and the worker goes on.
	j, err := loadJob(*configPath, 0, time.Now(), log)
	if err != nil {
		return err
	}
	j.logWarnings(log, true)
	w := &worker{
		log:   log,
		grace: stopGrace,
		run: func(ctx context.Context, log zerolog.Logger) {
			runOnce(ctx, *configPath, log)
		},
	}
	return w.serve(ctx, j.cfg.Schedule, j.loc, *runNow)
}

// runOnce is one scheduled run: the config is read afresh, so edits take
// effect at the next tick, and the as-of date is today.
func runOnce(ctx context.Context, configPath string, log zerolog.Logger) {
	start := time.Now()
	j, err := loadJob(configPath, 0, start, log)
	if err != nil {
		log.Error().Err(err).Int("exit", exitCode(err)).Float64("duration_s", time.Since(start).Seconds()).Msg("run failed")
		return
	}
	j.logWarnings(log, true) // a fixed as_of: every night the same day
	rep, err := j.run(ctx, &runFlags{}, log, nil)
	if rep == nil {
		rep = &runReport{asOf: j.asOf, email: "not sent", took: time.Since(start)}
	}
	rep.log(log, err)
}

// worker runs a job on a cron schedule, one run at a time.
type worker struct {
	log   zerolog.Logger
	grace time.Duration // how long a stop waits for a running job
	// run is one run; it logs its outcome on the logger it is given.
	run  func(ctx context.Context, log zerolog.Logger)
	busy sync.Mutex       // held while a run is going
	next func() time.Time // the next scheduled run, once started
}

// serve runs w.run on spec in loc until ctx is done, then lets a running
// job finish (cancelling it after w.grace) and returns nil.
func (w *worker) serve(ctx context.Context, spec string, loc *time.Location, runNow bool) error {
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()

	c := cron.New(cron.WithLocation(loc), cron.WithLogger(cronLogger{w.log}))
	id, err := c.AddFunc(spec, func() { w.tick(jobCtx) })
	if err != nil {
		return usageErrorf("schedule: %q is not a cron spec: %v", spec, err)
	}
	w.next = func() time.Time { return c.Entry(id).Next }
	c.Start()
	w.log.Info().Str("schedule", spec).Str("timezone", loc.String()).Time("next_run", w.next()).Msg("scheduler started")
	if runNow {
		go w.tick(jobCtx)
	}

	<-ctx.Done()
	c.Stop() // no new ticks
	idle := make(chan struct{})
	go func() {
		w.busy.Lock() // held from here on: nothing starts after a stop
		close(idle)
	}()
	select {
	case <-idle:
	case <-time.After(w.grace):
		w.log.Warn().Dur("waited", w.grace).Msg("the running job did not finish in time; cancelling it")
		cancelJobs()
		<-idle
	}
	w.log.Info().Msg("scheduler stopped")
	return nil
}

// tick runs the job unless one is still going, and survives its panic.
func (w *worker) tick(ctx context.Context) {
	if !w.busy.TryLock() {
		w.log.Warn().Msg("the previous run is still going; this tick is skipped")
		return
	}
	defer w.busy.Unlock()
	defer func() {
		if p := recover(); p != nil {
			w.log.Error().Str("panic", fmt.Sprint(p)).Str("stack", string(debug.Stack())).Msg("run failed: panic; the worker goes on")
		}
	}()
	// cron has already moved the entry on, so next is the run after this.
	w.run(ctx, w.log.With().Time("next_run", w.next()).Logger())
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
