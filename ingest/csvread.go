package ingest

import (
	"bufio"
	"bytes"
	"io"
	"unsafe"
)

// csvReader splits delimited text into records as encoding/csv does with
// LazyQuotes set and any number of fields per record (a quote inside a
// field is text), but without a string per record: once reuse is set, the
// fields a read returns point into a buffer the next read overwrites, so
// a caller copies what it keeps. encoding/csv spends more time allocating
// those strings, and collecting them, than splitting the text.
//
// It differs in one place. A quote that opens a field and is never closed
// makes encoding/csv read the rest of the file as that one field, and the
// rows in it are lost. Here, when the text ends inside a quoted field that
// spans lines, the record is an openQuoteError and the lines after the
// one the quote opened on are split again as records of their own.
//
// The differential test and fuzz target in csvread_test.go hold it to
// encoding/csv, that one case aside.
type csvReader struct {
	br    *bufio.Reader
	comma byte
	max   int  // bytes one record may span: past it, errRecordTooLong
	reuse bool // fields may point into buf

	lines     int   // lines read so far
	offset    int64 // bytes read so far
	startLine int   // the line the record read last starts on
	recBytes  int   // bytes of the record being read

	long   []byte // a line longer than br's buffer
	buf    []byte // the record's fields, one after another
	ends   []int  // where each field ends in buf
	fields []string

	// The quoted field being read: the line and column it opened on and
	// the lines read inside it after that one, to split again when the
	// quote turns out never to close.
	openLine, openField int
	openAt              int // where its text starts in buf
	inQuote             []byte
	replay              []byte // lines to split again before reading on
}

// openQuoteError is a record whose quote, opened in field (0-based) on
// line, is never closed; value is the cell's text on that line, quote
// first. It is an ErrBadRow.
type openQuoteError struct {
	line, field int
	value       string
}

func (e *openQuoteError) Error() string {
	return "a quote opens this cell and is never closed, so every line after it would be read into the one cell: the row is left out and the rows after it are read on their own"
}

func (e *openQuoteError) Unwrap() error { return ErrBadRow }

func newCSVReader(br *bufio.Reader, comma byte, max int) *csvReader {
	return &csvReader{br: br, comma: comma, max: max}
}

// readLine reads one line, with "\r\n" made "\n" and a "\r" just before
// the end of the text dropped, as encoding/csv reads lines.
func (r *csvReader) readLine() ([]byte, error) {
	if len(r.replay) > 0 {
		line := r.replay
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		r.replay = r.replay[len(line):]
		r.recBytes += len(line)
		r.lines++
		return line, nil // made as readLine makes lines when first read
	}
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if r.recBytes+len(r.long) > r.max {
				return nil, errRecordTooLong
			}
			line, err = r.br.ReadSlice('\n')
			r.long = append(r.long, line...)
		}
		line = r.long
	}
	n := len(line)
	r.recBytes += n
	if r.recBytes > r.max {
		return nil, errRecordTooLong
	}
	if n > 0 && err == io.EOF {
		err = nil
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	if n > 0 {
		r.lines++ // not the empty read at the end of the text
	}
	r.offset += int64(n)
	if k := len(line); k >= 2 && line[k-2] == '\r' && line[k-1] == '\n' {
		line[k-2] = '\n'
		line = line[:k-1]
	}
	return line, err
}

// endsLine reports whether line is nothing but the end of a line.
func endsLine(line []byte) bool {
	return len(line) == 0 || len(line) == 1 && line[0] == '\n'
}

// read returns the next record, skipping empty lines, or io.EOF after
// the last. A read error ends the record read so far and is returned
// with it.
func (r *csvReader) read() ([]string, error) {
	var line []byte
	var errRead error
	for errRead == nil {
		r.recBytes = 0
		r.startLine = r.lines + 1
		line, errRead = r.readLine()
		if errRead == nil && endsLine(line) {
			continue // an empty line
		}
		break
	}
	if errRead == io.EOF {
		return nil, io.EOF
	}
	r.buf, r.ends = r.buf[:0], r.ends[:0]
fields:
	for {
		if len(line) == 0 || line[0] != '"' {
			// A field without quotes runs to the next delimiter or the
			// end of the line.
			i := bytes.IndexByte(line, r.comma)
			if i < 0 {
				r.buf = append(r.buf, bytes.TrimSuffix(line, []byte{'\n'})...)
				r.ends = append(r.ends, len(r.buf))
				break fields
			}
			r.buf = append(r.buf, line[:i]...)
			r.ends = append(r.ends, len(r.buf))
			line = line[i+1:]
			continue
		}
		// A quoted field: "" is a quote; a quote before the delimiter or
		// the end of the line ends the field; any other quote is text.
		line = line[1:]
		r.openLine, r.openField, r.openAt, r.inQuote = r.lines, len(r.ends), len(r.buf), r.inQuote[:0]
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				r.buf = append(r.buf, line[:i]...)
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == '"':
					r.buf = append(r.buf, '"')
					line = line[1:]
				case len(line) > 0 && line[0] == r.comma:
					line = line[1:]
					r.ends = append(r.ends, len(r.buf))
					continue fields
				case endsLine(line):
					r.ends = append(r.ends, len(r.buf))
					break fields
				default:
					r.buf = append(r.buf, '"')
				}
			case len(line) > 0:
				// The field goes on past the end of the line.
				r.buf = append(r.buf, line...)
				if errRead != nil {
					break fields
				}
				line, errRead = r.readLine()
				if errRead == io.EOF {
					errRead = nil
				}
				r.inQuote = append(r.inQuote, line...)
			default:
				// The text ended inside the quotes.
				if errRead == nil && r.lines > r.openLine {
					// Split the lines after the quote's again.
					r.replay, r.inQuote = r.inQuote, r.replay[:0]
					r.lines = r.openLine
					text := r.buf[r.openAt:]
					if i := bytes.IndexByte(text, '\n'); i >= 0 {
						text = text[:i]
					}
					return nil, &openQuoteError{line: r.openLine, field: r.openField, value: `"` + string(text)}
				}
				r.ends = append(r.ends, len(r.buf))
				break fields
			}
		}
	}
	var all string
	if r.reuse {
		all = unsafe.String(unsafe.SliceData(r.buf), len(r.buf))
	} else {
		all = string(r.buf)
	}
	r.fields = r.fields[:0]
	from := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, all[from:end])
		from = end
	}
	return r.fields, errRead
}
