package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"clientscore/analysis"
)

func TestNameDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want analysis.Date // 0: none
	}{
		{"invoices-2026-10-30.csv", day(2026, 10, 30)},
		{"invoices_20261030.xlsx", day(2026, 10, 30)},
		{"Export 20261030142501.csv", day(2026, 10, 30)},      // YYYYMMDDhhmmss
		{"ar-2026-09-01-to-2026-09-30.csv", day(2026, 9, 30)}, // the last date
		{"invoices.csv", 0},                                                 // none
		{"invoices-2026-10.csv", 0},                                         // a month is not a date
		{"INV-12345678.csv", 0},                                             // eight digits that are no date
		{"invoices-2026-02-30.csv", 0},                                      // no 30 February
		{"invoices-20261030-v2.csv", day(2026, 10, 30)},                     // a version after it
		{"invoices-2026-10-301.csv", 0},                                     // a longer number
		{"2026-10-30 Clockify_Time_Report_Detailed.csv", day(2026, 10, 30)}, // at the start
	}
	for _, tt := range tests {
		got, ok := nameDate(tt.name)
		if ok != (tt.want != 0) || got != tt.want {
			t.Errorf("nameDate(%q) = %v, %v; want %v", tt.name, got, ok, tt.want)
		}
	}
}

// Several files of one input are read oldest first, by the dates in their
// names when every one has one, else by modification time; pick: newest
// reads the newest alone. Records and Sources follow that order.
func TestFilesReadOldestFirst(t *testing.T) {
	t.Parallel()
	const header = "Date,Customer,Amount\n"
	// Name order would be 09-30, 10-30, 20261001 ("-" sorts before "1");
	// date order is 09-30, 20261001 (1 October), 10-30. The modification
	// times say the opposite, and lose to the names.
	files := map[string]string{
		"payments-2026-10-30.csv": header + "30/10/2026,C,3.00\n",
		"payments-2026-09-30.csv": header + "30/09/2026,A,1.00\n",
		"payments-20261001.csv":   header + "01/10/2026,B,2.00\n",
	}
	dir := writeFiles(t, files)
	touch(t, dir, "payments-2026-10-30.csv", 1)
	touch(t, dir, "payments-20261001.csv", 2)
	touch(t, dir, "payments-2026-09-30.csv", 3)
	read := func(newest bool, pattern string) ([]string, []string) {
		res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: pattern, Newest: newest})
		var clients, paths []string
		for _, p := range res.Data.Payments {
			clients = append(clients, p.ClientName)
		}
		for _, f := range res.Files {
			paths = append(paths, f.Path)
		}
		return clients, paths
	}
	if c, p := read(false, "payments-*.csv"); !slices.Equal(c, []string{"A", "B", "C"}) ||
		!slices.Equal(p, []string{"payments-2026-09-30.csv", "payments-20261001.csv", "payments-2026-10-30.csv"}) {
		t.Errorf("by name dates: clients %v, files %v", c, p)
	}
	if c, p := read(true, "payments-*.csv"); !slices.Equal(c, []string{"C"}) || !slices.Equal(p, []string{"payments-2026-10-30.csv"}) {
		t.Errorf("newest by name date: clients %v, files %v", c, p)
	}

	// One file without a date in its name: modification times decide.
	if err := os.WriteFile(filepath.Join(dir, "payments-latest.csv"), []byte(header+"31/10/2026,D,4.00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	touch(t, dir, "payments-latest.csv", 0)
	if c, _ := read(false, "payments-*.csv"); !slices.Equal(c, []string{"D", "C", "B", "A"}) {
		t.Errorf("by modification time: clients %v", c)
	}
	if c, _ := read(true, "payments-*.csv"); !slices.Equal(c, []string{"A"}) {
		t.Errorf("newest by modification time: clients %v", c)
	}
}

// touch sets a file's modification time to n hours after a fixed time.
func touch(t *testing.T, dir, name string, n int) {
	t.Helper()
	at := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, name), at, at); err != nil {
		t.Fatal(err)
	}
}

// With KeepGoing (validate), an input that cannot be used stops nothing:
// every file is read, every failure is listed in reading order, and what
// the readable files hold comes back beside them.
func TestKeepGoing(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{
		"invoices.csv":           "nothing,like,a,header\n1,2,3,4\n",
		"payments.csv":           "Date,Customer,Amount\n02/03/2026,Acme,10.00\n",
		"tickets-2026-01-01.csv": "Date,Company,Subject\n05/03/2026,Acme,Help\n",
		"tickets-2026-02-01.csv": "",
	})
	inputs := []Input{
		{Kind: analysis.InputSupport, Pattern: "tickets-*.csv"},
		{Kind: analysis.InputDisputes, Pattern: "disputes.csv"},
		{Kind: analysis.InputPayments, Pattern: "payments.csv"},
		{Kind: analysis.InputInvoices, Pattern: "invoices.csv"},
	}
	res, err := readInputs(t, func(o *Options) { o.BaseDir = dir; o.KeepGoing = true }, inputs...)
	want := []string{
		"invoices: invoices.csv: no header row with the required columns in the first 30 rows; missing client or client_id, number, issue_date, due_date or terms, amount; headers found: nothing, like, a, header; name the columns under inputs.invoices.columns",
		"disputes: disputes.csv: does not exist: check inputs.disputes.path",
		"support: tickets-2026-02-01.csv: is an empty file (0 bytes): export it again",
	}
	if res == nil {
		t.Fatalf("no result; error %v", err)
	}
	var got []string
	for _, f := range res.Failed {
		if !errors.Is(f, ErrInput) {
			t.Errorf("failure %v is not an input error", f)
		}
		got = append(got, f.Error())
	}
	if !slices.Equal(got, want) {
		t.Errorf("failures\n%q\nwant\n%q", got, want)
	}
	if err == nil || err.Error() != want[0] {
		t.Errorf("error %v, want the first failure", err)
	}
	if len(res.Data.Payments) != 1 || len(res.Data.Contacts) != 1 || len(res.Files) != 2 ||
		res.Files[0].Path != "payments.csv" || res.Files[1].Path != "tickets-2026-01-01.csv" {
		t.Errorf("payments %d, contacts %d, files %+v", len(res.Data.Payments), len(res.Data.Contacts), res.Files)
	}

	// Without it, the first failure is all there is.
	res, err = readInputs(t, func(o *Options) { o.BaseDir = dir }, inputs...)
	if res != nil || err == nil || err.Error() != want[0] {
		t.Errorf("without KeepGoing: result %v, error %v", res, err)
	}
}
