// Package xlsx reads worksheets of .xlsx and .xlsm workbooks as a stream of
// rows of typed cells, with bounded memory and limits against zip bombs.
// It takes a file (or io.ReaderAt) and gives, per sheet, each row's
// 1-based number and its non-empty cells with their 1-based column, type,
// raw value and the kind of number format they carry.
//
// It is a lean reader for what clientscore needs and clientscore's only
// reader of workbooks; excelize stays the reference the tests compare it
// with, and the writer.
//
// Values are as the file stores them (excelize's RawCellValue): numbers as
// written ("1E-3"), booleans "1" or "0", error cells their text ("#N/A"),
// ISO dates (t="d") their text, strings decoded: entities, rich-text runs
// joined, phonetic runs left out, Excel's _xHHHH_ escapes undone as
// excelize undoes them. A formula cell gives its cached result. Cells come
// in the order the file has them, which is column order in files Excel
// and excelize write.
//
// The shared strings are held in memory; a worksheet is streamed through a
// few MiB of buffers whatever its size, inflated in a second goroutine
// while the caller parses. Errors say where: a *PartError names the part,
// sheet, row and cell, and wraps ErrCorrupt, ErrTooLarge or
// ErrUnsupported. No document type declaration is read and no entity
// beyond the five XML predefines (and character references) is expanded.
package xlsx

import (
	"errors"
	"io"
)

// Errors a caller can test with errors.Is. Messages read as predicates.
var (
	// ErrUnsupported: a workbook written in a way no current spreadsheet
	// program writes it (a part in an encoding other than UTF-8, a zip
	// compression method other than deflate); saving it again from a
	// spreadsheet program makes it readable.
	ErrUnsupported = errors.New("is a workbook in a form clientscore does not read")
	// ErrNotWorkbook: not a zip archive with a workbook in it.
	ErrNotWorkbook = errors.New("is not an .xlsx workbook")
	// ErrEncrypted: an OLE compound file: a password-protected workbook,
	// a legacy binary .xls (which matches ErrLegacy too), or another
	// Office 97-2003 file. The message says which, when the file's
	// directory tells.
	ErrEncrypted = errors.New("is an encrypted or legacy binary workbook")
	// ErrLegacy: a legacy binary workbook (.xls of Excel 5.0 to 2003).
	// It matches ErrEncrypted too.
	ErrLegacy = errors.New("is a legacy binary workbook (.xls)")
	// ErrPassword: a password-protected (encrypted) workbook. It matches
	// ErrEncrypted too.
	ErrPassword = errors.New("is a password-protected workbook")
	// ErrTooLarge: a part inflates beyond Limits.
	ErrTooLarge = errors.New("inflates beyond the size limit")
	// ErrCorrupt: damaged zip or XML.
	ErrCorrupt = errors.New("is damaged")
)

// Limits bound what a workbook may cost to read.
type Limits struct {
	// MaxPartBytes is the most bytes any one XML part (a worksheet, the
	// shared strings) may inflate to. 0 means 2 GiB.
	MaxPartBytes int64
	// MaxRatio is the most a part may inflate relative to its compressed
	// size, for parts over 10 MiB inflated. 0 means 200.
	MaxRatio int64
	// MaxSharedStrings is the most strings the shared strings part may
	// hold (they are kept in memory, 16 bytes each besides their text).
	// 0 means 16,777,216 (2^24). Whatever it is, a part may hold no more
	// than 2 strings per byte of its compressed size (or 1,048,576, if
	// more): shared strings are distinct, and distinct strings do not
	// compress below a byte or so each, while a zip bomb of empty strings
	// packs hundreds into a byte.
	MaxSharedStrings int
}

// CellType is the type a cell declares (its t attribute).
type CellType uint8

// Cell types.
const (
	Number  CellType = iota // t="n" or none: Value is the number as written ("97278.87", "1E-3")
	String                  // t="s", "str", "inlineStr": Value is the text
	Bool                    // t="b": Value is "0" or "1"
	Error                   // t="e": Value is the error text ("#N/A")
	ISODate                 // t="d": Value is an ISO 8601 date-time text
)

