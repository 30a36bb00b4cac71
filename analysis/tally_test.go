package analysis

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// tallyBooks are books with every kind of time and expense row the
// analysis treats differently: clients named by name, alias, legal
// suffix, id taught by a row with both, id alone; names no client has;
// rows naming no client; rows before and after the window; costs given,
// from a person's rate, a role's, costs.hour; hours of 0 and costs of 0;
// billable and not; USD and JPY rows, a currency with no rate, and a row
// too large for any total. Rows are spread over three files of each
// input.
func tallyBooks(rows int) (*Data, Rules) {
	r := testRules()
	r.HourlyRates = map[string]Money{"anna de vries": 8500, "designer": 5200}
	rng := rand.New(rand.NewPCG(7, 11))
	d := &Data{HasPayments: true}
	for i := range 8 {
		d.Clients = append(d.Clients, Client{Ref: At(InputClients, "clients.csv", "", i+2),
			ID: fmt.Sprintf("C%02d", i), Name: fmt.Sprintf("Client %d Ltd", i), Aliases: []string{fmt.Sprintf("Alias %d", i)}})
	}
	for i, name := range []string{"Twin Ltd", "Twin GmbH"} {
		d.Clients = append(d.Clients, Client{Ref: At(InputClients, "clients.csv", "", i+10), Name: name})
	}
	for i := range 12 {
		d.Invoices = append(d.Invoices, invoice(fmt.Sprintf("Client %d Ltd", i%10), fmt.Sprintf("INV-%d", i), "2026-01-10", "2026-02-10", Money(1000*(i+1))))
		d.Invoices[i].Row = i + 2
	}
	names := []struct{ id, name string }{
		{"", "Client 1 Ltd"}, {"", "client 1 ltd."}, {"", "Alias 2"}, {"", "Client 3"}, {"H-4", "Client 4 Ltd"},
		{"H-4", ""}, {"C05", ""}, {"", "Nobody Inc"}, {"", "nobody inc"}, {"X-9", ""}, {"", ""}, {"", "Client 9 Ltd"},
		{"H-6", "Client 6 Ltd"}, {"H-6", "Client 7 Ltd"}, {"", "Client 8 Ltd"}, {"", "Twin"},
	}
	people := []struct{ person, role string }{{"Anna de Vries", ""}, {"Bob", "Designer"}, {"Carl", "Developer"}, {"", ""}}
	dates := []string{"2025-06-30", "2025-07-01", "2025-12-31", "2026-01-01", "2026-03-15", "2026-06-30", "2026-07-01"}
	currencies := []string{"", "", "", "USD", "JPY", "GBP"}
	files := []string{"harvest-1.csv", "harvest-2.csv", "harvest-3.csv"}
	for i := range rows {
		n := names[rng.IntN(len(names))]
		p := people[rng.IntN(len(people))]
		te := TimeEntry{Ref: At(InputTime, files[i*3/rows], "", i+2), ClientID: n.id, ClientName: n.name,
			Date: day(dates[rng.IntN(len(dates))]), Person: p.person, Role: p.role, Billable: rng.IntN(2) == 0,
			Currency: currencies[rng.IntN(len(currencies))]}
		switch rng.IntN(5) {
		case 0:
			te.Cost, te.HasCost = Money(rng.IntN(90000)), true
		case 1:
			te.Cost, te.HasCost = 0, true // a cost of 0: hours decide
		}
		if rng.IntN(6) > 0 {
			te.Hours, te.HasHours = time.Duration(rng.IntN(40*60))*time.Minute+time.Duration(rng.IntN(60))*time.Second/7, true
		}
		if i == 301 {
			te.HasCost, te.Cost, te.Currency, te.Date = true, 1<<61, "", day("2026-02-02") // past any total: rejected
		}
		d.Time = append(d.Time, te)
	}
	efiles := []string{"expenses-1.csv", "expenses-2.csv", "expenses-3.csv"}
	for i := range 300 {
		n := names[rng.IntN(len(names))]
		d.Expenses = append(d.Expenses, Expense{Ref: At(InputExpenses, efiles[i*3/300], "", i+2),
			ClientID: n.id, ClientName: n.name, Date: day(dates[rng.IntN(len(dates))]),
			Amount: Money(rng.IntN(500000) - 1000), Currency: currencies[rng.IntN(len(currencies))]})
	}
	return d, r
}

// tallied returns d with its time and expense rows tallied file by file
// and merged, as a reader hands them on.
func tallied(d *Data, r Rules) *Data {
	out := *d
	out.Time, out.Expenses = nil, nil
	var tallies []*Tally
	for i := range d.Time {
		if i == 0 || d.Time[i].File != d.Time[i-1].File {
			tallies = append(tallies, NewTally(InputTime, r))
		}
		tallies[len(tallies)-1].AddTime(&d.Time[i])
	}
	out.TimeTally = mergeAll(tallies)
	tallies = nil
	for i := range d.Expenses {
		if i == 0 || d.Expenses[i].File != d.Expenses[i-1].File {
			tallies = append(tallies, NewTally(InputExpenses, r))
		}
		tallies[len(tallies)-1].AddExpense(&d.Expenses[i])
	}
	out.ExpenseTally = mergeAll(tallies)
	return &out
}

