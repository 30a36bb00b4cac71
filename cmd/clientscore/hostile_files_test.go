package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hostile fixtures of ingest, run through the whole program: each ends
// with the documented exit status and, when it fails, one last line that
// names the input and the file, and no workbook.
func TestRunHostileFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		code int
		says string // on the last stderr line
	}{
		{"truncated-zip.xlsx", exitInput, "damaged"},
		{"corrupt-zip.xlsx", exitInput, "damaged"},
		{"bad-checksum.xlsx", exitInput, "checksum"},
		{"password-protected.xlsx", exitInput, "password"},
		{"legacy-biff8.xls", exitInput, "save it as .xlsx or CSV"},
		{"excel-2003-xml.xls", exitInput, "Excel 2003 XML"},
		{"billion-laughs-sheet.xlsx", exitInput, "document type declaration"},
		{"external-entity.xlsx", exitInput, "document type declaration"},
		{"beyond-row-1048576.xlsx", exitInput, "1048577"},
		{"beyond-column-xfd.xlsx", exitInput, "XFE4"},
		{"empty.xlsx", exitInput, "empty file"},
		{"empty.csv", exitInput, "empty file"},
		{"missing-required-column.csv", exitInput, `closest header found: "Due Dt"`},
		{"error-cells.xlsx", exitInput, "rows rejected"},
		{"formulas.xlsx", exitOK, ""},
		{"date-1904.xlsx", exitOK, ""},
		{"data-on-third-sheet.xlsx", exitOK, ""},
		{"formula-like-names.xlsx", exitOK, ""},
		{"duplicate-invoice-numbers.csv", exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "ingest", "testdata", "hostile", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				tt.file:            string(data),
				"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: " + tt.file + "}\n",
			})
			code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if tt.code == exitOK {
				return
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			last := lines[len(lines)-1]
			if !strings.Contains(last, "invoices") || !strings.Contains(last, tt.file) || !strings.Contains(last, tt.says) {
				t.Errorf("last line %q should name the input, %s and say %q", last, tt.file, tt.says)
			}
			if _, err := os.Stat(filepath.Join(dir, "reports")); err == nil {
				entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
				if len(entries) > 0 {
					t.Errorf("wrote %d files for unusable input", len(entries))
				}
			}
			after, _ := os.ReadFile(filepath.Join(dir, tt.file))
			if string(after) != string(data) {
				t.Error("the input file changed")
			}
		})
	}
}
