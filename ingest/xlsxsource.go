package ingest

import "clientscore/ingest/xlsx"

// sheetRows reads a worksheet through the streaming reader (ingest/xlsx),
// which knows each cell's type and number format. It is the one reader of
// workbooks: a workbook it does not handle (a part in another encoding
// than UTF-8, a zip method other than deflate) is refused with a message
// saying how to save it again.
type sheetRows struct {
	rows *xlsx.Rows
	buf  []cell
}

func openSheet(wb *xlsx.Workbook, sheet string) (*sheetRows, error) {
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &sheetRows{rows: rows}, nil
}

func (r *sheetRows) next() bool {
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
			text:       c.Value,
			numeric:    c.Type == xlsx.Number,
			format:     c.Format,
			formula:    c.Formula,
			errorValue: c.Type == xlsx.Error || isErrorValue(c.Value),
		})
	}
	return true
}

func (r *sheetRows) row() int                 { return r.rows.Row() }
func (r *sheetRows) cells() []cell            { return r.buf }
func (r *sheetRows) rowErr() error            { return nil }
func (r *sheetRows) position() (int64, int64) { return r.rows.Position() }
func (r *sheetRows) err() error               { return r.rows.Err() }
func (r *sheetRows) close() error             { return r.rows.Close() }
