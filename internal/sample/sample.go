package sample

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Options say what to write.
type Options struct {
	// Dir is the folder to write into. It is created when missing and must
	// not already hold any of the files Write writes.
	Dir string
	// Clients is the number of clients, at least 22 (15 tell a story). 0:
	// 40, or Invoices/50 (at least 22) when Invoices is set.
	Clients int
	// Invoices is about how many invoices to write over the 13 months. 0:
	// 12 per client. About as many payments, half as many support
	// contacts, five or six time entries and half an expense each come
	// with them.
	Invoices int
	// Seed picks the random data; the same Options give the same bytes.
	Seed int64
	// Format is "xlsx" (the default when ""), "csv" or "xlsx-all". xlsx
	// writes each export the way its tool does: invoices and clients as
	// workbooks, payments, disputes, tickets, time and expenses as CSV.
	// csv writes every export as CSV (invoices.csv, clients.csv); xlsx-all
	// every export as a workbook (payments.xlsx, … too), the same rows
	// with dates, amounts and times as typed cells. A workbook export with
	// more rows than a sheet holds is split into several files
	// (invoices-1.xlsx, invoices-2.xlsx, …); a CSV export never is.
	Format string

	// partRows is how many data rows one workbook holds; 0: maxSheetRows.
	// Tests set it to split small samples.
	partRows int
}

// Summary says what Write wrote.
type Summary struct {
	Dir    string   // the folder, absolute
	Files  []string // file names written, in Dir
	Config string   // the config's path

	Clients     int // rows in the client master
	Invoices    int // invoice rows (bad rows included), credit memos not
	CreditNotes int // credit memo rows
	Payments    int
	Disputes    int
	Contacts    int // support tickets
	TimeEntries int // time log rows
	Expenses    int // expense rows

	Stories []Story // the clients that tell a story
	BadRows []string
}

// Story is a client that shows one thing the scorecard finds.
type Story struct {
	Client string
	Shows  string
}

// badRows describes the rows planted for the Data issues sheet.
var badRows = []string{
	"invoices: an Amount of \"n/a\"",
	"invoices: a Voided invoice",
	"invoices: the same invoice row twice",
	"payments: Invoice No. \"IN-…\", an invoice that does not exist",
	"payments: a refund of -150,00",
	"payments: a Payment Date of 31/02/2026",
	"time: the firm's own monthly all-hands, logged to its own Harvest client (unmatched rows)",
}

// maxSheetRows is how many data rows one workbook holds: below Excel's
// 1,048,576 rows, with room for the title, header and total rows.
const maxSheetRows = 1_040_000

// minClients is the fewest clients a sample has: the stories, and seven
// healthy clients to carry the planted bad rows.
var minClients = len(storyClients) + 7

// defaultFormat is the Format of Options that give none.
const defaultFormat = "xlsx"

// normalize fills in the defaults and checks the options.
func (o Options) normalize() (Options, plan, error) {
	switch o.Format {
	case "":
		o.Format = defaultFormat
	case "xlsx", "csv", "xlsx-all":
	default:
		return o, plan{}, fmt.Errorf("sample: format %q is not xlsx, csv or xlsx-all", o.Format)
	}
	if o.Dir == "" {
		return o, plan{}, errors.New("sample: no output folder given")
	}
	if o.Clients < 0 || o.Invoices < 0 {
		return o, plan{}, errors.New("sample: the numbers of clients and invoices cannot be negative")
	}
	switch {
	case o.Clients == 0 && o.Invoices == 0:
		o.Clients = 40
	case o.Clients == 0:
		o.Clients = max(minClients, o.Invoices/50)
	}
	if o.Invoices == 0 {
		o.Invoices = 12 * o.Clients
	}
	if o.Clients < minClients {
		return o, plan{}, fmt.Errorf("sample: %d clients are too few: %d tell a story and at least 7 healthy ones are needed beside them (use --clients %d or more)", o.Clients, len(storyClients), minClients)
	}
	if o.partRows == 0 {
		o.partRows = maxSheetRows
	}
	return o, plan{
		clients:       o.Clients,
		invoices:      o.Invoices,
		contacts:      o.Invoices / 2,
		whaleInvoices: max(26, o.Invoices/100),
	}, nil
}

