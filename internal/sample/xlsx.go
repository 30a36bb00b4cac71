package sample

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Workbooks are streamed through excelize's StreamWriter, one sheet each.
// An export with more rows than one sheet holds is written as several
// workbooks, as a firm's monthly exports are: invoices.xlsx while it
// fits, then invoices-1.xlsx, invoices-2.xlsx, … each within Excel's row
// limit and each laid out as a whole export (title, header, total).

const (
	eurFormat  = `"€"#,##0.00;-"€"#,##0.00`
	usdFormat  = `"$"#,##0.00;-"$"#,##0.00`
	dateFormat = "dd/mm/yyyy"
)

func ptr[T any](v T) *T { return &v }

// styles are the cell styles of one workbook.
type styles struct {
	date, eur, usd, header, title, total int
	amount, created, tracked, hours      int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	for _, x := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&s.date, &excelize.Style{CustomNumFmt: ptr(dateFormat)}},
		{&s.eur, &excelize.Style{CustomNumFmt: ptr(eurFormat)}},
		{&s.usd, &excelize.Style{CustomNumFmt: ptr(usdFormat)}},
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}}},
		{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.total, &excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: ptr(eurFormat)}},
		{&s.amount, &excelize.Style{NumFmt: 4}}, // #,##0.00
		{&s.created, &excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")}},
		{&s.tracked, &excelize.Style{CustomNumFmt: ptr("[h]:mm")}},
		{&s.hours, &excelize.Style{NumFmt: 2}}, // 0.00
	} {
		id, err := f.NewStyle(x.style)
		if err != nil {
			return s, err
		}
		*x.id = id
	}
	return s, nil
}

func headerCells(headers []string, style int) []any {
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = excelize.Cell{StyleID: style, Value: h}
	}
	return cells
}

// moneyCell is amount m (cents) in currency as a number cell in the
// money style of its currency: USD in dollars, the rest in euros.
func (s styles) moneyCell(m int64, currency string) excelize.Cell {
	style := s.eur
	if currency == "USD" {
		style = s.usd
	}
	return excelize.Cell{StyleID: style, Value: float64(m) / 100}
}

// blankNil leaves an empty text cell out instead of writing "".
func blankNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// xlsxPart is one workbook of an export being written.
type xlsxPart struct {
	path  string
	f     *excelize.File
	sw    *excelize.StreamWriter
	row   int   // the number of the last row written, 1-based
	data  int   // data rows written
	total int64 // the amounts of the invoices written, cents (the TOTAL row)
	style styles
}

func (p *xlsxPart) add(cells ...any) error {
	p.row++
	return p.sw.SetRow("A"+strconv.Itoa(p.row), cells)
}

// layout is what one kind of export holds besides its data rows.
type layout struct {
	sheet  string
	widths []float64
	top    func(p *xlsxPart) error // the rows above the data: title, header
	bottom func(p *xlsxPart) error // the rows below it; nil for none
}

// headerOnly is the layout of an export whose header is its first row.
func headerOnly(sheet string, headers []string, widths []float64) layout {
	return layout{sheet: sheet, widths: widths, top: func(p *xlsxPart) error {
		return p.add(headerCells(headers, p.style.header)...)
	}}
}

// xlsxSeries writes one export as one workbook, or as several when its
// data rows pass limit: base.xlsx becomes base-1.xlsx when base-2.xlsx
// begins.
type xlsxSeries struct {
	dir, base string
	lay       layout
	limit     int
	part      *xlsxPart
	files     []string // the file names begun, in order
}

func newXLSXSeries(dir, base string, lay layout, limit int) (*xlsxSeries, error) {
	s := &xlsxSeries{dir: dir, base: base, lay: lay, limit: limit}
	return s, s.begin()
}

