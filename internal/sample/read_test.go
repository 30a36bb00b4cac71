package sample

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// This file reads the generated exports back, independently of the code
// that wrote them: excelize (RawCellValue) and encoding/csv, with parsers
// of its own for the date and number forms the files use.

// readXLSX returns every row of a sheet as text, raw cell values. A sheet
// of a shared sample is read once (sharedRows).
func readXLSX(tb testing.TB, path, sheet string) [][]string {
	tb.Helper()
	if rows, ok := sharedRows(tb, path, sheet); ok {
		return rows
	}
	return readXLSXFile(tb, path, sheet)
}

func readXLSXFile(tb testing.TB, path, sheet string) [][]string {
	tb.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return rows
}

// readCSV returns every record of a CSV file.
func readCSV(tb testing.TB, path string, comma rune) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.FieldsPerRecord = comma, -1
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return recs
}

// parsed holds what the test reads back from one sample folder.
type parsed struct {
	invoiceRows [][]string // the invoices file, every row
	invoices    []inv      // data rows below the header, TOTAL excluded
	payments    []pay
	disputes    [][]string // records below the header
	tickets     []tkt
	clients     [][]string // records below the header
	paymentsRaw [][]string // records below the header
	timeHeader  []string
	time        []work
	timeRaw     [][]string // CSV records below the header (CSV formats only)
	expenses    []spent
}

// work is a row of the time log: hours and money in hundredths (of an
// hour, of the currency).
type work struct {
	date                                       time.Time
	client, project, code, task, notes         string
	hours, rounded                             int64
	billable, invoiced, approved               string
	first, last, role, employee                string
	billRate, billAmount, costRate, costAmount int64
	currency, ref                              string
}

// spent is a row of the expenses export; amount in cents.
type spent struct {
	date                           time.Time
	client, project, category      string
	notes                          string
	amount, units                  int64
	billable, reimbursable, billed string
	first, last                    string
}

func (w work) person() string { return w.first + " " + w.last }

// workRecord reads a time log record in which numbers are written with a
// decimal point (the CSV, or the raw values of the workbook).
func workRecord(tb testing.TB, r []string, date time.Time) work {
	tb.Helper()
	h := func(s string) int64 { return cents(tb, s, '.') }
	return work{date: date, client: r[1], project: r[2], code: r[3], task: r[4], notes: r[5],
		hours: h(r[6]), rounded: h(r[7]), billable: r[8], invoiced: r[9], approved: r[10],
		first: r[11], last: r[12], role: r[13], employee: r[14],
		billRate: h(r[15]), billAmount: h(r[16]), costRate: h(r[17]), costAmount: h(r[18]),
		currency: r[19], ref: r[20]}
}

func spentRecord(tb testing.TB, r []string, date time.Time) spent {
	tb.Helper()
	e := spent{date: date, client: r[1], project: r[2], category: r[3], notes: r[4], amount: cents(tb, r[5], '.'),
		billable: r[7], reimbursable: r[8], billed: r[9], first: r[10], last: r[11]}
	if r[6] != "" {
		e.units = cents(tb, r[6], '.') / 100
	}
	return e
}

type inv struct {
	row                                  []string
	date, due                            time.Time
	num, customer, currency, status, typ string
	appliesTo                            string
	cents                                int64
	amountOK                             bool
}

type pay struct {
	dateText, customer, invoice, currency, reference string
	date                                             time.Time
	dateOK                                           bool
	cents                                            int64
}

type tkt struct {
	created         time.Time // local wall clock, as written
	tracked         int       // minutes; -1 none
	tags, company   string
	subject, source string
}

func serialDate(tb testing.TB, s string) time.Time {
	tb.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Fatalf("date cell %q is not a serial number", s)
	}
	// Excel serial 25569 is 1970-01-01.
	return time.Unix(int64(n-25569)*86400, 0).UTC()
}

func dmyDate(s string) (time.Time, bool) {
	t, err := time.Parse("02/01/2006", s)
	return t, err == nil
}

