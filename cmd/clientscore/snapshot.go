package main

import (
	"fmt"
	"slices"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
	"clientscore/report"
)

// readPrevious reads back the scorecard at path for "changes since",
// through ingest's workbook reader with the limits every input gets: the
// report folder is one others may write into, and a planted
// client-report-<date>.xlsx that is a zip bomb must cost no more than a
// bad input would (excelize, which read it before, inflated one to 1.9 GB).
// Only the sheets the snapshot needs are inflated.
func readPrevious(path string, lim xlsx.Limits) (analysis.Snapshot, error) {
	wb, err := xlsx.Open(path, lim)
	if err != nil {
		return analysis.Snapshot{}, fmt.Errorf("%s: %w", path, err)
	}
	defer wb.Close()
	return report.ReadSnapshot(path, snapshotBook{wb})
}

// snapshotBook gives report a workbook's cells as text.
type snapshotBook struct{ wb *xlsx.Workbook }

func (b snapshotBook) Rows(sheet string, fn func(int, []string) error) error {
	if !slices.ContainsFunc(b.wb.Sheets(), func(s xlsx.SheetInfo) bool { return s.Name == sheet }) {
		return fmt.Errorf("sheet %s: %w", sheet, report.ErrNoSheet)
	}
	rows, err := b.wb.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cells []string
	for rows.Next() {
		cells = cells[:0]
		for _, c := range rows.Cells() {
			for len(cells) < c.Col-1 {
				cells = append(cells, "")
			}
			if len(cells) == c.Col-1 { // a repeated column keeps its first cell
				cells = append(cells, c.Value)
			}
		}
		if err := fn(rows.Row(), cells); err != nil {
			return err
		}
	}
	return rows.Err()
}
