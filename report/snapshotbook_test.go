package report

import (
	"fmt"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// excelizeBook is a SnapshotBook read with excelize, for the tests (cmd
// reads with ingest's bounded reader).
type excelizeBook struct{ f *excelize.File }

func (b excelizeBook) Rows(sheet string, fn func(int, []string) error) error {
	if !slices.Contains(b.f.GetSheetList(), sheet) {
		return fmt.Errorf("sheet %s: %w", sheet, ErrNoSheet)
	}
	rows, err := b.f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		if len(cells) == 0 {
			continue
		}
		if err := fn(n, cells); err != nil {
			return err
		}
	}
	return rows.Error()
}

// readSnapshot reads back the scorecard at path.
func readSnapshot(t *testing.T, path string) (analysis.Snapshot, error) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadSnapshot(path, excelizeBook{f})
}
