package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clientscore/analysis"
	"clientscore/internal/longtest"
)

// excelizeTemps lists the temporary files excelize made in dir.
func excelizeTemps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "excelize-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// A sheet that streams past 16 MiB is spilled by excelize into a temporary
// file. It must go into the workbook's own folder, never the system's
// temporary folder, where a killed run left 16–33 MB files for good; and
// it is gone once the workbook is written.
func TestWorkbookTempFilesStayInItsFolder(t *testing.T) {
	longtest.Skip(t, "writes 18 MiB of sheet: 10 s under the race detector, 0.6 s without")
	dir := t.TempDir()
	sysTemp := t.TempDir()
	t.Setenv("TMPDIR", sysTemp)

	// 18,000 data issues of about 1 KB of sheet XML each: about
	// 18 MiB, past excelize's 16 MiB chunk.
	sc := &Scorecard{Result: fixtureResult(1, 1), Generated: generated}
	problem := strings.Repeat("is not a date in DMY order; ", 34)
	for i := range 18000 {
		sc.Issues = append(sc.Issues, analysis.Issue{
			Severity: analysis.SeverityError,
			Ref:      analysis.At(analysis.InputInvoices, "invoices.csv", "", i+2),
			Column:   "Due Date (C)", Value: fmt.Sprintf("31/02/%d", 2000+i%50), Problem: problem,
		})
	}
	var whileWriting, inSystemTemp []string
	wrapTemp = func(w io.Writer) io.Writer {
		// Every sheet has been streamed; the workbook is not yet written.
		whileWriting = excelizeTemps(t, dir)
		inSystemTemp = excelizeTemps(t, sysTemp)
		return w
	}
	defer func() { wrapTemp = func(w io.Writer) io.Writer { return w } }()

	path := filepath.Join(dir, ScorecardName(asOf))
	if err := WriteScorecard(path, sc); err != nil {
		t.Fatal(err)
	}
	if len(inSystemTemp) > 0 {
		t.Errorf("excelize wrote %v into the system's temporary folder", inSystemTemp)
	}
	if len(whileWriting) == 0 && len(inSystemTemp) == 0 {
		t.Fatal("no sheet was spilled to a temporary file: the test tests nothing")
	}
	if left := excelizeTemps(t, dir); len(left) > 0 {
		t.Errorf("left in the report folder after writing: %v", left)
	}
}
