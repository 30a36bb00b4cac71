package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/report"
)

// runFlags are the flags of `clientscore run`.
type runFlags struct {
	config    string
	asOf      string
	out       string
	clients   stringsFlag
	renewing  string
	scorecard bool
	email     bool
	noEmail   bool
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet("run", stderr)
	fs.StringVar(&f.config, "config", "", "the config file (required)")
	fs.StringVar(&f.asOf, "as-of", "", "analyse as of this date, YYYY-MM-DD (default: the config's as_of, else today)")
	fs.StringVar(&f.out, "out", "", "write into this folder instead of report.dir")
	fs.Var(&f.clients, "client", "write the renewal dossier of this client (name, id or alias; repeatable)")
	fs.StringVar(&f.renewing, "renewing-within", "", "write dossiers of clients renewing within this period (60d, 8w)")
	fs.BoolVar(&f.scorecard, "scorecard", false, "with --client or --renewing-within: write the scorecard too")
	fs.BoolVar(&f.email, "email", false, "with --client or --renewing-within: email as configured")
	fs.BoolVar(&f.noEmail, "no-email", false, "do not send email")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if f.email && f.noEmail {
		return usageErrorf("run: --email and --no-email contradict each other")
	}
	log := newLogger(stderr)
	j, err := loadJob(f.config, f.asOf, time.Now(), log)
	if err != nil {
		return err
	}
	rep, err := j.run(ctx, &f, log)
	if rep != nil {
		rep.print(stdout)
	}
	return err
}

// runReport is what one run did, for the summary it prints and logs.
type runReport struct {
	asOf      analysis.Date
	out       *outcome
	scorecard string // path written, "" when none
	started   time.Time
}

// run does one run: read, analyse, write. The scorecard is written
// atomically; a run that fails before it leaves the folder as it was.
func (j *job) run(ctx context.Context, f *runFlags, log zerolog.Logger) (*runReport, error) {
	rep := &runReport{asOf: j.asOf, started: time.Now()}
	dir, err := j.outDir(f.out)
	if err != nil {
		return nil, err
	}
	o, err := j.compute(ctx)
	if err != nil {
		return nil, err
	}
	rep.out = o
	if err := ensureDir(dir); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("run cancelled before writing: %w", err)
	}
	sc := &report.Scorecard{
		Result:      o.result,
		Sources:     o.sources,
		Issues:      o.issues,
		Generated:   time.Now().In(j.loc),
		Version:     versionString(),
		AllInvoices: j.cfg.Report.Invoices == "all",
	}
	if prev, ok := report.PreviousScorecard(dir, j.asOf); ok {
		snap, err := report.ReadSnapshot(prev)
		if err != nil {
			log.Warn().Err(err).Str("previous", prev).Msg("previous scorecard unreadable; no changes shown")
		} else {
			sc.Changes = analysis.Compare(snap, o.result)
		}
	}
	path := filepath.Join(dir, report.ScorecardName(j.asOf))
	if err := report.WriteScorecard(path, sc); err != nil {
		return nil, fmt.Errorf("scorecard not written: %w", err)
	}
	rep.scorecard = path
	return rep, nil
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
	fmt.Fprintf(w, "as of %s: %d clients: %s\n", r.asOf, p.Clients, verdictCounts(p))
	fmt.Fprintf(w, "read %d rows from %d files; %d rejected, %d data issues in all\n", rows, len(o.sources), rejected, len(o.issues))
	if r.scorecard != "" {
		fmt.Fprintf(w, "scorecard: %s\n", r.scorecard)
	}
}
