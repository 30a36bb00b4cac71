package report

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"clientscore/analysis"
)

// SheetRows gives ParseSnapshot the rows of a workbook's sheet: it calls
// each with every row of the named sheet in order, its 1-based number and
// its cells' raw values by 0-based column ("" for an empty cell; numbers
// and dates as the file stores them: 46326 for 31 Oct 2026). It stops,
// returning each's error, when each returns one, and returns ErrNoSheet
// when the workbook has no such sheet. cmd gives one that reads with the
// archive limits every input gets.
type SheetRows func(sheet string, each func(row int, cells []string) error) error

// ErrNoSheet is what a SheetRows returns for a sheet the workbook lacks.
var ErrNoSheet = errors.New("has no such sheet")

// errEnough ends a read that has found what it wanted.
var errEnough = errors.New("read enough")

// summaryRowsRead is how far down the Summary its as-of date and currency
// are looked for.
const summaryRowsRead = 40

// ParseSnapshot reads back what the scorecard name said of each client:
// Client, Verdict, Flags, Outstanding and Overdue from its Clients sheet,
// in the sheet's order; its as-of date and currency from the labels "As
// of" and "Currency" in column A of its Summary (the as-of date, failing
// that, from its file name). Money is read in the scorecard's own
// currency, to the minor unit.
func ParseSnapshot(name string, rows SheetRows) (analysis.Snapshot, error) {
	var snap analysis.Snapshot
	fail := func(err error) (analysis.Snapshot, error) {
		return analysis.Snapshot{}, fmt.Errorf("report: previous scorecard %s: %w", name, err)
	}
	if err := readSummaryFacts(rows, &snap); err != nil {
		return fail(err)
	}
	if snap.AsOf.IsZero() {
		d, ok := scorecardDate(name)
		if !ok {
			return fail(errors.New("has no as-of date in its Summary sheet or its name"))
		}
		snap.AsOf = d
	}
	if err := readClients(rows, &snap); err != nil {
		return fail(err)
	}
	return snap, nil
}

// readSummaryFacts reads the as-of date and currency of the Summary, when
// it has them.
func readSummaryFacts(rows SheetRows, snap *analysis.Snapshot) error {
	err := rows(sheetSummary, func(n int, cells []string) error {
		if n > summaryRowsRead {
			return errEnough
		}
		if len(cells) < 2 {
			return nil
		}
		switch cells[0] {
		case "As of":
			serial, err := strconv.ParseFloat(cells[1], 64)
			if err != nil || serial < 61 || serial > 2958465 { // 1 Mar 1900 to 31 Dec 9999
				return fmt.Errorf("%s row %d: As of %q is not a date", sheetSummary, n, cells[1])
			}
			snap.AsOf = excelEpoch.AddDays(int(serial))
		case "Currency":
			if c := strings.TrimSpace(cells[1]); analysis.KnownCurrency(c) {
				snap.Currency = c
			}
		}
		if !snap.AsOf.IsZero() && snap.Currency != "" {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) || errors.Is(err, ErrNoSheet) {
		return nil
	}
	return err
}

// clientHeaders are the Clients sheet's headers a snapshot reads.
var clientHeaders = [...]string{"Client", "Verdict", "Flags", "Outstanding", "Overdue"}

// readClients reads each client's line of the Clients sheet.
func readClients(rows SheetRows, snap *analysis.Snapshot) error {
	col := [len(clientHeaders)]int{-1, -1, -1, -1, -1}
	scale := analysis.Scale(analysis.MinorDigits(snap.Currency))
	err := rows(sheetClients, func(n int, cells []string) error {
		at := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return cells[i]
		}
		if col[0] < 0 {
			if n > 1 {
				return fmt.Errorf("%s has no Client and Verdict headers in row 1", sheetClients)
			}
			for i, h := range cells {
				for k, want := range clientHeaders {
					if h == want && col[k] < 0 {
						col[k] = i
					}
				}
			}
			if col[0] < 0 || col[1] < 0 {
				return fmt.Errorf("%s has no Client and Verdict headers in row 1", sheetClients)
			}
			return nil
		}
		verdict := at(col[1])
		if verdict == "" {
			return nil // a blank row, or the note on a sheet with no clients
		}
		v, ok := analysis.ParseVerdict(verdict)
		if !ok {
			return fmt.Errorf("%s row %d: verdict %q is not one of Unprofitable, Review, Watch, Healthy, Inactive", sheetClients, n, verdict)
		}
		sc := analysis.SnapshotClient{Name: at(col[0]), Verdict: v}
		for code := range strings.SplitSeq(at(col[2]), ",") {
			if code = strings.TrimSpace(code); code != "" {
				sc.Flags = append(sc.Flags, analysis.FlagCode(code))
			}
		}
		if col[3] >= 0 && col[4] >= 0 {
			var err error
			if sc.Outstanding, err = moneyOf(at(col[3]), scale); err != nil {
				return fmt.Errorf("%s row %d: Outstanding %w", sheetClients, n, err)
			}
			if sc.Overdue, err = moneyOf(at(col[4]), scale); err != nil {
				return fmt.Errorf("%s row %d: Overdue %w", sheetClients, n, err)
			}
			sc.HasMoney = true
		}
		snap.Clients = append(snap.Clients, sc)
		return nil
	})
	if errors.Is(err, ErrNoSheet) {
		return fmt.Errorf("has no %s sheet", sheetClients)
	}
	return err
}

// maxSnapshotMoney is the largest amount, in minor units, read back: far
// beyond any real receivable.
const maxSnapshotMoney = 1 << 52

// moneyOf reads a money cell's raw value (major units, as the file writes
// the number: "1234.5", "1.2E+3") as minor units, exactly, rounding half
// away from zero; empty is 0.
func moneyOf(v string, scale int64) (analysis.Money, error) {
	if v == "" {
		return 0, nil
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		return 0, fmt.Errorf("%q is not an amount", cutToWidth(v, 80))
	}
	r.Mul(r, new(big.Rat).SetInt64(scale))
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if rem.Abs(rem).Lsh(rem, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Num().Sign())))
	}
	if !q.IsInt64() || q.Int64() > maxSnapshotMoney || q.Int64() < -maxSnapshotMoney {
		return 0, fmt.Errorf("%q is not an amount a scorecard holds", cutToWidth(v, 80))
	}
	return analysis.Money(q.Int64()), nil
}
