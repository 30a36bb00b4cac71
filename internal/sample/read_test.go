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

// readXLSX returns every row of a sheet as text, raw cell values.
func readXLSX(tb testing.TB, path, sheet string) [][]string {
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
	recs := readCSV(tb, filepath.Join(dir, "payments.csv"), ';')
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
}

// dotCents writes cents as the disputes CSV does: 1234.50.
func dotCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + fmt.Sprintf("%02d", c%100)
}
