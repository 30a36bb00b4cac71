package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/config"
	"clientscore/ingest"
)

// `clientscore help run` and `clientscore run --help` print run's own
// flags, spelt --flag as the README spells them, on stdout, exit 0.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"help", "run"}, []string{"Usage: clientscore run --config FILE", "--config FILE", "--as-of DATE", "--out DIR", "--client NAME", "--renewing-within DUR", "2m", "--no-email", "EXIT STATUS"}},
		{[]string{"run", "--help"}, []string{"Usage: clientscore run --config FILE", "--renewing-within DUR"}},
		{[]string{"run", "-h"}, []string{"--client NAME"}},
		{[]string{"help", "validate"}, []string{"--config FILE", "--all", "--as-of DATE"}},
		{[]string{"help", "schedule"}, []string{"--config FILE", "--run-now"}},
		{[]string{"sample", "--help"}, []string{"--out DIR", "--seed N", "(default 1)", "--format FORMAT", "(default xlsx)"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("help lacks %q:\n%s", w, stdout)
				}
			}
			for _, line := range strings.Split(stdout, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "-") && !strings.HasPrefix(strings.TrimSpace(line), "--") {
					t.Errorf("a flag spelt with one dash: %q", line)
				}
			}
		})
	}
	// The general help is not a command's help.
	if _, stdout, _ := runCLI(t, "help"); strings.Contains(stdout, "Flags:") || !strings.Contains(stdout, "clientscore validate --config FILE [--as-of DATE] [--all]") {
		t.Errorf("general help:\n%s", stdout)
	}
	if code, stdout, _ := runCLI(t, "help", "version"); code != exitOK || !strings.HasPrefix(stdout, "Usage: clientscore version") {
		t.Errorf("help version: exit %d, %q", code, stdout)
	}
	if code, _, stderr := runCLI(t, "help", "frobnicate"); code != exitUsage || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("help of an unknown command: exit %d, %q", code, stderr)
	}
	// A bad flag is one line naming it with two dashes, and where to look.
	code, stdout, stderr := runCLI(t, "run", "--config", "x.yaml", "--asof", "2026-01-01")
	if code != exitUsage || stdout != "" || stderr != "clientscore: run: flag provided but not defined: --asof (clientscore help run lists its flags)\n" {
		t.Errorf("bad flag: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestPeriod(t *testing.T) {
	t.Parallel()
	asOf := analysis.NewDate(2026, 6, 30)
	tests := []struct {
		in   string
		end  analysis.Date // zero: refused
		back string
	}{
		{"60d", asOf.AddDays(60), "60d"},
		{"60", asOf.AddDays(60), "60d"}, // a bare number is days
		{" 8W ", asOf.AddDays(56), "8w"},
		// Months are calendar months: 30 June + 2 months is 30 August;
		// 31 January + 1 month is the end of February.
		{"2m", analysis.NewDate(2026, 8, 30), "2m"},
		{"1m", analysis.NewDate(2026, 7, 30), "1m"},
		{"120m", analysis.NewDate(2036, 6, 30), "120m"},
		{"121m", 0, ""},
		{"3661d", 0, ""},
		{"0d", 0, ""},
		{"-5d", 0, ""},
		{"two months", 0, ""},
		{"2y", 0, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var p period
			err := p.Set(tt.in)
			if tt.end.IsZero() {
				if err == nil {
					t.Errorf("Set(%q) took it as %s", tt.in, p.String())
				} else if !strings.Contains(err.Error(), "60d, 8w or 2m") {
					t.Errorf("error %q does not say what to write", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.end(asOf); got != tt.end {
				t.Errorf("end = %s, want %s", got, tt.end)
			}
			if p.String() != tt.back {
				t.Errorf("String() = %q, want %q", p.String(), tt.back)
			}
		})
	}
	if end := (period{n: 1, unit: 'm'}).end(analysis.NewDate(2026, 1, 31)); end != analysis.NewDate(2026, 2, 28) {
		t.Errorf("31 January + 1m = %s, want 2026-02-28", end)
	}
}

func TestProblemTemplate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, problem, value, want string
	}{
		{"value and a number", `"12/25/2026" is not a date in DMY order (month 25)`, "12/25/2026", `"…" is not a date in DMY order (month …)`},
		{"another value, another number", `"31/13/2026" is not a date in DMY order (month 13)`, "31/13/2026", `"…" is not a date in DMY order (month …)`},
		{"value unquoted", "names invoice INV-999, which is not in the invoices input", "INV-999", "names invoice …, which is not in the invoices input"},
		{"value without digits", "names invoice ABC, which is not in the invoices input", "ABC", "names invoice …, which is not in the invoices input"},
		{"a row and a date", "repeats row 12 exactly: the paid part is taken as paid on 2026-05-01", "", "repeats row … exactly: the paid part is taken as paid on …"},
		{"a quoted name", `client "Brightline" resolves to "Brightline Ltd"`, "", `client "…" resolves to "…"`},
		{"nothing varies", "the row names no client", "", "the row names no client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problemTemplate(tt.problem, tt.value); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// groupIssues: one group per input, severity, column and problem; groups
// ordered by input, then severity, then size; the heading keeps the words
// every row shares.
func TestGroupIssues(t *testing.T) {
	t.Parallel()
	bad := func(in analysis.Input, row int, col, value, problem string, sev analysis.Severity) analysis.Issue {
		return analysis.Issue{Severity: sev, Ref: analysis.At(in, string(in)+".csv", "", row), Column: col, Value: value, Problem: problem}
	}
	date := func(row int, v, month string) analysis.Issue {
		return bad(analysis.InputInvoices, row, "Date (C)", v, `"`+v+`" is not a date in DMY order (month `+month+`)`, analysis.SeverityError)
	}
	issues := []analysis.Issue{
		bad(analysis.InputPayments, 2, "invoice", "X-1", "names invoice X-1, which is not in the invoices input", analysis.SeverityWarning),
		date(5, "12/25/2026", "25"),
		bad(analysis.InputInvoices, 6, "Amount (E)", "ten", `"ten" is not an amount`, analysis.SeverityError),
		date(7, "01/13/2026", "13"),
		// The same column at another letter in a second file is the same
		// group.
		bad(analysis.InputInvoices, 3, "Date (D)", "5/13/2026", `"5/13/2026" is not a date in DMY order (month 13)`, analysis.SeverityError),
		bad(analysis.InputInvoices, 9, "status", "void", "invoice 9 is void: ignored", analysis.SeverityInfo),
		bad(analysis.InputPayments, 3, "invoice", "X-2", "names invoice X-2, which is not in the invoices input", analysis.SeverityWarning),
		bad(analysis.InputInvoices, 8, "Currency (F)", "XYZ", `"XYZ" is not an ISO 4217 currency code`, analysis.SeverityError),
	}
	type summary struct {
		input   analysis.Input
		heading string
		rows    []int
	}
	var got []summary
	for _, g := range groupIssues(issues) {
		s := summary{input: g.input, heading: g.heading()}
		for _, is := range g.issues {
			s.rows = append(s.rows, is.Row)
		}
		got = append(got, s)
	}
	want := []summary{
		{analysis.InputInvoices, `Date: "…" is not a date in DMY order (month …)`, []int{5, 7, 3}},
		{analysis.InputInvoices, `Amount: "…" is not an amount`, []int{6}},
		{analysis.InputInvoices, `Currency: "…" is not an ISO 4217 currency code`, []int{8}},
		{analysis.InputInvoices, "status: invoice 9 is void: ignored", []int{9}},
		{analysis.InputPayments, "invoice: names invoice …, which is not in the invoices input", []int{2, 3}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups:\n got %+v\nwant %+v", got, want)
	}
}

// validateInputs are the inputs of the validate tests.
const validateInputs = `inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
`

// manyBadDates is an invoices export with 40 good rows, 12 rows whose
// dates are month 13–17, and 5 whose amount is "ten".
func manyBadDates() string {
	var b strings.Builder
	b.WriteString("ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,Currency\n")
	for i := range 40 {
		b.WriteString("Acme Ltd,INV-" + strconv.Itoa(i) + ",2026-01-10,2026-02-09,100.00,EUR\n")
	}
	for i := range 12 {
		b.WriteString("Beta BV,B-" + strconv.Itoa(i) + ",2026-" + strconv.Itoa(13+i%5) + "-01,2026-02-09,10.00,EUR\n")
	}
	for i := range 5 {
		b.WriteString("Beta BV,C-" + strconv.Itoa(i) + ",2026-01-01,2026-02-09,ten,EUR\n")
	}
	return b.String()
}

// validate reads every input to the end, prints the issues grouped with
// three rows each (every row with --all), a summary line, writes nothing,
// and exits as run would.
func TestValidateGroups(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + validateInputs,
		"in/invoices.csv":  manyBadDates(),
		"in/payments.csv":  bankPayments,
	})
	cfg := filepath.Join(dir, "clientscore.yaml")
	before := hashFiles(t, dir)
	code, stdout, stderr := runCLI(t, "validate", "--config", cfg)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"invoices: " + filepath.Join("in", "invoices.csv") + ": 57 rows, 17 rejected",
		`  12 rows rejected: InvoiceDate: "…" is not a date`,
		"column InvoiceDate (C): \"2026-13-01\"",
		"    and 9 more (--all lists every row)",
		`  5 rows rejected: Total: "…" is not an amount`,
		"    and 2 more (--all lists every row)",
		"validate: 2 inputs read; 17 rows rejected,",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "is not a date"); n != 4 { // the heading and three rows
		t.Errorf("%d lines about dates, want 4 (a heading and three rows):\n%s", n, stdout)
	}
	// The config's warnings, the schedule's too.
	for _, want := range []string{"costs.support_hour: is read as costs.hour", "as_of: is fixed at 2026-06-30"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks the warning %q", want)
		}
	}

	_, all, _ := runCLI(t, "validate", "--config", cfg, "--all")
	if n := strings.Count(all, "is not a date"); n != 13 {
		t.Errorf("--all: %d lines about dates, want 13 (a heading and every row)", n)
	}
	if strings.Contains(all, "more (--all") {
		t.Errorf("--all still cuts a group:\n%s", all)
	}
	if after := hashFiles(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("validate wrote or changed files")
	}

	// Over report.max_rejected_share (17 of 57 is 29.8%): exit 3, as run.
	writeFiles(t, dir, map[string]string{"clientscore.yaml": strings.Replace(baseConfig, "max_rejected_share: 0.5", "max_rejected_share: 0.1", 1) + validateInputs})
	code, stdout, stderr = runCLI(t, "validate", "--config", cfg)
	if code != exitInput || !strings.Contains(stderr, "invoices: 17 of 57 rows rejected (29.8%)") {
		t.Errorf("over the limit: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "12 rows rejected") {
		t.Errorf("over the limit, the groups are still printed:\n%s", stdout)
	}
}

// An input that cannot be used is listed, and validate exits 3 naming it.
func TestValidateUnusableInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n  payments: {path: in/nothing-*.csv}\n",
		"in/invoices.csv":  xeroInvoices,
	})
	code, stdout, stderr := runCLI(t, "validate", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitInput {
		t.Fatalf("exit %d, want 3\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "cannot be used: payments: in/nothing-*.csv") || !strings.Contains(stdout, "1 cannot be used") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); !strings.Contains(lines[len(lines)-1], "nothing-*.csv") {
		t.Errorf("last stderr line does not name the input: %q", stderr)
	}
}

// With KeepGoing, ingest lists every input it could not use; validate
// prints them all, with the issues of the inputs it could read, and exits
// 3 naming the first. (The analysis does not run on half the books.)
func TestValidationOfFailedInputs(t *testing.T) {
	t.Parallel()
	j := &job{in: ingest.Options{Inputs: make([]ingest.Input, 4)}}
	fail := func(in analysis.Input, file, msg string) error {
		return &ingest.InputError{Input: in, File: file, Err: errorString(msg)}
	}
	res := &ingest.Result{
		Issues: []analysis.Issue{
			{Severity: analysis.SeverityError, Ref: analysis.At(analysis.InputInvoices, "i.csv", "", 4), Column: "Total (E)", Value: "ten", Problem: `"ten" is not an amount`},
		},
		Files: []analysis.SourceFile{{Input: analysis.InputInvoices, Path: "i.csv", Rows: 10, Rejected: 1}},
		Failed: []error{
			fail(analysis.InputPayments, "bank.csv", "no header row with the required columns"),
			fail(analysis.InputSupport, "tickets.xlsx", "is encrypted"),
		},
	}
	v, err := j.validation(res, res.Failed[0])
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	v.print(&b, false)
	for _, want := range []string{
		"invoices: i.csv: 10 rows, 1 rejected",
		"cannot be used: payments: bank.csv: no header row with the required columns",
		"cannot be used: support: tickets.xlsx: is encrypted",
		`  1 row rejected: Total: "…" is not an amount`,
		"validate: 2 inputs read, 2 cannot be used; 1 row rejected, 0 warnings, 0 notes in 1 group\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
	err = v.verdict(0.5)
	if exitCode(err) != exitInput || err.Error() != "payments: bank.csv: no header row with the required columns; and 1 more input cannot be used (listed above)" {
		t.Errorf("verdict: exit %d, %v", exitCode(err), err)
	}
	// A cancelled read is not an input problem: it is returned as it is.
	if _, err := j.validation(nil, context.Canceled); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// The v2 config keys reach the analysis and ingest: hour (from its old
// name), rates by folded name, contact_min, and every source of a list
// with its defaults and pick.
func TestConfigMapping(t *testing.T) {
	t.Parallel()
	cfg, err := config.Parse([]byte(`as_of: "2026-06-30"
currency: JPY
costs:
  support_hour: 7000
  rates: {"Anna de Vries": 9500.4, Designer: 5000}
rules: {contact_min: 2.5}
inputs:
  invoices: {path: in/invoices.csv, defaults: {terms: Net 14}}
  payments:
    - {path: bank/*.csv, pick: newest, locale: {decimal: ","}}
    - {path: paypal.csv, defaults: {currency: USD}}
`), "/books")
	if err != nil {
		t.Fatal(err)
	}
	r, err := rulesOf(cfg, analysis.NewDate(2026, 6, 30))
	if err != nil {
		t.Fatal(err)
	}
	// JPY has no minor units: 9500.4 yen rounds to 9500.
	if r.Hour != 7000 || r.ContactMin != 2.5 || !reflect.DeepEqual(r.HourlyRates, map[string]analysis.Money{"anna de vries": 9500, "designer": 5000}) {
		t.Errorf("rules: hour %d, contact_min %v, rates %v", r.Hour, r.ContactMin, r.HourlyRates)
	}
	opts := ingestOptions(cfg, r.Rates, time.UTC, zerolog.Nop())
	type source struct {
		kind     analysis.Input
		pattern  string
		newest   bool
		decimal  byte
		defaults map[string]string
	}
	var got []source
	for _, in := range opts.Inputs {
		got = append(got, source{in.Kind, in.Pattern, in.Newest, in.Locale.Decimal, in.Defaults})
	}
	want := []source{
		{analysis.InputInvoices, "/books/in/invoices.csv", false, '.', map[string]string{"terms": "Net 14"}},
		{analysis.InputPayments, "/books/bank/*.csv", true, ',', nil},
		{analysis.InputPayments, "/books/paypal.csv", false, '.', map[string]string{"currency": "USD"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ingest inputs:\n got %+v\nwant %+v", got, want)
	}
}

// A run logs the config's warnings, and its summary line has duration_s
// in seconds and no duration, and the seconds of reading and analysing.
func TestRunLogLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
		"in/invoices.csv":  xeroInvoices,
	})
	code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var warned, finished bool
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		switch {
		case m["level"] == "warn" && strings.Contains(m["message"].(string), "costs.support_hour: is read as costs.hour"):
			warned = true
		case m["message"] == "run finished":
			finished = true
			if _, ok := m["duration"]; ok {
				t.Errorf("the log line has duration: %s", line)
			}
			d, ok := m["duration_s"].(float64)
			if !ok || d <= 0 || d > 600 {
				t.Errorf("duration_s = %v, want seconds", m["duration_s"])
			}
			// Reading and analysing are parts of the run, one after
			// the other (a tiny book is analysed in under the
			// millisecond the seconds are rounded to).
			read, rok := m["read_s"].(float64)
			analysis, aok := m["analysis_s"].(float64)
			if !rok || !aok || read < 0 || analysis < 0 || read+analysis > d {
				t.Errorf("read_s = %v, analysis_s = %v, want parts of duration_s %v", m["read_s"], m["analysis_s"], d)
			}
			if v := m["verdicts"].(map[string]any); v["inactive"] != 0.0 {
				t.Errorf("verdicts %v, want inactive 0 among them", v)
			}
		}
	}
	if !warned || !finished {
		t.Errorf("warning logged %v, run finished logged %v:\n%s", warned, finished, stderr)
	}
}

// The summary groups digits.
func TestRunSummaryDigits(t *testing.T) {
	t.Parallel()
	res := &analysis.Result{}
	res.Portfolio.Clients = 20001
	res.Portfolio.Verdicts[analysis.Healthy] = 19000
	res.Portfolio.Verdicts[analysis.Review] = 1001
	r := &runReport{asOf: analysis.NewDate(2026, 10, 31), out: &outcome{
		result:  res,
		sources: []analysis.SourceFile{{Rows: 1_000_000, Rejected: 1234}, {Rows: 2345}},
	}, scorecard: "reports/x.xlsx", email: "not configured"}
	var b bytes.Buffer
	r.print(&b)
	want := "as of 2026-10-31: 20,001 clients: 0 unprofitable, 1,001 review, 0 watch, 19,000 healthy\n" +
		"read 1,002,345 rows from 2 files; 1,234 rejected, 0 data issues in all\n" +
		"scorecard: reports/x.xlsx\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	d := &analysis.Data{Invoices: make([]analysis.Invoice, 12000), Payments: make([]analysis.Payment, 9800), Contacts: make([]analysis.Contact, 410)}
	if got := recordCounts(d); got != "12,000 invoices, 9,800 payments and 410 contacts" {
		t.Errorf("recordCounts = %q", got)
	}
}

// On a terminal, a run says what it does after reading: analysing, then
// writing.
func TestStageLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n  payments: {path: in/payments.csv}\n",
		"in/invoices.csv":  xeroInvoices,
		"in/payments.csv":  bankPayments,
	})
	j, err := loadJob(filepath.Join(dir, "clientscore.yaml"), 0, time.Now(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	j.stage = stageLines{w: &b}
	if _, err := j.run(context.Background(), &runFlags{}, zerolog.Nop(), nil); err != nil {
		t.Fatal(err)
	}
	// xeroInvoices has 6 rows, one rejected (a bad date): 5 invoices;
	// bankPayments 4 payments.
	if want := "analysing 5 invoices and 4 payments\nwriting the scorecard\n"; b.String() != want {
		t.Errorf("stage lines %q, want %q", b.String(), want)
	}
	if newStageLines(&b).w != nil {
		t.Errorf("a buffer is not a terminal: no stage lines")
	}
}

// A failed run prints nothing on stdout: no summary, no "scorecard:" line
// for a scorecard that was not written.
func TestFailedRunPrintsNoSuccess(t *testing.T) {
	t.Parallel()
	_, cfg := dossierSetup(t, true)
	for _, args := range [][]string{
		{"--client", "Nobody Whatsoever"},
		{"--client", "Acme", "--client", "Zebra"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"run", "--config", cfg}, args...)...)
		if code != exitUsage || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q (stderr %q)", args, code, stdout, stderr)
		}
	}
}

