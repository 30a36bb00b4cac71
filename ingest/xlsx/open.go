package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
)

// Defaults for zero Limits fields, and the bounds on parts that are not
// worksheets or shared strings.
const (
	defaultMaxPartBytes = 2 << 30
	defaultMaxRatio     = 200
	ratioFloor          = 10 << 20 // MaxRatio applies to parts over this, inflated
	maxMetaPartBytes    = 64 << 20 // relationships, workbook, styles
	maxSheets           = 1 << 16
	maxRels             = 1 << 20
	maxXMLDepth         = 256 // elements nested in a metadata part
)

var errTooDeep = syntaxErr("nests elements over %d deep", maxXMLDepth)

// PartError is an error in one part of a workbook, saying where. It wraps
// ErrCorrupt, ErrTooLarge or ErrUnsupported, or a read error of the file.
type PartError struct {
	Part  string // the zip entry, e.g. "xl/worksheets/sheet1.xml"
	Sheet string // the sheet's name; "" for parts that are not sheets
	Row   int    // 1-based row number; 0 when not inside a row
	Cell  string // the cell's reference, e.g. "B7"; "" when not in a cell
	Err   error
}

func (e *PartError) Error() string {
	var where []string
	if e.Sheet != "" {
		where = append(where, fmt.Sprintf("sheet %q", e.Sheet))
	}
	if e.Cell != "" {
		where = append(where, "cell "+e.Cell)
	} else if e.Row > 0 {
		where = append(where, fmt.Sprintf("row %d", e.Row))
	}
	if e.Part != "" {
		where = append(where, e.Part)
	}
	if len(where) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v (%s)", e.Err, strings.Join(where, ", "))
}

func (e *PartError) Unwrap() error { return e.Err }

// withSentinel makes sure err says which of the package's errors it is:
// XML syntax errors and DTDs are ErrCorrupt; the rest are as they came.
func withSentinel(err error) error {
	var se *syntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se), errors.Is(err, errDTD):
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return err
}

// inPart says which part err happened in, unless it says so already.
func inPart(part string, err error) error {
	var pe *PartError
	if errors.As(err, &pe) {
		return err
	}
	return &PartError{Part: part, Err: withSentinel(err)}
}

// xmlErr words an encoding/xml error as one of the package's errors.
func xmlErr(err error) error {
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se):
		if strings.Contains(se.Msg, "CharsetReader") {
			return fmt.Errorf("%w: %s", ErrUnsupported, se.Msg)
		}
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	case strings.Contains(err.Error(), "CharsetReader"):
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: ends too soon", ErrCorrupt)
	}
	var pe *PartError
	if errors.As(err, &pe) { // reading the part failed: it says how
		return err
	}
	// Anything else encoding/xml refuses is malformed XML, such as an XML
	// declaration of a version other than 1.0 (fuzz/FuzzOpen/4d5f03972825f3e5).
	return fmt.Errorf("%w: %v", ErrCorrupt, err)
}

type workbook struct {
	date1904 bool
	sheets   []SheetInfo
	parts    []string // worksheet part per sheet; "" when it has none

	lim    Limits
	r      io.ReaderAt
	read   *atomic.Int64 // bytes of the file read so far
	size   int64
	files  map[string]*zip.File // by partKey
	closer io.Closer            // the file Open opened; nil for OpenReader

	sst   *sharedStrings
	kinds []FormatKind

	mu     sync.Mutex
	closed bool

	slowOnly bool // tests: read every cell through readCell, not fastCell
}

func open(name string, lim Limits) (*Workbook, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%w: is a directory", ErrNotWorkbook)
	}
	wb, err := openReader(f, st.Size(), lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	wb.impl.closer = f
	return wb, nil
}

func openReader(ra io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	r := &countingReaderAt{r: ra}
	head := make([]byte, SniffLen)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	if bytes.HasPrefix(head, oleMagic) {
		return nil, &oleError{kind: classifyOLE(r, size)}
	}
	if !bytes.HasPrefix(head, zipMagic) && !bytes.HasPrefix(head, zipEmptyMagic) {
		return nil, fmt.Errorf("%w: looks like %s", ErrNotWorkbook, Sniff(head))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%w: the zip archive is truncated or damaged (%v)", ErrCorrupt, err)
	}
	w := &workbook{lim: normalize(lim), r: r, read: &r.n, size: size, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		if k := partKey(f.Name); w.files[k] == nil {
			w.files[k] = f
		}
	}
	if err := w.load(); err != nil {
		return nil, err
	}
	return &Workbook{impl: w}, nil
}

