package report

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"clientscore/analysis"
)

// ReadSnapshot reads back what a scorecard said of each client: Client,
// Verdict and Flags from its Clients sheet, in the sheet's order, and its
// as-of date from the Summary sheet (or, failing that, from its file name).
func ReadSnapshot(path string) (analysis.Snapshot, error) {
	var snap analysis.Snapshot
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return snap, fmt.Errorf("report: %s: %w", path, err)
	}
	defer f.Close()

	asOf, err := summaryAsOf(f)
	if err != nil {
		return snap, fmt.Errorf("report: %s: %w", path, err)
	}
	if asOf.IsZero() {
		d, ok := scorecardDate(filepath.Base(path))
		if !ok {
			return snap, fmt.Errorf("report: %s: has no as-of date in its Summary sheet or its name", path)
		}
		asOf = d
	}
	snap.AsOf = asOf

	rows, err := f.Rows(sheetClients)
	if err != nil {
		return snap, fmt.Errorf("report: %s: %w", path, err)
	}
	defer rows.Close()
	colClient, colVerdict, colFlags := -1, -1, -1
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return snap, fmt.Errorf("report: %s: %s row %d: %w", path, sheetClients, n, err)
		}
		at := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return cells[i]
		}
		if n == 1 {
			for i, h := range cells {
				switch h {
				case "Client":
					colClient = i
				case "Verdict":
					colVerdict = i
				case "Flags":
					colFlags = i
				}
			}
			if colClient < 0 || colVerdict < 0 {
				return snap, fmt.Errorf("report: %s: sheet %s has no Client and Verdict headers in row 1", path, sheetClients)
			}
			continue
		}
		name, verdict := at(colClient), at(colVerdict)
		if verdict == "" {
			continue // a blank row, or the note on a sheet with no clients
		}
		v, ok := analysis.ParseVerdict(verdict)
		if !ok {
			return snap, fmt.Errorf("report: %s: %s row %d: verdict %q is not one of Unprofitable, Review, Watch, Healthy", path, sheetClients, n, verdict)
		}
		sc := analysis.SnapshotClient{Name: name, Verdict: v}
		for code := range strings.SplitSeq(at(colFlags), ",") {
			if code = strings.TrimSpace(code); code != "" {
				sc.Flags = append(sc.Flags, analysis.FlagCode(code))
			}
		}
		snap.Clients = append(snap.Clients, sc)
	}
	if err := rows.Error(); err != nil {
		return snap, fmt.Errorf("report: %s: %w", path, err)
	}
	return snap, nil
}

// summaryAsOf finds the "As of" row in the Summary's first rows and reads
// the date next to it. It returns the zero Date when there is none.
func summaryAsOf(f *excelize.File) (analysis.Date, error) {
	if idx, _ := f.GetSheetIndex(sheetSummary); idx < 0 {
		return 0, nil
	}
	for r := 1; r <= 20; r++ {
		label, err := f.GetCellValue(sheetSummary, "A"+strconv.Itoa(r))
		if err != nil {
			return 0, err
		}
		if label != "As of" {
			continue
		}
		v, err := f.GetCellValue(sheetSummary, "B"+strconv.Itoa(r))
		if err != nil {
			return 0, err
		}
		serial, err := strconv.ParseFloat(v, 64)
		if err != nil || serial < 61 {
			return 0, errors.New(`its Summary "As of" is not a date`)
		}
		return excelEpoch.AddDays(int(serial)), nil
	}
	return 0, nil
}
