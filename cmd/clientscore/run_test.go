package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The exports of three clients, as of 2026-06-30 (window: 2025-06-30 <
// d <= 2026-06-30), in the headers Xero, a bank and Freshdesk use. The
// expected figures below are worked out by hand from SPEC.md §4.
const (
	xeroInvoices = `ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,Currency
Acme Ltd,INV-1,2026-01-10,2026-02-09,1000.00,EUR
Acme Ltd,INV-2,2026-03-01,2026-03-31,500.00,EUR
Acme Ltd,CN-1,2026-03-15,2026-03-15,-100.00,EUR
Beta BV,INV-3,2026-05-01,2026-05-31,2000.00,EUR
Beta BV,INV-4,2026-06-29,2026-07-29,1000.00,USD
Beta BV,INV-5,2026-13-01,2026-07-29,10.00,EUR
`
	bankPayments = `Date,Contact,Invoice Number,Amount
2026-03-11,Acme Ltd,INV-1,1000.00
2026-04-30,Acme Ltd,INV-2,300.00
2026-05-10,Acme Ltd,,250.00
2026-06-15,Beta BV,INV-3,500.00
`
	disputeLog = `Client,Invoice,Date,Reason
Acme Ltd,INV-2,2026-04-05,hours not agreed
`
	// 2026-03-03 is a Tuesday, 2026-03-07 a Saturday, 2026-04-01 a
	// Wednesday, 2026-06-01 a Monday.
	freshdeskTickets = `Ticket ID,Created time,Source,Tags,Time tracked,Company Name
1,2026-03-03 09:15:00,Email,,1:30,Acme Ltd
2,2026-03-07 10:00:00,Phone,abuse,0:30,Acme Ltd
3,2026-04-01 03:00:00,Phone,,,Acme Ltd
4,2026-06-01 14:00:00,Email,,10:00,Beta BV
5,2026-06-02 11:00:00,Email,,,Gamma GmbH
6,2026-06-03 11:00:00,Email,,,Gamma GmbH
`
	// The client list names Gamma GmbH, who has tickets and no invoice: a
	// known client (SPEC §3), so its tickets are its own, not unmatched.
	clientList = `Client,Account Manager
Acme Ltd,Anna
Beta BV,Bram
Gamma GmbH,Anna
`
	baseConfig = `as_of: "2026-06-30"
timezone: Europe/Amsterdam
currency: EUR
fx: {USD: 0.92}
locale: {date_order: YMD}
costs: {support_hour: 60.00, support_ticket: 15.00}
report: {dir: reports, max_rejected_share: 0.5}
`
)

// handWorked are the Clients-sheet figures of the exports above.
//
// Acme Ltd: Invoiced 1000 + 500 = 1500.00; credit note 100.00 (negative
// amount, applies to nothing) → Revenue 1400.00. INV-1 due 02-09, paid
// 03-11: 30 days late (19 days to 28 Feb, 11 in March). INV-2 due 03-31:
// 300.00 on 04-30, then the unnamed 250.00 on 05-10 pays its last 200.00
// (oldest open invoice), settling it 40 days late; 50.00 is unapplied.
// Avg days late (30+40)/2 = 35; weighted (1000×30 + 500×40)/1500 = 33.33;
// avg days to pay: INV-1 60 days (01-10→03-11), INV-2 70 days
// (03-01→05-10) → 65. Support: 1.5 h × 60 = 90.00, 0.5 h × 60 = 30.00 and
// a ticket with no time 15.00 → 135.00; two after hours (Saturday, 03:00).
// Weighted 33.33 > late_weighted_days 30: LATE_PAYER.
// Profit 1400 − 135 = 1265.00, margin 1265/1400 = 0.903571. One dispute
// over 2 invoices = 0.5 ≥ 0.20: DISPUTES; tag abuse: ABUSE; revenue share
// 1400/4320 = 0.324 ≥ 0.25: CONCENTRATION. Verdict Review (ABUSE).
//
// Beta BV: INV-3 2000.00 EUR; INV-4 1000.00 USD × 0.92 = 920.00 EUR →
// Revenue 2920.00. Collected 500.00. INV-3 open (1500.00 left), due 05-31:
// 30 days late; INV-4 not due: 0. Avg 15; weighted 2000×30/2920 = 20.55.
// Outstanding 2420.00, overdue 1500.00; DSO 2420/2920 × 90 = 74.59.
// Support 10 h × 60 = 600.00. Profit 2320.00, margin 0.794521.
// CONCENTRATION only → Healthy. INV-5's date 2026-13-01 is rejected: row 7.
//
// Gamma GmbH (in the client list, no invoice): two tickets, no time: 30.00
// support, no revenue → profit −30.00, margin blank, Unprofitable.
//
// HIGH_CONTACT: contacts per month 3/12, 1/12, 2/12; median 2/12; 3× that
// is 0.5, nobody reaches it.
var handWorked = map[string]map[string]string{
	"Acme Ltd": {
		"Verdict": "Review", "Flags": "LATE_PAYER, DISPUTES, ABUSE, CONCENTRATION",
		"Revenue": "1400", "Support cost": "135", "Profit": "1265", "Margin": "0.903571",
		"Avg days late": "35", "Weighted days late": "33.33", "Disputes": "1",
		"Invoiced": "1500", "Credit notes": "100", "Collected": "1550",
		"Invoices": "2", "Max days late": "40", "Avg days to pay": "65", "Late invoices": "2",
		"Severely late": "0", "Outstanding": "0", "Overdue": "0", "DSO": "",
		"Dispute rate": "0.5", "Contacts": "3", "Support hours": "2", "After-hours contacts": "2",
		"Price change needed": "",
	},
	"Beta BV": {
		"Verdict": "Healthy", "Flags": "CONCENTRATION",
		"Revenue": "2920", "Support cost": "600", "Profit": "2320", "Margin": "0.794521",
		"Avg days late": "15", "Weighted days late": "20.55", "Disputes": "0",
		"Invoiced": "2920", "Collected": "500", "Invoices": "2", "Max days late": "30",
		"Avg days to pay": "", "Late invoices": "1", "Outstanding": "2420", "Overdue": "1500",
		"DSO": "74.59", "Contacts": "1", "Support hours": "10", "After-hours contacts": "0",
	},
	"Gamma GmbH": {
		"Verdict": "Unprofitable", "Flags": "UNPROFITABLE",
		"Revenue": "0", "Support cost": "30", "Profit": "-30", "Margin": "",
		"Avg days late": "", "Invoices": "0", "Contacts": "2", "Price change needed": "",
	},
}

// writeFiles writes name → content into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runCLI runs the program in-process and returns its exit status and
// output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// sheetByHeader reads a sheet back into rows keyed by header, the first
// column's value naming the row.
func sheetByHeader(t *testing.T, path, sheet string) map[string]map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]map[string]string)
	for _, r := range rows[1:] {
		m := make(map[string]string)
		for i, h := range rows[0] {
			if i < len(r) {
				m[h] = r[i]
			} else {
				m[h] = ""
			}
		}
		out[r[0]] = m
	}
	return out
}