// cents parses "1234.5", "1,234.56" (dot decimal) or "1.234,56" (comma
// decimal) into minor units.
func cents(tb testing.TB, s string, decimal byte) int64 {
	tb.Helper()
	group := ","
	if decimal == ',' {
		group = "."
	}
	s = strings.ReplaceAll(s, group, "")
	whole, frac, _ := strings.Cut(s, string(decimal))
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || len(frac) > 2 {
		tb.Fatalf("amount %q is not a number with decimal %q", s, decimal)
	}
	v := w*100 + f
	if neg {
		v = -v
	}
	return v
}

// load reads every export in dir, written in format.
func load(tb testing.TB, dir, format string) parsed {
	tb.Helper()
	var p parsed
	if format == "csv" {
		p.invoiceRows = readCSV(tb, filepath.Join(dir, "invoices.csv"), ',')
	} else {
		p.invoiceRows = readXLSX(tb, filepath.Join(dir, "invoices.xlsx"), InvoiceSheet)
	}
	header := 0
	for header < len(p.invoiceRows) && !(len(p.invoiceRows[header]) > 1 && p.invoiceRows[header][1] == "Num") {
		header++
	}
	for _, r := range p.invoiceRows[header+1:] {
		if len(r) == 0 || r[0] == "TOTAL" {
			continue
		}
		for len(r) < len(InvoiceHeaders) {
			r = append(r, "")
		}
		i := inv{row: r, num: r[1], customer: r[2], currency: r[5], status: r[6], typ: r[7], appliesTo: r[8]}
		if format == "csv" {
			i.date, _ = dmyDate(r[0])
			i.due, _ = dmyDate(r[3])
		} else {
			i.date = serialDate(tb, r[0])
			if r[3] != "" {
				i.due = serialDate(tb, r[3])
			}
		}
		if r[4] != "n/a" {
			i.cents, i.amountOK = cents(tb, r[4], '.'), true
		}
		p.invoices = append(p.invoices, i)
	}

	if format == "xlsx-all" {
		loadAllXLSX(tb, dir, &p)
		p.clients = readXLSX(tb, filepath.Join(dir, "clients.xlsx"), ClientSheet)[1:]
		return p
	}
	recs := readCSV(tb, filepath.Join(dir, "time.csv"), ',')
	p.timeHeader, p.timeRaw = recs[0], recs[1:]
	for _, r := range recs[1:] {
		d, err := time.Parse(time.DateOnly, r[0])
		if err != nil {
			tb.Fatalf("time.csv: Date %q: %v", r[0], err)
		}
		p.time = append(p.time, workRecord(tb, r, d))
	}
	for _, r := range readCSV(tb, filepath.Join(dir, "expenses.csv"), ',')[1:] {
		d, err := time.Parse(time.DateOnly, r[0])
		if err != nil {
			tb.Fatalf("expenses.csv: Date %q: %v", r[0], err)
		}
		p.expenses = append(p.expenses, spentRecord(tb, r, d))
	}
	recs = readCSV(tb, filepath.Join(dir, "payments.csv"), ';')
	p.paymentsRaw = recs[1:]
	for _, r := range recs[1:] {
		d, ok := dmyDate(r[0])
		p.payments = append(p.payments, pay{dateText: r[0], date: d, dateOK: ok, customer: r[1], invoice: r[2],
			cents: cents(tb, r[3], ','), currency: r[4], reference: r[5]})
	}
	p.disputes = readCSV(tb, filepath.Join(dir, "disputes.csv"), ',')[1:]
	for _, r := range readCSV(tb, filepath.Join(dir, "tickets.csv"), ',')[1:] {
		created, err := time.Parse(time.DateTime, r[6])
		if err != nil {
			tb.Fatalf("ticket %s: Created time %q: %v", r[0], r[6], err)
		}
		t := tkt{created: created, tracked: -1, tags: r[8], company: r[10], subject: r[1], source: r[4]}
		if r[7] != "" {
			h, m, _ := strings.Cut(r[7], ":")
			hh, _ := strconv.Atoi(h)
			mm, _ := strconv.Atoi(m)
			t.tracked = hh*60 + mm
		}
		p.tickets = append(p.tickets, t)
	}
	if format == "csv" {
		p.clients = readCSV(tb, filepath.Join(dir, "clients.csv"), ',')[1:]
	} else {
		p.clients = readXLSX(tb, filepath.Join(dir, "clients.xlsx"), ClientSheet)[1:]
	}
	return p
}

