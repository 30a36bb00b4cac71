package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
	"clientscore/report"
)

// previousResult is two clients as of 2026-06-01, with receivables in
// cents that a float would round wrongly were they read in another scale.
func previousResult() *analysis.Result {
	r := analysis.DefaultRules(analysis.NewDate(2026, time.June, 1), "EUR")
	return &analysis.Result{Rules: r, From: r.From(), Clients: []analysis.ClientResult{
		{Name: "Acme Ltd", Verdict: analysis.Watch, Flags: []analysis.Flag{{Code: analysis.FlagLatePayer, Evidence: "x"}},
			Outstanding: 123456789, Overdue: 1},
		{Name: "Beta BV", Verdict: analysis.Inactive},
	}}
}

func TestReadPrevious(t *testing.T) {
	t.Parallel()
	res := previousResult()
	path := filepath.Join(t.TempDir(), report.ScorecardName(res.Rules.AsOf))
	if err := report.WriteScorecard(path, &report.Scorecard{Result: res}); err != nil {
		t.Fatal(err)
	}
	got, err := readPrevious(path, xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := res.Snapshot(); !reflect.DeepEqual(got, want) {
		t.Errorf("readPrevious =\n%+v\nwant\n%+v", got, want)
	}
	// The archive limits of the inputs hold here too: a scorecard whose
	// sheets inflate past them is not read.
	if _, err := readPrevious(path, xlsx.Limits{MaxPartBytes: 512}); !errors.Is(err, xlsx.ErrTooLarge) {
		t.Errorf("readPrevious under a 512-byte limit: %v, want %v", err, xlsx.ErrTooLarge)
	}
	bad := filepath.Join(t.TempDir(), "client-report-2026-05-01.xlsx")
	if err := os.WriteFile(bad, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readPrevious(bad, xlsx.Limits{}); err == nil {
		t.Error("readPrevious read a file that is no workbook")
	}
}

func TestRunWithBadPreviousScorecard(t *testing.T) {
	t.Parallel()
	// A damaged previous scorecard is a warning: the run writes its
	// scorecard and exits 0.
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv":                       xeroInvoices,
		"reports/client-report-2026-06-01.xlsx": "PK\x03\x04 damaged",
		"clientscore.yaml": baseConfig + `inputs:
  invoices: {path: in/invoices.csv}
`,
	})
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "previous scorecard unreadable") {
		t.Errorf("no warning about the previous scorecard:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx")); err != nil {
		t.Error(err)
	}
}
