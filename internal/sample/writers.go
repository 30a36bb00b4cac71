package sample

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"io"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Headers of each export, exactly as the tools write them.
var (
	InvoiceHeaders = []string{"Date", "Num", "Customer", "Due Date", "Amount", "Currency", "Status", "Transaction Type", "Applies To", "Memo"}
	PaymentHeaders = []string{"Payment Date", "Customer", "Invoice No.", "Amount", "Currency", "Reference"}
	DisputeHeaders = []string{"Date", "Customer", "Invoice", "Amount", "Reason", "Status"}
	TicketHeaders  = []string{"Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Created time", "Time tracked", "Tags", "Full name", "Company Name"}
	ClientHeaders  = []string{"Client", "Client ID", "Aliases", "Renewal Date", "Account Manager", "Monthly Fee"}
)

// Sheet names of the xlsx exports. Payments, disputes and tickets are
// workbooks only with Format "xlsx-all".
const (
	InvoiceSheet = "Invoice List"
	ClientSheet  = "Clients"
	PaymentSheet = "Payments"
	DisputeSheet = "Disputes"
	TicketSheet  = "Tickets"
)

// Company is the demo firm whose books these are.
const Company = "Northwind Digital Ltd"

// invoiceTitle is the three title lines QuickBooks puts above a report.
func invoiceTitle() []string {
	return []string{Company, "Invoice List", spanStart.long() + " - " + asOf.long()}
}

// Number formatting. Amounts are minor units with two decimals.

// dotDecimal writes 1234.56; with thousands, 1,234.56.
func dotDecimal(m int64, thousands bool) string {
	return formatAmount(m, '.', ',', thousands)
}

// commaDecimal writes 1.234,56.
func commaDecimal(m int64) string { return formatAmount(m, ',', '.', true) }

func formatAmount(m int64, dec, group byte, thousands bool) string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := strconv.FormatInt(m/100, 10)
	var b []byte
	if neg {
		b = append(b, '-')
	}
	for i := 0; i < len(whole); i++ {
		if thousands && i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, group)
		}
		b = append(b, whole[i])
	}
	cents := m % 100
	b = append(b, dec, byte('0'+cents/10), byte('0'+cents%10))
	return string(b)
}

// csvFile is a CSV export being written.
type csvFile struct {
	f   *os.File
	buf *bufio.Writer
	w   *csv.Writer
}

func createCSV(path string, comma rune, crlf bool) (*csvFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	buf := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(buf)
	w.Comma, w.UseCRLF = comma, crlf
	return &csvFile{f: f, buf: buf, w: w}, nil
}

func (c *csvFile) write(rec ...string) error { return c.w.Write(rec) }

func (c *csvFile) finish() error { return c.close() }

func (c *csvFile) abort() { c.close() }

func (c *csvFile) close() error {
	c.w.Flush()
	err := c.w.Error()
	if e := c.buf.Flush(); err == nil {
		err = e
	}
	if e := c.f.Close(); err == nil {
		err = e
	}
	return err
}

// export is a file being written: finish completes it, abort closes it
// as it is (Write then removes it).
type export interface {
	finish() error
	abort()
}

// invoiceWriter writes the invoices export in either format.
type invoiceWriter interface {
	export
	write(r invoiceRow) error
}

// xlsxInvoices writes invoices.xlsx as QuickBooks Online's Invoice List:
// title lines, a blank row, headers on row 5, real date and currency
// cells, and a TOTAL row.
type xlsxInvoices struct {
	path  string
	f     *excelize.File
	sw    *excelize.StreamWriter
	row   int
	total int64
	style struct{ date, eur, usd, header, title, total int }
}

func newXLSXInvoices(path string) (*xlsxInvoices, error) {
	x := &xlsxInvoices{path: path, f: excelize.NewFile()}
	if err := x.f.SetSheetName("Sheet1", InvoiceSheet); err != nil {
		return nil, err
	}
	var err error
	if x.style.date, x.style.eur, x.style.usd, x.style.header, x.style.title, err = commonStyles(x.f); err != nil {
		return nil, err
	}
	if x.style.total, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: ptr(eurFormat)}); err != nil {
		return nil, err
	}
	if x.sw, err = x.f.NewStreamWriter(InvoiceSheet); err != nil {
		return nil, err
	}
	for i, w := range []float64{12, 11, 30, 12, 14, 9, 10, 16, 11, 36} {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	for i, line := range invoiceTitle() {
		style := 0
		if i == 0 {
			style = x.style.title
		}
		if err := x.sw.SetRow("A"+strconv.Itoa(i+1), []any{excelize.Cell{StyleID: style, Value: line}}); err != nil {
			return nil, err
		}
	}
	// Row 4 stays blank.
	if err := x.sw.SetRow("A5", headerCells(InvoiceHeaders, x.style.header)); err != nil {
		return nil, err
	}
	x.row = 5
	return x, nil
}

const (
	eurFormat  = `"€"#,##0.00;-"€"#,##0.00`
	usdFormat  = `"$"#,##0.00;-"$"#,##0.00`
	dateFormat = "dd/mm/yyyy"
)