// loadAllXLSX reads payments, disputes and tickets from the workbooks
// Format "xlsx-all" writes, into the forms load gives for CSV: dates as
// the CSV writes them where the test compares text, amounts in cents,
// tracked time in minutes.
func loadAllXLSX(tb testing.TB, dir string, p *parsed) {
	tb.Helper()
	pad := func(r []string, n int) []string {
		for len(r) < n {
			r = append(r, "")
		}
		return r
	}
	for _, r := range readXLSX(tb, filepath.Join(dir, "payments.xlsx"), PaymentSheet)[1:] {
		r = pad(r, len(PaymentHeaders))
		pp := pay{dateText: r[0], customer: r[1], invoice: r[2], cents: cents(tb, r[3], '.'), currency: r[4], reference: r[5]}
		if _, err := strconv.Atoi(r[0]); err == nil {
			pp.date, pp.dateOK = serialDate(tb, r[0]), true
			pp.dateText = pp.date.Format("02/01/2006")
		}
		p.payments = append(p.payments, pp)
		p.paymentsRaw = append(p.paymentsRaw, r)
	}
	for _, r := range readXLSX(tb, filepath.Join(dir, "disputes.xlsx"), DisputeSheet)[1:] {
		r = pad(r, len(DisputeHeaders))
		r[0] = serialDate(tb, r[0]).Format(time.DateOnly)
		r[3] = dotCents(cents(tb, r[3], '.'))
		p.disputes = append(p.disputes, r)
	}
	for _, r := range readXLSX(tb, filepath.Join(dir, "tickets.xlsx"), TicketSheet)[1:] {
		r = pad(r, len(TicketHeaders))
		serial, err := strconv.ParseFloat(r[6], 64)
		if err != nil {
			tb.Fatalf("ticket %s: Created time %q is not a date-time cell", r[0], r[6])
		}
		// Excel serial 25569 is 1970-01-01; the fraction is the time of day.
		created := time.Unix(int64(math.Round((serial-25569)*86400)), 0).UTC()
		t := tkt{created: created, tracked: -1, tags: r[8], company: r[10], subject: r[1], source: r[4]}
		if r[7] != "" {
			f, err := strconv.ParseFloat(r[7], 64)
			if err != nil {
				tb.Fatalf("ticket %s: Time tracked %q is not a number", r[0], r[7])
			}
			t.tracked = int(math.Round(f * 24 * 60))
		}
		p.tickets = append(p.tickets, t)
	}
	// Numbers in cells are written back with a decimal point, as the CSV
	// writes them, rounded to hundredths.
	hundredths := func(s string) string {
		if s == "" {
			return ""
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			tb.Fatalf("%q is not a number cell", s)
		}
		return dotCents(int64(math.Round(f * 100)))
	}
	rows := readXLSX(tb, filepath.Join(dir, "time.xlsx"), TimeSheet)
	p.timeHeader = rows[0]
	for _, r := range rows[1:] {
		r = pad(r, len(TimeHeaders))
		for _, i := range []int{6, 7, 15, 16, 17, 18} {
			r[i] = hundredths(r[i])
		}
		p.time = append(p.time, workRecord(tb, r, serialDate(tb, r[0])))
	}
	for _, r := range readXLSX(tb, filepath.Join(dir, "expenses.xlsx"), ExpenseSheet)[1:] {
		r = pad(r, len(ExpenseHeaders))
		r[5], r[6] = hundredths(r[5]), hundredths(r[6])
		p.expenses = append(p.expenses, spentRecord(tb, r, serialDate(tb, r[0])))
	}
}

// dotCents writes cents as the disputes CSV does: 1234.50.
func dotCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + fmt.Sprintf("%02d", c%100)
}
