package main

import (
	"fmt"
	"path/filepath"
	"slices"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
	"clientscore/report"
)

// readPrevious reads the scorecard at path back for "changes since the
// previous scorecard", through ingest's workbook reader with the limits
// every input gets (report does not import ingest): the report folder is
// one others may write into, and a planted client-report-<date>.xlsx that
// is a zip bomb must cost no more than a bad input would (excelize, which
// read it before, inflated one to 1.9 GB). Only the sheets the snapshot
// needs are inflated.
func readPrevious(path string, lim xlsx.Limits) (analysis.Snapshot, error) {
	wb, err := xlsx.Open(path, lim)
	if err != nil {
		return analysis.Snapshot{}, fmt.Errorf("%s: %w", path, err)
	}
	defer wb.Close()
	return report.ParseSnapshot(filepath.Base(path), func(sheet string, each func(int, []string) error) error {
		if !slices.ContainsFunc(wb.Sheets(), func(s xlsx.SheetInfo) bool { return s.Name == sheet }) {
			return report.ErrNoSheet
		}
		rows, err := wb.Rows(sheet)
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
			if err := each(rows.Row(), cells); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
