package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unsafe"
)

// Excel's grid.
const (
	MaxRows    = 1 << 20 // 1,048,576 rows
	MaxColumns = 1 << 14 // 16,384 columns, A to XFD
)

type rowIter struct {
	row    int
	hidden bool
	cells  []Cell
	err    error

	sheet, part string
	src         io.Closer
	sc          *scanner
	sst         *sharedStrings
	kinds       []FormatKind
	size        int64 // the part's declared size
	done        bool
	slowOnly    bool

	// Values of a row are decoded into text, then copied into strs, a
	// block of text that many rows share and every cell's Value slices:
	// one allocation per block rather than per row, and strings a caller
	// may keep (keeping one keeps its block). With reuse, Values slice
	// text itself, which the next row overwrites.
	text  []byte
	strs  strings.Builder
	reuse bool
	spans []span
	v, is []byte // scratch for the current cell's <v> and <is>
}

// rowTextBlock is the size of the blocks that row values are copied to.
const rowTextBlock = 32 << 10

// span is where a cell's value lies in rowIter.text; direct means the
// value is already in the Cell (a shared string).
type span struct {
	start, end int
	direct     bool
}

func (w *workbook) rows(sheet string) (*Rows, error) {
	name, part, err := w.sheetPart(sheet)
	if err != nil {
		return nil, err
	}
	bp, err := w.openPart(part, w.lim.MaxPartBytes)
	if err != nil {
		var pe *PartError
		if errors.As(err, &pe) {
			pe.Sheet = name
		}
		return nil, err
	}
	src := newPrefetcher(bp, bp.declared)
	it := &rowIter{
		sheet: name, part: part, src: src, sc: newScanner(src, bp.declared),
		sst: w.sst, kinds: w.kinds, slowOnly: w.slowOnly, size: bp.declared,
	}
	if err := it.start(); err != nil {
		src.Close()
		return nil, it.wrap(err)
	}
	return &Rows{impl: it}, nil
}

func (it *rowIter) position() (int64, int64) {
	size := it.size
	if size <= 0 {
		size = -1
	}
	return it.sc.offset(), size
}

// start reads up to the first row: past the XML declaration and whatever
// comes before <sheetData>.
func (it *rowIter) start() error {
	s := it.sc
	if err := s.prolog(); err != nil {
		return err
	}
	for {
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok { // no <sheetData>: no rows
			it.finish()
			return nil
		}
		if s.tag.is("sheetData") && s.tag.kind != endTag {
			if s.tag.kind == emptyTag {
				if err := it.drain(); err != nil {
					return err
				}
				it.finish()
			}
			return nil
		}
	}
}

// drain reads the rest of the part after the rows, so that the zip
// checksum, which archive/zip checks at the end of an entry, is checked:
// a sheet whose bytes were altered is ErrCorrupt, not silently read.
func (it *rowIter) drain() error {
	_, err := io.Copy(io.Discard, it.sc.src)
	return err
}

// wrap says where an error happened.
func (it *rowIter) wrap(err error) error {
	var pe *PartError
	if errors.As(err, &pe) {
		if pe.Sheet == "" {
			pe.Sheet = it.sheet
		}
		if pe.Row == 0 {
			pe.Row = it.row
		}
		return err
	}
	return &PartError{Part: it.part, Sheet: it.sheet, Row: it.row, Err: withSentinel(err)}
}

func (it *rowIter) fail(err error) bool {
	it.err = it.wrap(err)
	it.finish()
	return false
}

// finish ends the iteration and lets the inflating goroutine go, without
// waiting for Close.
func (it *rowIter) finish() {
	it.done = true
	it.cells = it.cells[:0]
	it.close()
}

func (it *rowIter) next() bool {
	if it.done {
		return false
	}
	s := it.sc
	for {
		ok, err := s.next()
		if err != nil {
			return it.fail(err)
		}
		if !ok {
			return it.fail(s.endErr("before </sheetData>"))
		}
		t := &s.tag
		switch {
		case t.kind == endTag:
			if t.is("sheetData") {
				if err := it.drain(); err != nil {
					it.row = 0 // past the rows
					return it.fail(err)
				}
				it.finish()
				return false
			}
		case t.is("row"):
			has, err := it.readRow()
			if err != nil {
				return it.fail(err)
			}
			if has {
				return true
			}
		default:
			if err := s.skip(); err != nil {
				return it.fail(err)
			}
		}
	}
}

