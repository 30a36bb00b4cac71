package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"clientscore/ingest/xlsx"
)

// rowSource streams the rows of one sheet (or CSV file): each row's 1-based
// number as a spreadsheet shows it and its cells, index 0 being column A.
// Rows may be skipped when empty. cells() is valid until the next call to
// next().
type rowSource interface {
	next() bool
	row() int
	cells() []cell
	// rowErr is a problem with the current row alone (a CSV record whose
	// quote is never closed): the row is reported and reading goes on.
	rowErr() error
	// position says how many bytes the rows so far took, of how many
	// (-1 when unknown): an estimate of the rows to come.
	position() (read, size int64)
	err() error
	close() error
}

// csvSource reads a CSV or TSV file.
type csvSource struct {
	f       *os.File
	read    *countingReader // the file as read
	size    int64           // the text's size when it is the file's, else -1
	raw     io.Reader       // the file's bytes, through the hash
	r       *csvReader
	rowNum  int
	endLine int // the line on which the previous record ended
	buf     []cell
	badRow  error
	fatal   error
	enc     string // what the bytes were read as: "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"
}

// The first bytes of formats that are not CSV whatever their name says.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// openCSV opens a delimited text file. It feeds every byte of the file to
// sum as it reads. tab forces the tab delimiter (.tsv); otherwise the
// delimiter is sniffed from the first lines among comma, semicolon and tab.
func openCSV(path string, tab bool, sum io.Writer) (*csvSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	counted := &countingReader{r: f}
	raw := io.TeeReader(counted, sum)
	br := bufio.NewReaderSize(raw, 64<<10)
	head, _ := br.Peek(xlsx.SniffLen)
	var text io.Reader
	enc := "UTF-8"
	kind := xlsx.Sniff(head)
	switch {
	case strings.Contains(kind, "HTML") || strings.Contains(kind, "SpreadsheetML") || strings.Contains(kind, "PDF"):
		f.Close()
		return nil, fmt.Errorf("looks like %s, not CSV text: export it again as CSV or .xlsx", kind)
	case bytes.HasPrefix(head, zipMagic):
		f.Close()
		return nil, errors.New("is a zip archive (an .xlsx workbook?), not CSV text: give it the .xlsx extension")
	case bytes.HasPrefix(head, oleMagic):
		f.Close()
		return nil, errors.New("is a legacy .xls or password-protected workbook, not CSV text: save it as .xlsx or .csv")
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		text = &lenientUTF8{r: br}
		enc = "UTF-8 with BOM"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		text = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Reader(br)
		enc = "UTF-16"
		size = -1 // the text is not the file's size
	default:
		sample, _ := br.Peek(64 << 10)
		if !validUTF8Prefix(sample) {
			text = charmap.Windows1252.NewDecoder().Reader(br)
			enc = "Windows-1252"
			size = -1
		} else {
			text = &lenientUTF8{r: br}
		}
	}
	tr := bufio.NewReaderSize(text, 64<<10)
	delim := '\t'
	if !tab {
		sample, _ := tr.Peek(64 << 10)
		delim = sniffDelimiter(sample)
	}
	r := newCSVReader(tr, byte(delim), maxRecordBytes)
	return &csvSource{f: f, read: counted, size: size, raw: raw, r: r, enc: enc}, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// maxRecordBytes bounds one CSV record: all its fields and every line a
// quoted field spans. Whatever the file, reading it then takes bounded
// memory, and a quote left open, which would make one record of the rest
// of the file, stops with an error that names its row. No real record
// comes near it: a spreadsheet cell holds at most 32,767 characters.
const maxRecordBytes = 16 << 20

// errRecordTooLong is the error that stops a record past maxRecordBytes.
var errRecordTooLong = fmt.Errorf("holds a CSV record over %d MiB, more than any export writes: a quote left open? Fix the quote or export the file again", maxRecordBytes>>20)

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut at
// its end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// lenientUTF8 passes UTF-8 through and reads any byte that is not valid
// UTF-8 as Windows-1252, so a stray "é" deep in a UTF-8 file still reads.
type lenientUTF8 struct {
	r       *bufio.Reader
	pending []byte
}

func (l *lenientUTF8) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.pending) > 0 {
			c := copy(p[n:], l.pending)
			l.pending = l.pending[c:]
			n += c
			continue
		}
		if l.r.Buffered() == 0 {
			if _, err := l.r.Peek(1); err != nil {
				if n > 0 {
					return n, nil
				}
				return 0, err
			}
		}
		b, _ := l.r.Peek(l.r.Buffered())
		// Most text is valid UTF-8 throughout: copy as much as fits, up
		// to a rune the buffer's end cuts, in one go.
		if k := validPrefix(b[:min(len(b), len(p)-n)]); k > 0 {
			n += copy(p[n:], b[:k])
			l.r.Discard(k)
			continue
		}
		// Copy what is valid UTF-8 as it is.
		i := 0
		for i < len(b) && n < len(p) {
			if b[i] < utf8.RuneSelf {
				p[n] = b[i]
				n, i = n+1, i+1
				continue
			}
			if !utf8.FullRune(b[i:]) {
				break // a rune cut by the buffer's end: peek again below
			}
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 || n+size > len(p) {
				break
			}
			n += copy(p[n:], b[i:i+size])
			i += size
		}
		l.r.Discard(i)
		if n == len(p) || i > 0 {
			continue
		}
		// The next bytes are not valid UTF-8 (or a rune does not fit p):
		// decode one rune, reading an invalid byte as Windows-1252.
		seq, _ := l.r.Peek(utf8.UTFMax)
		r, size := utf8.DecodeRune(seq)
		if r == utf8.RuneError && size <= 1 {
			r = charmap.Windows1252.DecodeByte(seq[0])
			size = 1
		}
		l.r.Discard(size)
		var enc [utf8.UTFMax]byte
		w := utf8.EncodeRune(enc[:], r)
		l.pending = append(l.pending[:0], enc[:w]...)
	}
	return n, nil
}

