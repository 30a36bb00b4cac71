package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Client names that look like formulas, or hold accents, come out of the
// whole pipeline as the same text in string cells, never as formulas.
func TestRunFormulaLikeNamesStayText(t *testing.T) {
	t.Parallel()
	names := []string{
		`=HYPERLINK("http://evil.example/?x","Click me")`,
		`+cmd|' /C calc'!A0`,
		`@SUM(1+1)*cmd|' /C calc'!A0`,
		`-1+1`,
		`Café Müller & Söhne GmbH`,
		`Zoë "ZZ" Ångström, Ltd`,
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"ContactName", "InvoiceNumber", "InvoiceDate", "DueDate", "Total"})
	for i, n := range names {
		// One open invoice each, so every client is on Clients and Aging.
		_ = w.Write([]string{n, "N-" + string(rune('A'+i)), "2026-05-01", "2026-05-31", "10.00"})
	}
	w.Flush()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/invoices.csv":  b.String(),
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
	})
	code, stdout, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range []string{"Clients", "Aging"} {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		found := make(map[string]bool)
		for i, r := range rows[1:] {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			formula, _ := f.GetCellFormula(sheet, cell)
			if formula != "" {
				t.Errorf("%s!%s holds the formula %q", sheet, cell, formula)
			}
			typ, _ := f.GetCellType(sheet, cell)
			if len(r) > 0 && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s!%s (%q) is not a string cell (type %v)", sheet, cell, r[0], typ)
			}
			if len(r) > 0 {
				found[r[0]] = true
			}
		}
		for _, n := range names {
			if !found[n] {
				t.Errorf("%s sheet: client %q does not come out as the same text", sheet, n)
			}
		}
	}
}
