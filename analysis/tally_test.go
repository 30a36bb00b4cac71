package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// tallyBooks are books with every kind of support, time and expense row
// the analysis treats differently: clients named by name, alias, legal
// suffix, id taught by a row with both, id alone; names no client has;
// rows naming no client; contacts whose requester's email (or its
// parent domain) is a client's domain, and emails of no client's domain;
// rows before and after the window; costs given, from a person's rate, a
// role's, costs.hour, costs.support_ticket; hours of 0 and costs of 0;
// billable and not; contacts in and out of business hours, with no time,
// on a weekend, with tags of each signal; USD and JPY rows, a currency
// with no rate, and a row too large for any total. Rows are spread over
// three files of each input.
func tallyBooks(rows int) (*Data, Rules) {
	r := testRules()
	r.HourlyRates = map[string]Money{"anna de vries": 8500, "designer": 5200}
	rng := rand.New(rand.NewPCG(7, 11))
	d := &Data{HasPayments: true}
	for i := range 8 {
		d.Clients = append(d.Clients, Client{Ref: At(InputClients, "clients.csv", "", i+2),
			ID: fmt.Sprintf("C%02d", i), Name: fmt.Sprintf("Client %d Ltd", i), Aliases: []string{fmt.Sprintf("Alias %d", i)},
			Domains: []string{fmt.Sprintf("client%d.example", i)}})
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
	emails := []string{"", "ann@client3.example", "Bob@Support.CLIENT5.example", "eve@gmail.com", "no address", "x@client9.example"}
	clocks := []TimeOfDay{NoTime, Clock(3, 10), Clock(8, 0), Clock(12, 30), Clock(17, 59), Clock(18, 0), Clock(23, 55)}
	tags := []string{"", "billing", "Abusive caller", "change request, urgent", "asked for a DISCOUNT", "rework; discount"}
	cdates := append([]string{"2026-01-03", "2026-01-04"}, dates...) // a Saturday and a Sunday
	sfiles := []string{"tickets-1.csv", "tickets-2.csv", "tickets-3.csv"}
	for i := range rows / 2 {
		n := names[rng.IntN(len(names))]
		p := people[rng.IntN(len(people))]
		ct := Contact{Ref: At(InputSupport, sfiles[i*3/(rows/2)], "", i+2), ClientID: n.id, ClientName: n.name,
			Email: emails[rng.IntN(len(emails))], Person: p.person, Role: p.role, Date: day(cdates[rng.IntN(len(cdates))]),
			Time: clocks[rng.IntN(len(clocks))], Billable: rng.IntN(4) == 0, Tags: tags[rng.IntN(len(tags))],
			Currency: currencies[rng.IntN(len(currencies))], Channel: "email"}
		switch rng.IntN(4) {
		case 0:
			ct.Cost, ct.HasCost = Money(rng.IntN(20000)), true
		case 1:
			ct.Cost, ct.HasCost = 0, true
		}
		if rng.IntN(3) == 0 {
			ct.Hours, ct.HasHours = time.Duration(rng.IntN(5*60))*time.Minute, true
		}
		if i == 101 {
			ct.HasCost, ct.Cost, ct.Currency, ct.Date = true, 1<<61, "", day("2026-02-02") // past any total: rejected
		}
		d.Contacts = append(d.Contacts, ct)
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

// tallied returns d with its support, time and expense rows tallied file
// by file and merged, as a reader hands them on.
func tallied(d *Data, r Rules) *Data {
	out := *d
	out.Contacts, out.Time, out.Expenses = nil, nil, nil
	out.ContactTally = tallyFiles(d.Contacts, InputSupport, r, func(c *Contact) string { return c.File }, (*Tally).AddContact)
	out.TimeTally = tallyFiles(d.Time, InputTime, r, func(te *TimeEntry) string { return te.File }, (*Tally).AddTime)
	out.ExpenseTally = tallyFiles(d.Expenses, InputExpenses, r, func(e *Expense) string { return e.File }, (*Tally).AddExpense)
	return &out
}

// tallyFiles tallies rows of input in with add, one tally per file (a
// run of rows whose file names the same), and merges them in order; nil
// for no rows.
func tallyFiles[T any](rows []T, in Input, r Rules, file func(*T) string, add func(*Tally, *T)) *Tally {
	var tallies []*Tally
	for i := range rows {
		if i == 0 || file(&rows[i]) != file(&rows[i-1]) {
			tallies = append(tallies, NewTally(in, r))
		}
		add(tallies[len(tallies)-1], &rows[i])
	}
	return mergeAll(tallies)
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

// TestTallyAsRows: the analysis of tallied support, time and expense
// rows is the analysis of the rows, figure for figure, month for month,
// flag for flag, issue for issue, unmatched row for unmatched row, but
// for the rows' own lines; in books small enough for one block of rows,
// and in books whose merged tallies fill one block and start a second.
func TestTallyAsRows(t *testing.T) {
	for _, rows := range []int{600, blockLen + 600} {
		t.Run(fmt.Sprint(rows), func(t *testing.T) {
			d, r := tallyBooks(rows)
			r.Evidence = func(*ClientResult) bool { return true } // every client's months
			want := Analyze(d, r)
			got := Analyze(tallied(d, r), r)
			checkBooks(t, want)
			var lines [3]int
			for i := range want.Clients {
				c := &want.Clients[i]
				lines[0] += len(c.ContactLines)
				lines[1] += len(c.WorkLines)
				lines[2] += len(c.ExpenseLines)
				c.ContactLines, c.WorkLines, c.ExpenseLines = nil, nil, nil
			}
			if slices.Contains(lines[:], 0) {
				t.Fatalf("the rows gave %v contact, work and expense lines: the books test nothing", lines)
			}
			sameResult(t, got, want)
		})
	}
}

// checkBooks makes sure tallyBooks hold what they are meant to: unmatched
// rows of both inputs, a rejected row, an fx rejection, every way of
// costing a row.
func checkBooks(t *testing.T, res *Result) {
	t.Helper()
	var unmatched [3]int
	for _, u := range res.Portfolio.Unmatched {
		switch u.Input {
		case InputSupport:
			unmatched[0] = u.Rows
		case InputTime:
			unmatched[1] = u.Rows
		case InputExpenses:
			unmatched[2] = u.Rows
		}
	}
	if slices.Contains(unmatched[:], 0) {
		t.Errorf("unmatched support, time and expense rows %v, want some of each", unmatched)
	}
	var after, flagged, domains int
	for i := range res.Clients {
		c := &res.Clients[i]
		after += c.AfterHours
		flagged += len(c.Flags)
		for _, l := range c.ContactLines {
			if l.Email == "Bob@Support.CLIENT5.example" && l.ClientName == "" && l.ClientID == "" {
				if c.Name != "Client 5 Ltd" {
					t.Errorf("a contact naming no client from support.client5.example is %s's, want Client 5 Ltd's", c.Name)
				}
				domains++
			}
		}
	}
	if after == 0 || flagged == 0 || domains == 0 {
		t.Errorf("%d after-hours contacts, %d flags, %d contacts by their email's domain alone: want some of each", after, flagged, domains)
	}
	for _, text := range []string{"no fx rate for GBP", "more than a total can hold", "could be", "is taken as"} {
		if len(issuesSaying(res, text)) == 0 {
			t.Errorf("no issue saying %q", text)
		}
	}
	for k, c := range res.Portfolio.Costing {
		if c.Rows == 0 {
			t.Errorf("no row costed as %d", k)
		}
	}
}

// TestTallyMergeTooLarge: when the files of an input add up past what a
// total can hold, the rows of the file that passes it are rejected with
// one Error issue naming the file, for expenses (amounts) and contacts
// (costs) alike.
func TestTallyMergeTooLarge(t *testing.T) {
	r := testRules()
	cases := []struct {
		in   Input
		file string
		add  func(t *Tally, client, date string, m Money, file string)
	}{
		{InputExpenses, "expenses-2.csv", func(t *Tally, client, date string, m Money, file string) {
			e := expense(client, date, m, "")
			e.Ref = At(InputExpenses, file, "", 2)
			t.AddExpense(&e)
		}},
		{InputSupport, "tickets-2.csv", func(t *Tally, client, date string, m Money, file string) {
			ct := contact(client, date, Clock(10, 0))
			ct.Ref, ct.Cost, ct.HasCost = At(InputSupport, file, "", 2), m, true
			t.AddContact(&ct)
		}},
	}
	for _, c := range cases {
		t.Run(string(c.in), func(t *testing.T) {
			first, second := NewTally(c.in, r), NewTally(c.in, r)
			c.add(first, "Client 1", "2026-01-05", maxInputTotal-100, "first.csv")
			c.add(second, "Client 3", "2024-01-06", 10, c.file) // before the window: a spelling with no row kept
			c.add(second, "Client 1", "2026-01-06", 60, c.file)
			c.add(second, "Client 2", "2026-01-07", 50, c.file)
			first.Merge(second)
			if got := first.size(); got != 1 {
				t.Errorf("%d rows kept, want the first file's 1", got)
			}
			if len(first.c.issues) != 1 || first.c.issues[0].File != c.file || first.c.issues[0].Severity != SeverityError ||
				!strings.Contains(first.c.issues[0].Problem, "this file's rows are rejected") {
				t.Errorf("issues %+v, want one Error at %s", first.c.issues, c.file)
			}
			if first.Read() != 4 {
				t.Errorf("Read() = %d, want the 4 rows added", first.Read())
			}
		})
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

// TestGroupByClient: records are grouped by owner in their order, those
// of no client left out, and every client's group is cut to its size
// from one block: a client with three records has room for three, not
// the four that appending to an empty slice would give it.
func TestGroupByClient(t *testing.T) {
	owner := []int32{2, noClient, 0, 2, 0, 2}
	got := groupByClient(len(owner), 3, func(k int) int32 { return owner[k] }, func(k int) string { return string(rune('a' + k)) })
	want := [][]string{{"c", "e"}, {}, {"a", "d", "f"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("groups %q, want %q", got, want)
	}
	for c, g := range got {
		if cap(g) != len(g) {
			t.Errorf("client %d: room for %d records, want its %d", c, cap(g), len(g))
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
	// 12 + 18 + 6 minutes are 36, 0.6 hours: summed as durations, not as
	// 0.1 + 0.2 + 0.3 in floating point (0.6000000000000001).
	if got, want := c.Hours, 0.6; got != want {
		t.Errorf("Hours = %v, want %v", got, want)
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
	// A client whose only record in the window is a payment of an older
	// invoice: active by that payment alone.
	old := invoice("Payer Only", "PO-1", benchAsOf.AddMonths(-14).String(), benchAsOf.AddMonths(-13).String(), 50000)
	paid := payment("Payer Only", "PO-1", benchAsOf.AddDays(-20).String(), 50000)
	d.Invoices, d.Payments = append(d.Invoices, old), append(d.Payments, paid)
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
	for _, c := range want.Clients {
		if c.Name == "Payer Only" && (c.Verdict == Inactive || c.Invoices != 0) {
			t.Fatalf("Payer Only: verdict %v with %d invoices in the window, want active with none", c.Verdict, c.Invoices)
		}
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

// TestTallySums: time and expense rows are summed by client, month and
// kind, the same whether the analysis reads the rows, one tally of them
// or a tally per file merged in order: rows of one month and kind in
// different files and out of date order meet in one sum, hours are
// summed exactly, the window's first day is out and its last in.
func TestTallySums(t *testing.T) {
	r := testRules() // window (2025-06-30, 2026-06-30]; costs.hour 60.00
	r.HourlyRates = map[string]Money{"Anna de Vries": 8500}
	work := func(file string, row int, date string, minutes int, billable bool, person string, cost Money) TimeEntry {
		te := timeEntry("Acme", date, time.Duration(minutes)*time.Minute)
		te.Ref, te.Billable, te.Person = At(InputTime, file, "", row), billable, person
		if cost != 0 {
			te.Cost, te.HasCost = cost, true
		}
		return te
	}
	spend := func(file string, row int, date string, m Money, cur string) Expense {
		e := expense("Acme", date, m, cur)
		e.Ref = At(InputExpenses, file, "", row)
		return e
	}
	rows := []TimeEntry{
		work("harvest-1.csv", 2, "2026-03-05", 20, true, "", 0),               // 20.00, hour, March, delivery
		work("harvest-1.csv", 3, "2026-03-20", 20, true, "", 0),               // 20.00
		work("harvest-1.csv", 4, "2026-01-10", 90, false, "Anna de Vries", 0), // 127.50, person, January, support
		work("harvest-1.csv", 5, "2026-03-25", 60, true, "", 30000),           // 300.00 given, March, delivery
		work("harvest-2.csv", 2, "2026-03-31", 20, true, "", 0),               // 20.00: row 2's sum, from another file
		work("harvest-2.csv", 3, "2026-01-31", 30, false, "Anna de Vries", 0), // 42.50: row 4's, after March's sums
		work("harvest-2.csv", 4, "2025-06-30", 60, true, "", 0),               // the window's first day: out
		work("harvest-3.csv", 2, "2026-06-30", 60, false, "", 0),              // AsOf: 60.00, June, support
		work("harvest-3.csv", 3, "2026-03-10", 20, false, "", 0),              // 20.00, March, support: not row 2's
	}
	expenses := []Expense{
		spend("expenses-1.csv", 2, "2026-03-02", 50000, ""),
		spend("expenses-2.csv", 2, "2026-03-28", 10000, "USD"), // 100.00 USD at 0.92: 92.00
		spend("expenses-2.csv", 3, "2026-04-01", 7000, ""),
	}
	books := func() *Data {
		return &Data{
			Clients:  []Client{{Name: "Acme"}, {Name: "Idle"}},
			Invoices: []Invoice{invoice("Acme", "A-1", "2026-02-01", "2026-03-01", 100000)},
			Time:     slices.Clone(rows), Expenses: slices.Clone(expenses),
		}
	}
	cases := []struct {
		name string
		data func() *Data
	}{
		{"rows", books},
		{"one tally", func() *Data {
			d := books()
			d.TimeTally, d.ExpenseTally = NewTally(InputTime, r), NewTally(InputExpenses, r)
			for i := range d.Time {
				d.TimeTally.AddTime(&d.Time[i])
			}
			for i := range d.Expenses {
				d.ExpenseTally.AddExpense(&d.Expenses[i])
			}
			d.Time, d.Expenses = nil, nil
			return d
		}},
		{"a tally per file", func() *Data { d := books(); return tallied(d, r) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.data()
			// The sums of Acme's time rows in the window: March's by the
			// hour, billable and not, and given; January's by person;
			// June's by the hour.
			if d.TimeTally != nil && d.TimeTally.sums.len() != 5 {
				t.Errorf("%d sums of time rows, want 5", d.TimeTally.sums.len())
			}
			c, res := clientOf(t, d, r, "Acme")
			// Delivery: 20.00 × 3 + 300.00; support: 127.50 + 42.50 +
			// 60.00 + 20.00; expenses 500.00 + 92.00 + 70.00.
			if c.DeliveryCost != 36000 || c.SupportCost != 25000 || c.Expenses != 66200 {
				t.Errorf("delivery %d support %d expenses %d, want 36000, 25000, 66200", c.DeliveryCost, c.SupportCost, c.Expenses)
			}
			// 20 + 20 + 90 + 60 + 20 + 30 + 60 + 20 minutes: 5 1/3 hours,
			// summed as durations (TestWorkInDateOrder: exactly).
			if want := (320 * time.Minute).Hours(); c.Hours != want {
				t.Errorf("Hours = %v, want %v", c.Hours, want)
			}
			want := map[string]Month{
				"2026-01-01": {SupportCost: 17000},
				"2026-03-01": {DeliveryCost: 36000, SupportCost: 2000, Expenses: 59200},
				"2026-04-01": {Expenses: 7000},
				"2026-06-01": {SupportCost: 6000},
			}
			if len(c.Months) != 12 {
				t.Fatalf("%d months, want 12", len(c.Months))
			}
			for _, m := range c.Months {
				w := want[m.Start.String()]
				if m.DeliveryCost != w.DeliveryCost || m.SupportCost != w.SupportCost || m.Expenses != w.Expenses {
					t.Errorf("%s: delivery %d support %d expenses %d, want %d %d %d", m.Start,
						m.DeliveryCost, m.SupportCost, m.Expenses, w.DeliveryCost, w.SupportCost, w.Expenses)
				}
			}
			// hour: March's four rows and June's, 2 1/3 hours; person: 2
			// hours; given: 1.
			wantCosting := [CostTicket + 1]CostCount{
				CostGiven: {Rows: 1, Hours: 1, Cost: 30000}, CostPerson: {Rows: 2, Hours: 2, Cost: 17000},
				CostHour: {Rows: 5, Hours: (140 * time.Minute).Hours(), Cost: 14000},
			}
			if res.Portfolio.Costing != wantCosting {
				t.Errorf("costing %+v, want %+v", res.Portfolio.Costing, wantCosting)
			}
			idle, _ := clientOf(t, tc.data(), r, "Idle")
			if idle.Hours != 0 || idle.DeliveryCost != 0 || idle.SupportCost != 0 || idle.Expenses != 0 {
				t.Errorf("a client with no rows: hours %v delivery %d support %d expenses %d", idle.Hours, idle.DeliveryCost, idle.SupportCost, idle.Expenses)
			}
		})
	}
}

// TestHoursOf: a sum of durations in hours, as Duration.Hours gives it
// when it fits a Duration, and past that (only a sum can be) too.
func TestHoursOf(t *testing.T) {
	max := wideOf(math.MaxInt64)
	cases := []struct {
		ns   wide
		want float64
	}{
		{wide{}, 0},
		{wideOf(int64(90 * time.Minute)), 1.5},
		{wideOf(int64(20 * time.Minute)), (20 * time.Minute).Hours()},
		{wideOf(int64(-30 * time.Minute)), -0.5},
		// 2 × (2^63 − 1) ns: 18,446,744,073.709551614 s, 5,124,095.576 h.
		{max.add(max), 2 * float64(math.MaxInt64) / 3.6e12},
	}
	for _, c := range cases {
		if got := hoursOf(c.ns); got != c.want {
			t.Errorf("hoursOf(%+v) = %v, want %v", c.ns, got, c.want)
		}
	}
	if got := hoursOf(max.add(max)); got < 5124095.57 || got > 5124095.58 {
		t.Errorf("hoursOf(2 × MaxInt64 ns) = %v, want about 5,124,095.576", got)
	}
}

// TestContactLinesInDateOrder: a client's contacts are listed by date and
// time of day, a contact with no time first in its day, and contacts of
// one moment in input order.
func TestContactLinesInDateOrder(t *testing.T) {
	at := func(row int, date string, clock TimeOfDay, minutes int) Contact {
		ct := contact("Acme", date, clock)
		ct.Row, ct.Hours, ct.HasHours = row, time.Duration(minutes)*time.Minute, true
		return ct
	}
	d := &Data{
		Invoices: []Invoice{invoice("Acme", "1", "2026-01-10", "2026-02-10", 100000)},
		Contacts: []Contact{
			at(2, "2026-03-02", Clock(10, 0), 10),
			at(3, "2026-03-01", Clock(9, 0), 20),
			at(4, "2026-03-02", Clock(10, 0), 30), // the moment of row 2: after it
			at(5, "2026-03-02", NoTime, 40),       // no time: first on its day
			at(6, "2026-02-28", Clock(23, 0), 50),
		},
	}
	c, _ := clientOf(t, d, testRules(), "Acme")
	var got []int
	for _, l := range c.ContactLines {
		got = append(got, l.Row)
	}
	if want := []int{6, 3, 5, 2, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("contact lines of rows %v, want %v", got, want)
	}
	// 10 + 20 + 30 + 40 + 50 minutes.
	if c.SupportHours != 2.5 || c.Contacts != 5 {
		t.Errorf("support hours %v of %d contacts, want 2.5 of 5", c.SupportHours, c.Contacts)
	}
}