// begin starts the next workbook of the series.
func (s *xlsxSeries) begin() error {
	name := s.base + ".xlsx"
	if n := len(s.files); n > 0 {
		if n == 1 {
			first := s.base + "-1.xlsx"
			if err := os.Rename(filepath.Join(s.dir, s.files[0]), filepath.Join(s.dir, first)); err != nil {
				return err
			}
			s.files[0] = first
		}
		name = fmt.Sprintf("%s-%d.xlsx", s.base, n+1)
	}
	s.files = append(s.files, name)
	p := &xlsxPart{path: filepath.Join(s.dir, name), f: excelize.NewFile()}
	s.part = p
	if err := p.f.SetSheetName("Sheet1", s.lay.sheet); err != nil {
		return err
	}
	var err error
	if p.style, err = newStyles(p.f); err != nil {
		return err
	}
	if p.sw, err = p.f.NewStreamWriter(s.lay.sheet); err != nil {
		return err
	}
	for i, w := range s.lay.widths {
		if err := p.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	return s.lay.top(p)
}

// next returns the workbook the next data row goes in, beginning a new
// one when the current one holds limit rows.
func (s *xlsxSeries) next() (*xlsxPart, error) {
	if s.part.data == s.limit {
		if err := s.end(); err != nil {
			return nil, err
		}
		if err := s.begin(); err != nil {
			return nil, err
		}
	}
	s.part.data++
	return s.part, nil
}

// end completes the current workbook and writes it.
func (s *xlsxSeries) end() error {
	p := s.part
	s.part = nil
	defer p.f.Close()
	if s.lay.bottom != nil {
		if err := s.lay.bottom(p); err != nil {
			return err
		}
	}
	if err := p.sw.Flush(); err != nil {
		return err
	}
	return saveXLSX(p.f, p.path)
}

func (s *xlsxSeries) finish() error { return s.end() }

func (s *xlsxSeries) abort() {
	if s.part != nil {
		s.part.f.Close()
	}
}

func (s *xlsxSeries) names() []string { return s.files }

// saveXLSX writes f to path. excelize builds the whole zip in a memory
// buffer unless given a zip writer of its own (SetZipWriter); this one
// writes straight into the file, so a million rows do not sit in memory
// compressed. (What it skips, marking zip64 entries in local headers, only
// matters for a part over 4 GB: more rows than a sheet can hold.)
func saveXLSX(f *excelize.File, path string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	buf := bufio.NewWriterSize(out, 1<<16)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(buf) })
	err = f.Write(io.Discard)
	if e := buf.Flush(); err == nil {
		err = e
	}
	if e := out.Close(); err == nil {
		err = e
	}
	return err
}

// The layouts of the workbooks.
var (
	// invoiceLayout is QuickBooks Online's Invoice List: three title
	// lines, a blank row, headers on row 5, and a TOTAL row.
	invoiceLayout = layout{
		sheet:  InvoiceSheet,
		widths: []float64{12, 11, 30, 12, 14, 9, 10, 16, 11, 36},
		top: func(p *xlsxPart) error {
			for i, line := range invoiceTitle() {
				style := 0
				if i == 0 {
					style = p.style.title
				}
				if err := p.add(excelize.Cell{StyleID: style, Value: line}); err != nil {
					return err
				}
			}
			p.row++ // row 4 stays blank
			return p.add(headerCells(InvoiceHeaders, p.style.header)...)
		},
		bottom: func(p *xlsxPart) error {
			return p.add(excelize.Cell{StyleID: p.style.header, Value: "TOTAL"}, nil, nil, nil,
				excelize.Cell{StyleID: p.style.total, Value: float64(p.total) / 100})
		},
	}
	paymentLayout = headerOnly(PaymentSheet, PaymentHeaders, []float64{13, 30, 13, 13, 9, 22})
	disputeLayout = headerOnly(DisputeSheet, DisputeHeaders, []float64{12, 30, 13, 12, 36, 10})
	ticketLayout  = headerOnly(TicketSheet, TicketHeaders, []float64{9, 40, 10, 9, 9, 16, 19, 12, 28, 20, 30})
	timeLayout    = headerOnly(TimeSheet, TimeHeaders, []float64{11, 30, 20, 12, 18, 34, 7, 8, 9, 9, 9, 10, 12, 16, 9, 9, 10, 9, 10, 16, 44})
	expenseLayout = headerOnly(ExpenseSheet, ExpenseHeaders, []float64{11, 30, 20, 18, 34, 10, 7, 8, 12, 9, 10, 12})
	clientLayout  = layout{
		sheet:  ClientSheet,
		widths: []float64{32, 10, 30, 13, 18, 13},
		top: func(p *xlsxPart) error {
			if err := p.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
				return err
			}
			return p.add(headerCells(ClientHeaders, p.style.header)...)
		},
	}
)