func mergeAll(ts []*Tally) *Tally {
	if len(ts) == 0 {
		return nil
	}
	for _, t := range ts[1:] {
		ts[0].Merge(t)
	}
	return ts[0]
}

// TestTallyAsRows: the analysis of tallied time and expense rows is the
// analysis of the rows, figure for figure, issue for issue, unmatched row
// for unmatched row, but for the rows' own lines; in books small enough
// for one block of rows, and in books whose merged tally fills one block
// and starts a second.
func TestTallyAsRows(t *testing.T) {
	for _, rows := range []int{600, blockLen + 600} {
		t.Run(fmt.Sprint(rows), func(t *testing.T) {
			d, r := tallyBooks(rows)
			want := Analyze(d, r)
			got := Analyze(tallied(d, r), r)
			lines := 0
			for i := range want.Clients {
				c := &want.Clients[i]
				lines += len(c.WorkLines) + len(c.ExpenseLines)
				c.WorkLines, c.ExpenseLines = nil, nil
			}
			if lines == 0 {
				t.Fatal("the rows gave no work or expense lines: the books test nothing")
			}
			checkBooks(t, want)
			if !reflect.DeepEqual(got.Clients, want.Clients) {
				for i := range want.Clients {
					if i < len(got.Clients) && !reflect.DeepEqual(got.Clients[i], want.Clients[i]) {
						t.Errorf("client %s:\n got %+v\nwant %+v", want.Clients[i].Name, got.Clients[i], want.Clients[i])
						break
					}
				}
				t.Fatalf("clients differ")
			}
			if !reflect.DeepEqual(got.Portfolio, want.Portfolio) {
				t.Errorf("portfolio:\n got %+v\nwant %+v", got.Portfolio, want.Portfolio)
			}
			if !reflect.DeepEqual(got.Issues, want.Issues) {
				t.Errorf("issues:\n got %d %+v\nwant %d %+v", len(got.Issues), got.Issues, len(want.Issues), want.Issues)
			}
		})
	}
}

// checkBooks makes sure tallyBooks hold what they are meant to: unmatched
// rows of both inputs, a rejected row, an fx rejection, every way of
// costing a row.
func checkBooks(t *testing.T, res *Result) {
	t.Helper()
	var unmatched [2]int
	for _, u := range res.Portfolio.Unmatched {
		switch u.Input {
		case InputTime:
			unmatched[0] = u.Rows
		case InputExpenses:
			unmatched[1] = u.Rows
		}
	}
	if unmatched[0] == 0 || unmatched[1] == 0 {
		t.Errorf("unmatched time and expense rows %v, want some of each", unmatched)
	}
	for _, text := range []string{"no fx rate for GBP", "more than a total can hold", "could be", "is taken as"} {
		if len(issuesSaying(res, text)) == 0 {
			t.Errorf("no issue saying %q", text)
		}
	}
	for k, c := range res.Portfolio.Costing[:CostTicket] { // tickets are support rows
		if c.Rows == 0 {
			t.Errorf("no row costed as %d", k)
		}
	}
}

// TestTallyMergeTooLarge: when the files of an input add up past what a
// total can hold, the rows of the file that passes it are rejected with
// one Error issue naming the file.
func TestTallyMergeTooLarge(t *testing.T) {
	r := testRules()
	first, second := NewTally(InputExpenses, r), NewTally(InputExpenses, r)
	e := expense("Client 1", "2026-01-05", maxInputTotal-100, "")
	first.AddExpense(&e)
	e = expense("Client 1", "2026-01-06", 60, "")
	e.Ref = At(InputExpenses, "expenses-2.csv", "", e.Row)
	second.AddExpense(&e)
	e = expense("Client 2", "2026-01-07", 50, "")
	e.Ref = At(InputExpenses, "expenses-2.csv", "", e.Row)
	second.AddExpense(&e)
	first.Merge(second)
	if got := first.rows.len(); got != 1 {
		t.Errorf("%d rows kept, want the first file's 1", got)
	}
	if len(first.c.issues) != 1 || first.c.issues[0].File != "expenses-2.csv" || first.c.issues[0].Severity != SeverityError ||
		!strings.Contains(first.c.issues[0].Problem, "this file's rows are rejected") {
		t.Errorf("issues %+v, want one Error at expenses-2.csv", first.c.issues)
	}
	if first.Read() != 3 {
		t.Errorf("Read() = %d, want the 3 rows added", first.Read())
	}
}

