package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/report"
)

// runFlags are the flags of `clientscore run`.
type runFlags struct {
	config    string
	asOf      dateFlag
	out       string
	clients   stringsFlag
	renewing  period
	scorecard bool
	email     bool
	noEmail   bool
}

// dateFlag is a YYYY-MM-DD flag, parsed once, when the flag is read.
type dateFlag struct{ date analysis.Date }

func (d *dateFlag) String() string { return d.date.String() }

func (d *dateFlag) Set(s string) error {
	t, err := analysis.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return errors.New("is not a date in YYYY-MM-DD form")
	}
	d.date = t
	return nil
}

// lockWait is how long a run waits for another run holding the lock
// (a variable so tests can shorten it).
var lockWait = 10 * time.Second

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet("run")
	fs.StringVar(&f.config, "config", "", "the config `FILE` (required)")
	fs.Var(&f.asOf, "as-of", "analyse as of this `DATE`, YYYY-MM-DD (default: the config's as_of, else today)")
	fs.StringVar(&f.out, "out", "", "write into this folder (`DIR`) instead of report.dir")
	fs.Var(&f.clients, "client", "write the renewal dossier of this client (`NAME`): its name, id or alias in any case, spacing and punctuation, or words of its name; repeatable")
	fs.Var(&f.renewing, "renewing-within", "write the dossier of every client renewing within this period (`DUR`): days, weeks or months, such as 60d, 8w or 2m")
	fs.BoolVar(&f.scorecard, "scorecard", false, "with --client or --renewing-within: write the scorecard too")
	fs.BoolVar(&f.email, "email", false, "with --client or --renewing-within: write the scorecard and email it as configured")
	fs.BoolVar(&f.noEmail, "no-email", false, "do not send email")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.email && f.noEmail {
		return usageErrorf("run: --email and --no-email contradict each other")
	}
	log := newLogger(stderr)
	j, err := loadJob(f.config, f.asOf.date, time.Now(), log)
	if err != nil {
		return err
	}
	j.logWarnings(log, os.Getenv(scheduledEnv) == "1")
	var endProgress func()
	j.in.Progress, endProgress = startProgress(stderr)
	defer endProgress()
	j.stage = newStageLines(stderr)
	rep, err := j.run(ctx, &f, log, endProgress)
	if rep != nil {
		// What was done is printed only when it all was, or when only the
		// email failed (the workbook is written): never a success line
		// before a failure.
		var ee *emailError
		if err == nil || errors.As(err, &ee) {
			rep.print(stdout)
		}
		rep.log(log, err)
	}
	return err
}

// runReport is what one run did, for the summary it prints and logs.
type runReport struct {
	asOf      analysis.Date
	out       *outcome
	scorecard string   // path written, "" when none
	dossiers  []string // paths written
	pruned    []string // old scorecards deleted
	notes     []string // what the user should know: which client a --client took, no client renews
	email     string   // what happened to the email, in words
	took      time.Duration
}

// run does one run: take the lock, read, analyse, write, prune, email.
// Every file is written atomically; a run that fails before writing leaves
// the folder as it was. The report is returned once the inputs were read,
// even when a later step fails, so the caller can log what was done.
// readDone, when not nil, is called once the inputs have been read (it
// ends the progress display).
func (j *job) run(ctx context.Context, f *runFlags, log zerolog.Logger, readDone func()) (rep *runReport, err error) {
	start := time.Now()
	rep = &runReport{asOf: j.asOf, email: "not configured"}
	defer func() {
		if rep != nil {
			rep.took = time.Since(start)
		}
	}()

	dossiers, err := j.wantDossiers(f)
	if err != nil {
		return nil, err
	}
	dir, err := j.outDir(f.out)
	if err != nil {
		return nil, err
	}
	if err := ensureDir(dir); err != nil {
		return nil, err
	}
	lock, err := acquireLock(dir, lockWait)
	if err != nil {
		return nil, err
	}
	defer lock.release()
	if stale := removeStaleTemps(dir); len(stale) > 0 {
		log.Warn().Strs("files", stale).Str("dir", dir).Msg("removed temporary files an interrupted run left")
	}

	j.rules.Evidence = j.evidence(f, dossiers)
	if !dossiers {
		j.scorecardOnly()
	}
	o, err := j.compute(ctx, readDone)
	if o == nil {
		return nil, err
	}
	rep.out = o // even over the rejected-rows limit, say what was read
	if err != nil {
		return rep, err
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("run cancelled before writing: %w", err)
	}

	var picked []int
	if dossiers {
		// Resolve the names before writing anything: a name that matches
		// nothing writes nothing.
		if picked, rep.notes, err = pickClients(o.result, f); err != nil {
			return rep, err
		}
	}

	var sc *report.Scorecard
	if !dossiers || f.scorecard || f.email { // the email carries the scorecard
		j.stage.say("writing the scorecard")
		sc = j.scorecard(o, dir, log)
		path := filepath.Join(dir, report.ScorecardName(j.asOf))
		if err := report.WriteScorecard(path, sc); err != nil {
			return rep, fmt.Errorf("scorecard not written: %w", err)
		}
		rep.scorecard = path
		if rep.pruned, err = prune(dir, j.cfg.Report.Keep); err != nil {
			log.Warn().Err(err).Str("dir", dir).Msg("old scorecards not all deleted")
		}
	}
	if rep.dossiers, err = j.writeDossiers(o, picked, dir); err != nil {
		return rep, err
	}

	switch {
	case j.cfg.Email == nil:
	case f.noEmail:
		rep.email = "skipped (--no-email)"
	case dossiers && !f.email:
		rep.email = "skipped (renewal run without --email)"
	default:
		j.stage.say("sending the email")
		var err error
		if rep.email, err = j.send(ctx, sc, rep.scorecard, log); err != nil {
			return rep, &emailError{err: err}
		}
	}
	return rep, nil
}

