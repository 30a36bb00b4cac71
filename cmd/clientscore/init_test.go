package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"clientscore/analysis"
	"clientscore/config"
	"clientscore/ingest"
	"clientscore/internal/longtest"
)

// initFolder runs init on dir, writing the config to out, and returns what
// it printed and the config's text.
func initFolder(t *testing.T, dir, out string, args ...string) (stdout, text string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"init", "--from", dir, "--out", out}, args...)...)
	if code != exitOK {
		t.Fatalf("init: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return stdout, string(b)
}

// yamlMap returns the value of key in the mapping node m, or nil.
func yamlMap(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// fillIn sets keys of the config text to the hand-written config's values:
// fx, the one thing init asks for on the mixes, and the keys no export can
// tell (costs, report's limits).
func fillIn(t *testing.T, text string, hand []byte, keys ...string) []byte {
	t.Helper()
	var doc, handDoc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("the config init wrote is not YAML: %v\n%s", err, text)
	}
	if err := yaml.Unmarshal(hand, &handDoc); err != nil {
		t.Fatal(err)
	}
	root, handRoot := doc.Content[0], handDoc.Content[0]
	for _, key := range keys {
		v := yamlMap(handRoot, key)
		if v == nil {
			v = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		}
		if old := yamlMap(root, key); old != nil {
			*old = *v
		} else {
			root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
		}
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readInputs reads every input of the config at path as run would.
func readInputs(t *testing.T, path string, asOf analysis.Date) *ingest.Result {
	t.Helper()
	j, err := loadJob(path, asOf, time.Now(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Read(context.Background(), j.in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// On each mix of the corpus and on the bundled example, the config init
// writes reads what the hand-written one reads and, with fx filled in,
// gives the same scorecard. init asks about the fx rates and nothing else;
// the hand-written config's costs and report limits are the firm's own
// figures, which no export holds, and are copied over; the time zone is
// this computer's (TZ), set to the hand-written one.
func TestInitMixes(t *testing.T) {
	tests := []struct {
		name, dir string
		asOf      string
		fx        []string // the currencies init must ask a rate for
	}{
		{"northwind", "testdata/mixes/northwind", "2026-09-30", []string{"USD"}},
		{"harbour", "testdata/mixes/harbour", "2026-10-31", nil},
		{"atelier", "testdata/mixes/atelier", "2026-12-31", []string{"USD"}},
		{"examples", "../../examples", "2026-10-31", []string{"USD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "examples" {
				// TestGoldenExample runs the demo in the default run.
				longtest.Skip(t, "the demo's 5,700 time rows, read and run twice")
			}
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(tt.dir)); err != nil {
				t.Fatal(err)
			}
			handPath := filepath.Join(dir, "clientscore.yaml")
			hand, err := config.Load(handPath)
			if err != nil {
				t.Fatal(err)
			}
			t.Setenv("TZ", hand.Timezone)
			stdout, text := initFolder(t, dir, filepath.Join(dir, "init.yaml"))

			// The only questions are the rates; the file fails validation
			// until they are filled in, naming each.
			var asked []string
			for _, m := range regexp.MustCompile(`(?m)^  \d+\. (\S+): `).FindAllStringSubmatch(stdout, -1) {
				asked = append(asked, m[1])
			}
			var want []string
			for _, code := range tt.fx {
				want = append(want, "fx."+code)
			}
			if !slices.Equal(asked, want) {
				t.Errorf("init asked about %v, want %v\n%s", asked, want, stdout)
			}
			if len(tt.fx) > 0 {
				code, _, stderr := runCLI(t, "validate", "--config", filepath.Join(dir, "init.yaml"))
				if code != exitUsage || !strings.Contains(stderr, "fx."+tt.fx[0]+": is not filled in: fill in the rate for "+tt.fx[0]) {
					t.Errorf("validate before fx is filled in: exit %d, %s", code, stderr)
				}
			}
			if strings.Contains(text, "as_of: \"2") || !strings.Contains(text, "timezone: "+hand.Timezone) {
				t.Errorf("the config fixes as_of or misses the zone %s:\n%s", hand.Timezone, text)
			}

			handText, err := os.ReadFile(handPath)
			if err != nil {
				t.Fatal(err)
			}
			filled := filepath.Join(dir, "filled.yaml")
			if err := os.WriteFile(filled, fillIn(t, text, handText, "fx"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := config.Load(filled); err != nil {
				t.Fatalf("with fx filled in: %v", err)
			}
			run := filepath.Join(dir, "init-run.yaml")
			if err := os.WriteFile(run, fillIn(t, text, handText, "fx", "costs", "report"), 0o644); err != nil {
				t.Fatal(err)
			}

			// The records read, the rows rejected and the files: the same.
			asOf, err := analysis.ParseDate(tt.asOf)
			if err != nil {
				t.Fatal(err)
			}
			got, wantRes := readInputs(t, run, asOf), readInputs(t, handPath, asOf)
			if !reflect.DeepEqual(got.Data, wantRes.Data) {
				t.Errorf("records read differ from the hand-written config's:\n%s", firstDifference(got.Data, wantRes.Data))
			}
			if !reflect.DeepEqual(got.Issues, wantRes.Issues) {
				t.Errorf("data issues differ:\n got %v\nwant %v", got.Issues, wantRes.Issues)
			}
			if !reflect.DeepEqual(got.Files, wantRes.Files) {
				t.Errorf("files read differ:\n got %v\nwant %v", got.Files, wantRes.Files)
			}

			// And so the scorecard: every figure of every client.
			sheets := map[string]map[string]map[string]string{}
			for name, cfg := range map[string]string{"init": run, "hand": handPath} {
				out := filepath.Join(dir, "reports-"+name)
				code, stdout, stderr := runCLI(t, "run", "--config", cfg, "--as-of", tt.asOf, "--out", out, "--no-email")
				if code != exitOK {
					t.Fatalf("run %s: exit %d\n%s%s", name, code, stdout, stderr)
				}
				sheets[name] = sheetByHeader(t, filepath.Join(out, "client-report-"+tt.asOf+".xlsx"), "Clients")
			}
			if len(sheets["hand"]) == 0 {
				t.Fatal("the hand-written config's scorecard lists no client")
			}
			if !slices.Equal(slices.Sorted(maps.Keys(sheets["init"])), slices.Sorted(maps.Keys(sheets["hand"]))) {
				t.Errorf("clients %v, want %v", slices.Sorted(maps.Keys(sheets["init"])), slices.Sorted(maps.Keys(sheets["hand"])))
			}
			for client, row := range sheets["hand"] {
				for col, w := range row {
					if g := sheets["init"][client][col]; g != w {
						t.Errorf("%s %s = %q, want %q", client, col, g, w)
					}
				}
			}
		})
	}
}

// firstDifference names the first record that differs between two reads.
func firstDifference(a, b analysis.Data) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		fa, fb := va.Field(i), vb.Field(i)
		if reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			continue
		}
		name := va.Type().Field(i).Name
		if fa.Kind() != reflect.Slice {
			return fmt.Sprintf("%s: %v, want %v", name, fa.Interface(), fb.Interface())
		}
		for j := range max(fa.Len(), fb.Len()) {
			var x, y any
			if j < fa.Len() {
				x = fa.Index(j).Interface()
			}
			if j < fb.Len() {
				y = fb.Index(j).Interface()
			}
			if !reflect.DeepEqual(x, y) {
				return fmt.Sprintf("%s[%d]: %+v, want %+v (%d records, want %d)", name, j, x, y, fa.Len(), fb.Len())
			}
		}
	}
	return ""
}

// copyFile copies a file of testdata into dir under name.
func copyFile(t *testing.T, from, dir, name string) {
	t.Helper()
	copyLines(t, from, dir, name, 0, -1)
}

// copyLines copies the header line of a CSV file and its data lines from
// first to last (1-based, last -1 for the end) into dir under name.
func copyLines(t *testing.T, from, dir, name string, first, last int) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if first > 0 {
		lines := strings.SplitAfter(string(b), "\n")
		if last < 0 || last >= len(lines) {
			last = len(lines) - 1
		}
		b = []byte(lines[0] + strings.Join(lines[first:last+1], ""))
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

const xeroSalesExport = "testdata/mixes/northwind/exports/xero-sales-invoices.csv"

// What init will not guess, each written as a question in the config
// (nothing read on a guess) and named in what it prints: a date column
// that reads both day first and month first, two invoice exports of one
// tool that are not a dated series, a file no input fits, a file two
// inputs fit as well. The answers that are values hold a placeholder
// validate refuses, naming the key.
func TestInitRefusesToGuess(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // name → text, or "@path" to copy
		say   []string          // in what init prints
		write []string          // in the config
		not   []string          // not in the config, outside comments
		check string            // in validate's message ("" when validate passes)
	}{
		{
			name: "dates that read both ways",
			files: map[string]string{
				"invoices.csv": "@" + xeroSalesExport,
				// Every day is 12 or less: 03/04/2026 is 3 April or March 4.
				"bank.csv": "Payment Date,Customer,Invoice No.,Amount,Currency,Reference\n03/04/2026,Acme Corp,INV-0101,100.00,EUR,a\n05/06/2026,Acme Corp,INV-0107,200.00,EUR,b\n",
			},
			say:   []string{"bank.csv\n      payments: by its headers", "dates day or month first?", "inputs.payments.locale.date_order: bank.csv: every date in it reads both day first and month first"},
			write: []string{"path: bank.csv", `locale: {date_order: "DMY or MDY?"}`, "# QUESTION 1: bank.csv: every date"},
			check: `inputs.payments.locale.date_order: "DMY OR MDY?" is not DMY, MDY or YMD`,
		},
		{
			name: "two invoice exports of one tool",
			files: map[string]string{
				"xero-2025.csv":   "@" + xeroSalesExport,
				"xero-export.csv": "@" + xeroSalesExport,
			},
			say: []string{"inputs.invoices: 2 files look like Xero sales invoices (invoices), and they are not one dated series"},
			write: []string{"# QUESTION 1: 2 files look like Xero sales invoices",
				"#   invoices:\n#     - {path: xero-2025.csv}   # 15 rows, 2025-10-15 to 2026-09-20\n#     - {path: xero-export.csv}   # 15 rows, 2025-10-15 to 2026-09-20"},
			not:   []string{"\n  invoices:"},
			check: "inputs.invoices: is required",
		},
		{
			name: "a file no input fits",
			files: map[string]string{
				"invoices.csv": "@" + xeroSalesExport,
				"stock.csv":    "Item,Qty,Unit price\nMugs,4,3.50\n",
			},
			say:   []string{"stock.csv\n      not read: ", "headers found: Item, Qty, Unit price"},
			write: []string{"# Not read:\n#   stock.csv: "},
			not:   []string{"path: stock.csv"},
		},
		{
			name: "a file two inputs fit",
			files: map[string]string{
				"invoices.csv": "@" + xeroSalesExport,
				"ledger.csv":   "Date,Customer,Amount\n2026-04-03,Acme Corp,100.00\n",
			},
			say:   []string{"ledger.csv\n      payments or disputes or expenses? not decided (question 1)"},
			write: []string{"# QUESTION 1: ledger.csv could be payments, disputes or expenses", "#   payments: {path: ledger.csv}\n#   disputes: {path: ledger.csv}\n#   expenses: {path: ledger.csv}"},
			not:   []string{"path: ledger.csv"},
		},
		{
			// Rows 5 and 6 of the first are in the second, the rest not.
			name: "a series neither full exports nor records of their own",
			files: map[string]string{
				"invoices.csv":          "@" + xeroSalesExport,
				"stripe-2026-09-30.csv": "@@1-6",
				"stripe-2026-10-31.csv": "@@5-12",
			},
			say:   []string{"inputs.payments.pick: stripe-*.csv: some of the oldest file's records are in the newest"},
			write: []string{"pick: \"all or newest?\""},
			check: `inputs.payments.pick: "all or newest?" is not all or newest`,
		},
		{
			name: "invoices with no due date and no terms",
			files: map[string]string{
				"freshbooks.csv": "@../../ingest/testdata/exports/freshbooks/invoice-details-no-due-date.csv",
			},
			say:   []string{"inputs.invoices.defaults.terms: freshbooks.csv: the invoices have no due date and no payment terms"},
			write: []string{`defaults: {terms: "?"}`},
			check: `defaults: terms: "?" is not payment terms`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("TZ", "Europe/Amsterdam")
			dir := t.TempDir()
			for name, text := range tt.files {
				if span, ok := strings.CutPrefix(text, "@@"); ok { // lines of the Stripe export
					first, last, _ := strings.Cut(span, "-")
					a, _ := strconv.Atoi(first)
					b, _ := strconv.Atoi(last)
					copyLines(t, "testdata/mixes/northwind/exports/stripe-payments.csv", dir, name, a, b)
				} else if from, ok := strings.CutPrefix(text, "@"); ok {
					copyFile(t, from, dir, name)
				} else if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "clientscore.yaml")
			stdout, text := initFolder(t, dir, out)
			for _, s := range tt.say {
				if !strings.Contains(stdout, s) {
					t.Errorf("init does not say %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.write {
				if !strings.Contains(text, s) {
					t.Errorf("the config lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(withoutComments(text), s) {
					t.Errorf("the config has %q outside its comments:\n%s", s, text)
				}
			}
			// Fill in the rates init asks for, so validate speaks of the rest.
			filled := regexp.MustCompile(`(?m)^  ([A-Z]{3}): # QUESTION`).ReplaceAllString(text, "  $1: 1.1 # QUESTION")
			if err := os.WriteFile(out, []byte(filled), 0o644); err != nil {
				t.Fatal(err)
			}
			code, vout, stderr := runCLI(t, "validate", "--config", out)
			switch {
			case tt.check == "" && code != exitOK:
				t.Errorf("validate: exit %d, want 0\n%s%s", code, vout, stderr)
			case tt.check != "" && (code == exitOK || !strings.Contains(vout+stderr, tt.check)):
				t.Errorf("validate: exit %d, want a failure that says %q\n%s%s", code, tt.check, vout, stderr)
			}
		})
	}
}

// withoutComments drops every comment of a config's text.
func withoutComments(text string) string {
	return regexp.MustCompile(`(?m)\s*#.*$`).ReplaceAllString(text, "")
}

// Files that differ only by a date in their name are one source, a glob
// that matches them and nothing else beside them, read whole when each
// holds records of its own and only the newest when each is a full
// export; a workbook's sheet is named when Read would otherwise take
// another; clientscore's own scorecards and Excel's lock files are not
// exports.
func TestInitSeriesAndSheets(t *testing.T) {
	t.Setenv("TZ", "Europe/Amsterdam")
	dir := t.TempDir()
	// A full export each night: the same invoices.
	copyFile(t, xeroSalesExport, dir, "exports/invoices-2026-09-30.csv")
	copyFile(t, xeroSalesExport, dir, "exports/invoices-2026-10-31.csv")
	copyFile(t, xeroSalesExport, dir, "exports/~$invoices-2026-10-31.csv") // Excel's lock file
	// Not an export of invoices, but "invoices-*.csv" would take it too.
	if err := os.WriteFile(filepath.Join(dir, "exports", "invoices-notes.csv"), []byte("Item,Qty\nMugs,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A workbook of invoices, then payments: an invoice list has a
	// client, a date and an amount, so Read would take it for payments
	// too unless the config names the payments' sheet.
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Invoices")
	f.NewSheet("Payments")
	for sheet, rows := range map[string][][]any{
		"Invoices": {{"Date", "Num", "Customer", "Due Date", "Amount"}, {"2026-03-01", "1001", "Acme Corp", "2026-03-31", 500}},
		"Payments": {{"Payment Date", "Customer", "Invoice No.", "Amount", "Reference"}, {"2026-03-20", "Acme Corp", "1001", 500, "TRF 1"}},
	} {
		for i, r := range rows {
			if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(filepath.Join(dir, "exports", "books.xlsx")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	copyFile(t, "../../examples/clients.xlsx", dir, "reports/client-report-2026-10-31.xlsx") // a scorecard's name
	// A drop folder of tickets, each file the tickets of its own days,
	// nothing else in it: "*".
	copyLines(t, "testdata/mixes/northwind/exports/zendesk-tickets.csv", dir, "drop/tickets-20261030.csv", 1, 5)
	copyLines(t, "testdata/mixes/northwind/exports/zendesk-tickets.csv", dir, "drop/tickets-20261031.csv", 6, -1)

	out := filepath.Join(dir, "clientscore.yaml")
	stdout, text := initFolder(t, dir, out)
	for _, s := range []string{
		"path: exports/invoices-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].csv # Xero sales invoices exports, 2 files, 30 rows, 2025-10-15 to 2026-09-20\n      pick: newest",
		"- path: exports/books.xlsx # by its headers Due Date, Num, Amount, 1 row, dates ISO\n",
		"path: exports/books.xlsx # by its headers Reference, Payment Date, Invoice No., 1 row, dates ISO\n    sheet: Payments",
		"path: drop/tickets-*.csv # Zendesk tickets exports, 2 files, 10 rows, 2025-09-15 to 2026-09-01\n    pick: all",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the config lacks %q:\n%s", s, text)
		}
	}
	// Two invoice exports, a notes file, a workbook of two sheets, a
	// scorecard and two ticket exports: 7 files, the lock file aside.
	if !strings.HasPrefix(stdout, "Looked at 7 files in ") {
		t.Errorf("init counts the files wrong:\n%s", stdout)
	}
	if strings.Count(withoutComments(text), "sheet:") != 1 {
		t.Errorf("the config names more sheets than the one it must:\n%s", text)
	}
	if !strings.Contains(stdout, "reports/client-report-2026-10-31.xlsx\n      skipped: a scorecard or dossier clientscore wrote") || strings.Contains(stdout, "~$") {
		t.Errorf("init did not pass over the scorecard and the lock file as it should:\n%s", stdout)
	}

	// The glob reads the two files of the series, and nothing else.
	if err := os.WriteFile(out, []byte(strings.Replace(text, "  USD: #", "  USD: 0.92 #", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res := readInputs(t, out, analysis.NewDate(2026, time.October, 31))
	var files []string
	for _, f := range res.Files {
		files = append(files, string(f.Input)+" "+f.Path+" "+f.Sheet)
	}
	want := []string{
		"invoices exports/books.xlsx Invoices",
		"invoices exports/invoices-2026-10-31.csv ",
		"payments exports/books.xlsx Payments",
		"support drop/tickets-20261030.csv ",
		"support drop/tickets-20261031.csv ",
	}
	if !slices.Equal(files, want) {
		t.Errorf("read %q, want %q", files, want)
	}
}

// init never writes over a file unless told to, and then writes it
// whole.
func TestInitExistingFile(t *testing.T) {
	t.Setenv("TZ", "Europe/Amsterdam")
	dir := t.TempDir()
	copyFile(t, xeroSalesExport, dir, "invoices.csv")
	out := filepath.Join(dir, "clientscore.yaml")
	if err := os.WriteFile(out, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "init", "--from", dir, "--out", out)
	if b, _ := os.ReadFile(out); code != exitUsage || !strings.Contains(stderr, "exists already") || string(b) != "# mine\n" {
		t.Errorf("exit %d, %q, file now %q: want exit 2 and the file untouched", code, stderr, b)
	}
	_, text := initFolder(t, dir, out, "--force")
	if !strings.Contains(text, "path: invoices.csv") {
		t.Errorf("--force did not write the config:\n%s", text)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files in the folder: %v, want invoices.csv and clientscore.yaml (no temporary file left)", entries)
	}
	for _, args := range [][]string{{"init"}, {"init", "--from", filepath.Join(dir, "missing")}} {
		if code, _, stderr := runCLI(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, stderr)
		}
	}
}

// `clientscore help init` lists init's flags as the README spells them.
func TestInitHelp(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runCLI(t, "help", "init")
	for _, w := range []string{"Usage: clientscore init --from DIR [--out FILE] [--force]", "--from DIR", "--out FILE", "(default clientscore.yaml)", "--force"} {
		if code != exitOK || !strings.Contains(stdout, w) {
			t.Errorf("help init: exit %d, lacks %q:\n%s", code, w, stdout)
		}
	}
}
