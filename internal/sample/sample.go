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
	// Clients is the number of clients, at least 20 (13 tell a story). 0:
	// 40, or Invoices/50 (at least 20) when Invoices is set.
	Clients int
	// Invoices is about how many invoices to write over the 13 months. 0:
	// 12 per client. About as many payments and half as many support
	// contacts come with them.
	Invoices int
	// Seed picks the random data; the same Options give the same bytes.
	Seed int64
	// Format is "xlsx" (the default when ""), "csv" or "xlsx-all". xlsx
	// writes each export the way its tool does: invoices and clients as
	// workbooks, payments, disputes and tickets as CSV. csv writes every
	// export as CSV (invoices.csv, clients.csv); xlsx-all every export as
	// a workbook (payments.xlsx, disputes.xlsx, tickets.xlsx too), the
	// same rows with dates, amounts and times as typed cells.
	Format string
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
}

// maxSheetRows leaves room, below Excel's 1,048,576 rows, for the title,
// header and total rows and the few extra rows the stories add.
const maxSheetRows = 1_040_000

// normalize fills in the defaults and checks the options.
func (o Options) normalize() (Options, plan, error) {
	switch o.Format {
	case "":
		o.Format = "xlsx"
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
		o.Clients = max(20, o.Invoices/50)
	}
	if o.Invoices == 0 {
		o.Invoices = 12 * o.Clients
	}
	if o.Format != "csv" && max(o.Invoices, o.Clients) > maxSheetRows {
		return o, plan{}, fmt.Errorf("sample: %d rows do not fit one Excel sheet (1,048,576 rows at most); use --format csv", max(o.Invoices, o.Clients))
	}
	if o.Clients < 20 {
		return o, plan{}, fmt.Errorf("sample: %d clients are too few: %d tell a story and at least 7 healthy ones are needed beside them (use --clients 20 or more)", o.Clients, len(storyClients))
	}
	return o, plan{
		clients:       o.Clients,
		invoices:      o.Invoices,
		contacts:      o.Invoices / 2,
		whaleInvoices: max(26, o.Invoices/100),
	}, nil
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
	names := exportNames(opts.Format)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return Summary{}, fmt.Errorf("sample: %s already exists; write the sample into an empty folder", filepath.Join(dir, n))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return Summary{}, fmt.Errorf("sample: %w", err)
		}
	}
	path := func(n string) string { return filepath.Join(dir, n) }
	defer func() {
		if err != nil {
			for _, n := range names {
				os.Remove(path(n))
			}
			sum = Summary{}
		}
	}()

	clients, err := roster(p, uint64(opts.Seed))
	if err != nil {
		return Summary{}, err
	}
	gen, closeAll, err := openExports(uint64(opts.Seed), clients, opts.Format, path(names[0]), path(names[1]), path(names[2]), path(names[3]))
	if err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	runErr := gen.run()
	if err := closeAll(runErr == nil); runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return Summary{}, fmt.Errorf("sample: %w", runErr)
	}

	master := masterRows(clients)
	if opts.Format == "csv" {
		err = writeClientsCSV(path(names[4]), master)
	} else {
		err = writeClientsXLSX(path(names[4]), master)
	}
	if err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}
	if err := os.WriteFile(path(ConfigName), []byte(configText(opts.Format)), 0o644); err != nil {
		return Summary{}, fmt.Errorf("sample: %w", err)
	}

	sum = gen.counts
	sum.Dir, sum.Files, sum.Config, sum.Clients = dir, names, path(ConfigName), len(master)
	for _, s := range storyClients {
		sum.Stories = append(sum.Stories, Story{Client: s.name, Shows: s.shows})
	}
	sum.BadRows = badRows
	return sum, nil
}

// exportNames returns the files Write writes in format: invoices,
// payments, disputes, tickets, clients and the config.
func exportNames(format string) []string {
	switch format {
	case "csv":
		return []string{"invoices.csv", "payments.csv", "disputes.csv", "tickets.csv", "clients.csv", ConfigName}
	case "xlsx-all":
		return []string{"invoices.xlsx", "payments.xlsx", "disputes.xlsx", "tickets.xlsx", "clients.xlsx", ConfigName}
	}
	return []string{"invoices.xlsx", "payments.csv", "disputes.csv", "tickets.csv", "clients.xlsx", ConfigName}
}

// openExports creates the four streamed exports and a generator writing to
// them. closeAll finishes them (writing the xlsx when ok) and closes
// every file.
func openExports(seed uint64, clients []*client, format, invoicesPath, paymentsPath, disputesPath, ticketsPath string) (*generator, func(ok bool) error, error) {
	var opened []export
	closeAll := func(ok bool) error {
		var first error
		for _, e := range opened {
			if !ok {
				e.abort()
			} else if err := e.finish(); first == nil {
				first = err
			}
		}
		return first
	}
	fail := func(e error) (*generator, func(bool) error, error) {
		closeAll(false)
		return nil, nil, e
	}
	var (
		inv invoiceWriter
		err error
	)
	if format == "csv" {
		inv, err = newCSVInvoices(invoicesPath)
	} else {
		inv, err = newXLSXInvoices(invoicesPath)
	}
	if err != nil {
		return fail(err)
	}
	opened = append(opened, inv)
	out := sinks{invoice: inv.write}
	ticketID := 1000
	if format == "xlsx-all" {
		var payments, disputes, tickets *xlsxExport
		for _, x := range []struct {
			w           **xlsxExport
			path, sheet string
			headers     []string
			widths      []float64
		}{
			{&payments, paymentsPath, PaymentSheet, PaymentHeaders, []float64{13, 30, 13, 13, 9, 22}},
			{&disputes, disputesPath, DisputeSheet, DisputeHeaders, []float64{12, 30, 13, 12, 36, 10}},
			{&tickets, ticketsPath, TicketSheet, TicketHeaders, []float64{9, 40, 10, 9, 9, 16, 19, 12, 28, 20, 30}},
		} {
			if *x.w, err = newXLSXExport(x.path, x.sheet, x.headers, x.widths); err != nil {
				return fail(err)
			}
			opened = append(opened, *x.w)
		}
		out.payment, out.dispute = payments.writePayment, disputes.writeDispute
		out.ticket = func(t ticket) error {
			ticketID++
			return tickets.writeTicket(ticketID, t)
		}
		return newGenerator(seed, clients, out), closeAll, nil
	}
	var payments, disputes, tickets *csvFile
	for _, c := range []struct {
		f      **csvFile
		path   string
		comma  rune
		crlf   bool
		header []string
	}{
		{&payments, paymentsPath, ';', true, PaymentHeaders},
		{&disputes, disputesPath, ',', false, DisputeHeaders},
		{&tickets, ticketsPath, ',', false, TicketHeaders},
	} {
		if *c.f, err = createCSV(c.path, c.comma, c.crlf); err != nil {
			return fail(err)
		}
		opened = append(opened, *c.f)
		if err := (*c.f).write(c.header...); err != nil {
			return fail(err)
		}
	}
	out.payment = func(p payment) error { return payments.write(paymentRecord(p)...) }
	out.dispute = func(d dispute) error { return disputes.write(disputeRecord(d)...) }
	out.ticket = func(t ticket) error {
		ticketID++
		return tickets.write(ticketRecord(ticketID, t)...)
	}
	return newGenerator(seed, clients, out), closeAll, nil
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
