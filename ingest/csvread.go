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
// It differs in two places. A lone "\r" ends a line as "\n" and "\r\n"
// do (old Mac exports end every line so, and files put together from
// several end lines in all three ways), where encoding/csv reads it as
// text and so runs lines together. And a quote that opens a field and is
// never closed makes encoding/csv read the rest of the file as that one
// field, and the rows in it are lost. Here, when the text ends inside a
// quoted field that spans lines, the record is an openQuoteError and the
// lines after the one the quote opened on are split again as records of
// their own.
//
// The differential test and fuzz target in csvread_test.go hold it to
// encoding/csv reading the text with every line end made "\n", the open
// quote aside.
type csvReader struct {
	br    *bufio.Reader
	comma byte
	max   int  // bytes one record may span: past it, errRecordTooLong
	reuse bool // fields may point into buf

	lines     int   // lines read so far
	offset    int64 // bytes read so far
	startLine int   // the line the record read last starts on
	recBytes  int   // bytes of the record being read

	long []byte // a line longer than br's buffer
	// lfFree and crFree: how many bytes from the read position on are
	// known to hold no "\n", no "\r" (see lineEnd).
	lfFree, crFree int
	buf            []byte // the record's fields, one after another
	ends           []int  // where each field ends in buf
	fields         []string

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

// readLine reads one line: up to and including its line end, "\n",
// "\r\n" or a lone "\r" (old Mac exports, "CSV (Macintosh)"), any mix of
// them in one text, which it returns as "\n" (as encoding/csv returns
// "\r\n"). The text's last line may have no line end. The line may be
// in br's buffer, valid until the next read.
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
	r.long = r.long[:0]
	inLong := false // the line so far is in r.long
	for {
		if r.br.Buffered() == 0 {
			if _, err := r.br.Peek(1); err != nil {
				if inLong && len(r.long) > 0 && err == io.EOF {
					r.lines++
					return r.long, nil // the last line, with no line end
				}
				return r.long, err
			}
		}
		buf, _ := r.br.Peek(r.br.Buffered())
		i := r.lineEnd(buf)
		if i < 0 {
			// No line end in the buffer: keep what it holds and read on.
			r.long = append(r.long, buf...)
			inLong = true
			if err := r.consume(len(buf)); err != nil {
				return nil, err
			}
			continue
		}
		end := i + 1
		if buf[i] == '\r' {
			if end == len(buf) {
				// Whether "\n" follows is in the bytes not read yet.
				more, err := r.br.Peek(end + 1)
				if err == bufio.ErrBufferFull {
					r.long = append(r.long, buf[:i]...)
					inLong = true
					if err := r.consume(i); err != nil {
						return nil, err
					}
					continue
				}
				buf = more // at the end of the text, a lone "\r"
			}
			if end < len(buf) && buf[end] == '\n' {
				end++
			}
			buf[i] = '\n'
		}
		line := buf[:i+1]
		if inLong {
			r.long = append(r.long, line...)
			line = r.long
		}
		if err := r.consume(end); err != nil {
			return nil, err
		}
		r.lines++
		return line, nil
	}
}

// lineEnd returns where the first line end ("\n" or "\r") in buf, the
// bytes buffered from the read position on, is, or -1. It remembers how
// far it found none of each, so that a text with only one kind is
// searched once however long its lines.
func (r *csvReader) lineEnd(buf []byte) int {
	lf := -1
	if r.lfFree < len(buf) {
		if k := bytes.IndexByte(buf[r.lfFree:], '\n'); k >= 0 {
			lf = r.lfFree + k
			r.lfFree = lf
		} else {
			r.lfFree = len(buf)
		}
	}
	limit := len(buf)
	if lf >= 0 {
		limit = lf
	}
	if r.crFree < limit {
		if k := bytes.IndexByte(buf[r.crFree:limit], '\r'); k >= 0 {
			r.crFree += k
			return r.crFree
		}
		r.crFree = limit
	}
	return lf
}

// consume moves the read position n bytes on, counting them into the
// record, whose size is bounded.
func (r *csvReader) consume(n int) error {
	r.br.Discard(n)
	r.offset += int64(n)
	r.lfFree = max(r.lfFree-n, 0)
	r.crFree = max(r.crFree-n, 0)
	r.recBytes += n
	if r.recBytes > r.max {
		return errRecordTooLong
	}
	return nil
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