// readRow reads the row whose start tag was just read. It reports whether
// the row has cells.
func (it *rowIter) readRow() (bool, error) {
	s := it.sc
	t := &s.tag
	num := it.row + 1
	it.hidden = false
	for _, a := range t.attrs {
		switch string(t.attrName(a)) {
		case "r":
			v, err := s.attrValue(t.attrValue(a))
			if err != nil {
				return false, err
			}
			n, ok := parseUint(v)
			if !ok || n < 1 || n > MaxRows {
				it.row = 0 // no row to name
				return false, fmt.Errorf("%w: row number %q is not between 1 and %d", ErrCorrupt, truncate(v), MaxRows)
			}
			num = n
		case "hidden":
			v, err := s.attrValue(t.attrValue(a))
			if err != nil {
				return false, err
			}
			it.hidden = isTrue(v)
		}
	}
	if num > MaxRows {
		it.row = 0
		return false, fmt.Errorf("%w: has more than %d rows", ErrCorrupt, MaxRows)
	}
	it.row = num
	it.cells = it.cells[:0]
	it.spans = it.spans[:0]
	it.text = it.text[:0]
	if t.kind == emptyTag {
		return false, nil
	}
	col := 0
	for {
		c, fast, err := it.fastCell(col)
		if err != nil {
			return false, err
		}
		if fast {
			col = c
			continue
		}
		ok, err := s.next()
		if err != nil {
			return false, err
		}
		if !ok {
			return false, s.endErr("inside a row")
		}
		switch {
		case t.kind == endTag:
			if t.is("row") {
				it.finishRow()
				return len(it.cells) > 0, nil
			}
			return false, syntaxErr("has </%s> inside a row", t.name)
		case t.is("c"):
			if col, err = it.readCell(col); err != nil {
				return false, err
			}
		default:
			if err := s.skip(); err != nil {
				return false, err
			}
		}
	}
}

// finishRow makes the row's one string and points the cells into it.
func (it *rowIter) finishRow() {
	var all string
	if it.reuse {
		all = unsafe.String(unsafe.SliceData(it.text), len(it.text))
	} else {
		all = it.keepText()
	}
	for i, sp := range it.spans {
		if !sp.direct {
			it.cells[i].Value = all[sp.start:sp.end]
		}
	}
}

// keepText copies the row's text to where it can stay.
func (it *rowIter) keepText() string {
	if it.strs.Cap()-it.strs.Len() < len(it.text) {
		it.strs = strings.Builder{}
		it.strs.Grow(max(rowTextBlock, len(it.text)))
	}
	start := it.strs.Len()
	it.strs.Write(it.text) // within capacity: earlier rows stay where they are
	return it.strs.String()[start:]
}

func isTrue(v []byte) bool {
	switch string(v) {
	case "1", "true", "True", "TRUE":
		return true
	}
	return false
}

