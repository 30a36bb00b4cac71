package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/config"
	"clientscore/ingest"
)

// job is one configured run: the config, the as-of date and the settings
// derived from them. loadJob builds it; read and analyze do the work.
type job struct {
	cfg   *config.Config
	path  string // the config file as given
	loc   *time.Location
	asOf  analysis.Date
	rules analysis.Rules
	in    ingest.Options
}

// loadJob reads the config at path and settles the as-of date: asOfFlag
// when set, else the config's as_of, else today (now) in the config's
// timezone.
func loadJob(path, asOfFlag string, now time.Time, log zerolog.Logger) (*job, error) {
	if path == "" {
		return nil, usageErrorf("--config FILE is required")
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	if asOfFlag != "" {
		if _, err := analysis.ParseDate(asOfFlag); err != nil {
			return nil, usageErrorf("--as-of %q is not a date in YYYY-MM-DD form", asOfFlag)
		}
		cfg.AsOf = asOfFlag
	}
	loc, err := cfg.Location()
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	t, err := cfg.AsOfDate(now)
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	j := &job{cfg: cfg, path: path, loc: loc, asOf: analysis.DateOf(t)}
	if j.rules, err = rulesOf(cfg, j.asOf); err != nil {
		return nil, &usageError{msg: fmt.Sprintf("config: %s: %v", path, err)}
	}
	if j.in, err = ingestOptions(cfg, j.rules.Rates, loc, log); err != nil {
		return nil, &usageError{msg: fmt.Sprintf("config: %s: %v", path, err)}
	}
	if cfg.Email != nil {
		if _, err := j.mailSettings(); err != nil {
			return nil, &usageError{msg: fmt.Sprintf("config: %s: %v", path, err)}
		}
	}
	return j, nil
}

// rulesOf turns the config's costs, hours and thresholds into analysis
// rules, money in minor units of the reporting currency.
func rulesOf(cfg *config.Config, asOf analysis.Date) (analysis.Rules, error) {
	rates, err := analysis.NewRates(cfg.Currency, cfg.FX)
	if err != nil {
		return analysis.Rules{}, fmt.Errorf("fx: %w", err)
	}
	digits := analysis.MinorDigits(cfg.Currency)
	start, end, _ := cfg.BusinessHours.Minutes()
	r := cfg.Rules
	return analysis.Rules{
		AsOf:         asOf,
		WindowMonths: cfg.WindowMonths,
		Currency:     cfg.Currency,
		Rates:        rates,

		Hour:   analysis.Money(cfg.Costs.Hour.MinorUnits(digits)),
		SupportTicket: analysis.Money(cfg.Costs.SupportTicket.MinorUnits(digits)),
		CapitalRate:   cfg.Costs.CapitalRate,
		DeliveryRatio: cfg.Costs.DeliveryRatio,

		BusinessDays:  cfg.BusinessHours.Weekdays(),
		BusinessStart: analysis.Clock(start/60, start%60),
		BusinessEnd:   analysis.Clock(end/60, end%60),

		GraceDays:          r.GraceDays,
		MinMargin:          r.MinMargin,
		LateWeightedDays:   r.LateWeightedDays,
		SevereLateDays:     r.SevereLateDays,
		SevereLateCount:    r.SevereLateCount,
		DisputesCount:      r.DisputesCount,
		DisputesRate:       r.DisputesRate,
		AfterHoursShare:    r.AfterHoursShare,
		AfterHoursMin:      r.AfterHoursMin,
		ContactRatio:       r.ContactRatio,
		CreditShare:        r.CreditShare,
		ConcentrationShare: r.ConcentrationShare,
		Aging:              r.Aging,

		Signals: analysis.Signals{
			Abuse:           r.Signals.Abuse,
			ScopeChange:     r.Signals.ScopeChange,
			DiscountRequest: r.Signals.DiscountRequest,
		},
	}, nil
}

// ingestOptions lists the configured inputs for ingest, checking that
// every columns: key names a column the input has.
func ingestOptions(cfg *config.Config, rates analysis.Rates, loc *time.Location, log zerolog.Logger) (ingest.Options, error) {
	opts := ingest.Options{
		BaseDir:  cfg.Dir,
		Locale:   localeOf(cfg.InputLocale(nil)),
		Location: loc,
		Rates:    rates,
		Logger:   log,
	}
	var problems []string
	for _, in := range cfg.Inputs.List() {
		kind := analysis.Input(in.Name)
		for canon := range in.Columns {
			if !ingest.KnownColumn(kind, canon) {
				req, opt := ingest.Columns(kind)
				problems = append(problems, fmt.Sprintf("inputs.%s.columns.%s: %q is not a column of %s (columns: %s)",
					in.Name, canon, canon, in.Name, strings.ReplaceAll(strings.Join(append(req, opt...), ", "), "|", ", ")))
			}
		}
		l := localeOf(cfg.InputLocale(in.Input))
		opts.Inputs = append(opts.Inputs, ingest.Input{
			Kind:    kind,
			Pattern: in.AbsPath,
			Sheet:   in.Sheet,
			Columns: in.Columns,
			Locale:  &l,
		})
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return opts, errors.New(strings.Join(problems, "; "))
	}
	return opts, nil
}

func localeOf(l config.Locale) ingest.Locale {
	out := ingest.Locale{DateOrder: l.DateOrder, BuddhistEra: l.BuddhistEra, Decimal: '.'}
	if l.Decimal != "" {
		out.Decimal = l.Decimal[0]
	}
	return out
}

// outcome is what a run found, for the report, the summary and the email.
type outcome struct {
	result  *analysis.Result
	issues  []analysis.Issue      // ingest's and analysis's
	sources []analysis.SourceFile // rejected counts include analysis's rejections
	read    time.Duration
	analyze time.Duration
}

// compute reads every input and analyses it. An input that cannot be used
// is an inputError (exit 3); so is an input with more rejected rows than
// report.max_rejected_share allows.
func (j *job) compute(ctx context.Context) (*outcome, error) {
	t0 := time.Now()
	resume := collectLater()
	defer resume()
	res, err := ingest.Read(ctx, j.in)
	if err != nil {
		if errors.Is(err, ingest.ErrInput) {
			return nil, &inputError{err: err}
		}
		return nil, err
	}
	t1 := time.Now()
	result := analysis.Analyze(&res.Data, j.rules)
	resume() // the report keeps much less than the books: collect as usual again
	o := &outcome{
		result:  result,
		issues:  append(append([]analysis.Issue(nil), res.Issues...), result.Issues...),
		sources: countRejected(res.Files, res.Issues, result.Issues),
		read:    t1.Sub(t0),
		analyze: time.Since(t1),
	}
	if err := checkRejected(o.sources, o.issues, j.cfg.Report.MaxRejectedShare); err != nil {
		return o, &inputError{err: err}
	}
	return o, nil
}

// countRejected adds to each file's Rejected the rows that the analysis
// rejected (rows ingest read but the domain rules could not use), counting
// each row once.
func countRejected(files []analysis.SourceFile, ingestIssues, analysisIssues []analysis.Issue) []analysis.SourceFile {
	type rowKey struct {
		file, sheet string
		row         int
	}
	seen := make(map[rowKey]bool)
	for _, is := range ingestIssues {
		if is.Severity == analysis.SeverityError {
			seen[rowKey{is.File, is.Sheet, is.Row}] = true
		}
	}
	extra := make(map[[2]string]int)
	for _, is := range analysisIssues {
		k := rowKey{is.File, is.Sheet, is.Row}
		if is.Severity != analysis.SeverityError || is.Row == 0 || seen[k] {
			continue
		}
		seen[k] = true
		extra[[2]string{is.File, is.Sheet}]++
	}
	out := append([]analysis.SourceFile(nil), files...)
	for i := range out {
		out[i].Rejected += extra[[2]string{out[i].Path, out[i].Sheet}]
	}
	return out
}

// checkRejected stops the run when an input's share of rejected rows is
// over max, naming the input, the share and the first rejected row.
func checkRejected(files []analysis.SourceFile, issues []analysis.Issue, max float64) error {
	for _, t := range perInput(files) {
		in := t.input
		if t.rows == 0 || t.rejected == 0 || float64(t.rejected) <= max*float64(t.rows) {
			continue
		}
		msg := fmt.Sprintf("%s: %d of %d rows rejected (%.1f%%), more than report.max_rejected_share allows (%.1f%%); no workbook written",
			in, t.rejected, t.rows, 100*float64(t.rejected)/float64(t.rows), 100*max)
		for _, is := range issues {
			if is.Input == in && is.Severity == analysis.SeverityError {
				msg += "; first: " + describeIssue(is)
				break
			}
		}
		return errors.New(msg + "; `clientscore validate` lists them all")
	}
	return nil
}

// inputTotal is what was read of one input, over its files.
type inputTotal struct {
	input                 analysis.Input
	files, rows, rejected int
}

// perInput adds up the files of each input, in the order the inputs
// were read.
func perInput(files []analysis.SourceFile) []inputTotal {
	var out []inputTotal
	for _, f := range files {
		i := slices.IndexFunc(out, func(t inputTotal) bool { return t.input == f.Input })
		if i < 0 {
			out = append(out, inputTotal{input: f.Input})
			i = len(out) - 1
		}
		out[i].files++
		out[i].rows += f.Rows
		out[i].rejected += f.Rejected
	}
	return out
}

// describeIssue prints an issue on one line: where, which column, the
// value and what is wrong.
func describeIssue(is analysis.Issue) string {
	var b strings.Builder
	b.WriteString(is.File)
	if is.Sheet != "" {
		fmt.Fprintf(&b, " sheet %q", is.Sheet)
	}
	if is.Row > 0 {
		fmt.Fprintf(&b, " row %d", is.Row)
	}
	if is.Column != "" {
		fmt.Fprintf(&b, " column %s", is.Column)
	}
	if is.Value != "" {
		fmt.Fprintf(&b, " value %q", is.Value)
	}
	b.WriteString(": ")
	b.WriteString(is.Problem)
	return b.String()
}

// outDir is where the run writes: --out when given, else report.dir.
func (j *job) outDir(flagOut string) (string, error) {
	if flagOut == "" {
		return j.cfg.Report.AbsDir, nil
	}
	return filepath.Abs(flagOut)
}

// ensureDir creates dir, turning failure into a message that says what to
// fix.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report folder %s cannot be created: %w", dir, err)
	}
	return nil
}

func verdictCounts(p *analysis.Portfolio) string {
	return fmt.Sprintf("%d unprofitable, %d review, %d watch, %d healthy",
		p.Verdicts[analysis.Unprofitable], p.Verdicts[analysis.Review],
		p.Verdicts[analysis.Watch], p.Verdicts[analysis.Healthy])
}