// The inputs Write writes, in the order of the config and of
// Summary.Files: config key and file name without extension.
var inputs = []struct{ key, base string }{
	{"invoices", "invoices"}, {"payments", "payments"}, {"disputes", "disputes"}, {"support", "tickets"},
	{"time", "time"}, {"expenses", "expenses"}, {"clients", "clients"},
}

// extension is the file type format writes an input as.
func extension(format, key string) string {
	switch {
	case format == "xlsx-all", format == "xlsx" && (key == "invoices" || key == "clients"):
		return ".xlsx"
	}
	return ".csv"
}

// Write writes the demo exports and clientscore.yaml into opts.Dir. On an
// error the files it wrote are removed.
func Write(opts Options) (sum Summary, err error) {
	opts, p, err := opts.normalize()
	if err != nil {
		return Summary{}, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	if err := checkFree(dir, opts.Format); err != nil {
		return Summary{}, err
	}
	x := &exports{dir: dir, format: opts.Format, limit: opts.partRows}
	defer func() {
		if err != nil {
			x.abort()
			for _, n := range x.names() {
				os.Remove(filepath.Join(dir, n))
			}
			os.Remove(filepath.Join(dir, ConfigName))
			sum = Summary{}
		}
	}()

	clients, err := roster(p, uint64(opts.Seed))
	if err != nil {
		return Summary{}, err
	}
	out, err := x.open()
	if err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	gen := newGenerator(uint64(opts.Seed), clients, out)
	if err := gen.run(); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	master := masterRows(clients)
	if err := x.writeClients(master); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	if err := x.finish(); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigName), []byte(configText(opts.Format, x.paths())), 0o644); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}

	sum = gen.counts
	sum.Dir, sum.Files, sum.Config, sum.Clients = dir, append(x.names(), ConfigName), filepath.Join(dir, ConfigName), len(master)
	for _, s := range storyClients {
		sum.Stories = append(sum.Stories, Story{Client: s.name, Shows: s.shows})
	}
	sum.BadRows = badRows
	return sum, nil
}

// checkFree refuses a folder that already holds a file Write would write:
// an export, a part of a split export, or the config.
func checkFree(dir, format string) error {
	names := []string{ConfigName}
	for _, in := range inputs {
		ext := extension(format, in.key)
		names = append(names, in.base+ext)
		if ext == ".xlsx" {
			parts, err := filepath.Glob(filepath.Join(dir, in.base+"-*.xlsx"))
			if err != nil {
				return fmt.Errorf("sample: %w", err)
			}
			for _, p := range parts {
				names = append(names, filepath.Base(p))
			}
		}
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return fmt.Errorf("sample: %s already exists; write the sample into an empty folder", filepath.Join(dir, n))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("sample: %w", err)
		}
	}
	return nil
}

// exports are the files of one sample being written, one per input (a
// series of workbooks for a big workbook export).
type exports struct {
	dir, format string
	limit       int      // data rows per workbook
	list        []export // opened, in the order of inputs
}

// create opens the export of input key: a series of workbooks laid out
// as lay, or a CSV file with header.
func (x *exports) create(key string, lay layout, comma rune, crlf bool, header []string) (export, error) {
	for _, in := range inputs {
		if in.key != key {
			continue
		}
		if extension(x.format, key) == ".xlsx" {
			s, err := newXLSXSeries(x.dir, in.base, lay, x.limit)
			x.list = append(x.list, s)
			return s, err
		}
		c, err := createCSV(x.dir, in.base+".csv", comma, crlf, header...)
		if c == nil {
			return nil, err
		}
		x.list = append(x.list, c)
		return c, err
	}
	panic("sample: no input " + key)
}

// finish completes every export; abort closes them as they are.
func (x *exports) finish() error {
	var first error
	for _, e := range x.list {
		if err := e.finish(); first == nil {
			first = err
		}
	}
	return first
}

func (x *exports) abort() {
	for _, e := range x.list {
		e.abort()
	}
}

