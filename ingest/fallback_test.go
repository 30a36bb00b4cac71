package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

// withExcelize makes the fast reader decline every workbook for the rest of
// the test, as it does for workbooks it does not handle.
func withExcelize(t *testing.T) {
	t.Helper()
	saved := openFast
	openFast = func(string, xlsx.Limits) (*xlsx.Workbook, error) { return nil, xlsx.ErrUnsupported }
	t.Cleanup(func() { openFast = saved })
}

// Both readers must read every workbook fixture the same way. The one
// known difference: excelize does not say a number's format, so a
// duration formatted [h]:mm reads as decimal hours (see TestCellTypesXLSX).
func TestExcelizeFallbackReadsTheSame(t *testing.T) {
	inputs := []Input{
		{Kind: analysis.InputInvoices, Pattern: "title-lines.xlsx"},
		{Kind: analysis.InputInvoices, Pattern: "date-1904.xlsx"},
		{Kind: analysis.InputPayments, Pattern: "data-on-second-sheet.xlsx"},
		{Kind: analysis.InputPayments, Pattern: "data-on-second-sheet.xlsx", Sheet: "Old"},
		{Kind: analysis.InputSupport, Pattern: "cell-types.xlsx"},
	}
	for _, in := range inputs {
		t.Run(in.Pattern+"/"+in.Sheet, func(t *testing.T) {
			fast := mustRead(t, nil, in)
			withExcelize(t)
			slow := mustRead(t, nil, in)
			if in.Pattern == "cell-types.xlsx" && fastReaderReady(t) {
				// 0.0625 formatted [h]:mm: 1:30 to the fast reader, 0.0625 h to excelize.
				if fast.Data.Contacts[1].Hours != 90*time.Minute || slow.Data.Contacts[1].Hours != 225*time.Second {
					t.Errorf("hours %v (fast) and %v (excelize)", fast.Data.Contacts[1].Hours, slow.Data.Contacts[1].Hours)
				}
				slow.Data.Contacts[1].Hours = fast.Data.Contacts[1].Hours
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Errorf("fast reader:\n%+v\nexcelize:\n%+v", fast, slow)
			}
		})
	}
}

func TestExcelizeFallbackErrors(t *testing.T) {
	withExcelize(t)
	workbook, err := os.ReadFile("testdata/title-lines.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"encrypted.xlsx": "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an OLE file",
		"text.xlsx":      "Date,Num\n1,2\n",
		"truncated.xlsx": string(workbook[:len(workbook)/2]),
	})
	tests := []struct {
		file  string
		cause error
		want  string
	}{
		{"encrypted.xlsx", xlsx.ErrEncrypted, "invoices: encrypted.xlsx: is an encrypted or legacy binary workbook: save it as .xlsx without a password, or export CSV"},
		{"text.xlsx", xlsx.ErrNotWorkbook, "invoices: text.xlsx: is not an .xlsx workbook: save it from Excel as .xlsx, or export CSV"},
		{"truncated.xlsx", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputInvoices, Pattern: tt.file})
			var ie *InputError
			if !errors.As(err, &ie) || ie.File != tt.file {
				t.Fatalf("error = %v, want an input error naming %s", err, tt.file)
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("error %q does not wrap %v", err, tt.cause)
			}
			if tt.want != "" && err.Error() != tt.want {
				t.Errorf("error\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
	// And a good workbook still reads: the fallback is in use, not broken.
	res := mustRead(t, func(o *Options) { o.BaseDir, _ = filepath.Abs("testdata") }, Input{Kind: analysis.InputInvoices, Pattern: "title-lines.xlsx"})
	if len(res.Data.Invoices) != 4 {
		t.Errorf("invoices = %d, want 4", len(res.Data.Invoices))
	}
}

func TestNoSheetHasAHeader(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Summary")
	f.NewSheet("Data")
	f.SetSheetRow("Data", "A1", &[]any{"Date", "Num", "Customer", "Due", "Total"})
	if err := f.SaveAs(filepath.Join(dir, "book.xlsx")); err != nil {
		t.Fatal(err)
	}
	_, err := readInputs(t, func(o *Options) { o.BaseDir = dir }, Input{Kind: analysis.InputInvoices, Pattern: "book.xlsx"})
	want := `invoices: book.xlsx: sheet "Data": no header row with the required columns in the first 30 rows; missing due_date or terms (closest header found: "Due"); ` +
		`headers found: Date, Num, Customer, Due, Total; if that is the column, name it under inputs.invoices.columns (due_date: "Due"); ` +
		`no other sheet has one either (sheets "Sheet1", "Data")`
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
}
