package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"clientscore/analysis"
)

// The bound on a money column is on Σ|amount| over every file of the
// input, converted to the reporting currency (EUR; 1 USD = 0.92 EUR).
func TestMoneyColumnsAreBounded(t *testing.T) {
	t.Parallel()
	// Rows of payments: amount (in major units, as text) and currency.
	type row struct{ amount, currency string }
	rows := func(n int, amount, currency string) []row {
		out := make([]row, n)
		for i := range out {
			out[i] = row{amount, currency}
		}
		return out
	}
	tests := []struct {
		name string
		rows []row
		ok   bool
	}{
		// 4 × 240,000,000,000.00 EUR = 0.96 × 10^14 cents, and a refund
		// of −30,000,000,000.00 counts by its size: 0.99 × 10^14.
		{"under the bound, refunds counted by size", append(rows(4, "240000000000.00", "EUR"), row{"-30000000000.00", "EUR"}), true},
		// 1.05 × 10^14 cents of USD is 0.966 × 10^14 cents of EUR.
		{"over in USD, under once converted", rows(5, "210000000000.00", "USD"), true},
		// 0.5 × 10^14 EUR + 0.6 × 10^14 USD (0.552 × 10^14 EUR) = 1.052.
		{"mixed currencies over", append(rows(1, "500000000000.00", "EUR"), rows(1, "600000000000.00", "USD")...), false},
		// Ten of the largest amount a cell reads would wrap an int64.
		{"would wrap", rows(10, "9999999999999999.99", "EUR"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Two files of one input: the bound is the input's.
			var a, b strings.Builder
			a.WriteString("Date,Customer,Amount,Currency\n")
			b.WriteString("Date,Customer,Amount,Currency\n")
			for i, r := range tt.rows {
				w := &a
				if i%2 == 1 {
					w = &b
				}
				// Each row its own (a row repeating an older file's row
				// would be that row, read once).
				fmt.Fprintf(w, "02/03/2026,Acme %d,%s,%s\n", i, r.amount, r.currency)
			}
			dir := writeFiles(t, map[string]string{"p-2026-01-01.csv": a.String(), "p-2026-02-01.csv": b.String()})
			res, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: "p-*.csv"})
			if tt.ok {
				if err != nil || len(res.Data.Payments) != len(tt.rows) {
					t.Fatalf("error %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "the amount column (Amount) adds up to more than 1,000,000,000,000 EUR") {
				t.Errorf("error %v", err)
			}
		})
	}
}
