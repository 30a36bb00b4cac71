package report

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"clientscore/analysis"
)

// SnapshotBook is a previous scorecard opened for reading: the raw value
// of each cell (as excelize's RawCellValue gives it: a date is its serial
// number), sheet by sheet. cmd opens the file with ingest's workbook
// reader, so that a planted file costs no more to read than any input.
type SnapshotBook interface {
	// Rows calls fn with each row of sheet that has cells, in order: its
	// 1-based number and its values by column (cells[0] is column A; ""
	// where a row skips a column). It stops at fn's first error and
	// returns it; with no such sheet it returns an error that names the
	// sheet and wraps ErrNoSheet.
	Rows(sheet string, fn func(row int, cells []string) error) error
}

// ErrNoSheet says a workbook has no sheet of the name asked for.
var ErrNoSheet = errors.New("no such sheet")

// errEnough ends a walk over rows early.
var errEnough = errors.New("enough rows read")

// ReadSnapshot reads back what the scorecard at path, open as book, said
// of each client: Client, Verdict and Flags from its Clients sheet, in the
// sheet's order, and its as-of date from the Summary sheet (or, failing
// that, from its file name).
func ReadSnapshot(path string, book SnapshotBook) (analysis.Snapshot, error) {
	var snap analysis.Snapshot
	asOf, err := summaryAsOf(book)
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

	colClient, colVerdict, colFlags := -1, -1, -1
	err = book.Rows(sheetClients, func(n int, cells []string) error {
		at := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return cells[i]
		}
		if colClient < 0 {
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
				return fmt.Errorf("sheet %s has no Client and Verdict headers in row %d", sheetClients, n)
			}
			return nil
		}
		name, verdict := at(colClient), at(colVerdict)
		if verdict == "" {
			return nil // a blank row, or the note on a sheet with no clients
		}
		v, ok := analysis.ParseVerdict(verdict)
		if !ok {
			return fmt.Errorf("%s row %d: verdict %q is not one of Unprofitable, Review, Watch, Healthy", sheetClients, n, verdict)
		}
		sc := analysis.SnapshotClient{Name: name, Verdict: v}
		for code := range strings.SplitSeq(at(colFlags), ",") {
			if code = strings.TrimSpace(code); code != "" {
				sc.Flags = append(sc.Flags, analysis.FlagCode(code))
			}
		}
		snap.Clients = append(snap.Clients, sc)
		return nil
	})
	if err != nil {
		return snap, fmt.Errorf("report: %s: %w", path, err)
	}
	return snap, nil
}

// summaryAsOf finds the "As of" row in the Summary's first 20 rows and
// reads the date next to it. It returns the zero Date when there is none.
func summaryAsOf(book SnapshotBook) (analysis.Date, error) {
	var asOf analysis.Date
	err := book.Rows(sheetSummary, func(n int, cells []string) error {
		if n > 20 {
			return errEnough
		}
		if len(cells) < 1 || cells[0] != "As of" {
			return nil
		}
		serial := -1.0
		if len(cells) > 1 {
			if v, err := strconv.ParseFloat(cells[1], 64); err == nil {
				serial = v
			}
		}
		if serial < 61 {
			return errors.New(`its Summary "As of" is not a date`)
		}
		asOf = excelEpoch.AddDays(int(serial))
		return errEnough
	})
	if errors.Is(err, errEnough) || errors.Is(err, ErrNoSheet) {
		err = nil
	}
	return asOf, err
}
