package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.txt from this run")

// TestGoldenExample runs the whole program on the bundled example, as the
// README's first command does, and writes one renewal dossier; it dumps
// both workbooks to text (every sheet, every cell's value and number
// format) and compares the dumps with testdata/golden. Any change to a
// figure, a word or a format of the example shows here; when it is meant,
// `go test ./cmd/clientscore -run TestGoldenExample -update` rewrites the
// files and the diff says what changed.
func TestGoldenExample(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	config := filepath.Join("..", "..", "examples", "clientscore.yaml")
	runs := []struct {
		golden string
		args   []string
		file   string
	}{
		{"example-scorecard.txt", []string{"run", "--no-email", "--config", config, "--out", out}, "client-report-2026-10-31.xlsx"},
		{"example-dossier.txt", []string{"run", "--no-email", "--config", config, "--out", out, "--client", "Slowpoke Logistics"}, "renewal-slowpoke-logistics-2026-10-31.xlsx"},
	}
	for _, r := range runs {
		t.Run(r.golden, func(t *testing.T) {
			if code, stdout, stderr := runCLI(t, r.args...); code != exitOK {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			got := dumpWorkbookFile(t, filepath.Join(out, r.file))
			golden := filepath.Join("testdata", "golden", r.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestGoldenExample -update writes it)", err)
			}
			if got == string(want) {
				return
			}
			gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
			for i := range max(len(gl), len(wl)) {
				var g, w string
				if i < len(gl) {
					g = gl[i]
				}
				if i < len(wl) {
					w = wl[i]
				}
				if g != w {
					t.Fatalf("%s differs from %s at line %d:\n got: %q\nwant: %q\n(go test -run TestGoldenExample -update if the change is meant)", r.file, golden, i+1, g, w)
				}
			}
		})
	}
}

// dumpWorkbookFile writes every sheet of the workbook at path as text:
// for each row its number and cells, each cell as REF=value, and then, on
// a line of its own, each formatted cell's number format (ref=format). The
// values are raw (a date is its serial number), so the text says what a
// user's formulas would see. What changes from run to run (the Summary's
// Generated time and the version) is masked.
func dumpWorkbookFile(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	numFmts := map[int]string{} // by style id: GetStyle builds the whole style
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s ==\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			var cells, formats []string
			masked := false
			for j, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if masked {
					v = "(masked)"
					masked = false
				}
				if v == "Generated" || v == "clientscore version" {
					masked = true
				}
				cells = append(cells, ref+"="+strconv.Quote(v))
				if nf := cellFormat(t, f, sheet, ref, numFmts); nf != "" {
					formats = append(formats, ref+"="+nf)
				}
			}
			if len(cells) == 0 {
				continue
			}
			fmt.Fprintf(&b, "%d\t%s\n", i+1, strings.Join(cells, " "))
			if len(formats) > 0 {
				fmt.Fprintf(&b, "%d fmt\t%s\n", i+1, strings.Join(formats, " "))
			}
		}
	}
	return b.String()
}

// cellFormat is a cell's number format: its custom code, a built-in
// format's id as "#14", or "" for General. known holds the formats of the
// style ids met so far.
func cellFormat(t *testing.T, f *excelize.File, sheet, ref string, known map[int]string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if nf, ok := known[id]; ok {
		return nf
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	var nf string
	switch {
	case st.CustomNumFmt != nil:
		nf = *st.CustomNumFmt
	case st.NumFmt != 0:
		nf = "#" + strconv.Itoa(st.NumFmt)
	}
	known[id] = nf
	return nf
}
