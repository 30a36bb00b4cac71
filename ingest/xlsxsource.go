package ingest

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"clientscore/ingest/xlsx"
)

// workbook is an open .xlsx/.xlsm file, read either by the fast reader
// (ingest/xlsx) or, for workbooks it does not handle, by excelize.
type workbook interface {
	sheets() []xlsx.SheetInfo
	date1904() bool
	rows(sheet string) (rowSource, error)
	close() error
	reader() string // which reader, for the log
}

// openFast opens a workbook with the fast reader; tests replace it to
// exercise the excelize fallback.
var openFast = xlsx.Open

// openWorkbook opens path with the fast reader, falling back to excelize
// when the fast reader says xlsx.ErrUnsupported.
func openWorkbook(path string, lim xlsx.Limits) (workbook, error) {
	wb, err := openFast(path, lim)
	if err == nil {
		return &fastBook{wb: wb}, nil
	}
	if !errors.Is(err, xlsx.ErrUnsupported) {
		return nil, err
	}
	return openExcelize(path, lim)
}

// fastBook reads through the streaming reader, which knows each cell's type
// and number format.
type fastBook struct{ wb *xlsx.Workbook }

func (b *fastBook) sheets() []xlsx.SheetInfo { return b.wb.Sheets() }
func (b *fastBook) date1904() bool           { return b.wb.Date1904() }
func (b *fastBook) close() error             { return b.wb.Close() }
func (b *fastBook) reader() string           { return "fast" }

func (b *fastBook) rows(sheet string) (rowSource, error) {
	rows, err := b.wb.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &fastRows{rows: rows}, nil
}

type fastRows struct {
	rows *xlsx.Rows
	buf  []cell
}

func (r *fastRows) next() bool {
	if !r.rows.Next() {
		return false
	}
	cs := r.rows.Cells()
	r.buf = r.buf[:0]
	for _, c := range cs {
		for len(r.buf) < c.Col-1 {
			r.buf = append(r.buf, cell{})
		}
		if len(r.buf) >= c.Col { // out of order: keep the first
			continue
		}
		r.buf = append(r.buf, cell{
			text:        c.Value,
			numeric:     c.Type == xlsx.Number,
			format:      c.Format,
			formatKnown: true,
			formula:     c.Formula,
			errorValue:  c.Type == xlsx.Error || isErrorValue(c.Value),
		})
	}
	return true
}

func (r *fastRows) row() int                 { return r.rows.Row() }
func (r *fastRows) cells() []cell            { return r.buf }
func (r *fastRows) rowErr() error            { return nil }
func (r *fastRows) position() (int64, int64) { return r.rows.Position() }
func (r *fastRows) err() error               { return r.rows.Err() }
func (r *fastRows) close() error             { return r.rows.Close() }

// excelizeBook reads through excelize, which gives each cell's raw value
// but not its type: a value written the way a workbook stores numbers
// ("1234.5", "4.5E-3") is taken as a number.
type excelizeBook struct {
	f      *excelize.File
	list   []xlsx.SheetInfo
	is1904 bool
}

// defaultMaxPart is xlsx.Limits' default bound on one part.
const defaultMaxPart = 2 << 30

func openExcelize(path string, lim xlsx.Limits) (*excelizeBook, error) {
	maxPart := lim.MaxPartBytes
	if maxPart <= 0 {
		maxPart = defaultMaxPart
	}
	// excelize keeps parts in memory (big worksheets in temporary files)
	// and bounds only the total: refuse a zip bomb before it starts.
	if err := checkArchiveFile(path, lim); err != nil {
		return nil, err
	}
	// UnzipSizeLimit bounds the whole workbook inflated; UnzipXMLSizeLimit
	// is how much of a sheet excelize keeps in memory before it spills the
	// sheet to a temporary file (its default, 16 MiB, unless the limit is
	// lower).
	f, err := excelize.OpenFile(path, excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    maxPart,
		UnzipXMLSizeLimit: min(maxPart, excelize.StreamChunkSize),
	})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, excelizeError(err)
	}
	b := &excelizeBook{f: f}
	for _, name := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			visible = true
		}
		b.list = append(b.list, xlsx.SheetInfo{Name: name, Hidden: !visible})
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		b.is1904 = *props.Date1904
	}
	return b, nil
}

