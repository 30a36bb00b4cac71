package ingest

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
	"clientscore/internal/clip"
)

// fileReader turns the data rows of one sheet or CSV file into records.
type fileReader struct {
	kind      analysis.Input
	file      string // as named in Refs
	csv       bool   // a CSV or TSV file, not a workbook
	sheet     string
	src       *analysis.Source // of the rows of sheet, made by ref
	lay       *layout
	dates     dateReader
	decimal   byte
	loc       *time.Location
	rates     analysis.Rates
	reporting string

	invoices records[analysis.Invoice]
	payments records[analysis.Payment]
	disputes records[analysis.Dispute]
	contacts records[analysis.Contact]
	times    records[analysis.TimeEntry]
	expenses records[analysis.Expense]
	clients  records[analysis.Client]
	tally    *analysis.Tally // the support, time or expense rows, when they are tallied instead of kept
	book     *analysis.Book  // the invoices or payments rows, when they are kept in a book
	issues   []analysis.Issue
	rows     int // data rows read
	rejected int // rows rejected

	pending   *analysis.Invoice // the invoice whose lines are being gathered
	strs      *interner         // interned names and codes, and the arena of kept strings
	joined    []byte            // a buffer for a first and last name being joined
	last      [numFields]string // per field, the value text() interned last
	dateMemo  [numFields]dateMemo
	currs     map[string]currencyRead
	digits    map[string]int // minor digits by currency code
	ended     int            // the row of a grand total that ended the data; 0 before
	afterEnd  int            // rows with data after it
	afterFrom int            // the first of them

	progress *progressReporter // nil when nobody asked

	sums  []columnSum    // Σ|amount| per money column and currency
	sumAt [numFields]int // per field, 1 + the index in sums used last; 0 for none

	// prior are the rows of the older files of this file's source, when it
	// has more than one (repeats.go); hashes are this file's rows not in
	// them, for the newer files; repeats counts the rows that were,
	// the first at row repeatFrom.
	prior      *priorRows
	hashes     []uint64
	repeats    int
	repeatFrom int
}

// maxInterned bounds the interning table (distinct names per file).
const maxInterned = 1 << 17

// keep returns a copy of s that does not pin the reader's buffers,
// sharing one copy per distinct value for repetitive fields.
func (fr *fileReader) keep(s string) string { return fr.strs.intern(s) }

// clone returns a copy of s that does not pin the reader's buffers, for
// values that rarely repeat.
func (fr *fileReader) clone(s string) string { return fr.strs.arena.clone(s) }