// TestBlocks: records added to blocks come back in order by index, across
// block boundaries, and adding more never moves a full block.
func TestBlocks(t *testing.T) {
	var b blocks[int32]
	if b.len() != 0 {
		t.Fatalf("empty blocks hold %d", b.len())
	}
	b.add(7)
	for i := 1; i < blockLen; i++ {
		b.add(int32(i * 3))
	}
	first := b.at(0)         // the first block is full
	const n = 2*blockLen + 3 // two full blocks and three records in a third
	for i := blockLen; i < n; i++ {
		b.add(int32(i * 3))
	}
	if b.len() != n || len(b.b) != 3 {
		t.Fatalf("%d records in %d blocks, want %d in 3", b.len(), len(b.b), n)
	}
	if b.at(0) != first || *first != 7 {
		t.Error("adding records moved the first block")
	}
	for i := 1; i < n; i++ {
		if got := *b.at(i); got != int32(i*3) {
			t.Fatalf("record %d is %d, want %d", i, got, i*3)
		}
	}
	for k, blk := range b.b[1:] {
		if cap(blk) != blockLen {
			t.Errorf("block %d has room for %d, want %d", k+1, cap(blk), blockLen)
		}
	}
}

// TestTallyBothPanics: rows and a tally of one input are a caller's
// mistake, not something to guess about.
func TestTallyBothPanics(t *testing.T) {
	r := testRules()
	d := &Data{Time: []TimeEntry{timeEntry("A", "2026-01-05", time.Hour)}, TimeTally: NewTally(InputTime, r)}
	defer func() {
		if recover() == nil {
			t.Error("Analyze of rows and a tally of the time input did not panic")
		}
	}()
	Analyze(d, r)
}

// TestWorkInDateOrder: a client's time rows are summed and listed by
// date, rows of one date in reading order, whatever order the export has
// them in. Hours are float64 sums, so the order shows: 0.1 + 0.2 + 0.3
// (6, 12 and 18 minutes, by date) is 0.6000000000000001, while the rows'
// reading order, 0.2 + 0.3 + 0.1, gives 0.6.
func TestWorkInDateOrder(t *testing.T) {
	d := &Data{
		Invoices: []Invoice{invoice("Acme", "1", "2026-01-10", "2026-02-10", 100000)},
		Time: []TimeEntry{
			timeEntry("Acme", "2026-01-01", 12*time.Minute),
			timeEntry("Acme", "2026-01-02", 18*time.Minute),
			timeEntry("Acme", "2025-12-31", 6*time.Minute),
			timeEntry("Acme", "2026-01-01", 30*time.Minute), // the same date as the first: after it
		},
	}
	d.Time = d.Time[:3]
	c, _ := clientOf(t, d, testRules(), "Acme")
	if got, want := c.Hours, 0.6000000000000001; got != want {
		t.Errorf("Hours = %v, want %v (0.1 + 0.2 + 0.3 in date order)", got, want)
	}
	d.Time = append(d.Time, timeEntry("Acme", "2026-01-01", 30*time.Minute))
	c, _ = clientOf(t, d, testRules(), "Acme")
	var got []string
	for _, l := range c.WorkLines {
		got = append(got, fmt.Sprintf("%s row %d", l.Date, l.Row))
	}
	want := []string{"2025-12-31 row 4", "2026-01-01 row 2", "2026-01-01 row 5", "2026-01-02 row 3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("work lines %v, want %v", got, want)
	}
}

