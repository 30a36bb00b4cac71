package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// Scorecard is everything one scorecard workbook shows.
type Scorecard struct {
	Result  *analysis.Result
	Sources []analysis.SourceFile // each input file: rows read, rejected, SHA-256
	// Issues are all data issues, ingest's and analysis's, in any order;
	// the Data issues sheet lists exactly these (Result.Issues is not added
	// again).
	Issues    []analysis.Issue
	Changes   analysis.Changes // since the previous scorecard
	Generated time.Time        // when this run made it, on the caller's clock and zone
	Version   string           // clientscore version
	// AllInvoices lists every client's invoices on the Invoices sheet
	// (report.invoices: all); otherwise only clients whose verdict is not
	// Healthy.
	AllInvoices bool
}

// The sheets, in workbook order. Open invoices and Invoices continue on
// "Invoices (2)" and so on past Excel's row limit.
const (
	sheetSummary     = "Summary"
	sheetClients     = "Clients"
	sheetAging       = "Aging"
	sheetOpen        = "Open invoices"
	sheetInvoices    = "Invoices"
	sheetIssues      = "Data issues"
	sheetSources     = "Sources"
	sheetDefinitions = "Definitions"
)

// ScorecardName returns the file name of the scorecard as of asOf:
// "client-report-2026-11-22.xlsx".
func ScorecardName(asOf analysis.Date) string {
	return "client-report-" + asOf.String() + ".xlsx"
}

var scorecardName = regexp.MustCompile(`^client-report-(\d{4}-\d{2}-\d{2})\.xlsx$`)

// scorecardDate returns the as-of date a scorecard's file name carries.
func scorecardDate(name string) (analysis.Date, bool) {
	m := scorecardName.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	d, err := analysis.ParseDate(m[1])
	return d, err == nil
}

// PreviousScorecard returns the newest scorecard in dir (by the date in its
// name, client-report-<date>.xlsx) dated before asOf. ok is false when there
// is none or dir cannot be read.
func PreviousScorecard(dir string, asOf analysis.Date) (path string, ok bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	var best analysis.Date
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		d, isCard := scorecardDate(e.Name())
		if !isCard || d >= asOf || d <= best {
			continue
		}
		best, path = d, filepath.Join(dir, e.Name())
	}
	return path, path != ""
}

// WriteScorecard writes sc's workbook to path, atomically: it writes a
// temporary file in path's folder (created if missing), syncs it and renames
// it onto path. On any error the temporary file is removed and a file
// already at path is left as it was.
func WriteScorecard(path string, sc *Scorecard) error {
	return writeScorecard(path, sc, excelMaxRows-1)
}

// wrapTemp lets a test put a failing writer between the workbook and the
// temporary file.
var wrapTemp = func(w io.Writer) io.Writer { return w }

func writeScorecard(path string, sc *Scorecard, maxRows int) (err error) {
	if sc == nil || sc.Result == nil {
		return errors.New("report: scorecard has no result")
	}
	w := &writer{sc: sc, res: sc.Result, maxRows: maxRows}
	return writeWorkbookFile(path, ".client-report-*.tmp", w, w.build)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("report: syncing %s: %w", dir, err)
	}
	return nil
}

// writer builds one workbook.
type writer struct {
	f       *excelize.File
	tmpDir  string // where excelize keeps a big sheet while it streams; see newWorkbook
	sc      *Scorecard
	res     *analysis.Result
	st      styles
	title   string  // the workbook's title, as each page's header shows it
	code    string  // currency code as the formats show it
	digits  int     // minor-unit digits of the reporting currency
	scale   float64 // 10^digits
	maxRows int     // data rows per sheet before a table continues on the next
	charts  chartData
}

func (w *writer) close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// money returns a money cell: m minor units as a number of major units.
func (w *writer) money(m analysis.Money) cell {
	return number(float64(m) / w.scale)
}

// moneyWords writes m as the cells show it, for sentences: "1,234.56 EUR".
func (w *writer) moneyWords(m analysis.Money) string {
	return analysis.FormatMoney(m, w.res.Rules.Currency)
}

