package xlsx

import "io"

// This file is a placeholder until the streaming reader lands: every
// workbook is ErrUnsupported, so callers fall back to excelize.

type workbook struct {
	date1904 bool
	sheets   []SheetInfo
}

type rowIter struct {
	row    int
	hidden bool
	cells  []Cell
	err    error
}

func open(path string, lim Limits) (*Workbook, error) { return nil, ErrUnsupported }

func openReader(r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	return nil, ErrUnsupported
}

func (w *workbook) close() error                     { return nil }
func (w *workbook) rows(sheet string) (*Rows, error) { return nil, ErrUnsupported }
func (r *rowIter) next() bool                        { return false }
func (r *rowIter) close() error                      { return nil }