// names lists the files of every export, in order.
func (x *exports) names() []string {
	var names []string
	for _, e := range x.list {
		names = append(names, e.names()...)
	}
	return names
}

// paths gives the config's path for each input: its file, or a glob for
// a split export (invoices-*.xlsx).
func (x *exports) paths() map[string]string {
	paths := map[string]string{}
	for i, e := range x.list {
		in, names := inputs[i], e.names()
		paths[in.key] = names[0]
		if len(names) > 1 {
			paths[in.key] = in.base + "-*.xlsx"
		}
	}
	return paths
}

// open creates every export but the client master, and returns the sinks
// that write the generator's rows to them.
func (x *exports) open() (sinks, error) {
	var out sinks
	if x.format == "csv" {
		inv, err := newCSVInvoices(x.dir)
		if inv == nil {
			return out, err
		}
		x.list = append(x.list, inv)
		if err != nil {
			return out, err
		}
		out.invoice = inv.write
	} else {
		e, err := x.create("invoices", invoiceLayout, 0, false, nil)
		if err != nil {
			return out, err
		}
		out.invoice = e.(*xlsxSeries).writeInvoice
	}
	ticketID := 1000
	open := []struct {
		key    string
		lay    layout
		comma  rune
		crlf   bool
		header []string
		xlsx   func(s *xlsxSeries)
		csv    func(c *csvFile)
	}{
		// payments.csv is a bank's: semicolons, decimal commas, CRLF.
		{"payments", paymentLayout, ';', true, PaymentHeaders,
			func(s *xlsxSeries) { out.payment = s.writePayment },
			func(c *csvFile) { out.payment = func(p payment) error { return c.write(paymentRecord(p)...) } }},
		{"disputes", disputeLayout, ',', false, DisputeHeaders,
			func(s *xlsxSeries) { out.dispute = s.writeDispute },
			func(c *csvFile) { out.dispute = func(d dispute) error { return c.write(disputeRecord(d)...) } }},
		{"support", ticketLayout, ',', false, TicketHeaders,
			func(s *xlsxSeries) {
				out.ticket = func(t ticket) error { ticketID++; return s.writeTicket(ticketID, t) }
			},
			func(c *csvFile) {
				out.ticket = func(t ticket) error { ticketID++; return c.write(ticketRecord(ticketID, t)...) }
			}},
		// Harvest's exports end lines in CRLF.
		{"time", timeLayout, ',', true, TimeHeaders,
			func(s *xlsxSeries) { out.time = s.writeTime },
			func(c *csvFile) {
				out.time = func(w workRow, cl *client) error { return c.write(timeRecord(w, cl)...) }
			}},
		{"expenses", expenseLayout, ',', true, ExpenseHeaders,
			func(s *xlsxSeries) { out.expense = s.writeExpense },
			func(c *csvFile) {
				out.expense = func(e expenseRow, cl *client) error { return c.write(expenseRecord(e, cl)...) }
			}},
	}
	for _, o := range open {
		e, err := x.create(o.key, o.lay, o.comma, o.crlf, o.header)
		if err != nil {
			return out, err
		}
		switch e := e.(type) {
		case *xlsxSeries:
			o.xlsx(e)
		case *csvFile:
			o.csv(e)
		}
	}
	return out, nil
}

// writeClients writes the client master.
func (x *exports) writeClients(rows []clientRow) error {
	e, err := x.create("clients", clientLayout, ',', false, ClientHeaders)
	if err != nil {
		return err
	}
	for _, r := range rows {
		switch e := e.(type) {
		case *xlsxSeries:
			err = e.writeClient(r)
		case *csvFile:
			err = e.write(clientRecord(r)...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// masterRows is the client master, sorted by name as a CRM lists it.
func masterRows(clients []*client) []clientRow {
	rows := make([]clientRow, 0, len(clients))
	for _, c := range clients {
		rows = append(rows, clientRow{
			name: c.name, id: c.id, aliases: c.aliases,
			renewal: asOf + day(c.renewal), owner: c.owner, fee: c.fee,
		})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].name < rows[j].name })
	return rows
}
