package ingest

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"clientscore/analysis"
)

// fileReader turns the data rows of one sheet or CSV file into records.
type fileReader struct {
	kind      analysis.Input
	file      string // as named in Refs
	sheet     string
	lay       *layout
	dates     dateReader
	decimal   byte
	loc       *time.Location
	rates     analysis.Rates
	reporting string

	invoices chunks[analysis.Invoice]
	payments chunks[analysis.Payment]
	disputes chunks[analysis.Dispute]
	contacts chunks[analysis.Contact]
	clients  chunks[analysis.Client]
	issues   []analysis.Issue
	rows     int // data rows read
	rejected int // rows rejected

	pending   *analysis.Invoice // the invoice whose lines are being gathered
	strs      map[string]string // interned names and codes
	ended     int               // the row of a grand total that ended the data; 0 before
	afterEnd  int               // rows with data after it
	afterFrom int               // the first of them
}

// maxInterned bounds the interning table (distinct names per file).
const maxInterned = 1 << 17

// keep returns a copy of s that does not pin the reader's buffers,
// sharing one copy per distinct value for repetitive fields.
func (fr *fileReader) keep(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := fr.strs[s]; ok {
		return v
	}
	c := strings.Clone(s)
	if len(fr.strs) < maxInterned {
		fr.strs[c] = c
	}
	return c
}

// row handles one row after the header.
func (fr *fileReader) row(rowNum int, cells []cell, rowErr error) {
	if rowErr != nil {
		fr.rows++
		fr.rejected++
		fr.issues = append(fr.issues, analysis.Issue{
			Severity: analysis.SeverityError,
			Ref:      fr.ref(rowNum),
			Problem:  rowErr.Error(),
		})
		return
	}
	first, filled := "", 0
	for _, c := range cells {
		if t := trimText(c.text); t != "" {
			if filled == 0 {
				first = t
			}
			filled++
		}
	}
	if filled == 0 {
		return // blank rows are not data
	}
	if fr.ended > 0 {
		if filled > 1 {
			if fr.afterEnd == 0 {
				fr.afterFrom = rowNum
			}
			fr.afterEnd++
		}
		return
	}
	switch lower := strings.ToLower(first); {
	case lower == "total" || lower == "totals" || lower == "grand total" || lower == "total:" || lower == "grand total:":
		fr.ended = rowNum // QuickBooks' TOTAL line ends the data
		return
	case strings.HasPrefix(lower, "total for ") || strings.HasPrefix(lower, "subtotal"):
		return // a group's subtotal
	case filled == 1 && len(specs[fr.kind].required) > 1:
		return // a group heading ("Acme Ltd", "1 - 30 days past due"): one cell cannot be a record
	case fr.lay.isHeader(cells):
		return // the header again: exports pasted one below the other
	}
	fr.rows++
	r := rowCtx{fr: fr, row: rowNum, cells: cells}
	if !r.checkCells() {
		fr.rejected++
		return
	}
	switch fr.kind {
	case analysis.InputInvoices:
		inv := r.invoice()
		if r.ok() {
			fr.addInvoice(inv)
		}
	case analysis.InputPayments:
		p := r.payment()
		if r.ok() {
			fr.payments.add(p)
		}
	case analysis.InputDisputes:
		d := r.dispute()
		if r.ok() {
			fr.disputes.add(d)
		}
	case analysis.InputSupport:
		c := r.contact()
		if r.ok() {
			fr.contacts.add(c)
		}
	case analysis.InputClients:
		c := r.client()
		if r.ok() {
			fr.clients.add(c)
		}
	}
	if !r.ok() {
		fr.rejected++
	}
}

// finish flushes a gathered invoice and notes rows left after a total.
func (fr *fileReader) finish() {
	fr.flushInvoice()
	if fr.afterEnd > 0 {
		fr.issues = append(fr.issues, analysis.Issue{
			Severity: analysis.SeverityWarning,
			Ref:      fr.ref(fr.afterFrom),
			Problem:  fmt.Sprintf("%d rows below the total on row %d were not read: a total row ends the data", fr.afterEnd, fr.ended),
		})
	}
}