func ptr[T any](v T) *T { return &v }

// commonStyles adds the styles both workbooks use.
func commonStyles(f *excelize.File) (date, eur, usd, header, title int, err error) {
	for _, s := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&date, &excelize.Style{CustomNumFmt: ptr(dateFormat)}},
		{&eur, &excelize.Style{CustomNumFmt: ptr(eurFormat)}},
		{&usd, &excelize.Style{CustomNumFmt: ptr(usdFormat)}},
		{&header, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}}},
		{&title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
	} {
		if *s.id, err = f.NewStyle(s.style); err != nil {
			return
		}
	}
	return
}

func headerCells(headers []string, style int) []any {
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = excelize.Cell{StyleID: style, Value: h}
	}
	return cells
}

// moneyCell is amount m (cents) in currency as a number cell in the
// money style of its currency: usd for USD, eur for the rest.
func moneyCell(m int64, currency string, eur, usd int) excelize.Cell {
	style := eur
	if currency == "USD" {
		style = usd
	}
	return excelize.Cell{StyleID: style, Value: float64(m) / 100}
}

func (x *xlsxInvoices) write(r invoiceRow) error {
	x.row++
	var due, amount any
	if r.due != 0 {
		due = excelize.Cell{StyleID: x.style.date, Value: r.due.serial()}
	}
	if r.amountText != "" {
		amount = r.amountText
	} else {
		amount = moneyCell(r.amount, r.currency, x.style.eur, x.style.usd)
		x.total += r.amount
	}
	return x.sw.SetRow("A"+strconv.Itoa(x.row), []any{
		excelize.Cell{StyleID: x.style.date, Value: r.date.serial()},
		r.num, r.customer, due, amount, r.currency, r.status, r.typ, blankNil(r.appliesTo), r.memo,
	})
}

// blankNil leaves an empty text cell out instead of writing "".
func blankNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (x *xlsxInvoices) abort() { x.f.Close() }

func (x *xlsxInvoices) finish() error {
	x.row++
	if err := x.sw.SetRow("A"+strconv.Itoa(x.row), []any{
		excelize.Cell{StyleID: x.style.header, Value: "TOTAL"}, nil, nil, nil,
		excelize.Cell{StyleID: x.style.total, Value: float64(x.total) / 100},
	}); err != nil {
		return err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if err := saveXLSX(x.f, x.path); err != nil {
		return err
	}
	return x.f.Close()
}

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

// csvInvoices writes invoices.csv as QuickBooks' CSV export of the same
// report: the title lines, a blank line, headers, text dates (31/10/2026)
// and amounts (1,234.56), and the TOTAL line.
type csvInvoices struct {
	c     *csvFile
	total int64
}

func newCSVInvoices(path string) (*csvInvoices, error) {
	c, err := createCSV(path, ',', true)
	if err != nil {
		return nil, err
	}
	for _, line := range invoiceTitle() {
		if err := c.write(line); err != nil {
			return nil, err
		}
	}
	// A blank line: encoding/csv would write a lone empty field as "".
	c.w.Flush()
	if _, err := c.buf.WriteString("\r\n"); err != nil {
		return nil, err
	}
	return &csvInvoices{c: c}, c.write(InvoiceHeaders...)
}

func (x *csvInvoices) write(r invoiceRow) error {
	due, amount := "", r.amountText
	if r.due != 0 {
		due = r.due.dmy()
	}
	if amount == "" {
		amount = dotDecimal(r.amount, true)
		x.total += r.amount
	}
	return x.c.write(r.date.dmy(), r.num, r.customer, due, amount, r.currency, r.status, r.typ, r.appliesTo, r.memo)
}

func (x *csvInvoices) abort() { x.c.close() }

func (x *csvInvoices) finish() error {
	if err := x.c.write("TOTAL", "", "", "", dotDecimal(x.total, true), "", "", "", "", ""); err != nil {
		return err
	}
	return x.c.close()
}

// paymentsCSV writes a payments row: semicolons, decimal commas, day-first
// dates.
func paymentRecord(p payment) []string {
	date := p.dateText
	if date == "" {
		date = p.date.dmy()
	}
	return []string{date, p.customer, p.invoice, commaDecimal(p.amount), p.currency, p.reference}
}

func disputeRecord(d dispute) []string {
	return []string{d.date.iso(), d.customer, d.invoice, dotDecimal(d.amount, false), d.reason, d.status}
}

func ticketRecord(id int, t ticket) []string {
	created := t.date.iso() + " " + pad2(t.minute/60) + ":" + pad2(t.minute%60) + ":" + pad2(t.second)
	return []string{strconv.Itoa(id), t.subject, t.status, t.priority, t.source, t.typ, created,
		formatTracked(t.tracked), t.tags, t.person, t.company}
}

// xlsxExport is a payments, disputes or tickets export written as a
// workbook (Format "xlsx-all"): one sheet, headers on row 1, dates as date
// cells, amounts and times as numbers, streamed through excelize's
// StreamWriter so that a million rows never sit in memory.
type xlsxExport struct {
	path  string
	f     *excelize.File
	sw    *excelize.StreamWriter
	row   int
	style struct{ date, eur, usd, header, amount, created, tracked int }
}

func newXLSXExport(path, sheet string, headers []string, widths []float64) (*xlsxExport, error) {
	x := &xlsxExport{path: path, f: excelize.NewFile()}
	fail := func(err error) (*xlsxExport, error) {
		x.f.Close()
		return nil, err
	}
	if err := x.f.SetSheetName("Sheet1", sheet); err != nil {
		return fail(err)
	}
	var err error
	if x.style.date, x.style.eur, x.style.usd, x.style.header, _, err = commonStyles(x.f); err != nil {
		return fail(err)
	}
	for _, s := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&x.style.amount, &excelize.Style{NumFmt: 4}}, // #,##0.00
		{&x.style.created, &excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")}},
		{&x.style.tracked, &excelize.Style{CustomNumFmt: ptr("[h]:mm")}},
	} {
		if *s.id, err = x.f.NewStyle(s.style); err != nil {
			return fail(err)
		}
	}
	if x.sw, err = x.f.NewStreamWriter(sheet); err != nil {
		return fail(err)
	}
	for i, w := range widths {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return fail(err)
		}
	}
	if err := x.sw.SetRow("A1", headerCells(headers, x.style.header)); err != nil {
		return fail(err)
	}
	x.row = 1
	return x, nil
}

