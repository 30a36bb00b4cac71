package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/config"
	"clientscore/ingest"
	"clientscore/internal/clip"
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
	stage stageLines // what a long run is doing, for a person at a terminal; silent by default
}

// loadJob reads the config at path and settles the as-of date: asOf when
// not zero (--as-of), else the config's as_of, else today (now) in the
// config's timezone. The config's warnings are the caller's to show
// (logWarnings).
func loadJob(path string, asOf analysis.Date, now time.Time, log zerolog.Logger) (*job, error) {
	if path == "" {
		return nil, usageErrorf("--config FILE is required")
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	if err := cfg.CheckColumns(canonicalColumns); err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	loc, err := cfg.Location()
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	if asOf.IsZero() {
		t, err := cfg.AsOfDate(now)
		if err != nil {
			return nil, &usageError{msg: err.Error()}
		}
		asOf = analysis.DateOf(t)
	}
	j := &job{cfg: cfg, path: path, loc: loc, asOf: asOf}
	if j.rules, err = rulesOf(cfg, j.asOf); err != nil {
		return nil, &usageError{msg: fmt.Sprintf("config: %s: %v", path, err)}
	}
	j.in = ingestOptions(cfg, j.rules.Rates, loc, log)
	// A default that does not read (terms "Net thirty", a currency with no
	// rate) is the config's fault: exit 2 before any file is opened.
	for k, in := range j.in.Inputs {
		if err := ingest.CheckInput(in, j.in); err != nil {
			return nil, &usageError{msg: fmt.Sprintf("config: %s: %s: %v", path, cfg.Inputs.List()[k].Field(), errors.Unwrap(err))}
		}
	}
	if cfg.Email != nil {
		if _, err := j.mailSettings(); err != nil {
			return nil, &usageError{msg: fmt.Sprintf("config: %s: %v", path, err)}
		}
	}
	return j, nil
}

// warnings are the config's warnings, as "config: FILE: line: key: what";
// scheduled adds those that matter when a schedule runs the config (a
// fixed as_of).
func (j *job) warnings(scheduled bool) []string {
	probs := j.cfg.Warnings
	if scheduled {
		probs = append(slices.Clip(probs), j.cfg.ScheduleWarnings()...)
	}
	out := make([]string, len(probs))
	for i, p := range probs {
		out[i] = "config: " + j.path + ": " + p.String()
	}
	return out
}

// logWarnings logs each of j.warnings(scheduled) as a warning.
func (j *job) logWarnings(log zerolog.Logger, scheduled bool) {
	for _, w := range j.warnings(scheduled) {
		log.Warn().Msg(w)
	}
}

// canonicalColumns lists the canonical columns of an input, as ingest
// knows them, for config.CheckColumns.
func canonicalColumns(input string) []string {
	required, optional := ingest.Columns(analysis.Input(input))
	var cols []string // required groups are "client|client_id": split them, once each
	for _, c := range strings.Split(strings.Join(slices.Concat(required, optional), "|"), "|") {
		if c != "" && !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	return cols
}

// rulesOf turns the config's costs, hours and thresholds into analysis
// rules, money in minor units of the reporting currency.
func rulesOf(cfg *config.Config, asOf analysis.Date) (analysis.Rules, error) {
	rates, err := analysis.NewRates(cfg.Currency, cfg.FX)
	if err != nil {
		return analysis.Rules{}, fmt.Errorf("fx: %w", err)
	}
	digits := analysis.MinorDigits(cfg.Currency)
	var hourly map[string]analysis.Money      // nil for none, as in DefaultRules
	for name, rate := range cfg.Costs.Rates { // keys in config.RateKey form
		if hourly == nil {
			hourly = make(map[string]analysis.Money, len(cfg.Costs.Rates))
		}
		hourly[name] = analysis.Money(rate.MinorUnits(digits))
	}
	start, end, _ := cfg.BusinessHours.Minutes()
	r := cfg.Rules
	return analysis.Rules{
		AsOf:         asOf,
		WindowMonths: cfg.WindowMonths,
		Currency:     cfg.Currency,
		Rates:        rates,

		Hour:          analysis.Money(cfg.Costs.Hour.MinorUnits(digits)),
		HourlyRates:   hourly,
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
		ContactMin:         r.ContactMin,
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

// ingestOptions lists every source of every configured input for ingest,
// one ingest.Input each.
func ingestOptions(cfg *config.Config, rates analysis.Rates, loc *time.Location, log zerolog.Logger) ingest.Options {
	opts := ingest.Options{
		BaseDir:  cfg.Dir,
		Locale:   localeOf(cfg.InputLocale(nil)),
		Location: loc,
		Rates:    rates,
		Logger:   log,
		// Nothing but the analysis reads the invoices and payments rows.
		Books: true,
	}
	for _, in := range cfg.Inputs.List() {
		l := localeOf(cfg.InputLocale(in.Input))
		opts.Inputs = append(opts.Inputs, ingest.Input{
			Kind:     analysis.Input(in.Name),
			Pattern:  in.AbsPath,
			Sheet:    in.Sheet,
			Columns:  in.Columns,
			Locale:   &l,
			Defaults: in.Defaults,
			Newest:   in.Pick == "newest",
		})
	}
	return opts
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
// report.max_rejected_share allows. readDone, when not nil, is called once
// the inputs have been read (it ends the progress display).
func (j *job) compute(ctx context.Context, readDone func()) (*outcome, error) {
	resume := collectLater()
	defer resume()
	t0 := time.Now()
	res, err := ingest.Read(ctx, j.in)
	if readDone != nil {
		readDone()
	}
	if err != nil {
		if errors.Is(err, ingest.ErrInput) {
			return nil, &inputError{err: err}
		}
		return nil, err
	}
	o := j.analyze(res, time.Since(t0))
	resume() // the report keeps much less than the books: collect as usual again
	if err := checkRejected(o.sources, o.issues, j.cfg.Report.MaxRejectedShare); err != nil {
		return o, &inputError{err: err}
	}
	return o, nil
}

// analyze analyses what was read, saying so on a terminal first: a big
// book takes seconds.
func (j *job) analyze(res *ingest.Result, read time.Duration) *outcome {
	j.stage.say("analysing %s", recordCounts(&res.Data))
	t := time.Now()
	result := analysis.Analyze(&res.Data, j.rules)
	return &outcome{
		result:  result,
		issues:  append(append([]analysis.Issue(nil), res.Issues...), result.Issues...),
		sources: countRejected(res.Files, res.Issues, result.Issues),
		read:    read,
		analyze: time.Since(t),
	}
}

// recordCounts says how many records of each kind were read, leaving out
// kinds with none: "12,000 invoices, 9,800 payments and 410 contacts".
func recordCounts(d *analysis.Data) string {
	var parts []string
	for _, k := range []struct {
		n    int
		what string
	}{
		{len(d.Invoices) + d.InvoiceBook.Len(), "invoices"}, {len(d.Payments) + d.PaymentBook.Len(), "payments"}, {len(d.Disputes), "disputes"},
		{len(d.Contacts) + d.ContactTally.Read(), "contacts"}, {len(d.Time) + d.TimeTally.Read(), "time entries"}, {len(d.Expenses) + d.ExpenseTally.Read(), "expenses"},
		{len(d.Clients), "client records"},
	} {
		if k.n > 0 {
			parts = append(parts, thousands(k.n)+" "+k.what)
		}
	}
	switch len(parts) {
	case 0:
		return "no records"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
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
		msg := fmt.Sprintf("%s: %s of %s rows rejected (%.1f%%), more than report.max_rejected_share allows (%.1f%%); no workbook written",
			in, thousands(t.rejected), thousands(t.rows), 100*float64(t.rejected)/float64(t.rows), 100*max)
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
// value (unless the problem already quotes it) and what is wrong. A long
// value or problem is cut.
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
	if is.Value != "" && !strings.Contains(is.Problem, strconv.Quote(is.Value)) {
		fmt.Fprintf(&b, " value %q", clip.Runes(is.Value, maxQuoted+1))
	}
	b.WriteString(": ")
	b.WriteString(clip.Runes(is.Problem, 4*maxQuoted+1))
	return b.String()
}

// maxQuoted is how many characters of a value from a file a message
// quotes: a cell that swallowed the rest of a CSV must not come back whole.
const maxQuoted = 80

// scorecardOnly readies a run that writes no dossier: of the records, the
// scorecard lists only invoices, and support, time and expense rows it
// needs only as tallies, which ingest makes as it reads instead of
// keeping the rows.
func (j *job) scorecardOnly() {
	j.rules.InvoiceLinesOnly = true
	j.in.Tally = &j.rules
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

// verdictCounts is "1 unprofitable, 2 review, 0 watch, 30 healthy", with
// ", 4 inactive" when there are any.
func verdictCounts(p *analysis.Portfolio) string {
	var parts []string
	for _, v := range analysis.Verdicts {
		if n := p.Verdicts[v]; n > 0 || v != analysis.Inactive {
			parts = append(parts, thousands(n)+" "+strings.ToLower(v.String()))
		}
	}
	return strings.Join(parts, ", ")
}