// TestTallyIssuesInRowOrder: the warnings about the names time rows
// spell, and the unmatched names, come in the order of the rows that
// first spell them, whichever input file holds them.
func TestTallyIssuesInRowOrder(t *testing.T) {
	d := &Data{
		Invoices: []Invoice{invoice("Zeta Ltd", "1", "2026-01-10", "2026-02-10", 1000), invoice("Alpha Ltd", "2", "2026-01-10", "2026-02-10", 1000)},
		Time: []TimeEntry{
			timeEntry("Nobody Z", "2026-01-01", time.Hour),
			timeEntry("Zeta", "2026-01-01", time.Hour),
			timeEntry("Nobody A", "2026-01-02", time.Hour),
			timeEntry("Alpha", "2026-01-02", time.Hour),
			timeEntry("Nobody Z", "2026-01-03", time.Hour),
		},
	}
	for _, data := range []*Data{numbered(d), tallied(numbered(d), testRules())} {
		res := Analyze(data, testRules())
		var got []string
		for _, is := range res.Issues {
			got = append(got, fmt.Sprintf("%s row %d %s", is.Value, is.Row, strings.SplitN(is.Problem, ":", 2)[0]))
		}
		want := []string{
			`Zeta row 3 "Zeta" is taken as "Zeta Ltd"`,
			`Alpha row 5 "Alpha" is taken as "Alpha Ltd"`,
			"Nobody Z row 2 2 rows name this client, which is neither in the clients input nor named by an invoice",
			"Nobody A row 4 1 row name this client, which is neither in the clients input nor named by an invoice",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("issues\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestInvoiceLinesOnly: with Rules.InvoiceLinesOnly the clients get their
// invoice lines and every figure as without it, and no other line and no
// months.
func TestInvoiceLinesOnly(t *testing.T) {
	d, r := benchBooks(4000, 40), benchRules(t)
	want := Analyze(d, r)
	r.InvoiceLinesOnly = true
	got := Analyze(d, r)
	others := 0
	for i := range want.Clients {
		c := &want.Clients[i]
		others += len(c.PaymentLines) + len(c.ContactLines) + len(c.Months)
		c.PaymentLines, c.DisputeLines, c.ContactLines, c.WorkLines, c.ExpenseLines, c.Months = nil, nil, nil, nil, nil, nil
	}
	if others == 0 {
		t.Fatal("no payment or contact lines or months without InvoiceLinesOnly: the books test nothing")
	}
	if !reflect.DeepEqual(got.Clients, want.Clients) {
		t.Error("clients differ from those listed in full, less their other lines and months")
	}
}

// TestTallyMergeSpellings: a spelling first used in a later file keeps the
// row of that file where it is first used, and one used in the first file
// keeps its first row there, whatever later files repeat it; unmatched
// names are reported in the order of those rows across the files. Read
// counts every row added, in the window or not.
//
//	harvest-1.csv row 2  Nobody A     first use of Nobody A: its row
//	harvest-1.csv row 3  Acme
//	harvest-1.csv row 4  Acme         2025-01-01, before the window
//	harvest-1.csv row 5  Acme
//	harvest-1.csv row 6  Quux Unknown the 4th row in the window
//	harvest-2.csv row 2  Nobody A     a repeat: not its row
//	harvest-2.csv row 3  Acme
//	harvest-2.csv row 4  Acme
//	harvest-2.csv row 5  Zed Unknown  the 4th of its file: the 8th in all
//	harvest-3.csv row 2  Yak Unknown  the first of its file
//	harvest-3.csv row 3  Nobody A
//
// Unmatched, in the order of first use: Nobody A (3 rows, harvest-1.csv
// row 2), Quux Unknown (1 row, harvest-1.csv row 6), Zed Unknown (1 row,
// harvest-2.csv row 5), Yak Unknown (1 row, harvest-3.csv row 2). Read:
// 11 rows.
func TestTallyMergeSpellings(t *testing.T) {
	row := func(client, file string, n int, date string) TimeEntry {
		te := timeEntry(client, date, time.Hour)
		te.Ref = At(InputTime, file, "", n)
		return te
	}
	d := &Data{
		Invoices: []Invoice{invoice("Acme", "1", "2026-01-10", "2026-02-10", 100000)},
		Time: []TimeEntry{
			row("Nobody A", "harvest-1.csv", 2, "2026-01-05"),
			row("Acme", "harvest-1.csv", 3, "2026-01-06"),
			row("Acme", "harvest-1.csv", 4, "2025-01-01"),
			row("Acme", "harvest-1.csv", 5, "2026-01-06"),
			row("Quux Unknown", "harvest-1.csv", 6, "2026-01-06"),
			row("Nobody A", "harvest-2.csv", 2, "2026-01-08"),
			row("Acme", "harvest-2.csv", 3, "2026-01-08"),
			row("Acme", "harvest-2.csv", 4, "2026-01-08"),
			row("Zed Unknown", "harvest-2.csv", 5, "2026-01-07"),
			row("Yak Unknown", "harvest-3.csv", 2, "2026-01-09"),
			row("Nobody A", "harvest-3.csv", 3, "2026-01-09"),
		},
	}
	r := testRules()
	td := tallied(d, r)
	if got := td.TimeTally.Read(); got != 11 {
		t.Errorf("Read() = %d, want the 11 rows added", got)
	}
	res := Analyze(td, r)
	var got []string
	for _, is := range issuesSaying(res, "they count for no client") {
		got = append(got, fmt.Sprintf("%s row %d %s: %s", is.File, is.Row, is.Value, is.Problem[:6]))
	}
	want := []string{"harvest-1.csv row 2 Nobody A: 3 rows", "harvest-1.csv row 6 Quux Unknown: 1 row ", "harvest-2.csv row 5 Zed Unknown: 1 row ", "harvest-3.csv row 2 Yak Unknown: 1 row "}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unmatched %q, want %q", got, want)
	}
	if rows := Analyze(d, r); !reflect.DeepEqual(res.Issues, rows.Issues) {
		t.Errorf("issues of the tally\n %+v\ndiffer from the rows'\n %+v", res.Issues, rows.Issues)
	}
}
