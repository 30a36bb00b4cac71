package main

import (
	"path/filepath"
	"slices"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
	"clientscore/report"
)

// readPrevious reads the scorecard at path back for "changes since the
// previous scorecard", through ingest's bounded workbook reader with the
// archive limits every input gets (report does not import ingest).
func readPrevious(path string, lim xlsx.Limits) (analysis.Snapshot, error) {
	wb, err := xlsx.Open(path, lim)
	if err != nil {
		return analysis.Snapshot{}, err
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
				cells = append(cells, c.Value)
			}
			if err := each(rows.Row(), cells); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