// sameFigure compares a cell with the hand-worked figure: text exactly,
// numbers to within 0.005 (money to the cent, days to 0.01).
func sameFigure(got, want string) bool {
	if got == want {
		return true
	}
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	return err1 == nil && err2 == nil && math.Abs(g-w) < 0.005
}

func checkClients(t *testing.T, path string) {
	t.Helper()
	clients := sheetByHeader(t, path, "Clients")
	if len(clients) != len(handWorked) {
		t.Errorf("Clients sheet has %d clients, want %d", len(clients), len(handWorked))
	}
	for name, want := range handWorked {
		got, ok := clients[name]
		if !ok {
			t.Errorf("client %q missing from the Clients sheet", name)
			continue
		}
		for col, w := range want {
			if g, ok := got[col]; !ok {
				t.Errorf("Clients sheet has no column %q", col)
			} else if !sameFigure(g, w) {
				t.Errorf("%s %s = %q, want %q", name, col, g, w)
			}
		}
	}
}

func hashFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := make(map[string][32]byte)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRunXeroExportsHandWorked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv": xeroInvoices,
		"in/payments.csv": bankPayments,
		"in/disputes.csv": disputeLog,
		"in/tickets.csv":  freshdeskTickets,
		"in/clients.csv":  clientList,
		"clientscore.yaml": baseConfig + `inputs:
  invoices: {path: in/invoices.csv}
  payments: {path: in/payments.csv}
  disputes: {path: in/disputes.csv}
  support: {path: in/tickets.csv}
  clients: {path: in/clients.csv}
`,
	})
	before := hashFiles(t, filepath.Join(dir, "in"))
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	path := filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx")
	checkClients(t, path)

	issues := sheetByHeader(t, path, "Data issues")
	found := false
	for _, r := range issues {
		if r["File"] == filepath.Join("in", "invoices.csv") && r["Row"] == "7" && strings.HasPrefix(r["Column"], "InvoiceDate") {
			found = true
			if r["Value"] != "2026-13-01" || r["Severity"] == "" {
				t.Errorf("Data issue for row 7: %v", r)
			}
		}
	}
	if !found {
		t.Errorf("the bad date at in/invoices.csv row 7 is not in Data issues: %v", issues)
	}
	if !strings.Contains(stdout, "3 clients: 1 unprofitable, 1 review, 0 watch, 1 healthy") {
		t.Errorf("summary line missing or wrong:\n%s", stdout)
	}
	after := hashFiles(t, filepath.Join(dir, "in"))
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed during the run", p)
		}
	}
}

