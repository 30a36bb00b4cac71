package ingest

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"clientscore/analysis"
)

// TestRepeatsOfOlderFiles: three nightly payments exports of one source.
// A row of a newer file that says what a row of an older file says is the
// same payment, read once; equal rows within one file are two payments; a
// row that changed is a new one; another source's files are not compared
// with these.
func TestRepeatsOfOlderFiles(t *testing.T) {
	t.Parallel()
	const header = "Date,Customer,Amount,Reference\n"
	a := "01/10/2026,Acme,100.00,TRF-1\n"
	b := "02/10/2026,Beta,50.00,\n" // twice on the night it came: two payments
	c := "03/10/2026,Acme,70.00,TRF-3\n"
	cFixed := "03/10/2026,Acme,75.00,TRF-3\n" // the bank corrected it
	d := "04/10/2026,Gamma,20.00,TRF-4\n"
	dir := writeFiles(t, map[string]string{
		"payments-2026-10-02.csv": header + a + b + b,
		"payments-2026-10-03.csv": header + a + b + b + c,
		"payments-2026-10-04.csv": header + a + b + b + cFixed + d,
		"other.csv":               header + a, // another source: its own payment
	})
	// With the payments in books too: one per file, merged in order.
	for _, books := range []bool{false, true} {
		res := mustRead(t, func(o *Options) { o.BaseDir, o.Books = dir, books },
			Input{Kind: analysis.InputPayments, Pattern: "payments-*.csv"},
			Input{Kind: analysis.InputPayments, Pattern: "other.csv"})
		if books != (res.Data.PaymentBook != nil) {
			t.Fatalf("books %v, but the payment book is %v", books, res.Data.PaymentBook)
		}
		checkRepeats(t, res, a, b, c, cFixed, d)
	}
}

func checkRepeats(t *testing.T, res *Result, a, b, c, cFixed, d string) {
	t.Helper()
	pays := res.Data.Payments
	if book := res.Data.PaymentBook; book != nil {
		if len(pays) > 0 {
			t.Errorf("%d payments kept as rows beside the book", len(pays))
		}
		for i := range book.Len() {
			pays = append(pays, book.Payment(i))
		}
	}
	var got []string
	for _, p := range pays {
		got = append(got, p.File+":"+strconv.Itoa(p.Row)+" "+p.ClientName+" "+analysis.FormatMoney(p.Amount, "EUR"))
	}
	want := []string{
		// 2 October: all three rows
		"payments-2026-10-02.csv:2 Acme 100.00 EUR", "payments-2026-10-02.csv:3 Beta 50.00 EUR", "payments-2026-10-02.csv:4 Beta 50.00 EUR",
		// 3 October: only the new row 5
		"payments-2026-10-03.csv:5 Acme 70.00 EUR",
		// 4 October: the corrected row and the new one
		"payments-2026-10-04.csv:5 Acme 75.00 EUR", "payments-2026-10-04.csv:6 Gamma 20.00 EUR",
		"other.csv:2 Acme 100.00 EUR",
	}
	if !slices.Equal(got, want) {
		t.Errorf("payments read:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var notes []string
	for _, is := range res.Issues {
		notes = append(notes, is.Severity.String()+" "+is.File+":"+strconv.Itoa(is.Row)+" "+is.Problem)
	}
	wantNotes := []string{
		"Info payments-2026-10-03.csv:2 3 rows (the first here) repeat rows of payments-2026-10-02.csv exactly: the same records in a newer export, each read once",
		"Info payments-2026-10-04.csv:2 3 rows (the first here) repeat rows of payments-2026-10-03.csv and 1 older file exactly: the same records in a newer export, each read once",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("issues:\n%s\nwant\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
	// Every row is a row read, repeats included.
	for _, f := range res.Files {
		if n := strings.Count(map[string]string{"payments-2026-10-02.csv": a + b + b, "payments-2026-10-03.csv": a + b + b + c,
			"payments-2026-10-04.csv": a + b + b + cFixed + d, "other.csv": a}[f.Path], "\n"); f.Rows != n {
			t.Errorf("%s: %d rows read, want %d", f.Path, f.Rows, n)
		}
	}
}

// TestPartsOfOneExport: the parts of one export split across files
// (time-1.csv, time-2.csv, as `clientscore sample --format xlsx-all`
// writes past a sheet's rows, or a user saves a long report in pieces)
// carry no date in their names: they are not nightly snapshots, and a row
// of the second part equal to one of the first is a second record (two
// people's identical hours on one day, a payment made twice). Both are
// read, with no note.
func TestPartsOfOneExport(t *testing.T) {
	t.Parallel()
	const header = "Date,Customer,Amount,Reference\n"
	a := "01/10/2026,Acme,100.00,\n"
	b := "02/10/2026,Beta,50.00,\n"
	dir := writeFiles(t, map[string]string{
		"payments-1.csv": header + a + b,
		"payments-2.csv": header + b + a,
	})
	res := mustRead(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputPayments, Pattern: "payments-*.csv"})
	var got []string
	for _, p := range res.Data.Payments {
		got = append(got, p.File+":"+strconv.Itoa(p.Row)+" "+p.ClientName)
	}
	want := []string{"payments-1.csv:2 Acme", "payments-1.csv:3 Beta", "payments-2.csv:2 Beta", "payments-2.csv:3 Acme"}
	if !slices.Equal(got, want) {
		t.Errorf("payments read %q, want all four %q", got, want)
	}
	for _, is := range res.Issues {
		t.Errorf("issue %s %s:%d %s, want none", is.Severity, is.File, is.Row, is.Problem)
	}
}