// readCell reads the cell whose start tag was just read; prev is the
// column of the cell before it in the row (0 for none). It returns this
// cell's column.
func (it *rowIter) readCell(prev int) (int, error) {
	s := it.sc
	t := &s.tag
	col := prev + 1
	style := 0
	typ := "n"
	for _, a := range t.attrs {
		switch string(t.attrName(a)) {
		case "r":
			v, err := s.attrValue(t.attrValue(a))
			if err != nil {
				return col, err
			}
			c, err := it.column(v)
			if err != nil {
				return col, err
			}
			col = c
		case "s":
			v, err := s.attrValue(t.attrValue(a))
			if err != nil {
				return col, err
			}
			if n, ok := parseUint(v); ok {
				style = n
			}
		case "t":
			v, err := s.attrValue(t.attrValue(a))
			if err != nil {
				return col, err
			}
			typ = cellTypeName(v)
		}
	}
	if col > MaxColumns {
		return col, fmt.Errorf("%w: cell %s is beyond column XFD (%d)", ErrCorrupt, cellName(col, it.row), MaxColumns)
	}
	if t.kind == emptyTag {
		return col, nil
	}
	var formula, inline bool
	v, is := it.v[:0], it.is[:0]
	for {
		ok, err := s.next()
		if err != nil {
			return col, it.cellErr(col, err)
		}
		if !ok {
			return col, it.cellErr(col, s.endErr("inside a cell"))
		}
		if t.kind == endTag {
			if t.is("c") {
				break
			}
			return col, it.cellErr(col, syntaxErr("has </%s> inside a cell", t.name))
		}
		switch {
		case t.is("v"):
			// A later <v> replaces an earlier one, as in encoding/xml.
			if v, err = s.elementText(v[:0], "v"); err != nil {
				return col, it.cellErr(col, err)
			}
		case t.is("f"):
			formula = true
			err = s.skip()
		case t.is("is"):
			is, err = s.richText(is[:0], "is")
			is = unescapeBSTR(is)
			inline = true
		default:
			err = s.skip()
		}
		if err != nil {
			return col, it.cellErr(col, err)
		}
	}
	it.v, it.is = v, is
	if inline && typ == "inlineStr" {
		v = is
	}
	return col, it.addCell(col, style, typ, formula, v)
}

// addCell adds a cell to the row: its column, the index of its cell
// format, its t (canonical), whether it has a formula, and its value as
// written (for t="s" the index into the shared strings; for inline
// strings the text). A cell with no value and no formula is left out.
func (it *rowIter) addCell(col, style int, typ string, formula bool, v []byte) error {
	c := Cell{Col: col, Formula: formula}
	if style < len(it.kinds) {
		c.Format = it.kinds[style]
	}
	switch typ {
	case "s":
		c.Type = String
		if len(v) > 0 {
			i, ok := parseUint(v)
			if !ok || i >= it.sst.len() {
				if len(trimSpace(v)) == 0 {
					break
				}
				return it.cellErr(col, fmt.Errorf("%w: shared string index %q is not one of the %d shared strings",
					ErrCorrupt, truncate(v), it.sst.len()))
			}
			c.Value = it.sst.at(i)
		}
		if c.Value == "" && !formula {
			return nil
		}
		it.cells = append(it.cells, c)
		it.spans = append(it.spans, span{direct: true})
		return nil
	case "inlineStr", "str", "other":
		c.Type = String
	case "b":
		c.Type = Bool
	case "e":
		c.Type = Error
	case "d":
		c.Type = ISODate
	default:
		c.Type = Number
	}
	if len(v) == 0 && !formula {
		return nil
	}
	start := len(it.text)
	it.text = append(it.text, v...)
	it.cells = append(it.cells, c)
	it.spans = append(it.spans, span{start: start, end: len(it.text)})
	return nil
}