// newWorkbook starts w's workbook with its first sheet and the styles.
// excelize spills a streamed sheet past 16 MiB into a temporary file; it
// goes into w.tmpDir, the workbook's own folder, so a run writes nothing
// outside report.dir and what a killed run leaves is found there
// (excelize-<digits>) and removed by the next.
func (w *writer) newWorkbook(first string) error {
	currency := w.res.Rules.Currency
	w.code = currencyLabel(currency)
	w.digits = analysis.MinorDigits(currency)
	w.scale = float64(analysis.Scale(w.digits))
	w.f = excelize.NewFile(excelize.Options{TmpDir: w.tmpDir})
	if err := w.f.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	var err error
	w.st, err = newStyles(w.f, currency)
	return err
}

// addSheets adds the other sheets, in order, before any sheet streams.
func (w *writer) addSheets(names ...string) error {
	for _, n := range names {
		if _, err := w.f.NewSheet(n); err != nil {
			return err
		}
	}
	// Before any sheet streams: excelize reads every sheet back to set this.
	w.f.SetActiveSheet(0)
	return nil
}

// sheetStep is one sheet of a workbook and the function that writes it.
type sheetStep struct {
	sheet string
	write func() error
}

// writeSheets runs each step, naming the sheet of the first that fails.
func writeSheets(steps []sheetStep) error {
	for _, s := range steps {
		if err := s.write(); err != nil {
			return fmt.Errorf("sheet %s: %w", s.sheet, err)
		}
	}
	return nil
}

// setDocProps sets the workbook's title and subject, its creator, and when
// it was made.
func (w *writer) setDocProps(subject string) error {
	props := &excelize.DocProperties{
		Title:          w.title,
		Subject:        subject,
		Creator:        "clientscore " + w.sc.Version,
		LastModifiedBy: "clientscore " + w.sc.Version,
	}
	if !w.sc.Generated.IsZero() {
		props.Created = w.sc.Generated.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	return w.f.SetDocProps(props)
}

// build lays out the whole workbook.
func (w *writer) build() error {
	w.title = "Client scorecard"
	if err := w.newWorkbook(sheetSummary); err != nil {
		return err
	}
	open := w.openInvoicesTable()
	openSheets := continued(sheetOpen, countRows(open.rows), w.maxRows)
	invoiceSheets := continued(sheetInvoices, w.invoiceCount(), w.maxRows)
	names := []string{sheetClients, sheetAging}
	names = append(names, openSheets...)
	names = append(names, invoiceSheets...)
	names = append(names, sheetIssues, sheetSources, sheetDefinitions)
	if err := w.addSheets(names...); err != nil {
		return err
	}
	// The Invoices sheet, the biggest by far, streams its rows beside the
	// other sheets.
	invoices := w.streamTable(invoiceSheets, w.invoicesTable())
	filled := invoices.fillBeside()
	err := writeSheets([]sheetStep{
		// Sources first: the Summary's charts point at its data.
		{sheetSources, w.writeSources},
		{sheetSummary, w.writeSummary},
		{sheetClients, w.writeClients},
		{sheetAging, w.writeAging},
		{sheetOpen, func() error { return w.writeTable(openSheets, open) }},
		{sheetIssues, w.writeIssues},
		{sheetDefinitions, w.writeDefinitions},
	})
	<-filled
	if err != nil {
		invoices.stop()
		return err
	}
	if err := invoices.write(); err != nil {
		return fmt.Errorf("sheet %s: %w", sheetInvoices, err)
	}
	return w.setDocProps("Client scorecard as of " + w.res.Rules.AsOf.String())
}

// continued names the sheets a table of rows data rows needs, maxRows on
// each: base, then "base (2)" and so on.
func continued(base string, rows, maxRows int) []string {
	names := []string{base}
	for k := 2; rows > (k-1)*maxRows; k++ {
		names = append(names, base+" ("+strconv.Itoa(k)+")")
	}
	return names
}

// countRows counts the rows of a table.
func countRows(rows func(yield func([]cell) bool)) int {
	n := 0
	for range rows {
		n++
	}
	return n
}

// invoiceCount is how many lines the Invoices sheet lists.
func (w *writer) invoiceCount() int {
	n := 0
	for i := range w.res.Clients {
		if c := &w.res.Clients[i]; w.listsInvoices(c) {
			n += len(c.InvoiceLines)
		}
	}
	return n
}

// listsInvoices reports whether the Invoices sheet lists c's invoices.
func (w *writer) listsInvoices(c *analysis.ClientResult) bool {
	return w.sc.AllInvoices || c.Verdict != analysis.Healthy
}
