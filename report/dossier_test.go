package report

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// writeDossierFixture writes the dossier of the client named name in res to
// a fresh folder, under its DossierName, and opens it as a user's tools
// would.
func writeDossierFixture(t *testing.T, res *analysis.Result, name string) (string, *excelize.File) {
	t.Helper()
	i := clientIndex(t, res, name)
	path := filepath.Join(t.TempDir(), DossierName(res, i))
	d := &Dossier{Result: res, Client: i, Sources: dossierSources, Generated: dossierGen, Version: "1.4.0"}
	if err := WriteDossier(path, d); err != nil {
		t.Fatalf("WriteDossier: %v", err)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open the written dossier: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// rowOf returns the 1-based row, as text, whose column A holds label.
func rowOf(t *testing.T, f *excelize.File, sheet, label string) string {
	t.Helper()
	return strconv.Itoa(findRow(t, f, sheet, label))
}

// nearValue checks that the cell's raw value is the number want, within a
// rounding error.
func nearValue(t *testing.T, f *excelize.File, sheet, ref string, want float64) {
	t.Helper()
	v := cellValue(t, f, sheet, ref)
	got, err := strconv.ParseFloat(v, 64)
	if err != nil || math.Abs(got-want) > 1e-9 {
		t.Errorf("%s!%s = %q, want %v", sheet, ref, v, want)
	}
}

// fillOf returns the fill colour of a cell's style, "" for none.
func fillOf(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

func TestDossierSheetsAndHeaders(t *testing.T) {
	_, f := acmeDossier(t)
	want := []string{"Dossier", "Monthly", "Invoices", "Payments", "Disputes", "Contacts", "Work and costs", "Definitions"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	tests := []struct {
		sheet  string
		header []string
	}{
		{"Monthly", []string{"Month", "Revenue", "Collected", "Delivery cost", "Support cost", "Expenses", "Late-payment cost", "Profit",
			"Avg days late", "Disputes", "Contacts", "After-hours contacts"}},
		{"Invoices", []string{"Invoice", "Issue date", "Due date", "Settled", "Amount", "Paid", "Credited", "Balance", "Days late", "Status", "Disputed", "Invoice currency"}},
		{"Payments", []string{"Date", "Amount", "Invoice named", "Reference", "Applied to", "Unapplied", "Payment currency", "Note"}},
		{"Disputes", []string{"Date", "Invoice", "Amount", "Reason", "Status", "Counted from"}},
		// Client-safe: no cost, no tags, no names of the team.
		{"Contacts", []string{"Date", "Day", "Time", "Channel", "Hours", "After hours"}},
		{"Work and costs", []string{"Date", "Kind", "Person", "Role", "What", "Hours", "Billable", "Cost", "Rate per hour", "Costed from", "Tags"}},
		{"Definitions", []string{"Term", "Meaning"}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			rows, err := f.GetRows(tt.sheet)
			if err != nil || len(rows) == 0 {
				t.Fatalf("sheet %s has no rows: %v", tt.sheet, err)
			}
			if !slices.Equal(rows[0], tt.header) {
				t.Errorf("header = %q, want %q", rows[0], tt.header)
			}
			// Header row frozen, autofilter over the table.
			panes, err := f.GetPanes(tt.sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("panes = %+v, %v; want the header row frozen", panes, err)
			}
			if x := zipPartOf(t, f, tt.sheet); !strings.Contains(x, `<autoFilter ref="$A$1:`) {
				t.Error("no autofilter")
			}
		})
	}
}

// zipPartOf returns a sheet's XML as written.
func zipPartOf(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	return sheetXML(t, f.Path, f, sheet)
}

func TestDossierSheet(t *testing.T) {
	_, f := acmeDossier(t)
	const s = "Dossier"
	money := `#,##0.00 "EUR";[Red]-#,##0.00 "EUR"`
	// 15 Dec 2026: 2026-01-01 is serial 46023 and 15 Dec is day 349.
	tests := []struct {
		label  string
		want   float64
		format string
	}{
		// (1,315 + 2,050 + 392) / 0.8 = 4,696.25 of revenue needed; / 4,500 − 1.
		{"Price change needed", 4696.25/4500 - 1, "0.0%"},
		{"Target margin", 0.2, "0.0%"},
		{"Renewal date", 46371, "d mmm yyyy"},
		{"Revenue", 4500, money},
		{"Delivery cost", 1315, money},
		{"Support cost", 2050, money},
		{"Expenses", 392, money},
		{"Profit", 743, money},
		{"Margin", 743.0 / 4500, "0.0%"},
		{"Revenue share", 0.5, "0.0%"},
		{"Hours", 43.5, "0.00"},
		{"Revenue per hour", 4500 / 43.5, money},
		{"Collected", 3500, money},
		{"Unapplied payments", 500, money},
		{"Late invoices", 2, "#,##0"},
		{"Open overdue", 1, "#,##0"},
		{"Avg days late", 149.0 / 3, "0.0"},
		{"Weighted days late", 268500.0 / 4500, "0.0"},
		{"Weighted days late, last 90 days", 59, "0.0"},
		{"Max days late", 90, "0"},
		{"Outstanding", 1500, money},
		{"31–60 days", 1500, money},
		{"Disputes", 1, "#,##0"},
		{"Dispute rate", 1.0 / 3, "0.0%"},
		{"After-hours contacts", 3, "#,##0"},
		{"Support hours", 25.5, "0.00"},
		{"As of", 46326, "d mmm yyyy"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			ref := "B" + rowOf(t, f, s, tt.label)
			nearValue(t, f, s, ref, tt.want)
			if got := numFmt(t, f, s, ref); got != tt.format {
				t.Errorf("%s format = %q, want %q", ref, got, tt.format)
			}
		})
	}
	t.Run("no Paid late, no refunds line without refunds", func(t *testing.T) {
		rows, _ := f.GetRows(s)
		for _, r := range rows {
			if len(r) > 0 && (r[0] == "Paid late" || r[0] == "Refunds" || r[0] == "Invoices of unknown lateness") {
				t.Errorf("the Dossier sheet has a %q line", r[0])
			}
		}
	})
	t.Run("verdict coloured", func(t *testing.T) {
		ref := "B" + rowOf(t, f, s, "Verdict")
		if got := cellValue(t, f, s, ref); got != "Review" {
			t.Errorf("verdict = %q, want Review", got)
		}
		if got := fillOf(t, f, s, ref); got != verdictColours[analysis.Review].fill {
			t.Errorf("verdict fill = %q, want %q", got, verdictColours[analysis.Review].fill)
		}
	})
	t.Run("what the price change assumes", func(t *testing.T) {
		if got := cellValue(t, f, s, "C"+rowOf(t, f, s, "Price change needed")); !strings.Contains(got, "20% margin") {
			t.Errorf("the price change's note %q does not name the 20%% target", got)
		}
	})
	t.Run("owner and flags", func(t *testing.T) {
		if got := cellValue(t, f, s, "B"+rowOf(t, f, s, "Owner")); got != "Anna de Vries" {
			t.Errorf("owner = %q", got)
		}
		if got := cellValue(t, f, s, "B"+rowOf(t, f, s, "LATE_PAYER")); !strings.Contains(got, "INV-2 (90 days)") {
			t.Errorf("LATE_PAYER evidence = %q, want the worst invoice named", got)
		}
	})
	t.Run("summary in words", func(t *testing.T) {
		want := "Acme Ltd brought 4,500.00 EUR of revenue in the 12 months to 31 Oct 2026 and cost 1,315.00 EUR to deliver, " +
			"2,050.00 EUR to support and 392.00 EUR in expenses: a profit of 743.00 EUR (16.5% margin). " +
			"It paid 1 of 3 invoices late and has 1 more still open past their due date; its invoices were 49.7 days late on average (worst 90 days). " +
			"It owes 1,500.00 EUR, all of it overdue. " +
			"It has 500.00 EUR of payments not applied to any invoice (credit on account). " +
			"It raised 1 dispute (33.3% of its invoices). " +
			"It made 5 support contacts taking 25.5 hours, 3 of them after hours. " +
			"Verdict: Review (LOW_MARGIN, LATE_PAYER, DISPUTES, CONCENTRATION). " +
			"To reach the 20% target margin prices must rise 4.4%. " +
			"Renewal is due 15 Dec 2026, in 45 days. Account owner: Anna de Vries."
		if got := cellValue(t, f, s, "A4"); got != want {
			t.Errorf("summary:\n got %q\nwant %q", got, want)
		}
	})
}

func TestDossierMonthly(t *testing.T) {
	path, f := acmeDossier(t)
	const s = "Monthly"
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	// Nov 2025 to Oct 2026: twelve months, then the total.
	if len(rows) != 14 || rows[13][0] != "Total" {
		t.Fatalf("Monthly has %d rows, want a header, 12 months and a total", len(rows))
	}
	// Columns: A Month, B Revenue, C Collected, D Delivery cost, E Support
	// cost, F Expenses, G Late-payment cost, H Profit, I Avg days late,
	// J Disputes, K Contacts, L After-hours contacts. Rows: 2 is Nov 2025,
	// 4 Jan 2026, … 13 Oct 2026, 14 the total.
	tests := []struct {
		name string
		ref  string
		want float64
	}{
		{"first month is Nov 2025", "A2", 45962}, // 46023 − 61
		{"Jan 2026 is a date", "A4", 46023},
		{"Jan revenue", "B4", 1000},
		{"Jan support cost", "E4", 1200},
		{"Jan loss", "H4", -200},
		{"Feb delivery: 8 hours of Anna", "D5", 680},
		{"Feb loss", "H5", -680},
		{"Apr expenses", "F7", 300},
		{"Mar invoice 90 days late", "I6", 90},
		{"Jun collected", "C9", 2500},
		{"Jul dispute", "J10", 1},
		{"Sep support and expenses", "F12", 92},
		{"Oct delivery: the billable visit", "D13", 85},
		{"Oct after hours", "L13", 1},
		{"total revenue", "B14", 4500},
		{"total delivery", "D14", 1315},
		{"total support", "E14", 2050},
		{"total expenses", "F14", 392},
		{"total profit", "H14", 743},
		{"total after hours", "L14", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { nearValue(t, f, s, tt.ref, tt.want) })
	}
	if got := numFmt(t, f, s, "A4"); got != "mmm yyyy" {
		t.Errorf("month format = %q, want mmm yyyy", got)
	}
	// Revenue (B) as a line against the four costs (D–G) stacked.
	chart := zipPart(t, path, "xl/charts/chart1.xml")
	for _, want := range []string{"<barChart>", `<grouping val="stacked">`, "<lineChart>",
		"&#39;Monthly&#39;!$B$2:$B$13", "&#39;Monthly&#39;!$D$2:$D$13", "&#39;Monthly&#39;!$E$2:$E$13",
		"&#39;Monthly&#39;!$F$2:$F$13", "&#39;Monthly&#39;!$G$2:$G$13", `formatCode="mmm yy"`} {
		if !strings.Contains(chart, want) {
			t.Errorf("the Monthly chart has no %s", want)
		}
	}
	// Under the total (row 14) and a blank row: from A16, 0-based row 15.
	anchor := regexp.MustCompile(`<xdr:from><xdr:col>0</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>15</xdr:row>`)
	if d := zipPart(t, path, "xl/drawings/drawing1.xml"); !anchor.MatchString(d) {
		t.Errorf("the chart is not anchored at A16, under the table:\n%.400s", d)
	}
}

func TestDossierRecords(t *testing.T) {
	_, f := acmeDossier(t)
	t.Run("invoices", func(t *testing.T) {
		r := rowOf(t, f, "Invoices", "INV-2")
		nearValue(t, f, "Invoices", "D"+r, 46203) // settled 30 Jun 2026
		nearValue(t, f, "Invoices", "I"+r, 90)
		if got := cellValue(t, f, "Invoices", "J"+r); got != "Paid late" {
			t.Errorf("INV-2 status = %q", got)
		}
		r = rowOf(t, f, "Invoices", "INV-3")
		nearValue(t, f, "Invoices", "H"+r, 1500)
		nearValue(t, f, "Invoices", "I"+r, 59)
		if got := cellValue(t, f, "Invoices", "J"+r); got != "Overdue" {
			t.Errorf("INV-3 status = %q", got)
		}
		nearValue(t, f, "Invoices", "E"+rowOf(t, f, "Invoices", "Total"), 4500)
	})
	t.Run("payments", func(t *testing.T) {
		if got := cellValue(t, f, "Payments", "E3"); got != "INV-2: 2,000.00 EUR" {
			t.Errorf("P2 applied to %q", got)
		}
		nearValue(t, f, "Payments", "F3", 500)
		nearValue(t, f, "Payments", "B"+rowOf(t, f, "Payments", "Total"), 3500)
	})
	t.Run("disputes", func(t *testing.T) {
		rows, _ := f.GetRows("Disputes")
		if len(rows) != 2 || rows[1][1] != "INV-2" || rows[1][3] != "hours not agreed" {
			t.Errorf("disputes = %q", rows)
		}
	})
}

func TestDossierContacts(t *testing.T) {
	_, f := acmeDossier(t)
	const s = "Contacts"
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	data := rows[1 : len(rows)-1] // the header and the total row aside
	if len(data) != 5 || rows[len(rows)-1][0] != "Total" {
		t.Fatalf("Contacts has %d contact rows, want the 5 contacts, then a total", len(data))
	}
	// Rows 3 (Sat 7 Mar), 4 (Mon 15 Jun 21:30) and 6 (Sat 3 Oct, no
	// time) are after hours: every cell highlighted, the blank time too.
	for r := 2; r <= 6; r++ {
		after := r == 3 || r == 4 || r == 6
		for col := 1; col <= 6; col++ {
			ref, _ := excelize.CoordinatesToCellName(col, r)
			fill := fillOf(t, f, s, ref)
			if after && fill != afterHoursFill {
				t.Errorf("%s of an after-hours contact has fill %q, want %s", ref, fill, afterHoursFill)
			}
			if !after && fill != "" {
				t.Errorf("%s of a business-hours contact has fill %q", ref, fill)
			}
		}
	}
	nearValue(t, f, s, "C4", float64(21*60+30)/(24*60)) // 21:30
	if got := numFmt(t, f, s, "C4"); got != "hh:mm" {
		t.Errorf("time format = %q", got)
	}
	if got := cellValue(t, f, s, "F4"); got != "Yes" {
		t.Errorf("after hours = %q, want Yes", got)
	}
	nearValue(t, f, s, "E4", 1.5)
	nearValue(t, f, s, "E7", 25.5) // total hours: the client's support hours
	// Nothing internal: no cost, no tag, no person of the team.
	x := zipPartOf(t, f, s)
	for _, internal := range []string{"655", "1200", "billing", "outage", "scope change", "Sam Roe", "Anna de Vries"} {
		if strings.Contains(x, internal) {
			t.Errorf("the Contacts sheet holds %q", internal)
		}
	}
}

func TestDossierWork(t *testing.T) {
	_, f := acmeDossier(t)
	const s = "Work and costs"
	rows, err := f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	// By date: 6 Jan support, 12 Feb time, 7 Mar support, 15 Apr
	// expense, 15 Jun support, 20 Aug time, 10 Sep support and expense
	// (support first), 3 Oct support; then the total.
	var got []string
	for _, r := range rows[1 : len(rows)-1] {
		got = append(got, r[1]+" "+r[2]+" "+r[4])
	}
	want := []string{
		"Support Sam Roe email",
		"Time Anna de Vries Website – Design",
		"Support Sam Roe phone",
		"Expense  Subcontractor – Copywriting",
		"Support Sam Roe chat",
		"Time Bram Jansen Website – Build",
		"Support  email",
		"Expense  Licences – Stock photos",
		"Support Anna de Vries on-site",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("work rows =\n%q\nwant\n%q", got, want)
	}
	tests := []struct {
		name, ref string
		value     string
	}{
		// 20 hours of Sam at costs.hour 60.00 = 1,200.00.
		{"hours", "F2", "20"}, {"billable", "G2", "No"}, {"cost", "H2", "1200"}, {"rate", "I2", "60"},
		{"costed from", "J2", "costs.hour"}, {"tags stay internal here", "K2", "billing"},
		// 8 hours of Anna at her 85.00 = 680.00, billed to the client.
		{"person's rate", "J3", "costs.rates of Anna de Vries"}, {"billable time", "G3", "Yes"}, {"time cost", "H3", "680"},
		{"role's rate", "J7", "costs.rates of the role Developer"},
		{"given cost has no rate", "I6", ""}, {"given cost", "J6", "the export's cost"},
		{"ticket", "J8", "costs.support_ticket (no hours, no cost)"},
		// 100.00 USD at 0.92 = 92.00 EUR.
		{"converted expense", "H9", "92"}, {"expense's source", "J9", "the expenses input, 100.00 USD converted"},
		// Hours 25.5 + 18 = 43.5; cost 2,050 + 1,315 + 392 = 3,757.00.
		{"total hours", "F11", "43.5"}, {"total cost", "H11", "3757"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cellValue(t, f, s, tt.ref); got != tt.value {
				t.Errorf("%s = %q, want %q", tt.ref, got, tt.value)
			}
		})
	}
}

func TestDossierDefinitions(t *testing.T) {
	_, f := acmeDossier(t)
	rows, err := f.GetRows("Definitions")
	if err != nil {
		t.Fatal(err)
	}
	terms := map[string]string{}
	for _, r := range rows[1:] {
		if len(r) > 1 {
			terms[r[0]] = r[1]
		}
	}
	for _, want := range []string{"Price change needed", "Target margin", "LATE_PAYER", "Review", "Late invoices",
		"Monthly sheet", "Contacts sheet", "Work and costs sheet", "Payments sheet", "How the rows were costed"} {
		if terms[want] == "" {
			t.Errorf("Definitions has no %q", want)
		}
	}
	for _, absent := range []string{"HHI", "Whale curve", "Clients sheet", "Data issues", "Paid late", "Open invoices sheet"} {
		if _, ok := terms[absent]; ok {
			t.Errorf("Definitions explains %q, which the dossier does not show", absent)
		}
	}
}

func TestDossierFormulaName(t *testing.T) {
	t.Parallel()
	const name = `=cmd|' /C calc'!A0`
	res := oddResult(name)
	path, f := writeDossierFixture(t, res, name)
	if got, want := filepath.Base(path), "renewal-cmd-c-calc-a0-2026-10-31.xlsx"; got != want {
		t.Errorf("file name = %q, want %q", got, want)
	}
	for _, sheet := range f.GetSheetList() {
		if x := sheetXML(t, path, f, sheet); strings.Contains(x, "<f>") || strings.Contains(x, "<f ") {
			t.Errorf("sheet %s holds a formula", sheet)
		}
	}
	ref := "B" + rowOf(t, f, "Dossier", "Client")
	if got := cellValue(t, f, "Dossier", ref); got != name {
		t.Errorf("Client = %q, want %q", got, name)
	}
	if ct, _ := f.GetCellType("Dossier", ref); ct != excelize.CellTypeSharedString && ct != excelize.CellTypeInlineString {
		t.Errorf("the name is a cell of type %v, want a string", ct)
	}
	if got := cellValue(t, f, "Dossier", "A1"); got != "Renewal dossier: "+name {
		t.Errorf("title = %q", got)
	}
	// No invoices, one ticket: the words say only that.
	want := name + " was not invoiced in the 12 months to 31 Oct 2026 but cost 15.00 EUR to support: a loss of 15.00 EUR. " +
		"It made 1 support contact. Verdict: Unprofitable (UNPROFITABLE). " +
		"With no revenue, no price change can be worked out. No renewal date is on record."
	if got := cellValue(t, f, "Dossier", "A4"); got != want {
		t.Errorf("summary:\n got %q\nwant %q", got, want)
	}
	if got := cellValue(t, f, "Dossier", "C"+rowOf(t, f, "Dossier", "Price change needed")); !strings.Contains(got, "no revenue") {
		t.Errorf("blank price change explained as %q", got)
	}
	if rows, _ := f.GetRows("Invoices"); len(rows) != 2 || !strings.HasPrefix(rows[1][0], "No invoices") {
		t.Errorf("Invoices = %q, want the header and a note", rows)
	}
}

func TestDossierAwkwardName(t *testing.T) {
	t.Parallel()
	const name = `[Acme]: R&D *Labs*? A/B\C Widget Co GmbH`
	if n := utf8.RuneCountInString(name); n != 40 {
		t.Fatalf("the name has %d characters, want 40", n)
	}
	res := oddResult(name)
	path, f := writeDossierFixture(t, res, name)
	if got, want := filepath.Base(path), "renewal-acme-r-d-labs-a-b-c-widget-co-gmbh-2026-10-31.xlsx"; got != want {
		t.Errorf("file name = %q, want %q", got, want)
	}
	for _, sheet := range f.GetSheetList() {
		if SheetName(sheet) != sheet || utf8.RuneCountInString(sheet) > 31 || strings.ContainsAny(sheet, `[]:*?/\`) {
			t.Errorf("sheet name %q breaks Excel's rules", sheet)
		}
	}
	if got := cellValue(t, f, "Dossier", "B"+rowOf(t, f, "Dossier", "Client")); got != name {
		t.Errorf("Client = %q, want %q", got, name)
	}
}

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Café Müller & Söhne GmbH", "cafe-muller-sohne-gmbh"},
		{"Acme Ltd.", "acme-ltd"},
		{"  --Acme   Ltd--  ", "acme-ltd"},
		{"O'Brien’s Bakery", "obriens-bakery"},
		{"Straße Æther Øl", "strasse-aether-ol"},
		{"ＡＢＣ Ｃｏ", "abc-co"},  // fullwidth letters
		{"株式会社テスト", "client"}, // nothing left
		{"", "client"},
		{`CON`, "con"}, // safe: it is only ever part of a longer name
		{`..\..\etc/passwd`, "etc-passwd"},
		{"a\x00b\nc", "a-b-c"},
		// 70 characters: cut at the last dash within 60.
		{strings.Repeat("abcdefghi ", 7), "abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi"},
		// One long word is cut at 60.
		{strings.Repeat("x", 100), strings.Repeat("x", 60)},
	}
	valid := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, tt := range tests {
		got := Slug(tt.in)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !valid.MatchString(got) || len(got) > slugMax {
			t.Errorf("Slug(%q) = %q is not a slug of at most %d characters", tt.in, got, slugMax)
		}
	}
}

func TestDossierNames(t *testing.T) {
	t.Parallel()
	r := analysis.DefaultRules(dossierAsOf, "EUR")
	res := &analysis.Result{Rules: r, Clients: []analysis.ClientResult{
		{Key: "name:acme ltd", Name: "Acme Ltd"},
		{Key: "name:acme ltd.", Name: "Acme Ltd."},  // same slug, no id
		{Key: "id:k-1", Name: "Kessler", ID: "K-1"}, // same slug, ids
		{Key: "id:k-2", Name: "KESSLER", ID: "K-2"}, //
		{Key: "name:bolt", Name: "Bolt"},            // unique
		{Key: "id:x", Name: "Twin", ID: "X"},        // same slug and
		{Key: "id:x.", Name: "twin", ID: "X."},      // same id slug
		{Key: "name:株式会社", Name: "株式会社"},            // "client"
		{Key: "name:client", Name: "Client"},        // also "client"
		{Key: "id:c-9", Name: strings.Repeat("long name ", 8), ID: "C-9"},
		{Key: "id:c-10", Name: strings.Repeat("long name ", 9), ID: "C-10"},
	}}
	all := make([]int, len(res.Clients))
	for i := range all {
		all[i] = i
	}
	names := DossierNames(res, all)
	seen := map[string]int{}
	for i, n := range names {
		if j, dup := seen[n]; dup {
			t.Errorf("clients %d and %d share the file name %q", j, i, n)
		}
		seen[n] = i
		if !strings.HasPrefix(n, "renewal-") || !strings.HasSuffix(n, "-2026-10-31.xlsx") {
			t.Errorf("file name %q is not renewal-<slug>-<as_of>.xlsx", n)
		}
		if slug := strings.TrimSuffix(strings.TrimPrefix(n, "renewal-"), "-2026-10-31.xlsx"); len(slug) > slugMax {
			t.Errorf("slug %q is over %d characters", slug, slugMax)
		}
	}
	for i, want := range map[int]string{
		2: "renewal-kessler-k-1-2026-10-31.xlsx", // twins told apart by id
		3: "renewal-kessler-k-2-2026-10-31.xlsx",
		4: "renewal-bolt-2026-10-31.xlsx",
		// 59 characters of "long-name-…", cut at a dash to leave room for "-c-9".
		9: "renewal-long-name-long-name-long-name-long-name-long-name-long-c-9-2026-10-31.xlsx",
	} {
		if names[i] != want {
			t.Errorf("name of client %d = %q, want %q", i, names[i], want)
		}
	}
	// Without a usable id, six hex digits of a hash of the identity.
	hashed := regexp.MustCompile(`^renewal-(acme-ltd|twin|client)-[0-9a-f]{6}-2026-10-31\.xlsx$`)
	for _, i := range []int{0, 1, 5, 6, 7, 8} {
		if !hashed.MatchString(names[i]) {
			t.Errorf("name of client %d = %q, want the slug and a hash", i, names[i])
		}
	}
	// The same client gets the same name whichever clients are written.
	if got := DossierName(res, 1); got != names[1] {
		t.Errorf("DossierName alone = %q, with the others %q", got, names[1])
	}
}

func TestWriteDossierIsAtomic(t *testing.T) {
	res := dossierResult()
	i := clientIndex(t, res, "Acme Ltd")
	dir := t.TempDir()
	path := filepath.Join(dir, DossierName(res, i))
	if err := WriteDossier(path, &Dossier{Result: res, Client: i}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	wrapTemp = func(w io.Writer) io.Writer { return &failingWriter{w: w, n: 10000} }
	defer func() { wrapTemp = func(w io.Writer) io.Writer { return w } }()
	if err := WriteDossier(path, &Dossier{Result: res, Client: i, Version: "2.0.0"}); !errors.Is(err, errDiskFull) {
		t.Fatalf("WriteDossier error = %v, want the writer's error", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the earlier dossier changed")
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, ".renewal-*.tmp")); len(tmps) > 0 {
		t.Errorf("temporary files left: %q", tmps)
	}
	for _, d := range []*Dossier{nil, {}, {Result: res, Client: -1}, {Result: res, Client: len(res.Clients)}} {
		if err := WriteDossier(filepath.Join(dir, "x.xlsx"), d); err == nil {
			t.Errorf("WriteDossier(%+v) succeeded", d)
		}
	}
}

func TestDossierWords(t *testing.T) {
	t.Parallel()
	r := analysis.DefaultRules(dossierAsOf, "EUR")
	res := &analysis.Result{Rules: r}
	base := func() analysis.ClientResult {
		return analysis.ClientResult{Name: "Kite", Verdict: analysis.Healthy, Invoiced: 1000000, Revenue: 1000000,
			Profit: 1000000, Margin: analysis.Some(1), Invoices: 2, AvgDaysLate: analysis.Some(0), MaxDaysLate: analysis.Some(0),
			InvoiceLines: []analysis.InvoiceLine{{Number: "1", Settled: dossierAsOf}, {Number: "2", Settled: dossierAsOf}}}
	}
	tests := []struct {
		name string
		edit func(c *analysis.ClientResult, r *analysis.Rules)
		want []string // sentences the paragraph must hold
		not  []string // and must not
	}{
		{"healthy, no contacts, no renewal", func(c *analysis.ClientResult, r *analysis.Rules) {},
			[]string{"Kite brought 10,000.00 EUR of revenue in the 12 months to 31 Oct 2026 and cost nothing to serve: a profit of 10,000.00 EUR (100% margin).",
				"None of its 2 invoices was late.", "It made no support contacts.", "Verdict: Healthy.",
				"Its margin meets the 20% target, so no price rise is needed.", "No renewal date is on record."},
			[]string{"dispute", "owes", "Account owner"}},
		{"a loss with every cost", func(c *analysis.ClientResult, r *analysis.Rules) {
			// 10,000.00 − 2,000.00 − 9,000.00 − 500.00 − 123.45 = −1,623.45:
			// a margin of −16.2%.
			c.SupportCost, c.DeliveryCost, c.Expenses, c.LatePaymentCost = 900000, 200000, 50000, 12345
			c.Profit, c.Margin = -162345, analysis.Some(-0.162345)
			c.PriceChange = analysis.Some(0.8)
		}, []string{"and cost 2,000.00 EUR to deliver, 9,000.00 EUR to support, 500.00 EUR in expenses and 123.45 EUR waiting for late payment: " +
			"a loss of 1,623.45 EUR (−16.2% margin).",
			"To reach the 20% target margin prices must rise 80%."}, nil},
		{"expenses alone, no revenue", func(c *analysis.ClientResult, r *analysis.Rules) {
			c.Invoiced, c.Revenue, c.Invoices, c.InvoiceLines, c.Margin = 0, 0, 0, nil, analysis.Maybe{}
			c.Expenses, c.Profit = 25000, -25000
		}, []string{"Kite was not invoiced in the 12 months to 31 Oct 2026 but cost 250.00 EUR in expenses: a loss of 250.00 EUR.",
			"With no revenue, no price change can be worked out."}, nil},
		{"only invoice paid late", func(c *analysis.ClientResult, r *analysis.Rules) {
			c.Invoices, c.MaxDaysLate = 1, analysis.Some(12)
			c.InvoiceLines = []analysis.InvoiceLine{{Number: "1", DaysLate: 12, Settled: dossierAsOf}}
		}, []string{"It paid its only invoice 12 days late."}, []string{"on average"}},
		{"only invoice open", func(c *analysis.ClientResult, r *analysis.Rules) {
			c.Invoices, c.MaxDaysLate, c.Outstanding, c.Overdue = 1, analysis.Some(1), 5000, 5000
			c.InvoiceLines = []analysis.InvoiceLine{{Number: "1", DaysLate: 1, Balance: 5000}}
		}, []string{"Its only invoice is still open, 1 day past its due date.", "It owes 50.00 EUR, all of it overdue."}, nil},
		{"owes, partly overdue, and a dispute", func(c *analysis.ClientResult, r *analysis.Rules) {
			c.Outstanding, c.Overdue, c.Disputes, c.DisputeRate = 5000, 2000, 3, analysis.Some(1.5)
		}, []string{"It owes 50.00 EUR, 20.00 EUR of it overdue.", "It raised 3 disputes (150% of its invoices)."}, nil},
		{"grace days", func(c *analysis.ClientResult, r *analysis.Rules) {
			r.GraceDays = 5
			c.InvoiceLines[0].DaysLate, c.InvoiceLines[1].DaysLate = 5, 6
			c.AvgDaysLate, c.MaxDaysLate = analysis.Some(5.5), analysis.Some(6)
		}, []string{"It paid 1 of 2 invoices more than 5 days late; its invoices were 5.5 days late on average (worst 6 days)."}, nil},
		{"credit notes only", func(c *analysis.ClientResult, r *analysis.Rules) {
			c.Invoiced, c.Invoices, c.InvoiceLines, c.CreditNotes, c.CreditNoteCount = 0, 0, nil, 5000, 1
			c.Revenue, c.Profit, c.Margin = -5000, -5000, analysis.Maybe{}
		}, []string{"Kite brought no revenue in the 12 months to 31 Oct 2026 (invoiced 0.00 EUR, credit notes 50.00 EUR) and cost nothing to serve: a loss of 50.00 EUR."},
			[]string{"margin", "invoices was"}},
		{"renewal passed, with owner", func(c *analysis.ClientResult, r *analysis.Rules) {
			c.RenewalDate, c.Owner = dossierAsOf.AddDays(-3), "Tom Bakker"
		}, []string{"Renewal was due 28 Oct 2026, 3 days before the as-of date.", "Account owner: Tom Bakker."}, nil},
		{"renewal on the as-of date", func(c *analysis.ClientResult, r *analysis.Rules) { c.RenewalDate = dossierAsOf },
			[]string{"Renewal is due 31 Oct 2026, the as-of date."}, nil},
		{"margin short but no price reaches it", func(c *analysis.ClientResult, r *analysis.Rules) {
			r.DeliveryRatio = 0.85
			c.Margin = analysis.Some(0.1)
		}, []string{"No price reaches the 20% target margin with a delivery ratio of 85%."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			res.Rules = r
			tt.edit(&c, &res.Rules)
			got := dossierWords(&c, res)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the words lack %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("the words say %q:\n%s", n, got)
				}
			}
		})
	}
}

func TestPercentWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    float64
		want string
	}{
		{0.125, "12.5%"}, {0.1, "10%"}, {1.0 / 3, "33.3%"}, {-0.2718, "−27.2%"}, {-0.00001, "0%"}, {2.5, "250%"},
	}
	for _, tt := range tests {
		if got := percentWords(tt.f); got != tt.want {
			t.Errorf("percentWords(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}