// fastCell reads a cell written the common way, when all of it is in the
// buffer: <c r="B7" s="3" t="s"><v>12</v></c>, <c r="B7" s="3"/>, or an
// inline string <c r="B7" t="inlineStr"><is><t>text</t></is></c>; with
// attributes of one-letter names in double quotes, and no entities, CDATA,
// comments, carriage returns or spaces between the elements. It reports
// false, having read nothing, for anything else, and readCell then reads
// the cell. Most cells of most files take this path.
func (it *rowIter) fastCell(prev int) (int, bool, error) {
	if it.slowOnly {
		return prev, false, nil
	}
	s := it.sc
	b := s.buf[s.r:s.w]
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if len(b)-i < 4 || b[i] != '<' || b[i+1] != 'c' || !isSpace(b[i+2]) {
		return prev, false, nil
	}
	i += 3
	var ref, v []byte
	style, typ, empty := 0, "n", false
attrs:
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i+3 >= len(b) {
			return prev, false, nil
		}
		switch b[i] {
		case '>':
			i++
			break attrs
		case '/':
			if b[i+1] != '>' {
				return prev, false, nil
			}
			i += 2
			empty = true
			break attrs
		}
		name := b[i]
		if b[i+1] != '=' || b[i+2] != '"' {
			return prev, false, nil
		}
		j := bytes.IndexByte(b[i+3:], '"')
		if j < 0 {
			return prev, false, nil
		}
		val := b[i+3 : i+3+j]
		switch name {
		case 'r':
			ref = val
		case 's':
			n, ok := parseUint(val)
			if !ok {
				return prev, false, nil
			}
			style = n
		case 't':
			typ = cellTypeName(val)
		}
		if bytes.IndexByte(val, '&') >= 0 {
			return prev, false, nil
		}
		i += j + 4
	}
	if !empty {
		open, close := "<v>", "</v></c>"
		switch {
		case bytes.HasPrefix(b[i:], []byte("<v>")):
		case bytes.HasPrefix(b[i:], []byte("<is><t>")):
			open, close = "<is><t>", "</t></is></c>"
		case bytes.HasPrefix(b[i:], []byte("</c>")):
			open, close = "", "</c>"
		default:
			return prev, false, nil
		}
		if open != "" {
			i += len(open)
			k := i
			for k < len(b) && b[k] != '<' && b[k] != '&' && b[k] != '\r' {
				k++
			}
			if k == len(b) || b[k] != '<' {
				return prev, false, nil
			}
			v = b[i:k]
			i = k
		}
		if !bytes.HasPrefix(b[i:], []byte(close)) {
			return prev, false, nil
		}
		i += len(close)
		if open == "<is><t>" {
			if typ != "inlineStr" {
				return prev, false, nil // the odd cell: let readCell decide
			}
			if bytes.Contains(v, []byte("_x")) {
				it.is = unescapeBSTR(append(it.is[:0], v...))
				v = it.is
			}
		}
	}
	col := prev + 1
	if ref != nil {
		c, err := it.column(ref)
		if err != nil {
			return prev, false, nil // readCell words the error
		}
		col = c
	}
	if col > MaxColumns {
		return prev, false, nil
	}
	s.r += i
	if empty {
		return col, true, nil
	}
	return col, true, it.addCell(col, style, typ, false, v)
}

// cellTypeName canonicalises a t attribute; unknown types are "other",
// read as text.
func cellTypeName(v []byte) string {
	switch string(v) {
	case "s":
		return "s"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	case "n", "":
		return "n"
	}
	return "other"
}

func (it *rowIter) cellErr(col int, err error) error {
	var pe *PartError
	if errors.As(err, &pe) {
		return err
	}
	return &PartError{Part: it.part, Sheet: it.sheet, Row: it.row, Cell: cellName(col, it.row), Err: withSentinel(err)}
}

// column reads the column of a cell reference such as "B7". The row
// digits, when given, must be a row number of the grid.
func (it *rowIter) column(ref []byte) (int, error) {
	i, col := 0, 0
	for i < len(ref) {
		c := ref[i]
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A') + 1
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a') + 1
		default:
			goto digits
		}
		if col > MaxColumns {
			return col, fmt.Errorf("%w: cell %s is beyond column XFD (%d)", ErrCorrupt, truncate(ref), MaxColumns)
		}
		i++
	}
digits:
	if i == 0 {
		return 0, fmt.Errorf("%w: %q is not a cell reference", ErrCorrupt, truncate(ref))
	}
	if i < len(ref) {
		n, ok := parseUint(ref[i:])
		if !ok || ref[i] == ' ' {
			return 0, fmt.Errorf("%w: %q is not a cell reference", ErrCorrupt, truncate(ref))
		}
		if n < 1 || n > MaxRows {
			return 0, fmt.Errorf("%w: cell %s is beyond row %d", ErrCorrupt, truncate(ref), MaxRows)
		}
	}
	return col, nil
}

// cellName returns the reference of a cell: 2, 7 is "B7".
func cellName(col, row int) string {
	var b []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row)
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func (it *rowIter) close() error {
	it.done = true
	if it.src == nil {
		return nil
	}
	err := it.src.Close()
	it.src = nil
	return err
}