// evidence says which clients' records the run lists: those of clients
// that are not Healthy (the scorecard's Invoices sheet), every client's
// with report.invoices: all, and those a dossier may be written for.
// Keeping only these is what keeps memory in bounds on big books.
func (j *job) evidence(f *runFlags, dossiers bool) func(*analysis.ClientResult) bool {
	if j.cfg.Report.Invoices == "all" {
		return nil
	}
	if !dossiers {
		return analysis.NotHealthy
	}
	named := analysis.Findable(f.clients...)
	asOf, end := j.asOf, f.renewing.end(j.asOf)
	return func(c *analysis.ClientResult) bool {
		renewing := f.renewing.given() && c.RenewsBy(asOf, end)
		return analysis.NotHealthy(c) || renewing || (len(f.clients) > 0 && named(c))
	}
}

// scorecard gathers what the scorecard shows, with the changes since the
// previous scorecard in dir.
func (j *job) scorecard(o *outcome, dir string, log zerolog.Logger) *report.Scorecard {
	sc := &report.Scorecard{
		Result:      o.result,
		Sources:     o.sources,
		Issues:      o.issues,
		Generated:   time.Now().In(j.loc),
		Version:     versionString(),
		AllInvoices: j.cfg.Report.Invoices == "all",
	}
	if prev, ok := report.PreviousScorecard(dir, j.asOf); ok {
		snap, err := readPrevious(prev, j.in.Limits)
		if err != nil {
			log.Warn().Err(err).Str("previous", prev).Msg("previous scorecard unreadable; no changes shown")
		} else {
			sc.Changes = analysis.Compare(snap, o.result)
		}
	}
	return sc
}

// print writes the run's summary for a person at a terminal.
func (r *runReport) print(w io.Writer) {
	o := r.out
	if o == nil {
		return
	}
	rows, rejected := 0, 0
	for _, s := range o.sources {
		rows += s.Rows
		rejected += s.Rejected
	}
	p := &o.result.Portfolio
	fmt.Fprintf(w, "as of %s: %s clients: %s\n", r.asOf, thousands(p.Clients), verdictCounts(p))
	fmt.Fprintf(w, "read %s rows from %s files; %s rejected, %s data issues in all\n",
		thousands(rows), thousands(len(o.sources)), thousands(rejected), thousands(len(o.issues)))
	for _, n := range r.notes {
		fmt.Fprintln(w, n)
	}
	if r.scorecard != "" {
		fmt.Fprintf(w, "scorecard: %s\n", r.scorecard)
	}
	for _, d := range r.dossiers {
		fmt.Fprintf(w, "dossier: %s\n", d)
	}
	if r.email != "not configured" {
		fmt.Fprintf(w, "email: %s\n", r.email)
	}
}

// log writes the run's one summary line: duration (and how long reading
// and analysing took), rows read and rejected per input, clients, verdict
// counts, report path, email result.
func (r *runReport) log(log zerolog.Logger, err error) {
	ev := log.Info()
	msg := "run finished"
	if err != nil {
		ev = log.Error().Err(err).Int("exit", exitCode(err))
		msg = "run failed"
	}
	ev = ev.Float64("duration_s", seconds(r.took)).Str("as_of", r.asOf.String())
	if o := r.out; o != nil {
		inputs := zerolog.Dict()
		for _, t := range perInput(o.sources) {
			inputs.Dict(string(t.input), zerolog.Dict().Int("files", t.files).Int("rows", t.rows).Int("rejected", t.rejected))
		}
		p := &o.result.Portfolio
		// Where a slow night went: reading the inputs, analysing them;
		// the rest of duration_s is the workbooks and the email.
		ev = ev.Float64("read_s", seconds(o.read)).Float64("analysis_s", seconds(o.analyze))
		ev = ev.Dict("inputs", inputs).Int("clients", p.Clients).Dict("verdicts", zerolog.Dict().
			Int("unprofitable", p.Verdicts[analysis.Unprofitable]).
			Int("review", p.Verdicts[analysis.Review]).
			Int("watch", p.Verdicts[analysis.Watch]).
			Int("healthy", p.Verdicts[analysis.Healthy]).
			Int("inactive", p.Verdicts[analysis.Inactive])).
			Int("issues", len(o.issues))
	}
	if r.scorecard != "" {
		ev = ev.Str("report", r.scorecard)
	}
	if len(r.dossiers) > 0 {
		ev = ev.Strs("dossiers", r.dossiers)
	}
	if len(r.pruned) > 0 {
		ev = ev.Strs("deleted_old", r.pruned)
	}
	ev.Str("email", r.email).Msg(msg)
}
