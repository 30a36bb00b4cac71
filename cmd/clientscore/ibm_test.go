package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// IBM's public Accounts Receivable sample (2,466 invoices of 100
// customers) carries, beside each invoice's dates, its own DaysLate
// (max(0, settled − due)) and DaysToSettle (settled − issued) and a
// Disputed flag. Those columns were worked out by IBM, not by us, so they
// are an independent check: per customer, Avg days late must be the mean
// of DaysLate, Avg days to pay the mean of DaysToSettle, Disputes the count
// of Disputed = Yes, Revenue the sum of InvoiceAmount.
func TestRunIBMAccountsReceivable(t *testing.T) {
	t.Parallel()
	src, err := filepath.Abs("../../ingest/testdata/ibm-accounts-receivable.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Every invoice is dated 2012–2014: a 36-month window to the end of
	// 2014 holds them all. No payments input: SettledDate settles each.
	writeFiles(t, dir, map[string]string{"clientscore.yaml": fmt.Sprintf(`as_of: "2014-12-31"
timezone: UTC
window_months: 36
currency: EUR
locale: {date_order: MDY}
report: {dir: reports}
inputs:
  invoices:
    path: %s
    columns: {client_id: customerID, paid_date: SettledDate}
`, src)})
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}

	type sums struct {
		n, disputes          int
		late, toSettle, cent float64
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := make(map[string]*sums)
	for _, r := range recs[1:] {
		s := want[r[1]]
		if s == nil {
			s = &sums{}
			want[r[1]] = s
		}
		amount, _ := strconv.ParseFloat(r[6], 64)
		toSettle, _ := strconv.Atoi(r[10])
		late, _ := strconv.Atoi(r[11])
		s.n++
		s.cent += amount
		s.toSettle += float64(toSettle)
		s.late += float64(late)
		if r[7] == "Yes" {
			s.disputes++
		}
	}

	got := sheetByHeader(t, filepath.Join(dir, "reports", "client-report-2014-12-31.xlsx"), "Clients")
	if len(got) != len(want) {
		t.Errorf("%d clients on the Clients sheet, want %d", len(got), len(want))
	}
	for id, s := range want {
		row, ok := got[id]
		if !ok {
			t.Errorf("customer %s missing", id)
			continue
		}
		checks := []struct {
			col  string
			want float64
			tol  float64
		}{
			{"Invoices", float64(s.n), 0},
			{"Revenue", s.cent, 0.005},
			{"Avg days late", s.late / float64(s.n), 0.005},
			{"Avg days to pay", s.toSettle / float64(s.n), 0.005},
			{"Disputes", float64(s.disputes), 0},
			{"Outstanding", 0, 0},
		}
		for _, c := range checks {
			v, err := strconv.ParseFloat(row[c.col], 64)
			if err != nil || v < c.want-c.tol-1e-9 || v > c.want+c.tol+1e-9 {
				t.Errorf("%s %s = %q, want %.4f (from IBM's own columns)", id, c.col, row[c.col], c.want)
			}
		}
	}
}