// row handles one row after the header.
func (fr *fileReader) row(rowNum int, cells []cell, rowErr error) {
	if rowErr != nil {
		fr.rows++
		fr.rejected++
		is := analysis.Issue{
			Severity: analysis.SeverityError,
			Ref:      fr.ref(rowNum),
			Problem:  rowErr.Error(),
		}
		if open, ok := errors.AsType[*openQuoteError](rowErr); ok {
			is.Column, is.Value = fr.columnName(open.field), clip.Runes(open.value, maxValueChars)
		}
		fr.issues = append(fr.issues, is)
		return
	}
	first, filled := "", 0
	for i := range cells {
		t := trimText(cells[i].text)
		if !isASCII(t) {
			t = trimText(normText(t)) // NFC, no zero-width characters
		}
		cells[i].val = t
		if t != "" {
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
	switch totalKind(first) {
	case grandTotal:
		fr.ended = rowNum // QuickBooks' TOTAL line ends the data
		return
	case subtotal:
		return // a group's subtotal
	}
	switch {
	case filled == 1 && len(specs[fr.kind].required) > 1:
		return // a group heading ("Acme Ltd", "1 - 30 days past due"): one cell cannot be a record
	case fr.lay.isHeader(cells):
		return // the header again: exports pasted one below the other
	}
	fr.rows++
	if fr.repeatsOlder(rowNum, cells) {
		return // the same record as a row of an older export of this source
	}
	if fr.csv && len(cells) > len(fr.lay.texts) {
		fr.beyondHeader(rowNum, cells)
	}
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
		switch {
		case !r.ok():
		case fr.book != nil:
			fr.book.AddPayment(&p)
		default:
			fr.payments.add(p)
		}
	case analysis.InputDisputes:
		d := r.dispute()
		if r.ok() {
			fr.disputes.add(d)
		}
	case analysis.InputSupport:
		c := r.contact()
		switch {
		case !r.ok():
		case fr.tally != nil:
			fr.tally.AddContact(&c)
		default:
			fr.contacts.add(c)
		}
	case analysis.InputTime:
		e := r.timeEntry()
		switch {
		case !r.ok():
		case fr.tally != nil:
			fr.tally.AddTime(&e)
		default:
			fr.times.add(e)
		}
	case analysis.InputExpenses:
		e := r.expense()
		switch {
		case !r.ok():
		case fr.tally != nil:
			fr.tally.AddExpense(&e)
		default:
			fr.expenses.add(e)
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

// beyondHeader warns about a CSV record with values past the header's
// last column: they cannot be put in any column, and a record is longer
// than its header when a line end went unseen and two lines ran together,
// or when the header lacks a column. The row is read as far as the header
// goes.
func (fr *fileReader) beyondHeader(rowNum int, cells []cell) {
	first, n := -1, 0
	for i := len(fr.lay.texts); i < len(cells); i++ {
		if cells[i].val != "" {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n == 0 {
		return // empty fields after the last: trailing delimiters
	}
	fr.issues = append(fr.issues, analysis.Issue{
		Severity: analysis.SeverityWarning,
		Ref:      fr.ref(rowNum),
		Column:   ColumnLetter(first + 1),
		Value:    clip.Runes(strings.Clone(cells[first].val), maxValueChars),
		Problem: fmt.Sprintf("the row has %d more values than the header row (row %d) has columns, from column %s on: they were not read; "+
			"if they are another record, the line ends of the file are damaged; if the header lacks a column, add it", n, fr.lay.row, ColumnLetter(first+1)),
	})
}

// finish flushes a gathered invoice and notes rows left after a total.
func (fr *fileReader) finish() {
	fr.flushInvoice()
	fr.repeatsIssue()
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
// the same number, client and issue date. Line amounts and line taxes
// are summed; an invoice total or tax repeated on each line is taken
// once.
func (fr *fileReader) addInvoice(inv analysis.Invoice) {
	if !fr.lay.lineItems {
		fr.keepInvoice(&inv)
		return
	}
	if p := fr.pending; p != nil && p.Number == inv.Number && p.ClientName == inv.ClientName &&
		p.ClientID == inv.ClientID && p.Issued == inv.Issued && p.Currency == inv.Currency {
		if fr.lay.lineAmount {
			p.Amount += inv.Amount
		}
		if fr.lay.lineTax && inv.HasTax {
			p.Tax += inv.Tax
			p.HasTax = true
		}
		return
	}
	fr.flushInvoice()
	p := inv // only line-item exports pay for this copy on the heap
	fr.pending = &p
}

func (fr *fileReader) flushInvoice() {
	if fr.pending != nil {
		fr.keepInvoice(fr.pending)
		fr.pending = nil
	}
}

func (fr *fileReader) keepInvoice(inv *analysis.Invoice) {
	if fr.book != nil {
		fr.book.AddInvoice(inv)
		return
	}
	fr.invoices.add(*inv)
}

// The kinds of total row.
const (
	notTotal = iota
	grandTotal
	subtotal
)

// totalKind says whether a row whose first non-empty cell is first is a
// total line: "Total", "TOTAL", "Grand total:" end the data; "Total for
// Acme", "Subtotal" are a group's.
func totalKind(first string) int {
	if first == "" {
		return notTotal
	}
	if c := first[0]; c < utf8.RuneSelf && !strings.ContainsRune("tTgGsS", rune(c)) {
		return notTotal // the common case, decided without lower-casing
	}
	if !isASCII(first) {
		return totalKindLower(strings.ToLower(first))
	}
	// ASCII text: case-insensitive comparisons are lower-cased ones.
	for _, t := range []string{"total", "totals", "grand total", "total:", "grand total:"} {
		if strings.EqualFold(first, t) {
			return grandTotal
		}
	}
	for _, p := range []string{"total for ", "subtotal"} {
		if len(first) >= len(p) && strings.EqualFold(first[:len(p)], p) {
			return subtotal
		}
	}
	return notTotal
}

func totalKindLower(lower string) int {
	switch {
	case lower == "total" || lower == "totals" || lower == "grand total" || lower == "total:" || lower == "grand total:":
		return grandTotal
	case strings.HasPrefix(lower, "total for ") || strings.HasPrefix(lower, "subtotal"):
		return subtotal
	}
	return notTotal
}

// records gathers one file's records of one kind in blocks, so that a
// growing slice of large records is never copied over and over. When the
// source can estimate how many rows the file holds, reserve makes one
// block big enough for all of them; Read then hands that block on as it
// is. Otherwise all is copied once, into a slice of the right size, at
// the end.
type records[T any] struct {
	full [][]T
	cur  []T
	n    int
}

const (
	firstBlockLen = 256 // most files are small
	blockLen      = 4096
)

func (c *records[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		c.grow(blockLen)
	}
	c.cur = append(c.cur, v)
	c.n++
}

func (c *records[T]) grow(size int) {
	if c.cur == nil {
		c.cur = make([]T, 0, min(size, firstBlockLen))
		return
	}
	c.full = append(c.full, c.cur)
	c.cur = make([]T, 0, size)
}

// reserve makes room for more records after those held, in one block,
// moving the records held so far into it. It is meant for early in a
// file, when they are few.
func (c *records[T]) reserve(more int) {
	if more <= 0 || cap(c.cur)-len(c.cur) >= more {
		return
	}
	b := makeRecords[T](c.n + more)
	for _, f := range c.full {
		b = append(b, f...)
	}
	c.full, c.cur = nil, append(b, c.cur...)
}

// whole returns the records when one block holds them all, its capacity
// not much above their number (a block reserved on too high an estimate
// is not handed on).
func (c *records[T]) whole() ([]T, bool) {
	if len(c.full) > 0 || c.n == 0 || cap(c.cur)-c.n > c.n/4+blockLen {
		return nil, false
	}
	return c.cur[:c.n:c.n], true
}

// appendTo appends every record to dst, letting go of each block once
// it is copied.
func (c *records[T]) appendTo(dst []T) []T {
	for i, b := range c.full {
		dst = append(dst, b...)
		c.full[i] = nil
	}
	dst = append(dst, c.cur...)
	c.full, c.cur = nil, nil
	return dst
}

// The estimate of a file's rows: after reserveAt data rows, the records
// of a file whose source knows how far it has read are given one block
// for the rows the rest of the file should hold, with a margin (later
// rows are often a little longer: their row numbers and invoice numbers
// have more digits).
const (
	reserveAt     = 4096
	reserveMargin = 8 // an eighth more
)

// reserveFor makes room for the records the rest of the source should
// hold, read of size bytes being read so far.
func (fr *fileReader) reserveFor(read, size int64, maxRows int) {
	n := fr.kept()
	if read <= 0 || size <= read || n == 0 {
		return
	}
	more := float64(n) * float64(size-read) / float64(read)
	more += more/reserveMargin + 64
	if more > float64(maxRows) {
		more = float64(maxRows)
	}
	switch fr.kind {
	case analysis.InputInvoices:
		fr.invoices.reserve(int(more))
	case analysis.InputPayments:
		fr.payments.reserve(int(more))
	case analysis.InputDisputes:
		fr.disputes.reserve(int(more))
	case analysis.InputSupport:
		fr.contacts.reserve(int(more))
	case analysis.InputTime:
		fr.times.reserve(int(more))
	case analysis.InputExpenses:
		fr.expenses.reserve(int(more))
	case analysis.InputClients:
		fr.clients.reserve(int(more))
	}
}

// kept is the number of records kept so far.
func (fr *fileReader) kept() int {
	return fr.invoices.n + fr.payments.n + fr.disputes.n + fr.contacts.n + fr.times.n + fr.expenses.n + fr.clients.n
}

// maxRowsOf bounds the rows an estimate may reserve room for: a sheet
// holds at most xlsx.MaxRows; for a CSV file, rows beyond maxReserve go
// in blocks (and are copied once at the end).
func maxRowsOf(src rowSource) int {
	switch src.(type) {
	case *sheetRows:
		return xlsx.MaxRows
	}
	return maxReserve
}

// maxReserve bounds the records reserved in one go for a CSV file.
const maxReserve = 1 << 24

// columnName names a column for a Data issues row: its header and letter,
// or the letter alone under an empty header.
func (fr *fileReader) columnName(index int) string {
	if index < len(fr.lay.texts) && fr.lay.texts[index] != "" {
		return columnLabel(fr.lay.texts[index], index+1)
	}
	return ColumnLetter(index + 1)
}

// ref is the Ref of a row of the sheet being read; its rows share one
// Source.
func (fr *fileReader) ref(row int) analysis.Ref {
	if fr.src == nil || fr.src.Sheet != fr.sheet {
		fr.src = &analysis.Source{Input: fr.kind, File: fr.file, Sheet: fr.sheet}
	}
	return analysis.Ref{Source: fr.src, Row: row}
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
	if d, ok := fr.digits[code]; ok {
		return d
	}
	d := analysis.MinorDigits(code)
	if fr.digits == nil {
		fr.digits = map[string]int{}
	}
	if len(fr.digits) < 64 {
		fr.digits[fr.keep(code)] = d
	}
	return d
}

// trimText trims spaces (non-breaking ones too) from both ends of s.
func trimText(s string) string {
	if s == "" {
		return s
	}
	// Most cells start and end with a printable ASCII character: nothing
	// to trim.
	if c, d := s[0], s[len(s)-1]; c > ' ' && c < utf8.RuneSelf && d > ' ' && d < utf8.RuneSelf {
		return s
	}
	return strings.TrimFunc(s, isSpace)
}

// rowCtx reads the fields of one row and collects what is wrong with it.
// The cells' text may be a buffer that the next row overwrites (see
// sheetRows): what a record or an issue keeps is copied (keep, note, fail,
// warn).
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

// get returns f's cell, its text trimmed and normalised, and its column
// (index -1 when the file has no such column). An empty cell is empty:
// no other column stands in for it, only the input's default for f,
// whose colRef says so.
func (r *rowCtx) get(f field) (cell, *colRef, bool) {
	lay := r.fr.lay
	col := &lay.fields[f]
	if i := col.index; uint(i) < uint(len(r.cells)) {
		if v := r.cells[i]; v.val != "" {
			v.text = v.val
			return v, col, true
		}
	}
	if lay.dflts[f] == "" {
		return cell{}, col, false
	}
	return cell{text: lay.dflts[f]}, &lay.dfltRefs[f], true
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
	for i := range r.fr.lay.used {
		col := &r.fr.lay.used[i]
		if col.index >= len(r.cells) {
			continue
		}
		c := r.cells[col.index]
		switch {
		case c.errorValue:
			r.fail(col, c.val, bad(ErrErrorValue, "is a spreadsheet error value, not data: fix the formula that gives it"))
		case c.formula && c.val == "":
			r.fail(col, "", sentence(ErrNoValue, "the cell has a formula but no saved value (the program that wrote the file did not calculate it): open the file in Excel or LibreOffice and save it again"))
		case len(c.text) > maxCellChars:
			if n := utf8.RuneCountInString(c.text); n > maxCellChars {
				r.fail(col, clip.Runes(c.text, maxValueChars), sentence(ErrTooLong, "the cell holds %d characters, more than the %d a spreadsheet cell holds (a quote left open?)", n, maxCellChars))
			}
		}
	}
	return r.ok()
}

// maxValueChars is how much of a cell an issue quotes (100 characters
// of it and "…"): enough to find it in the file, not the 17 MB of a quote
// left open.
const maxValueChars = 101

// warn records a warning about a value: the row is kept.
func (r *rowCtx) warn(col *colRef, value, problem string) {
	is := analysis.Issue{
		Severity: analysis.SeverityWarning,
		Ref:      r.fr.ref(r.row),
		Value:    strings.Clone(value), // the row's text may be overwritten
		Problem:  problem,
	}
	if col.index >= 0 {
		is.Column = columnLabel(col.header, col.index+1)
	} else if col.isDflt {
		is.Column = col.header
	}
	r.fr.issues = append(r.fr.issues, is)
}

// fail records a bad value: the row is rejected.
func (r *rowCtx) fail(col *colRef, value string, err error) {
	r.bad = true
	value = strings.Clone(value) // the row's text may be overwritten
	fe := &FieldError{Pos: Pos{File: r.fr.file, Sheet: r.fr.sheet, Row: r.row}, Field: col.header, Value: value, Err: err}
	if col.index >= 0 {
		fe.Col = col.index + 1
	}
	is := fe.issue(r.fr.ref(r.row))
	if col.isDflt {
		is.Column = col.header
	}
	r.fr.issues = append(r.fr.issues, is)
}

// missing records a required value that is empty, naming the first of the
// alternatives the file has.
func (r *rowCtx) missing(names ...string) {
	col := &colRef{index: -1}
	for _, n := range names {
		if c, ok := r.fr.lay.cols[n]; ok {
			col = &c
			break
		}
	}
	what := strings.Join(names, " or ")
	r.fail(col, "", sentence(ErrMissing, "%s is empty: every row needs it", what))
}

// text returns f's trimmed text, interned: for values that repeat
// (client names and ids, statuses, channels, tags).
func (r *rowCtx) text(f field) string {
	c, _, ok := r.get(f)
	if !ok {
		return ""
	}
	if last := r.fr.last[f]; c.text == last {
		return last // a run of one value, as in a status column
	}
	v := r.fr.keep(c.text)
	r.fr.last[f] = v
	return v
}

// note returns f's trimmed text, copied: for values that rarely repeat
// (numbers, references, reasons).
func (r *rowCtx) note(f field) string {
	c, _, ok := r.get(f)
	if !ok {
		return ""
	}
	return r.fr.clone(c.text)
}

// date reads a date column as a local date and time of day.
func (r *rowCtx) date(f field, required bool) (analysis.Date, analysis.TimeOfDay, bool) {
	c, col, ok := r.get(f)
	if !ok {
		if required {
			r.missing(f.String())
		}
		return 0, analysis.NoTime, false
	}
	m := &r.fr.dateMemo[f]
	if m.col == col.index && m.numeric == c.numeric && int(m.n) == len(c.text) && string(m.text[:m.n]) == c.text {
		return m.d, m.t, true
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
	if len(c.text) <= len(m.text) {
		m.col, m.numeric, m.d, m.t = col.index, c.numeric, d, t
		m.n = uint8(copy(m.text[:], c.text))
	}
	return d, t, true
}

// dateMemo is the last date a field read well: exports are often sorted
// by date, so the next row's date is often the same text.
type dateMemo struct {
	col     int // the column it came from; -1 for none
	numeric bool
	n       uint8 // the text's length
	text    [30]byte
	d       analysis.Date
	t       analysis.TimeOfDay
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
	c, col, ok := r.get(fCurrency)
	if !ok {
		r.curOK = true
		return "", true
	}
	code, err := r.fr.readCurrency(c.text)
	if err != nil {
		r.fail(col, c.text, err)
		return "", false
	}
	r.cur, r.curOK = code, true
	return r.cur, true
}

// currencyRead is what readCurrency made of one text.
type currencyRead struct {
	code string // interned
	err  error
}

// readCurrency reads a currency cell, remembering what each of the few
// texts a currency column holds reads as.
func (fr *fileReader) readCurrency(text string) (string, error) {
	if cr, ok := fr.currs[text]; ok {
		return cr.code, cr.err
	}
	code, err := readCurrency(text, fr.rates)
	code = fr.keep(code)
	if fr.currs == nil {
		fr.currs = map[string]currencyRead{}
	}
	if len(fr.currs) < 64 {
		fr.currs[fr.keep(text)] = currencyRead{code, err}
	}
	return code, err
}

// amount reads a money column in the row's currency: the currency column,
// else a code written beside the number ("EUR 1.200,00"), else a currency
// in the header ("Amount (EUR)"), else the reporting currency ("").
func (r *rowCtx) amount(f field, required bool) (m analysis.Money, code string, has bool) {
	c, col, ok := r.get(f)
	if !ok {
		if required {
			r.missing(f.String())
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
	if code != cur {
		code = r.fr.keep(code)
	}
	r.fr.countMoney(f, code, m, r.row, col, c.text)
	return m, code, true
}

// clientFields reads client, client_id and, for kinds that have it,
// invoice; at least one must be there.
func (r *rowCtx) clientFields(withInvoice bool) (name, id, invoice string) {
	name, id = r.text(fClient), r.text(fClientID)
	if withInvoice {
		invoice = r.note(fInvoice)
	}
	switch {
	case r.fr.kind == analysis.InputClients:
		if name == "" {
			r.missing("client")
		}
	case r.fr.kind == analysis.InputSupport:
		// an email may say whose the ticket is: contact() checks
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
	if inv.Number = r.note(fNumber); inv.Number == "" {
		r.missing("number")
	}
	issued, _, issuedOK := r.date(fIssueDate, true)
	inv.Issued = issued
	var amountOK bool
	inv.Amount, inv.Currency, amountOK = r.amount(fAmount, true)
	inv.Status = r.text(fStatus)
	inv.Type = r.text(fType)
	inv.AppliesTo = r.note(fAppliesTo)

	// The due date, else issue date + terms; a credit note may have
	// neither.
	_, dueCol, dueGiven := r.get(fDueDate)
	tc, termsCol, termsGiven := r.get(fTerms)
	credit := amountOK && inv.Amount < 0 || isCredit(inv.Type)
	switch {
	case dueGiven:
		var dueOK bool
		inv.Due, _, dueOK = r.date(fDueDate, false)
		if dueOK && issuedOK && inv.Due < issued {
			c, _, _ := r.get(fDueDate)
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
		r.fail(col, "", sentence(ErrMissing, "due date is empty and there are no payment terms: give a due date or terms, "+
			"or set the terms of the whole export under inputs.%s.defaults (terms: \"Net 30\")", r.fr.kind))
	}

	if paid, _, ok := r.date(fPaidDate, false); ok {
		inv.PaidOn = paid
	}
	inv.Balance, inv.HasBalance = r.sameCurrency(fBalance, inv.Currency, amountOK)
	inv.Tax, inv.HasTax = r.sameCurrency(fTax, inv.Currency, amountOK)
	inv.Disputed = r.boolean(fDisputed)
	return inv
}

// sameCurrency reads a money column that must be in the currency of the
// row's amount (a balance, a tax), when amountOK says that one read.
func (r *rowCtx) sameCurrency(f field, currency string, amountOK bool) (analysis.Money, bool) {
	m, code, ok := r.amount(f, false)
	if ok && amountOK && code != currency {
		_, col, _ := r.get(f)
		r.fail(col, "", sentence(ErrBadAmount, "%s is in %s but amount is in %s", f, orReporting(code), orReporting(currency)))
	}
	return m, ok
}

// isCredit reports whether an invoice type says credit note.
func isCredit(typ string) bool {
	if typ == "" {
		return false
	}
	if isASCII(typ) {
		for i := 0; i+6 <= len(typ); i++ {
			if strings.EqualFold(typ[i:i+6], "credit") {
				return true
			}
		}
		return false
	}
	return strings.Contains(strings.ToLower(typ), "credit")
}

func orReporting(code string) string {
	if code == "" {
		return "the reporting currency"
	}
	return code
}

// boolean reads a yes/no column; empty is false.
func (r *rowCtx) boolean(f field) bool {
	c, col, ok := r.get(f)
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
	p.Date, _, _ = r.date(fDate, true)
	var amountOK bool
	p.Amount, p.Currency, amountOK = r.amount(fAmount, true)
	p.Refunded, p.HasRefunded = r.sameCurrency(fRefunded, p.Currency, amountOK)
	if p.Refunded < 0 {
		p.Refunded = -p.Refunded // "-10.00 refunded" is 10.00 paid back
	}
	p.Status = r.text(fStatus)
	p.Type = r.text(fType)
	p.Reference = r.note(fReference)
	return p
}

func (r *rowCtx) dispute() analysis.Dispute {
	d := analysis.Dispute{Ref: r.fr.ref(r.row)}
	d.ClientName, d.ClientID, d.Invoice = r.clientFields(true)
	d.Date, _, _ = r.date(fDate, true)
	d.Amount, d.Currency, d.HasAmount = r.amount(fAmount, false)
	d.Reason = r.note(fReason)
	d.Status = r.text(fStatus)
	return d
}

func (r *rowCtx) contact() analysis.Contact {
	c := analysis.Contact{Ref: r.fr.ref(r.row), Time: analysis.NoTime}
	c.ClientName, c.ClientID, _ = r.clientFields(false)
	c.Email = r.text(fEmail)
	if c.ClientName == "" && c.ClientID == "" && c.Email == "" {
		r.missing("client", "client_id", "email")
	}
	if v, col, ok := r.get(fDate); ok {
		dt, err := r.fr.dates.read(v)
		utc := isUTC(col.unit)
		if err != nil {
			r.fail(col, v.text, err)
		} else {
			if !dt.hasTime {
				// A separate time column joins a date-only date.
				if tv, tcol, ok := r.get(fTime); ok {
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
	c.Hours, c.HasHours = r.hours(false)
	c.Cost, c.Currency, c.HasCost = r.cost(c.HasHours)
	c.Person = r.text(fPerson)
	c.Role = r.text(fRole)
	c.Channel = r.text(fChannel)
	c.Tags = r.text(fTags) // a few tags, in a few combinations
	c.Billable = r.boolean(fBillable)
	return c
}

// hours reads the hours column: hours of 0 (0:00) count as not given, as
// nobody logged time.
func (r *rowCtx) hours(required bool) (time.Duration, bool) {
	v, col, ok := r.get(fHours)
	if !ok {
		if required {
			r.missing("hours")
		}
		return 0, false
	}
	d, err := readDuration(v, durationUnit(col.unit))
	if err != nil {
		r.fail(col, v.text, err)
		return 0, false
	}
	return d, d > 0
}

// cost reads the cost column of a support or time row: a cost of 0 on a
// row with hours counts as not given (Harvest writes 0.00 for people with
// no cost rate), so the hourly cost applies.
func (r *rowCtx) cost(hasHours bool) (analysis.Money, string, bool) {
	m, code, ok := r.amount(fCost, false)
	if ok && m == 0 && hasHours {
		return 0, code, false
	}
	return m, code, ok
}

func (r *rowCtx) timeEntry() analysis.TimeEntry {
	e := analysis.TimeEntry{Ref: r.fr.ref(r.row)}
	e.ClientName, e.ClientID, _ = r.clientFields(false)
	e.Date, _, _ = r.date(fDate, true)
	e.Hours, e.HasHours = r.hours(true)
	// A time row's cost of 0 is never a price (Harvest writes 0.0 for
	// people with no cost rate, whatever the hours): with hours the rates
	// price it, with none it costs nothing either way.
	e.Cost, e.Currency, e.HasCost = r.cost(true)
	if e.Person = r.text(fPerson); e.Person == "" {
		e.Person = r.fullName()
	}
	e.Role = r.text(fRole)
	e.Billable = r.boolean(fBillable)
	e.Project = r.text(fProject)
	e.Task = r.text(fTask)
	return e
}

// fullName joins the first_name and last_name columns (Harvest's First
// Name and Last Name) with a space, interned; "" when both are empty.
func (r *rowCtx) fullName() string {
	first, _, okFirst := r.get(fFirstName)
	last, _, okLast := r.get(fLastName)
	switch {
	case okFirst && okLast:
		b := append(append(append(r.fr.joined[:0], first.text...), ' '), last.text...)
		r.fr.joined = b
		return r.fr.keep(unsafe.String(unsafe.SliceData(b), len(b))) // keep copies what it keeps
	case okFirst:
		return r.text(fFirstName)
	case okLast:
		return r.text(fLastName)
	}
	return ""
}

func (r *rowCtx) expense() analysis.Expense {
	e := analysis.Expense{Ref: r.fr.ref(r.row)}
	e.ClientName, e.ClientID, _ = r.clientFields(false)
	e.Date, _, _ = r.date(fDate, true)
	e.Amount, e.Currency, _ = r.amount(fAmount, true)
	e.Category = r.text(fCategory)
	e.Description = r.note(fDescription)
	return e
}

func (r *rowCtx) client() analysis.Client {
	c := analysis.Client{Ref: r.fr.ref(r.row)}
	c.Name, c.ID, _ = r.clientFields(false)
	c.Aliases = r.list(fAliases, ";")
	c.Domains = r.list(fDomains, ";, ")
	c.RenewalDate, _, _ = r.date(fRenewalDate, false)
	c.Owner = r.text(fOwner)
	c.MonthlyFee, c.Currency, c.HasFee = r.amount(fMonthlyFee, false)
	return c
}

// list splits f's text at any of seps into its non-empty, trimmed parts.
func (r *rowCtx) list(f field, seps string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(r.note(f), func(c rune) bool { return strings.ContainsRune(seps, c) }) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
