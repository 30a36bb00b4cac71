package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A drop folder of three nightly full exports (each night's file holds
// every row of the night before and more) gives the same scorecard as the
// newest export alone (SPEC §3, issue 14): the bundled example's CSV
// exports cut to their first 60%, 80% and 100% of rows, named by date,
// with a glob per input, against the newest files on their own.
func TestDropFolderIsTheNewestExport(t *testing.T) {
	t.Parallel()
	examples := filepath.Join("..", "..", "examples")
	config, err := os.ReadFile(filepath.Join(examples, "clientscore.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	drop, alone := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(examples, "clients.xlsx"), drop, "clients.xlsx")
	copyFile(t, filepath.Join(examples, "clients.xlsx"), alone, "clients.xlsx")
	dropConfig, aloneConfig := string(config), string(config)
	for _, name := range []string{"invoices.xlsx", "payments.csv", "disputes.csv", "tickets.csv", "time.csv", "expenses.csv"} {
		base, ext := strings.TrimSuffix(name, filepath.Ext(name)), filepath.Ext(name)
		content, err := os.ReadFile(filepath.Join(examples, name))
		if err != nil {
			t.Fatal(err)
		}
		for k, night := range []string{"2026-10-29", "2026-10-30", "2026-10-31"} {
			part := content
			if ext == ".csv" {
				part = linesPrefix(content, []float64{0.6, 0.8, 1}[k])
			}
			writeFiles(t, drop, map[string]string{base + "-" + night + ext: string(part)})
		}
		writeFiles(t, alone, map[string]string{base + "-2026-10-31" + ext: string(content)})
		glob := regexp.MustCompile(`path: ` + regexp.QuoteMeta(name) + `\b`)
		if !glob.MatchString(dropConfig) {
			t.Fatalf("the example config does not read %s", name)
		}
		dropConfig = glob.ReplaceAllString(dropConfig, "path: "+base+"-*"+ext)
		aloneConfig = glob.ReplaceAllString(aloneConfig, "path: "+base+"-2026-10-31"+ext)
	}
	writeFiles(t, drop, map[string]string{"clientscore.yaml": dropConfig})
	writeFiles(t, alone, map[string]string{"clientscore.yaml": aloneConfig})

	sheets := map[string][][]string{}
	for _, dir := range []string{drop, alone} {
		if code, stdout, stderr := runCLI(t, "run", "--no-email", "--config", filepath.Join(dir, "clientscore.yaml")); code != exitOK {
			t.Fatalf("%s: exit %d\n%s\n%s", dir, code, stdout, stderr)
		}
		f, err := excelize.OpenFile(filepath.Join(dir, "reports", "client-report-2026-10-31.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range []string{"Clients", "Aging", "Open invoices", "Invoices"} {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if prev, ok := sheets[sheet]; ok && !reflect.DeepEqual(prev, rows) {
				t.Errorf("sheet %s of the drop folder's scorecard differs from the newest exports' alone", sheet)
			}
			sheets[sheet] = rows
		}
		issues, err := f.GetRows("Data issues")
		if err != nil {
			t.Fatal(err)
		}
		errorsIn := 0
		for _, r := range issues[1:] {
			if len(r) > 0 && r[0] == "Error" {
				errorsIn++
			}
		}
		// The example has 2 bad rows on purpose: the invoices' "n/a" amount,
		// in each of the three nightly workbooks, and the payments' 31 Feb,
		// which the newer nights repeat and which is read once.
		want := 2
		if dir == drop {
			want = 4
		}
		if errorsIn != want {
			t.Errorf("%s: %d error rows in Data issues, want %d", dir, errorsIn, want)
		}
		f.Close()
	}
}

// linesPrefix returns the header line and the first share of the data
// lines of a CSV file whose records are one line each.
func linesPrefix(content []byte, share float64) []byte {
	lines := strings.SplitAfter(string(content), "\n")
	n := 1 + int(float64(len(lines)-1)*share)
	return []byte(strings.Join(lines[:min(n, len(lines))], ""))
}