// addInvoice adds an invoice, gathering the lines of a line-item export
// (Xero, Zoho Books, FreshBooks) into one invoice: consecutive rows with
// the same number, client and issue date. Line amounts are summed; an
// invoice total repeated on each line is taken once.
func (fr *fileReader) addInvoice(inv analysis.Invoice) {
	if !fr.lay.lineItems {
		fr.invoices.add(inv)
		return
	}
	if p := fr.pending; p != nil && p.Number == inv.Number && p.ClientName == inv.ClientName &&
		p.ClientID == inv.ClientID && p.Issued == inv.Issued && p.Currency == inv.Currency {
		if fr.lay.lineAmount {
			p.Amount += inv.Amount
		}
		return
	}
	fr.flushInvoice()
	fr.pending = &inv
}

func (fr *fileReader) flushInvoice() {
	if fr.pending != nil {
		fr.invoices.add(*fr.pending)
		fr.pending = nil
	}
}

// chunks gathers records in blocks of fixed size, so that a growing slice
// of large records is never copied over and over; all is copied once, into
// a slice of the right size, at the end.
type chunks[T any] struct {
	full [][]T
	cur  []T
	n    int
}

const chunkLen = 4096

func (c *chunks[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, chunkLen)
	}
	c.cur = append(c.cur, v)
	c.n++
}

// appendTo appends every record to dst.
func (c *chunks[T]) appendTo(dst []T) []T {
	for _, b := range c.full {
		dst = append(dst, b...)
	}
	return append(dst, c.cur...)
}

func (fr *fileReader) ref(row int) analysis.Ref {
	return analysis.Ref{Input: fr.kind, File: fr.file, Sheet: fr.sheet, Row: row}
}

// minorDigits is the number of minor-unit digits of code, or of the
// reporting currency for "".
func (fr *fileReader) minorDigits(code string) int {
	if code == "" {
		code = fr.reporting
	}
	if code == "" {
		return 2
	}
	return analysis.MinorDigits(code)
}

func trimText(s string) string { return strings.TrimFunc(s, isSpace) }

// rowCtx reads the fields of one row and collects what is wrong with it.
type rowCtx struct {
	fr    *fileReader
	row   int
	cells []cell
	bad   bool

	curDone bool   // the currency column has been read
	cur     string // its code; "" when absent or empty
	curOK   bool
}

func (r *rowCtx) ok() bool { return !r.bad }

// get returns the first non-empty cell among name's columns, best first,
// and the column it came from (the best column when all are empty; index
// -1 when the file has no such column).
func (r *rowCtx) get(name string) (cell, colRef, bool) {
	cols := r.fr.lay.cols[name]
	for _, c := range cols {
		if c.index < len(r.cells) && trimText(r.cells[c.index].text) != "" {
			v := r.cells[c.index]
			v.text = trimText(v.text)
			return v, c, true
		}
	}
	if len(cols) > 0 {
		return cell{}, cols[0], false
	}
	return cell{}, colRef{index: -1, header: name}, false
}

// maxCellChars is the most characters a spreadsheet cell holds (Excel's
// limit). A longer value cannot have come from a cell: in a CSV file it
// is most often a quote left open that swallowed the lines after it.
const maxCellChars = 32767