func (x *xlsxExport) add(cells ...any) error {
	x.row++
	return x.sw.SetRow("A"+strconv.Itoa(x.row), cells)
}

// writePayment writes a payments row: a date cell (the text as typed for
// a date that does not exist), the amount as money in its currency.
func (x *xlsxExport) writePayment(p payment) error {
	var date any = excelize.Cell{StyleID: x.style.date, Value: p.date.serial()}
	if p.dateText != "" {
		date = p.dateText
	}
	return x.add(date, p.customer, blankNil(p.invoice), moneyCell(p.amount, p.currency, x.style.eur, x.style.usd), p.currency, p.reference)
}

func (x *xlsxExport) writeDispute(d dispute) error {
	return x.add(excelize.Cell{StyleID: x.style.date, Value: d.date.serial()}, d.customer, blankNil(d.invoice),
		excelize.Cell{StyleID: x.style.amount, Value: float64(d.amount) / 100}, d.reason, d.status)
}

// writeTicket writes a tickets row: Created time a date-and-time cell,
// Time tracked a duration ([h]:mm, a fraction of a day) or blank.
func (x *xlsxExport) writeTicket(id int, t ticket) error {
	created := t.date.serial() + float64(t.minute*60+t.second)/86400
	var tracked any
	if t.tracked >= 0 {
		tracked = excelize.Cell{StyleID: x.style.tracked, Value: float64(t.tracked) / (24 * 60)}
	}
	return x.add(id, t.subject, t.status, t.priority, t.source, t.typ,
		excelize.Cell{StyleID: x.style.created, Value: created}, tracked, blankNil(t.tags), t.person, t.company)
}

func (x *xlsxExport) abort() { x.f.Close() }

func (x *xlsxExport) finish() error {
	if err := x.sw.Flush(); err != nil {
		x.f.Close()
		return err
	}
	if err := saveXLSX(x.f, x.path); err != nil {
		x.f.Close()
		return err
	}
	return x.f.Close()
}

// clientRow is one row of the client master.
type clientRow struct {
	name, id, aliases string
	renewal           day
	owner             string
	fee               int64 // 0: blank
}

// writeClientsXLSX writes clients.xlsx, sheet Clients, headers on row 1.
func writeClientsXLSX(path string, rows []clientRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ClientSheet); err != nil {
		return err
	}
	date, eur, _, header, _, err := commonStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(ClientSheet)
	if err != nil {
		return err
	}
	for i, w := range []float64{32, 10, 30, 13, 18, 13} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", headerCells(ClientHeaders, header)); err != nil {
		return err
	}
	for i, r := range rows {
		var fee any
		if r.fee != 0 {
			fee = excelize.Cell{StyleID: eur, Value: float64(r.fee) / 100}
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+2), []any{
			r.name, r.id, blankNil(r.aliases), excelize.Cell{StyleID: date, Value: r.renewal.serial()}, r.owner, fee,
		}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveXLSX(f, path)
}

// writeClientsCSV writes clients.csv: day-first dates, plain amounts.
func writeClientsCSV(path string, rows []clientRow) error {
	c, err := createCSV(path, ',', false)
	if err != nil {
		return err
	}
	if err := c.write(ClientHeaders...); err != nil {
		c.close()
		return err
	}
	for _, r := range rows {
		fee := ""
		if r.fee != 0 {
			fee = dotDecimal(r.fee, false)
		}
		if err := c.write(r.name, r.id, r.aliases, r.renewal.dmy(), r.owner, fee); err != nil {
			c.close()
			return err
		}
	}
	return c.close()
}