func checkArchiveFile(path string, lim xlsx.Limits) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return xlsx.CheckArchive(f, fi.Size(), lim)
}

// excelizeError words excelize's open errors as the fast reader's
// sentinels where they mean the same.
func excelizeError(err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat):
		return xlsx.ErrEncrypted
	case strings.Contains(msg, "zip: not a valid zip file"):
		return xlsx.ErrNotWorkbook
	case strings.Contains(msg, "unzip size"):
		return fmt.Errorf("%w: %v", xlsx.ErrTooLarge, err)
	case strings.Contains(msg, "zip:") || strings.Contains(msg, "XML syntax"):
		return fmt.Errorf("%w: %v", xlsx.ErrCorrupt, err)
	}
	return err
}

// damaged says that an error met reading a sheet's rows, which the
// archive check has found whole, is something wrong in its XML.
func damaged(err error) error {
	for _, sentinel := range []error{xlsx.ErrCorrupt, xlsx.ErrTooLarge, xlsx.ErrNotWorkbook, xlsx.ErrEncrypted, xlsx.ErrUnsupported} {
		if errors.Is(err, sentinel) {
			return err
		}
	}
	return fmt.Errorf("%w: %v", xlsx.ErrCorrupt, err)
}

func (b *excelizeBook) sheets() []xlsx.SheetInfo { return b.list }
func (b *excelizeBook) date1904() bool           { return b.is1904 }
func (b *excelizeBook) close() error             { return b.f.Close() }
func (b *excelizeBook) reader() string           { return "excelize" }

func (b *excelizeBook) rows(sheet string) (rowSource, error) {
	rows, err := b.f.Rows(sheet)
	if err != nil {
		return nil, &xlsx.PartError{Sheet: sheet, Err: excelizeError(err)}
	}
	return &excelizeRows{rows: rows, sheet: sheet}, nil
}

// excelizeRows reads a sheet through excelize. Its errors name the sheet
// but no row: excelize reads the shared strings and the sheet lazily, and
// does not say where in them it failed.
type excelizeRows struct {
	sheet  string
	rows   *excelize.Rows
	rowNum int
	buf    []cell
	fatal  error
}

func (r *excelizeRows) next() bool {
	if !r.rows.Next() {
		if err := r.rows.Error(); err != nil {
			r.fatal = &xlsx.PartError{Sheet: r.sheet, Err: damaged(excelizeError(err))}
		}
		return false
	}
	r.rowNum++ // excelize yields every row number in turn, empty ones too
	cols, err := r.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		r.fatal = &xlsx.PartError{Sheet: r.sheet, Err: damaged(excelizeError(err))}
		return false
	}
	r.buf = r.buf[:0]
	for _, v := range cols {
		r.buf = append(r.buf, cell{text: v, numeric: looksLikeStoredNumber(v), errorValue: isErrorValue(v)})
	}
	return true
}

func (r *excelizeRows) row() int                 { return r.rowNum }
func (r *excelizeRows) cells() []cell            { return r.buf }
func (r *excelizeRows) rowErr() error            { return nil }
func (r *excelizeRows) position() (int64, int64) { return 0, -1 }
func (r *excelizeRows) err() error               { return r.fatal }
func (r *excelizeRows) close() error             { return r.rows.Close() }

// looksLikeStoredNumber reports whether s is written the way a workbook
// stores a number: an optional minus, digits, an optional point and
// digits, an optional exponent. No grouping, no currency, no comma.
func looksLikeStoredNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole := leadingDigits(s)
	if whole == "" {
		return false
	}
	s = s[len(whole):]
	if frac, ok := strings.CutPrefix(s, "."); ok {
		d := leadingDigits(frac)
		if d == "" {
			return false
		}
		s = frac[len(d):]
	}
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		exp := s[1:]
		if len(exp) > 0 && (exp[0] == '+' || exp[0] == '-') {
			exp = exp[1:]
		}
		d := leadingDigits(exp)
		if d == "" {
			return false
		}
		s = exp[len(d):]
	}
	return s == ""
}