// The same data in an xlsx with title lines and Dutch headers that no
// alias knows, read through a columns: mapping, gives the same figures.
func TestRunColumnMappingXLSX(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/payments.csv": bankPayments,
		"in/disputes.csv": disputeLog,
		"in/tickets.csv":  freshdeskTickets,
		"in/clients.csv":  clientList,
		"clientscore.yaml": baseConfig + `inputs:
  invoices:
    path: in/facturen*.xlsx
    columns: {client: Klant, number: Factuurnummer, issue_date: Factuurdatum, due_date: Vervaldatum, amount: Bedrag, currency: Valuta}
  payments: {path: in/payments.csv}
  disputes: {path: in/disputes.csv}
  support: {path: in/tickets.csv}
  clients: {path: in/clients.csv}
`,
	})
	f := excelize.NewFile()
	sheet := "Facturen"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	set := func(cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Northwind Digital – facturenlijst")
	set("A2", "1 juli 2025 t/m 30 juni 2026")
	headers := []string{"Klant", "Factuurnummer", "Factuurdatum", "Vervaldatum", "Bedrag", "Valuta"}
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4)
		set(cell, h)
	}
	lines := strings.Split(strings.TrimSpace(xeroInvoices), "\n")[1:]
	for i, line := range lines {
		row := i + 5
		for c, v := range strings.Split(line, ",") {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			switch {
			case (c == 2 || c == 3) && v != "2026-13-01":
				d, err := time.Parse(time.DateOnly, v)
				if err != nil {
					t.Fatal(err)
				}
				set(cell, d)
				_ = f.SetCellStyle(sheet, cell, cell, dateStyle)
			case c == 4:
				n, _ := strconv.ParseFloat(v, 64)
				set(cell, n)
			default:
				set(cell, v)
			}
		}
	}
	set("A11", "TOTAL")
	set("E11", 4410.0)
	if err := f.SaveAs(filepath.Join(dir, "in", "facturen-2026.xlsx")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	path := filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx")
	checkClients(t, path)
	issues := sheetByHeader(t, path, "Data issues")
	found := false
	for _, r := range issues {
		if r["Sheet"] == sheet && r["Row"] == "10" && strings.HasPrefix(r["Column"], "Factuurdatum") {
			found = true
		}
	}
	if !found {
		t.Errorf("the text date 2026-13-01 at Facturen row 10 is not in Data issues: %v", issues)
	}
}