// checkCells rejects the row when a column the reader uses holds no data
// it can trust: an error value (#N/A, #REF!), a formula whose result was
// never saved, or more text than a cell holds. Columns the reader does not
// use may hold anything.
func (r *rowCtx) checkCells() bool {
	for _, col := range r.fr.lay.used {
		if col.index >= len(r.cells) {
			continue
		}
		c := r.cells[col.index]
		switch {
		case c.errorValue:
			t := trimText(c.text)
			r.fail(col, t, bad(ErrErrorValue, "is a spreadsheet error value, not data: fix the formula that gives it"))
		case c.formula && trimText(c.text) == "":
			r.fail(col, "", sentence(ErrNoValue, "the cell has a formula but no saved value (the program that wrote the file did not calculate it): open the file in Excel or LibreOffice and save it again"))
		case len(c.text) > maxCellChars:
			if n := utf8.RuneCountInString(c.text); n > maxCellChars {
				r.fail(col, shorten(c.text), sentence(ErrTooLong, "the cell holds %d characters, more than the %d a spreadsheet cell holds (a quote left open?)", n, maxCellChars))
			}
		}
	}
	return r.ok()
}

// shorten cuts a long value for a Data issues row.
func shorten(s string) string {
	const keep = 100
	n := 0
	for i := range s {
		if n == keep {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// warn records a warning about a value: the row is kept.
func (r *rowCtx) warn(col colRef, value, problem string) {
	is := analysis.Issue{
		Severity: analysis.SeverityWarning,
		Ref:      r.fr.ref(r.row),
		Value:    value,
		Problem:  problem,
	}
	if col.index >= 0 {
		is.Column = col.header + " (" + ColumnLetter(col.index+1) + ")"
	}
	r.fr.issues = append(r.fr.issues, is)
}

// fail records a bad value: the row is rejected.
func (r *rowCtx) fail(col colRef, value string, err error) {
	r.bad = true
	fe := &FieldError{Pos: Pos{File: r.fr.file, Sheet: r.fr.sheet, Row: r.row}, Field: col.header, Value: value, Err: err}
	if col.index >= 0 {
		fe.Col = col.index + 1
	}
	r.fr.issues = append(r.fr.issues, fe.issue(r.fr.kind))
}

// missing records a required value that is empty, naming the first of the
// alternatives the file has.
func (r *rowCtx) missing(names ...string) {
	col := colRef{index: -1}
	for _, n := range names {
		if cols := r.fr.lay.cols[n]; len(cols) > 0 {
			col = cols[0]
			break
		}
	}
	what := strings.Join(names, " or ")
	r.fail(col, "", sentence(ErrMissing, "%s is empty: every row needs it", what))
}

// text returns name's trimmed text, interned: for values that repeat
// (client names and ids, statuses, channels).
func (r *rowCtx) text(name string) string {
	c, _, ok := r.get(name)
	if !ok {
		return ""
	}
	return r.fr.keep(c.text)
}

// note returns name's trimmed text, copied: for values that rarely repeat
// (numbers, references, reasons, tags).
func (r *rowCtx) note(name string) string {
	c, _, ok := r.get(name)
	if !ok {
		return ""
	}
	return strings.Clone(c.text)
}

// date reads a date column as a local date and time of day.
func (r *rowCtx) date(name string, required bool) (analysis.Date, analysis.TimeOfDay, bool) {
	c, col, ok := r.get(name)
	if !ok {
		if required {
			r.missing(name)
		}
		return 0, analysis.NoTime, false
	}
	dt, err := r.fr.dates.read(c)
	if err != nil {
		r.fail(col, c.text, err)
		return 0, analysis.NoTime, false
	}
	d, t := dt.local(isUTC(col.unit), r.fr.loc)
	if err := checkPlausible(d); err != nil {
		r.fail(col, c.text, err)
		return 0, analysis.NoTime, false
	}
	return d, t, true
}

// isUTC reports whether a header's unit says its times are UTC
// (Stripe's "Created (UTC)").
func isUTC(unit string) bool { return unit == "utc" || unit == "gmt" }

// currency reads the row's currency column once; ok is false when it is
// bad (and reported).
func (r *rowCtx) currency() (string, bool) {
	if r.curDone {
		return r.cur, r.curOK
	}
	r.curDone = true
	c, col, ok := r.get("currency")
	if !ok {
		r.curOK = true
		return "", true
	}
	code, err := readCurrency(c.text, r.fr.rates)
	if err != nil {
		r.fail(col, c.text, err)
		return "", false
	}
	r.cur, r.curOK = r.fr.keep(code), true
	return r.cur, true
}

// amount reads a money column in the row's currency: the currency column,
// else a code written beside the number ("EUR 1.200,00"), else a currency
// in the header ("Amount (EUR)"), else the reporting currency ("").
func (r *rowCtx) amount(name string, required bool) (m analysis.Money, code string, has bool) {
	c, col, ok := r.get(name)
	if !ok {
		if required {
			r.missing(name)
		}
		return 0, "", false
	}
	cur, curOK := r.currency()
	if !curOK {
		return 0, "", false
	}
	code = cur
	if code == "" && len(col.unit) == 3 && analysis.KnownCurrency(strings.ToUpper(col.unit)) {
		code = strings.ToUpper(col.unit)
	}
	digits := r.fr.minorDigits(code)
	m, written, err := readAmount(c, r.fr.decimal, digits)
	if err == nil && written != "" && written != code {
		switch {
		case code != "":
			err = bad(ErrBadAmount, "is in %s, but the row's currency is %s", written, code)
		case analysis.MinorDigits(written) != digits:
			m, _, err = readAmount(c, r.fr.decimal, analysis.MinorDigits(written))
		}
		code = written
	}
	if err == nil && code != cur {
		err = checkRate(code, r.fr.rates)
	}
	if err != nil {
		r.fail(col, c.text, err)
		return 0, "", false
	}
	return m, r.fr.keep(code), true
}

// clientFields reads client, client_id and, for kinds that have it,
// invoice; at least one must be there.
func (r *rowCtx) clientFields(withInvoice bool) (name, id, invoice string) {
	name, id = r.text("client"), r.text("client_id")
	if withInvoice {
		invoice = r.note("invoice")
	}
	switch {
	case r.fr.kind == analysis.InputClients:
		if name == "" {
			r.missing("client")
		}
	case name == "" && id == "" && invoice == "":
		if withInvoice {
			r.missing("client", "client_id", "invoice")
		} else {
			r.missing("client", "client_id")
		}
	}
	return name, id, invoice
}

func (r *rowCtx) invoice() analysis.Invoice {
	inv := analysis.Invoice{Ref: r.fr.ref(r.row)}
	inv.ClientName, inv.ClientID, _ = r.clientFields(false)
	if inv.Number = r.note("number"); inv.Number == "" {
		r.missing("number")
	}
	issued, _, issuedOK := r.date("issue_date", true)
	inv.Issued = issued
	var amountOK bool
	inv.Amount, inv.Currency, amountOK = r.amount("amount", true)
	inv.Status = r.text("status")
	inv.Type = r.text("type")
	inv.AppliesTo = r.note("applies_to")

	// The due date, else issue date + terms; a credit note may have
	// neither.
	_, dueCol, dueGiven := r.get("due_date")
	tc, termsCol, termsGiven := r.get("terms")
	credit := amountOK && inv.Amount < 0 || strings.Contains(strings.ToLower(inv.Type), "credit")
	switch {
	case dueGiven:
		var dueOK bool
		inv.Due, _, dueOK = r.date("due_date", false)
		if dueOK && issuedOK && inv.Due < issued {
			c, _, _ := r.get("due_date")
			r.warn(dueCol, c.text, fmt.Sprintf("the due date %v is before the issue date %v: read as written, so the invoice is overdue from %v; check the row", inv.Due, issued, inv.Due))
		}
	case termsGiven && issuedOK:
		d, err := dueByTerms(tc.text, issued)
		if err != nil {
			r.fail(termsCol, tc.text, err)
		}
		inv.Due = d
	case termsGiven || credit:
		// a bad issue date (reported), or a credit note with no due date
	default:
		col := dueCol
		if col.index < 0 {
			col = termsCol
		}
		r.fail(col, "", sentence(ErrMissing, "due date is empty and there are no payment terms: give a due date or terms"))
	}

	if paid, _, ok := r.date("paid_date", false); ok {
		inv.PaidOn = paid
	}
	if bal, code, ok := r.amount("balance", false); ok {
		if amountOK && code != inv.Currency {
			_, col, _ := r.get("balance")
			r.fail(col, "", sentence(ErrBadAmount, "balance is in %s but amount is in %s", orReporting(code), orReporting(inv.Currency)))
		}
		inv.Balance, inv.HasBalance = bal, true
	}
	inv.Disputed = r.boolean("disputed")
	return inv
}

func orReporting(code string) string {
	if code == "" {
		return "the reporting currency"
	}
	return code
}

// boolean reads a yes/no column; empty is false.
func (r *rowCtx) boolean(name string) bool {
	c, col, ok := r.get(name)
	if !ok {
		return false
	}
	v, err := readBool(c.text)
	if err != nil {
		r.fail(col, c.text, err)
	}
	return v
}

func (r *rowCtx) payment() analysis.Payment {
	p := analysis.Payment{Ref: r.fr.ref(r.row)}
	p.ClientName, p.ClientID, p.Invoice = r.clientFields(true)
	p.Date, _, _ = r.date("date", true)
	p.Amount, p.Currency, _ = r.amount("amount", true)
	p.Reference = r.note("reference")
	return p
}

func (r *rowCtx) dispute() analysis.Dispute {
	d := analysis.Dispute{Ref: r.fr.ref(r.row)}
	d.ClientName, d.ClientID, d.Invoice = r.clientFields(true)
	d.Date, _, _ = r.date("date", true)
	d.Amount, d.Currency, d.HasAmount = r.amount("amount", false)
	d.Reason = r.note("reason")
	d.Status = r.text("status")
	return d
}

func (r *rowCtx) contact() analysis.Contact {
	c := analysis.Contact{Ref: r.fr.ref(r.row), Time: analysis.NoTime}
	c.ClientName, c.ClientID, _ = r.clientFields(false)
	if v, col, ok := r.get("date"); ok {
		dt, err := r.fr.dates.read(v)
		utc := isUTC(col.unit)
		if err != nil {
			r.fail(col, v.text, err)
		} else {
			if !dt.hasTime {
				// A separate time column joins a date-only date.
				if tv, tcol, ok := r.get("time"); ok {
					sec, zoned, offset, err := readTimeOfDay(tv)
					if err != nil {
						r.fail(tcol, tv.text, err)
					}
					dt.hasTime, dt.sec, dt.zoned, dt.offset = err == nil, sec, zoned, offset
					utc = isUTC(tcol.unit)
				}
			}
			c.Date, c.Time = dt.local(utc, r.fr.loc)
			if err := checkPlausible(c.Date); err != nil {
				r.fail(col, v.text, err)
			}
		}
	} else {
		r.missing("date")
	}
	if v, col, ok := r.get("hours"); ok {
		d, err := readDuration(v, durationUnit(col.unit))
		if err != nil {
			r.fail(col, v.text, err)
		}
		c.Hours, c.HasHours = d, err == nil
	}
	c.Cost, c.Currency, c.HasCost = r.amount("cost", false)
	c.Channel = r.text("channel")
	c.Tags = r.note("tags")
	c.Billable = r.boolean("billable")
	return c
}

func (r *rowCtx) client() analysis.Client {
	c := analysis.Client{Ref: r.fr.ref(r.row)}
	c.Name, c.ID, _ = r.clientFields(false)
	if a := r.note("aliases"); a != "" {
		for _, s := range strings.Split(a, ";") {
			if s = strings.TrimSpace(s); s != "" {
				c.Aliases = append(c.Aliases, s)
			}
		}
	}
	c.RenewalDate, _, _ = r.date("renewal_date", false)
	c.Owner = r.text("owner")
	c.MonthlyFee, c.Currency, c.HasFee = r.amount("monthly_fee", false)
	return c
}