// The rows of each workbook: dates as date cells, amounts, hours and
// times as numbers.

func (s *xlsxSeries) writeInvoice(r invoiceRow) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	var due, amount any
	if r.due != 0 {
		due = excelize.Cell{StyleID: p.style.date, Value: r.due.serial()}
	}
	if r.amountText != "" {
		amount = r.amountText
	} else {
		amount = p.style.moneyCell(r.amount, r.currency)
		p.total += r.amount
	}
	return p.add(excelize.Cell{StyleID: p.style.date, Value: r.date.serial()},
		r.num, r.customer, due, amount, r.currency, r.status, r.typ, blankNil(r.appliesTo), r.memo)
}

// writePayment writes a payments row: a date cell (the text as typed for
// a date that does not exist), the amount as money in its currency.
func (s *xlsxSeries) writePayment(r payment) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	var date any = excelize.Cell{StyleID: p.style.date, Value: r.date.serial()}
	if r.dateText != "" {
		date = r.dateText
	}
	return p.add(date, r.customer, blankNil(r.invoice), p.style.moneyCell(r.amount, r.currency), r.currency, r.reference)
}

func (s *xlsxSeries) writeDispute(d dispute) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	return p.add(excelize.Cell{StyleID: p.style.date, Value: d.date.serial()}, d.customer, blankNil(d.invoice),
		excelize.Cell{StyleID: p.style.amount, Value: float64(d.amount) / 100}, d.reason, d.status)
}

// writeTicket writes a tickets row: Created time a date-and-time cell,
// Time tracked a duration ([h]:mm, a fraction of a day) or blank.
func (s *xlsxSeries) writeTicket(id int, t ticket) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	created := t.date.serial() + float64(t.minute*60+t.second)/86400
	var tracked any
	if t.tracked >= 0 {
		tracked = excelize.Cell{StyleID: p.style.tracked, Value: float64(t.tracked) / (24 * 60)}
	}
	return p.add(id, t.subject, t.status, t.priority, t.source, t.typ,
		excelize.Cell{StyleID: p.style.created, Value: created}, tracked, blankNil(t.tags), t.person, t.company)
}

// writeTime writes a time row with the values of timeRecord: the date a
// date cell, hours, rates and amounts numbers.
func (s *xlsxSeries) writeTime(w workRow, c *client) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	v := timeValues(w, c)
	num := func(hundredths int64, style int) excelize.Cell {
		return excelize.Cell{StyleID: style, Value: float64(hundredths) / 100}
	}
	return p.add(excelize.Cell{StyleID: p.style.date, Value: w.date.serial()}, v.client, v.project, blankNil(v.code),
		v.task, v.notes, num(int64(w.hours), p.style.hours), num(v.rounded, p.style.hours), v.billable, "No", v.approved,
		v.m.first, v.m.last, blankNil(v.m.role), yesNo(v.m.employee),
		num(v.billRate*100, p.style.amount), num(v.billAmount, p.style.amount), num(v.m.costRate*100, p.style.amount),
		num(v.costAmount, p.style.amount), v.currency, blankNil(v.ref))
}

func (s *xlsxSeries) writeExpense(e expenseRow, c *client) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	cat, m := expenseCategories[e.category], team[e.member]
	var units any
	if e.units != 0 {
		units = excelize.Cell{StyleID: p.style.hours, Value: float64(e.units)}
	}
	return p.add(excelize.Cell{StyleID: p.style.date, Value: e.date.serial()}, c.name, c.project, cat.name, cat.notes[e.note],
		excelize.Cell{StyleID: p.style.amount, Value: float64(e.amount) / 100}, units,
		yesNo(cat.billable), yesNo(cat.reimbursable), "No", m.first, m.last)
}

func (s *xlsxSeries) writeClient(r clientRow) error {
	p, err := s.next()
	if err != nil {
		return err
	}
	var fee any
	if r.fee != 0 {
		fee = excelize.Cell{StyleID: p.style.eur, Value: float64(r.fee) / 100}
	}
	return p.add(r.name, r.id, blankNil(r.aliases), excelize.Cell{StyleID: p.style.date, Value: r.renewal.serial()}, r.owner, fee)
}