// FormatKind is what a cell's number format says the number means.
type FormatKind uint8

// Format kinds.
const (
	General  FormatKind = iota // General, or a plain number/currency/percent format
	Date                       // a date format with no time part (yyyy-mm-dd, d/m/yy)
	DateTime                   // a date with a time part
	Time                       // a time of day or a duration (h:mm, [h]:mm:ss)
	Text                       // the text format "@"
)

// Cell is one non-empty cell of a row.
type Cell struct {
	Col     int // 1-based column (A is 1)
	Type    CellType
	Value   string
	Format  FormatKind
	Formula bool // the cell holds a formula; Value is its cached result ("" when none was saved)
}

// SheetInfo describes one worksheet, in workbook order.
type SheetInfo struct {
	Name   string
	Hidden bool // state hidden or veryHidden
}

// Workbook is an open workbook.
type Workbook struct {
	impl *workbook
}

// Open opens the workbook at path for reading.
func Open(path string, lim Limits) (*Workbook, error) { return open(path, lim) }

// OpenReader opens a workbook held by r, size bytes long.
func OpenReader(r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	return openReader(r, size, lim)
}

// Close releases the workbook.
func (wb *Workbook) Close() error { return wb.impl.close() }

// Date1904 reports whether the workbook counts dates from 1904.
func (wb *Workbook) Date1904() bool { return wb.impl.date1904 }

// BytesRead returns how many bytes of the file the workbook has read so
// far: compressed bytes, counted as the archive is read (a sheet being
// inflated is read a little ahead of its rows). It is safe to call while
// rows are being read, from any goroutine; with the file's size it says
// how far reading has got.
func (wb *Workbook) BytesRead() int64 { return wb.impl.read.Load() }

// Sheets lists the worksheets in workbook order (chart sheets excluded).
func (wb *Workbook) Sheets() []SheetInfo { return wb.impl.sheets }

// Rows returns an iterator over the rows of the named sheet. Only one
// iterator per workbook may be open at a time unless the caller opened
// the workbook with its own io.ReaderAt per goroutine.
func (wb *Workbook) Rows(sheet string) (*Rows, error) { return wb.impl.rows(sheet) }

// Rows iterates a sheet's rows in order. Rows with no cells may be skipped.
//
//	for rows.Next() { n := rows.Row(); for _, c := range rows.Cells() { … } }
//	if err := rows.Err(); err != nil { … }
type Rows struct {
	impl *rowIter
}

// Next advances to the next row; false at the end or on error.
func (r *Rows) Next() bool { return r.impl.next() }

// Row returns the 1-based row number of the current row.
func (r *Rows) Row() int { return r.impl.row }

// Position returns how many bytes of the sheet's XML the rows read so far
// span, and the size the archive declares for it (a hint: it may lie, and
// is -1 when unknown). A caller can estimate from them how many rows are
// left.
func (r *Rows) Position() (read, size int64) { return r.impl.position() }

// ReuseValues makes the Values of the rows read from now on slices of a
// buffer that the next call to Next overwrites, rather than strings of
// their own, so that reading allocates nothing per row. A caller that
// asks for it copies what it keeps, as with encoding/csv's ReuseRecord.
// Shared strings are never overwritten.
func (r *Rows) ReuseValues() { r.impl.reuse = true }

// Hidden reports whether the current row is hidden.
func (r *Rows) Hidden() bool { return r.impl.hidden }

// Cells returns the current row's non-empty cells in column order. The
// slice stays valid only until the next call to Next; the Values are
// strings a caller may keep, unless it asked for ReuseValues.
func (r *Rows) Cells() []Cell { return r.impl.cells }

// Err returns the error that ended the iteration, if any.
func (r *Rows) Err() error { return r.impl.err }

// Close releases the iterator.
func (r *Rows) Close() error { return r.impl.close() }