// --client takes words of one client's name and says which it took;
// words of several names are exit 2 listing them.
func TestRunClientByWords(t *testing.T) {
	t.Parallel()
	master := clientMaster + "Penny Pincher Bakeries,C-4,,2026-09-01,\nPenny Lane Studios,C-5,,,\n"
	tests := []struct {
		name   string
		client string
		code   int
		files  []string
		out    string // on stdout (exit 0) or stderr
	}{
		{"words of one name", "Penny Pincher", exitOK, []string{"renewal-penny-pincher-bakeries-2026-06-30.xlsx"},
			`--client "Penny Pincher": took Penny Pincher Bakeries (id C-4), the one client whose name holds those words`},
		{"words in any order and case", "ltd ACME", exitOK, []string{"renewal-acme-ltd-2026-06-30.xlsx"}, "took Acme Ltd (id C-1)"},
		{"a name without its suffix is no words match", "Acme", exitOK, []string{"renewal-acme-ltd-2026-06-30.xlsx"}, "dossier:"},
		{"a word of two names", "penny", exitUsage, nil, `--client "penny" matches 2 clients: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, cfg := dossierSetup(t, true)
			writeFiles(t, dir, map[string]string{"in/clients.csv": master})
			code, stdout, stderr := runCLI(t, "run", "--config", cfg, "--client", tt.client)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, stdout, stderr)
			}
			if out := map[bool]string{true: stdout, false: stderr}[code == exitOK]; !strings.Contains(out, tt.out) {
				t.Errorf("output lacks %q:\n%s", tt.out, out)
			}
			if code != exitOK && (!strings.Contains(stderr, "Penny Pincher Bakeries (id C-4)") || !strings.Contains(stderr, "Penny Lane Studios (id C-5)")) {
				t.Errorf("the error does not list both clients:\n%s", stderr)
			}
			if got := reportFiles(t, dir); !slices.Equal(got, tt.files) {
				t.Errorf("wrote %v, want %v", got, tt.files)
			}
			if strings.Contains(stdout, "took") != strings.Contains(tt.out, "took") {
				t.Errorf("says which it took when it should not, or the reverse:\n%s", stdout)
			}
		})
	}
}

// A run the worker starts (CLIENTSCORE_SCHEDULED=1 in its environment)
// logs the fixed as_of on every run; a run by hand does not.
func TestScheduledRunWarnsFixedAsOf(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": strings.Replace(baseConfig, "support_hour", "hour", 1) + "inputs:\n  invoices: {path: in/invoices.csv}\n",
		"in/invoices.csv":  xeroInvoices,
	})
	const warning = `as_of: is fixed at 2026-06-30, so every scheduled run analyses that same day`
	for _, scheduled := range []string{"1", ""} {
		t.Setenv(scheduledEnv, scheduled)
		code, _, stderr := runCLI(t, "run", "--no-email", "--config", filepath.Join(dir, "clientscore.yaml"))
		if code != exitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if got := strings.Contains(stderr, warning); got != (scheduled == "1") {
			t.Errorf("%s=%q: warns about the fixed as_of: %v, want %v\n%s", scheduledEnv, scheduled, got, scheduled == "1", stderr)
		}
		if !strings.Contains(stderr, `"duration_s":`) {
			t.Errorf("no duration_s:\n%s", stderr)
		}
	}
}

// A default that does not read is a config error (exit 2) that names the
// input, found before any file is opened: here no file exists at all.
func TestBadDefaultIsConfigError(t *testing.T) {
	t.Parallel()
	tests := []struct{ defaults, want string }{
		{`{terms: "Net thirty"}`, "inputs.invoices: defaults: terms"},
		{`{currency: XYZ}`, "inputs.invoices: defaults: currency"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{
			"clientscore.yaml": strings.Replace(baseConfig, "support_hour", "hour", 1) +
				"inputs:\n  invoices: {path: in/missing.csv, defaults: " + tt.defaults + "}\n",
		})
		code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("defaults %s: exit %d, stderr %q; want exit %d naming %q", tt.defaults, code, stderr, exitUsage, tt.want)
		}
	}
}