// validPrefix returns len(b) when b is valid UTF-8, leaving out a rune
// cut at its end, or 0 when it is not.
func validPrefix(b []byte) int {
	k := len(b)
	for j := k - 1; j >= 0 && j >= k-utf8.UTFMax; j-- {
		if utf8.RuneStart(b[j]) {
			if !utf8.FullRune(b[j:k]) {
				k = j
			}
			break
		}
	}
	if k == 0 || !utf8.Valid(b[:k]) {
		return 0
	}
	return k
}

// sniffDelimiter picks the delimiter among comma, semicolon and tab that
// splits the first lines most consistently: the one whose most common
// count per line (outside quotes) is shared by the most lines; ties go to
// the larger count, then to comma, semicolon, tab.
func sniffDelimiter(sample []byte) rune {
	cands := []byte{',', ';', '\t'}
	var counts [3][]int
	var cur [3]int
	inQuotes, lines := false, 0
	flush := func() {
		for i := range cands {
			counts[i] = append(counts[i], cur[i])
			cur[i] = 0
		}
		lines++
	}
	lineHasText := false
	for _, c := range sample {
		if lines >= 30 {
			break
		}
		switch {
		case c == '"':
			inQuotes = !inQuotes
			lineHasText = true
		case (c == '\n' || c == '\r') && !inQuotes: // "\r\n" ends a line and leaves an empty one
			if lineHasText {
				flush()
			}
			lineHasText = false
		case !inQuotes:
			for i, d := range cands {
				if c == d {
					cur[i]++
				}
			}
			lineHasText = true
		}
	}
	if lineHasText && lines < 30 {
		flush()
	}
	best, bestSupport, bestMode := 0, 0, 0
	for i := range cands {
		freq := map[int]int{}
		for _, n := range counts[i] {
			if n > 0 {
				freq[n]++
			}
		}
		mode, support := 0, 0
		for n, f := range freq {
			if f > support || f == support && n > mode {
				mode, support = n, f
			}
		}
		if support > bestSupport || support == bestSupport && mode > bestMode {
			best, bestSupport, bestMode = i, support, mode
		}
	}
	return rune(cands[best])
}

func (s *csvSource) next() bool {
	rec, err := s.r.read()
	if err == io.EOF {
		return false
	}
	// Blank lines between records are rows a spreadsheet shows; a record
	// spread over several lines by quoted newlines is one row.
	s.rowNum += s.r.startLine - s.endLine
	s.endLine = s.r.lines
	s.badRow = nil
	s.buf = s.buf[:0]
	if errors.Is(err, ErrBadRow) {
		s.badRow = err
		return true
	}
	if err != nil {
		s.fatal = err
		return false
	}
	for _, f := range rec {
		s.buf = append(s.buf, cell{text: f, errorValue: isErrorValue(f)})
	}
	return true
}

func (s *csvSource) row() int         { return s.rowNum }
func (s *csvSource) cells() []cell    { return s.buf }
func (s *csvSource) rowErr() error    { return s.badRow }
func (s *csvSource) err() error       { return s.fatal }
func (s *csvSource) describe() string { return s.enc + fmt.Sprintf(", delimiter %q", rune(s.r.comma)) }
func (s *csvSource) bytesRead() int64 { return s.read.n }

func (s *csvSource) position() (int64, int64) { return s.r.offset, s.size }

// close reads what is left of the file, so the hash covers every byte, and
// closes it.
func (s *csvSource) close() error {
	_, err := io.Copy(io.Discard, s.raw)
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}
