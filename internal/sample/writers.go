package sample

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
)

// Headers of each export, exactly as the tools write them.
var (
	InvoiceHeaders = []string{"Date", "Num", "Customer", "Due Date", "Amount", "Currency", "Status", "Transaction Type", "Applies To", "Memo"}
	PaymentHeaders = []string{"Payment Date", "Customer", "Invoice No.", "Amount", "Currency", "Reference"}
	DisputeHeaders = []string{"Date", "Customer", "Invoice", "Amount", "Reason", "Status"}
	TicketHeaders  = []string{"Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Created time", "Time tracked", "Tags", "Full name", "Company Name"}
	ClientHeaders  = []string{"Client", "Client ID", "Aliases", "Renewal Date", "Account Manager", "Monthly Fee"}
	// TimeHeaders are Harvest's detailed time report (SOURCES.md).
	TimeHeaders = []string{"Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded",
		"Billable?", "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
		"Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL"}
	// ExpenseHeaders are Harvest's detailed expense report (SOURCES.md).
	ExpenseHeaders = []string{"Date", "Client", "Project", "Category", "Notes", "Amount", "Units", "Billable",
		"Reimbursable", "Invoiced?", "First name", "Last name"}
)

// Sheet names of the xlsx exports. Payments, disputes, tickets, time and
// expenses are workbooks only with Format "xlsx-all".
const (
	InvoiceSheet = "Invoice List"
	ClientSheet  = "Clients"
	PaymentSheet = "Payments"
	DisputeSheet = "Disputes"
	TicketSheet  = "Tickets"
	TimeSheet    = "Detailed Time"
	ExpenseSheet = "Detailed Expenses"
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
	name string
	f    *os.File
	buf  *bufio.Writer
	w    *csv.Writer
}

// createCSV creates dir/name, with the header row when one is given.
func createCSV(dir, name string, comma rune, crlf bool, header ...string) (*csvFile, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	buf := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(buf)
	w.Comma, w.UseCRLF = comma, crlf
	c := &csvFile{name: name, f: f, buf: buf, w: w}
	if len(header) > 0 {
		if err := c.write(header...); err != nil {
			c.close()
			return c, err
		}
	}
	return c, nil
}

func (c *csvFile) write(rec ...string) error { return c.w.Write(rec) }

func (c *csvFile) finish() error { return c.close() }

func (c *csvFile) abort() { c.close() }

func (c *csvFile) names() []string { return []string{c.name} }

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

// export is a file, or a series of files, being written: finish
// completes it, abort closes it as it is (Write then removes it), names
// lists its file names.
type export interface {
	finish() error
	abort()
	names() []string
}

// csvInvoices writes invoices.csv as QuickBooks' CSV export of the same
// report: the title lines, a blank line, headers, text dates (31/10/2026)
// and amounts (1,234.56), and the TOTAL line.
type csvInvoices struct {
	c     *csvFile
	total int64
}

func newCSVInvoices(dir string) (*csvInvoices, error) {
	c, err := createCSV(dir, "invoices.csv", ',', true)
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

func (x *csvInvoices) names() []string { return x.c.names() }

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

// harvestNumber writes hundredths (of an hour, or of a euro) as Harvest's
// exports do: one decimal at least, two when the second is not 0 (1.0,
// 3.5, 0.25, 402.5, 87.68).
func harvestNumber(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := sign + strconv.FormatInt(n/100, 10) + "."
	if frac := n % 100; frac%10 == 0 {
		return s + strconv.FormatInt(frac/10, 10)
	} else {
		return s + pad2(int(frac))
	}
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// currencyLabel is a currency as Harvest's Currency column names it.
func currencyLabel(code string) string {
	if code == "USD" {
		return "US Dollar - USD"
	}
	return "Euro - EUR"
}

// timeCells are the values of one time row that are not plain fields of
// workRow, shared by the CSV and the workbook.
type timeCells struct {
	m                      member
	client, project, code  string
	task, notes            string
	billable, approved     string
	currency, ref          string
	rounded                int64 // Hours Rounded: up to the quarter hour, hundredths
	billRate               int64 // euros an hour; 0 when not billable
	billAmount, costAmount int64 // cents
}

func timeValues(w workRow, c *client) timeCells {
	t := tasks[w.task]
	v := timeCells{m: team[w.member], client: Company, project: "Internal", task: t.name, notes: t.notes[w.note],
		billable: yesNo(w.billable), approved: yesNo(w.date <= asOf-7), currency: currencyLabel("EUR")}
	if c != nil {
		v.client, v.project, v.code, v.currency = c.name, c.project, c.code, currencyLabel(c.currency)
	}
	if w.ref != 0 {
		v.ref = "https://northwind-digital.atlassian.net/browse/WEB-" + strconv.Itoa(int(w.ref))
	}
	v.rounded = (int64(w.hours) + 24) / 25 * 25
	if w.billable {
		v.billRate = v.m.billRate
	}
	// hundredths of an hour × whole euros an hour = cents
	v.billAmount, v.costAmount = int64(w.hours)*v.billRate, int64(w.hours)*v.m.costRate
	return v
}

// timeRecord writes a time row as Harvest's detailed time report CSV does:
// ISO dates, Yes/No, hours and money with one or two decimals, the
// currency by name and code.
func timeRecord(w workRow, c *client) []string {
	v := timeValues(w, c)
	return []string{w.date.iso(), v.client, v.project, v.code, v.task, v.notes,
		harvestNumber(int64(w.hours)), harvestNumber(v.rounded), v.billable, "No", v.approved,
		v.m.first, v.m.last, v.m.role, yesNo(v.m.employee),
		harvestNumber(v.billRate * 100), harvestNumber(v.billAmount), harvestNumber(v.m.costRate * 100), harvestNumber(v.costAmount),
		v.currency, v.ref}
}

// expenseRecord writes an expense row as Harvest's detailed expense report
// CSV does.
func expenseRecord(e expenseRow, c *client) []string {
	cat, m := expenseCategories[e.category], team[e.member]
	units := ""
	if e.units != 0 {
		units = harvestNumber(int64(e.units) * 100)
	}
	return []string{e.date.iso(), c.name, c.project, cat.name, cat.notes[e.note], harvestNumber(e.amount), units,
		yesNo(cat.billable), yesNo(cat.reimbursable), "No", m.first, m.last}
}

// clientRow is one row of the client master.
type clientRow struct {
	name, id, aliases string
	renewal           day
	owner             string
	fee               int64 // 0: blank
}

// clientRecord writes a client master row as clients.csv holds it:
// day-first dates, plain amounts.
func clientRecord(r clientRow) []string {
	fee := ""
	if r.fee != 0 {
		fee = dotDecimal(r.fee, false)
	}
	return []string{r.name, r.id, r.aliases, r.renewal.dmy(), r.owner, fee}
}