// countingReaderAt counts the bytes read through it, for progress. The
// inflating goroutines read through it while the caller asks.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// normalize fills in Limits' defaults.
func normalize(lim Limits) Limits {
	if lim.MaxPartBytes <= 0 {
		lim.MaxPartBytes = defaultMaxPartBytes
	}
	if lim.MaxRatio <= 0 {
		lim.MaxRatio = defaultMaxRatio
	}
	if lim.MaxSharedStrings <= 0 {
		lim.MaxSharedStrings = defaultMaxSharedStrings
	}
	return lim
}

// partKey is how parts are looked up: OPC part names are case-insensitive,
// and some Windows tools write backslashes.
func partKey(name string) string {
	return strings.TrimPrefix(strings.ToLower(strings.ReplaceAll(name, `\`, "/")), "/")
}

func (w *workbook) file(name string) *zip.File {
	if f := w.files[partKey(name)]; f != nil {
		return f
	}
	if u, err := url.PathUnescape(name); err == nil && u != name {
		return w.files[partKey(u)]
	}
	return nil
}

// load reads the package relationships, the workbook, its relationships,
// the styles and the shared strings.
func (w *workbook) load() error {
	book, err := w.officeDocument()
	if err != nil {
		return err
	}
	var entries []sheetEntry
	if err := w.readXMLPart(book, func(src io.Reader) error {
		var err error
		w.date1904, entries, err = readWorkbook(src)
		return err
	}); err != nil {
		return err
	}
	var rels []rel
	if w.file(relsPath(book)) != nil {
		if err := w.readXMLPart(relsPath(book), func(src io.Reader) error {
			var err error
			rels, err = readRels(src)
			return err
		}); err != nil {
			return err
		}
	}
	byID := make(map[string]rel, len(rels))
	var stylesPart, sstPart string
	for _, r := range rels {
		byID[r.id] = r
		switch {
		case r.external:
		case strings.HasSuffix(r.typ, "/styles") && stylesPart == "":
			stylesPart = resolve(book, r.target)
		case strings.HasSuffix(r.typ, "/sharedStrings") && sstPart == "":
			sstPart = resolve(book, r.target)
		}
	}
	for _, e := range entries {
		r, ok := byID[e.rid]
		part := ""
		if ok && !r.external {
			if !strings.HasSuffix(r.typ, "/worksheet") {
				continue // a chart sheet, dialog sheet or macro sheet
			}
			part = resolve(book, r.target)
		}
		w.sheets = append(w.sheets, SheetInfo{Name: e.name, Hidden: e.state == "hidden" || e.state == "veryHidden"})
		w.parts = append(w.parts, part)
	}
	if stylesPart != "" && w.file(stylesPart) != nil {
		if err := w.readXMLPart(stylesPart, func(src io.Reader) error {
			var err error
			w.kinds, err = readStyles(src)
			return err
		}); err != nil {
			return err
		}
	}
	w.sst = &sharedStrings{}
	if f := w.file(sstPart); sstPart != "" && f != nil {
		src, err := w.openPart(sstPart, w.lim.MaxPartBytes)
		if err != nil {
			return err
		}
		pf := newPrefetcher(src, src.declared)
		defer pf.Close()
		w.sst, err = readSharedStrings(pf, src.declared, w.maxStrings(f), w.maxText(f))
		if err == nil {
			// Read to the end, so that the zip checksum is checked.
			_, err = io.Copy(io.Discard, pf)
		}
		if err != nil {
			return inPart(f.Name, err)
		}
	}
	return nil
}

// maxText bounds the text the shared strings keep in memory: distinct
// strings compress far less than the markup around them (a million
// sequential invoice numbers keep about 4 bytes of text per compressed
// byte), so a tenth of MaxRatio times the part's compressed size (20
// times by default), never less than 16 MiB nor more than MaxPartBytes.
func (w *workbook) maxText(f *zip.File) int64 {
	compressed := int64(min(f.CompressedSize64, uint64(w.size)))
	limit := int64(16 << 20)
	if q := w.lim.MaxRatio / 10; q > 0 && compressed <= (1<<62)/q {
		limit = max(limit, compressed*q)
	} else if q > 0 {
		limit = 1 << 62
	}
	return min(limit, w.lim.MaxPartBytes)
}

// maxStrings bounds how many strings the shared strings keep in memory:
// MaxSharedStrings, and no more than stringsPerByte per compressed byte
// of the part (never less than minStringBound).
func (w *workbook) maxStrings(f *zip.File) int {
	compressed := int64(min(f.CompressedSize64, uint64(w.size)))
	return int(min(int64(w.lim.MaxSharedStrings), max(minStringBound, stringsPerByte*compressed)))
}

// The bound on shared strings by compressed size: a million sequential
// invoice numbers take about 2.7 compressed bytes each, and distinct
// short numbers stored as text about 1.5.
const (
	stringsPerByte = 2
	minStringBound = 1 << 20
)

// officeDocument finds the workbook part through the package
// relationships, and says what the archive is when it holds no workbook.
func (w *workbook) officeDocument() (string, error) {
	book := ""
	if w.file("_rels/.rels") != nil {
		var rels []rel
		if err := w.readXMLPart("_rels/.rels", func(src io.Reader) error {
			var err error
			rels, err = readRels(src)
			return err
		}); err != nil {
			return "", err
		}
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") && !r.external {
				book = resolve("", r.target)
				break
			}
		}
	}
	if book == "" && w.file("xl/workbook.xml") != nil {
		book = "xl/workbook.xml"
	}
	switch {
	case strings.HasSuffix(strings.ToLower(book), ".bin"):
		return "", fmt.Errorf("%w: looks like an Excel binary workbook (.xlsb); save it as .xlsx", ErrNotWorkbook)
	case book != "" && w.file(book) != nil && !strings.HasPrefix(partKey(book), "word/") && !strings.HasPrefix(partKey(book), "ppt/"):
		return book, nil
	}
	what := "a zip archive with no workbook in it"
	switch {
	case w.file("word/document.xml") != nil:
		what = "a Word document (.docx)"
	case w.file("ppt/presentation.xml") != nil:
		what = "a PowerPoint presentation (.pptx)"
	case w.file("mimetype") != nil:
		what = "an OpenDocument file (.ods or .odt)"
		if f := w.file("mimetype"); f.UncompressedSize64 < 128 {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 128))
				rc.Close()
				if bytes.Contains(b, []byte("spreadsheet")) {
					what = "an OpenDocument spreadsheet (.ods); save it as .xlsx"
				}
			}
		}
	}
	return "", fmt.Errorf("%w: looks like %s", ErrNotWorkbook, what)
}

// relsPath is where the relationships of part live.
func relsPath(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// resolve resolves a relationship target against the part that holds the
// relationship (base; "" for the package): "worksheets/sheet1.xml" from
// "xl/workbook.xml" is "xl/worksheets/sheet1.xml", and "/xl/x.xml" is
// absolute.
func resolve(base, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+path.Join(path.Dir(base), target)), "/")
}

// readXMLPart opens a small part (relationships, workbook, styles) and
// hands it to read, wording errors with the part's name.
func (w *workbook) readXMLPart(name string, read func(io.Reader) error) error {
	src, err := w.openPart(name, min(w.lim.MaxPartBytes, maxMetaPartBytes))
	if err != nil {
		return err
	}
	defer src.Close()
	if err := read(src); err != nil {
		return inPart(name, err)
	}
	return nil
}

// openPart opens a part for reading, inflating at most limit bytes, and at
// most MaxRatio times its compressed size when that is over 10 MiB. It
// checks the size the archive declares first: declared sizes can lie
// (archive/zip stops at the declared size, and this reader counts too).
func (w *workbook) openPart(name string, limit int64) (*boundedPart, error) {
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if closed {
		return nil, errors.New("xlsx: the workbook is closed")
	}
	f := w.file(name)
	if f == nil {
		return nil, &PartError{Part: name, Err: fmt.Errorf("%w: the part is missing", ErrCorrupt)}
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, &PartError{Part: f.Name, Err: fmt.Errorf("%w: declares %d bytes inflated, over the limit of %d",
			ErrTooLarge, f.UncompressedSize64, limit)}
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return nil, &PartError{Part: f.Name, Err: fmt.Errorf("%w: compressed with zip method %d", ErrUnsupported, f.Method)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &PartError{Part: f.Name, Err: zipErr(err)}
	}
	compressed := min(f.CompressedSize64, uint64(w.size))
	byRatio := int64(ratioFloor)
	if compressed <= uint64((1<<62)/w.lim.MaxRatio) {
		byRatio = max(byRatio, int64(compressed)*w.lim.MaxRatio)
	} else {
		byRatio = 1 << 62
	}
	return &boundedPart{rc: rc, part: f.Name, limit: limit, byRatio: byRatio, ratio: w.lim.MaxRatio,
		declared: int64(f.UncompressedSize64)}, nil
}

// zipErr words an archive/zip or compress/flate error.
func zipErr(err error) error {
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrAlgorithm):
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	case errors.Is(err, zip.ErrChecksum):
		return fmt.Errorf("%w: fails its zip checksum", ErrCorrupt)
	case errors.Is(err, zip.ErrFormat):
		return fmt.Errorf("%w: its zip entry is damaged or inflates beyond its declared size", ErrCorrupt)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: its compressed data is cut short", ErrCorrupt)
	case errors.As(err, &ce):
		return fmt.Errorf("%w: its compressed data is damaged (%v)", ErrCorrupt, err)
	}
	return err
}

// boundedPart counts the bytes a part inflates to and stops with
// ErrTooLarge past its limits.
type boundedPart struct {
	rc      io.ReadCloser
	part    string
	n       int64
	limit   int64 // MaxPartBytes (or the metadata bound)
	byRatio int64 // max(10 MiB, MaxRatio × compressed size)
	ratio   int64
	err     error

	declared int64 // the size the archive declares, a hint for buffers
}

func (b *boundedPart) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.rc.Read(p)
	b.n += int64(n)
	switch {
	case b.n > b.limit:
		b.err = &PartError{Part: b.part, Err: fmt.Errorf("%w: inflated past %d bytes", ErrTooLarge, b.limit)}
		return 0, b.err
	case b.n > b.byRatio:
		b.err = &PartError{Part: b.part, Err: fmt.Errorf("%w: inflated past %d bytes, %d times its compressed size",
			ErrTooLarge, b.byRatio, b.ratio)}
		return 0, b.err
	case err != nil && err != io.EOF:
		b.err = &PartError{Part: b.part, Err: zipErr(err)}
		return n, b.err
	}
	return n, err
}

func (b *boundedPart) Close() error { return b.rc.Close() }

// rel is one relationship.
type rel struct {
	id, typ, target string
	external        bool
}

func readRels(src io.Reader) ([]rel, error) {
	d := xml.NewDecoder(src)
	var rels []rel
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rels, nil
		}
		if err != nil {
			return nil, xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, errDTD
		case xml.EndElement:
			depth--
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return nil, errTooDeep
			}
			if t.Name.Local != "Relationship" {
				continue
			}
			if len(rels) >= maxRels {
				return nil, fmt.Errorf("%w: holds over %d relationships", ErrTooLarge, maxRels)
			}
			rels = append(rels, rel{
				id:       attrOf(t, "Id"),
				typ:      attrOf(t, "Type"),
				target:   attrOf(t, "Target"),
				external: strings.EqualFold(attrOf(t, "TargetMode"), "External"),
			})
		}
	}
}

// sheetEntry is a <sheet> of the workbook part.
type sheetEntry struct {
	name, state, rid string
}

// readWorkbook reads the workbook part: whether dates count from 1904, and
// the sheets in order. Only <workbookPr> and <sheets> directly under
// <workbook> count: extensions (<extLst>) hold elements of the same
// local names in other namespaces.
func readWorkbook(src io.Reader) (bool, []sheetEntry, error) {
	d := xml.NewDecoder(src)
	var (
		date1904 bool
		sheets   []sheetEntry
		depth    int
		inSheets bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return date1904, sheets, nil
		}
		if err != nil {
			return false, nil, xmlErr(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return false, nil, errDTD
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return false, nil, errTooDeep
			}
			switch {
			case depth == 1 && t.Name.Local != "workbook":
				return false, nil, fmt.Errorf("%w: looks like a zip archive with no workbook in it (its main part is <%s>)",
					ErrNotWorkbook, t.Name.Local)
			case depth == 2 && t.Name.Local == "workbookPr":
				v := strings.TrimSpace(attrOf(t, "date1904"))
				date1904 = v == "1" || strings.EqualFold(v, "true")
			case depth == 2 && t.Name.Local == "sheets":
				inSheets = true
			case depth == 3 && inSheets && t.Name.Local == "sheet":
				if len(sheets) >= maxSheets {
					return false, nil, fmt.Errorf("%w: holds over %d sheets", ErrTooLarge, maxSheets)
				}
				e := sheetEntry{name: attrOf(t, "name"), state: attrOf(t, "state")}
				for _, a := range t.Attr {
					if a.Name.Local == "id" && a.Name.Space != "" {
						e.rid = a.Value
					}
				}
				sheets = append(sheets, e)
			}
		case xml.EndElement:
			depth--
			if depth == 1 {
				inSheets = false
			}
		}
	}
}

func (w *workbook) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.closer != nil {
		return w.closer.Close()
	}
	return nil
}

// sheetPart returns the worksheet part of the named sheet: an exact match,
// else the one sheet whose name matches ignoring case.
func (w *workbook) sheetPart(name string) (string, string, error) {
	found := -1
	for i, s := range w.sheets {
		if s.Name == name {
			found = i
			break
		}
		if strings.EqualFold(s.Name, name) {
			if found >= 0 {
				found = -2 // ambiguous
			} else if found == -1 {
				found = i
			}
		}
	}
	if found < 0 {
		return "", "", fmt.Errorf("xlsx: the workbook has no sheet named %q", name)
	}
	if w.parts[found] == "" {
		return "", "", &PartError{Sheet: w.sheets[found].Name, Err: fmt.Errorf("%w: the sheet has no worksheet part", ErrCorrupt)}
	}
	return w.sheets[found].Name, w.parts[found], nil
}

// CheckArchive checks a workbook for a reader that holds parts in memory
// or on disk and does not check them as this package does, such as
// excelize, which must not be handed a zip bomb, and which reads a
// damaged part as far as it can without a word. It checks first, without
// inflating anything, that no part declares more than lim allows:
// MaxPartBytes for one part and for all together, and MaxRatio times its
// compressed size for a part over 10 MiB (the declared sizes bind:
// archive/zip stops at an entry's declared size). Then it inflates every
// part to check that it is whole: its compressed data undamaged, its zip
// checksum right, and no document type declaration in an XML part. An
// archive it cannot open at all passes: the reader will say what is
// wrong with it.
func CheckArchive(r io.ReaderAt, size int64, lim Limits) error {
	lim = normalize(lim)
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil
	}
	var total uint64
	for _, f := range zr.File {
		n := f.UncompressedSize64
		total += n
		switch {
		case n > uint64(lim.MaxPartBytes):
			return &PartError{Part: f.Name, Err: fmt.Errorf("%w: declares %d bytes inflated, over the limit of %d", ErrTooLarge, n, lim.MaxPartBytes)}
		case n > ratioFloor && n/max(f.CompressedSize64, 1) > uint64(lim.MaxRatio):
			return &PartError{Part: f.Name, Err: fmt.Errorf("%w: declares %d bytes inflated, over %d times its compressed size", ErrTooLarge, n, lim.MaxRatio)}
		}
	}
	if total > uint64(lim.MaxPartBytes) {
		return fmt.Errorf("%w: its parts declare %d bytes inflated in all, over the limit of %d", ErrTooLarge, total, lim.MaxPartBytes)
	}
	buf := make([]byte, 64<<10)
	for _, f := range zr.File {
		if f.Method != zip.Store && f.Method != zip.Deflate || strings.HasSuffix(f.Name, "/") {
			continue // the reader says what it makes of these
		}
		if err := checkPart(f, buf); err != nil {
			return &PartError{Part: f.Name, Err: withSentinel(err)}
		}
	}
	return nil
}

// checkPart inflates one part to its end (where archive/zip checks the
// size and checksum), looking in XML parts for a document type
// declaration.
func checkPart(f *zip.File, buf []byte) error {
	rc, err := f.Open()
	if err != nil {
		return zipErr(err)
	}
	defer rc.Close()
	name := strings.ToLower(f.Name)
	isXML := strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") || strings.HasSuffix(name, ".vml")
	const keep = len("<!DOCTYPE") - 1 // bytes kept across reads, so no mark is split
	carry := 0
	for {
		n, err := rc.Read(buf[carry:])
		if isXML && (bytes.Contains(buf[:carry+n], []byte("<!DOCTYPE")) || bytes.Contains(buf[:carry+n], []byte("<!ENTITY"))) {
			return errDTD
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return zipErr(err)
		}
		if end := carry + n; end > keep {
			carry = copy(buf, buf[end-keep:end])
		} else {
			carry = end
		}
	}
}
