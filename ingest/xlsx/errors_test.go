package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"clientscore/internal/longtest"
)

func errorIs(err, target error) bool { return errors.Is(err, target) }

// openAndRead opens a workbook and reads all of Sheet1, returning the
// first error on the way.
func openAndRead(tb testing.TB, data []byte, lim Limits) error {
	tb.Helper()
	wb, err := openBytes(data, lim)
	if err != nil {
		return err
	}
	defer wb.Close()
	rows, err := wb.Rows("Sheet1")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

func TestErrors(t *testing.T) {
	t.Parallel()
	valid := zipBytes(t, book(sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`), "", ""))
	encrypted, err := os.ReadFile("testdata/encrypted-aes.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rows := func(s string) []byte { return zipBytes(t, book(sheetXML(s), "", "")) }
	withPart := func(name, content string) []byte {
		p := book(sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`), "", "")
		p[name] = content
		return zipBytes(t, p)
	}
	tests := []struct {
		name string
		data []byte
		want error
		msg  string // a part of the message that says what is wrong
	}{
		{"truncated zip", valid[:len(valid)/2], ErrCorrupt, "truncated or damaged"},
		{"empty file", nil, ErrNotWorkbook, "looks like an empty file"},
		{"csv text", []byte("Invoice,Client,Amount\r\nINV-1,Acme,100\r\n"), ErrNotWorkbook, "looks like CSV text"},
		{"html saved as xls", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"), ErrNotWorkbook, "looks like HTML"},
		{"spreadsheetml", []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`),
			ErrNotWorkbook, "looks like Excel 2003 XML (SpreadsheetML)"},
		{"ole header", append(bytes.Clone(oleMagic), make([]byte, 504)...), ErrEncrypted, ""},
		{"password-protected workbook", encrypted, ErrEncrypted, ""},
		{"word document", zipBytes(t, parts{"word/document.xml": "<w:document/>"}), ErrNotWorkbook, "Word document"},
		{"ods", zipBytes(t, parts{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
			ErrNotWorkbook, "OpenDocument spreadsheet"},
		{"xlsb", zipBytes(t, parts{"_rels/.rels": `<Relationships xmlns="` + nsPkg + `"><Relationship Id="rId1" Type="` + nsRel +
			`/officeDocument" Target="xl/workbook.bin"/></Relationships>`, "xl/workbook.bin": "\x83\x01"}),
			ErrNotWorkbook, "Excel binary workbook (.xlsb)"},
		{"zip of something else", zipBytes(t, parts{"readme.txt": "hello"}), ErrNotWorkbook, "no workbook in it"},
		{"doctype in worksheet", zipBytes(t, book(`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "boom">]><worksheet><sheetData>`+
			`<row r="1"><c r="A1" t="str"><v>&x;</v></c></row></sheetData></worksheet>`, "", "")), ErrCorrupt, "document type declaration"},
		{"cell beyond XFD", rows(`<row r="7"><c r="XFD7"><v>1</v></c><c r="XFE7"><v>2</v></c></row>`), ErrCorrupt, "XFE7 is beyond column XFD"},
		{"cells without r beyond XFD", rows(`<row r="2">` + strings.Repeat(`<c><v>1</v></c>`, MaxColumns+1) + `</row>`),
			ErrCorrupt, "XFE2 is beyond column XFD"},
		{"row beyond 1048576", rows(`<row r="1048577"><c r="A1048577"><v>1</v></c></row>`), ErrCorrupt, "row number \"1048577\""},
		{"cell reference beyond the last row", rows(`<row><c r="A1048577"><v>1</v></c></row>`), ErrCorrupt, "beyond row 1048576"},
		{"row after the last row", rows(`<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>`), ErrCorrupt, "more than 1048576 rows"},
		{"not a cell reference", rows(`<row r="1"><c r="7"><v>1</v></c></row>`), ErrCorrupt, "not a cell reference"},
		{"shared string index out of range", rows(`<row r="1"><c r="B1" t="s"><v>3</v></c></row>`), ErrCorrupt, "cell B1"},
		{"unknown entity", rows(`<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>`), ErrCorrupt, "unknown entity &nbsp;"},
		{"character reference to NUL", rows(`<row r="1"><c r="A1" t="str"><v>&#0;</v></c></row>`), ErrCorrupt, "XML does not allow"},
		{"unclosed sheetData", zipBytes(t, book(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`, "", "")),
			ErrCorrupt, "ends before </sheetData>"},
		{"unclosed tag", zipBytes(t, book(`<worksheet><sheetData><row r="1"><c r="A1"`, "", "")), ErrCorrupt, "ends inside a tag"},
		{"unquoted attribute", rows(`<row r=1><c><v>1</v></c></row>`), ErrCorrupt, "unquoted attribute"},
		{"utf-16 worksheet", zipBytes(t, book("\xFF\xFE<\x00w\x00", "", "")), ErrUnsupported, "UTF-16"},
		{"encoding declared", zipBytes(t, book(`<?xml version="1.0" encoding="windows-1252"?><worksheet/>`, "", "")), ErrUnsupported, "windows-1252"},
		{"workbook encoding declared", withPart("xl/workbook.xml", `<?xml version="1.0" encoding="ISO-8859-1"?><workbook/>`),
			ErrUnsupported, "ISO-8859-1"},
		{"damaged styles", withPart("xl/styles.xml", `<styleSheet><cellXfs><xf numFmtId="14"></cellXfs>`), ErrCorrupt, "xl/styles.xml"},
		{"styles nested too deep", withPart("xl/styles.xml", strings.Repeat("<a>", 300)), ErrCorrupt, "nests elements"},
		{"damaged shared strings", withPart("xl/sharedStrings.xml", `<sst><si><t>a</si></sst>`), ErrCorrupt, "xl/sharedStrings.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := openAndRead(t, tt.data, Limits{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not say %q", err, tt.msg)
			}
		})
	}
}

// TestEntityTricks: no document type declaration is ever honoured, in any
// part, so no entity is ever expanded (billion laughs, external files).
func TestEntityTricks(t *testing.T) {
	t.Parallel()
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`
	external := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>`
	for _, tt := range []struct {
		name, part, content string
	}{
		{"billion laughs in shared strings", "xl/sharedStrings.xml", laughs + `<sst><si><t>&lol3;</t></si></sst>`},
		{"billion laughs in a worksheet", "xl/worksheets/sheet1.xml", laughs + `<worksheet><sheetData><row><c t="str"><v>&lol3;</v></c></row></sheetData></worksheet>`},
		{"external entity in a worksheet", "xl/worksheets/sheet1.xml", external + `<worksheet><sheetData><row><c t="str"><v>&ext;</v></c></row></sheetData></worksheet>`},
		{"doctype inside sheetData", "xl/worksheets/sheet1.xml", `<worksheet><sheetData><!DOCTYPE x><row><c><v>1</v></c></row></sheetData></worksheet>`},
		{"doctype in the workbook", "xl/workbook.xml", external + `<workbook/>`},
		{"doctype in relationships", "_rels/.rels", external + `<Relationships/>`},
		{"doctype in styles", "xl/styles.xml", external + `<styleSheet/>`},
		{"entity without doctype", "xl/sharedStrings.xml", `<sst><si><t>&lol;</t></si></sst>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := book(sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`), sstXML(`<si><t>x</t></si>`), stylesXML(nil, 0))
			p[tt.part] = tt.content
			err := openAndRead(t, zipBytes(t, p), Limits{})
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got %v, want ErrCorrupt", err)
			}
			if strings.Contains(err.Error(), "lollol") || strings.Contains(err.Error(), "root:") {
				t.Errorf("an entity was expanded: %v", err)
			}
		})
	}
}

// rawPart is a zip entry written as given: its compressed bytes and what
// its header declares.
type rawPart struct {
	name         string
	deflated     []byte
	uncompressed uint64 // the size the header declares
}

// zipWithRaw zips p and the raw entries.
func zipWithRaw(tb testing.TB, p parts, raw ...rawPart) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range p {
		w, err := zw.Create(name)
		must(tb, err)
		_, err = io.WriteString(w, content)
		must(tb, err)
	}
	for _, r := range raw {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: r.name, Method: zip.Deflate,
			CompressedSize64: uint64(len(r.deflated)), UncompressedSize64: r.uncompressed,
		})
		must(tb, err)
		_, err = w.Write(r.deflated)
		must(tb, err)
	}
	must(tb, zw.Close())
	return buf.Bytes()
}

// deflateBomb returns a deflate stream of prefix, then filler repeated to
// about size bytes, then suffix, and the exact inflated size. It is made
// without inflating anything: one flushed block of 1 MiB of filler is
// compressed once and repeated (a flushed block ends on a byte boundary
// and, preceded by the same filler, refers back only to filler). The
// pieces are kept for bombs of the same filler and another size.
func deflateBomb(tb testing.TB, prefix, filler, suffix string, size int64) ([]byte, uint64) {
	tb.Helper()
	p := bombPiecesOf(tb, prefix, filler, suffix)
	n := size / int64(p.chunk)
	out := make([]byte, 0, len(p.head)+int(n)*len(p.block)+len(p.tail))
	out = append(out, p.head...)
	for range n {
		out = append(out, p.block...)
	}
	out = append(out, p.tail...)
	return out, uint64(len(prefix)) + uint64(n+1)*uint64(p.chunk) + uint64(len(suffix))
}

// bombPieces are the deflated pieces of a bomb: prefix and the first
// chunk of filler, a chunk of filler, and suffix.
type bombPieces struct {
	head, block, tail []byte
	chunk             int // bytes of filler in a block
}

// madeBombs holds the pieces made, by prefix, filler and suffix: deflating
// 2 MiB at the best compression takes a few tenths of a second under the
// race detector.
var madeBombs = struct {
	sync.Mutex
	pieces map[[3]string]bombPieces
}{pieces: map[[3]string]bombPieces{}}

func bombPiecesOf(tb testing.TB, prefix, filler, suffix string) bombPieces {
	tb.Helper()
	madeBombs.Lock()
	defer madeBombs.Unlock()
	key := [3]string{prefix, filler, suffix}
	if p, ok := madeBombs.pieces[key]; ok {
		return p
	}
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	must(tb, err)
	chunk := []byte(strings.Repeat(filler, (1<<20)/len(filler)))
	io.WriteString(fw, prefix)
	fw.Write(chunk) // may refer back into the prefix
	must(tb, fw.Flush())
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	fw.Write(chunk)
	must(tb, fw.Flush())
	block := bytes.Clone(buf.Bytes())
	buf.Reset()
	io.WriteString(fw, suffix)
	must(tb, fw.Close())
	p := bombPieces{head: head, block: block, tail: bytes.Clone(buf.Bytes()), chunk: len(chunk)}
	madeBombs.pieces[key] = p
	return p
}

// TestZipBombs: parts that inflate too far are refused quickly, in bounded
// memory, with nothing written to disk. Each bomb is as small as lets the
// limit it is for trip above that limit's floor (the ratio applies past 10
// MiB, the text bound is at least 16 MiB, the count at least 2^20
// strings): what a case costs is what is inflated before the refusal.
// The cases that take over a second under the race detector are long
// tests.
func TestZipBombs(t *testing.T) {
	// The bombs' compressed ratios (they grow a little with the size):
	// spaces about 1,000:1, empty rows and empty shared strings 680:1,
	// shared strings of 1,000 letters 490:1.
	spaces := func(size int64) ([]byte, uint64) {
		return deflateBomb(t, `<worksheet><sheetData><row r="1">`, " ", `</row></sheetData></worksheet>`, size)
	}
	nested := func(size int64) ([]byte, uint64) {
		return deflateBomb(t, `<worksheet><sheetData>`, "<row>", `</sheetData></worksheet>`, size)
	}
	emptyStrings := func(size int64) ([]byte, uint64) { return deflateBomb(t, `<sst>`, "<si/>", `</sst>`, size) }
	longStrings := func(size int64) ([]byte, uint64) {
		return deflateBomb(t, `<sst>`, "<si><t>"+strings.Repeat("a", 1000)+"</t></si>", `</sst>`, size)
	}
	const sheet, sst = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"

	tests := []struct {
		name string
		part string
		bomb func() ([]byte, uint64) // deflated and inflated
		lim  Limits
		msg  string // with %d for twice the bomb's compressed size
		long bool
	}{
		{name: "sheet declares 5 GB", part: sheet,
			bomb: func() ([]byte, uint64) { d, _ := spaces(1 << 20); return d[:1000], 5 << 30 },
			msg:  "declares 5368709120 bytes"},
		{name: "3 GB sheet under the default limit", part: sheet,
			bomb: func() ([]byte, uint64) { return spaces(3 << 30) },
			msg:  "over the limit of 2147483648"},
		// 200 × 134 KB compressed: stopped after about 26 MB of 128 MiB.
		// ingest's TestZipBombs has the same bomb in the default run.
		{name: "128 MiB of spaces past the ratio", part: sheet,
			bomb: func() ([]byte, uint64) { return spaces(128 << 20) },
			lim:  Limits{MaxPartBytes: 4 << 30}, msg: "200 times its compressed size", long: true},
		// 200 × 74 KB compressed: stopped after about 15 MB of 48 MiB.
		{name: "48 MiB of nested rows past the ratio", part: sheet,
			bomb: func() ([]byte, uint64) { return nested(48 << 20) },
			lim:  Limits{MaxPartBytes: 4 << 30}, msg: "200 times its compressed size", long: true},
		// 2 strings per compressed byte: about 1.2 million here, past the
		// floor of 1,048,576.
		{name: "400 MiB of empty shared strings past the count by compressed size", part: sst,
			bomb: func() ([]byte, uint64) { return emptyStrings(400 << 20) },
			lim:  Limits{MaxPartBytes: 4 << 30}, msg: "holds over %d shared strings", long: true},
		// 20 times 1.1 MB compressed: about 22 MB of text, past the floor
		// of 16 MiB.
		{name: "512 MiB of shared strings past the text bound", part: sst,
			bomb: func() ([]byte, uint64) { return longStrings(512 << 20) },
			lim:  Limits{MaxPartBytes: 4 << 30}, msg: "bytes of text", long: true},
		// 5 times 2.5 MB compressed: about 12 MB, past the floor of 10 MiB
		// and before the text bound of 16 MiB.
		{name: "1.2 GB of shared strings past the ratio", part: sst,
			bomb: func() ([]byte, uint64) { return longStrings(1200 << 20) },
			lim:  Limits{MaxPartBytes: 4 << 30, MaxRatio: 5}, msg: "5 times its compressed size"},
		{name: "400 MiB of shared strings past the count", part: sst,
			bomb: func() ([]byte, uint64) { return emptyStrings(400 << 20) },
			lim:  Limits{MaxPartBytes: 4 << 30, MaxRatio: 1 << 20, MaxSharedStrings: 1000}, msg: "over 1000 shared strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.long {
				longtest.Skip(t, "inflates past its bound")
			}
			deflated, size := tt.bomb()
			wb := book(sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`), "", "")
			delete(wb, tt.part)
			tmp := t.TempDir()
			path := filepath.Join(tmp, "bomb.xlsx")
			must(t, os.WriteFile(path, zipWithRaw(t, wb, rawPart{tt.part, deflated, size}), 0o644))
			msg := tt.msg
			if strings.Contains(msg, "%d") {
				msg = fmt.Sprintf(msg, 2*len(deflated))
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			err := func() error {
				wb, err := Open(path, tt.lim)
				if err != nil {
					return err
				}
				defer wb.Close()
				rows, err := wb.Rows("Sheet1")
				if err != nil {
					return err
				}
				defer rows.Close()
				for rows.Next() {
				}
				return rows.Err()
			}()
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %v, want ErrTooLarge", err)
			}
			if !strings.Contains(err.Error(), msg) {
				t.Errorf("message %q does not say %q", err, msg)
			}
			// Far below what the bomb would take. The most goes to
			// empty shared strings, 16 bytes each: 2 per compressed
			// byte, about 20 MB of 400 MiB here.
			alloc := after.TotalAlloc - before.TotalAlloc
			if alloc > size/8 {
				t.Errorf("allocated %d MiB refusing %d MiB", alloc>>20, size>>20)
			}
			// A hang guard, not a speed measure (that is BenchmarkRead).
			if took > 20*time.Second && !raceEnabled {
				t.Errorf("took %v to refuse it", took)
			}
			entries, _ := os.ReadDir(tmp)
			if len(entries) != 1 {
				t.Errorf("the temporary folder holds %d files, want only the bomb", len(entries))
			}
			t.Logf("%d KiB refused in %v, allocating %d KiB: %v", len(deflated)>>10, took.Round(time.Millisecond), alloc>>10, err)
		})
	}
}

// TestBoundedPart: the inflated-byte count stops a part past either
// limit, even when archive/zip would let it through.
func TestBoundedPart(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name           string
		size           int
		limit, byRatio int64
		wantErr        bool
	}{
		// 1000 bytes read through limits of 1000: all of it passes.
		{"at both limits", 1000, 1000, 1000, false},
		{"one past MaxPartBytes", 1001, 1000, 5000, true},
		{"one past the ratio", 1001, 5000, 1000, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := &boundedPart{rc: io.NopCloser(bytes.NewReader(make([]byte, tt.size))), part: "p", limit: tt.limit, byRatio: tt.byRatio, ratio: 7}
			_, err := io.Copy(io.Discard, b)
			if tt.wantErr != errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %v, want ErrTooLarge: %v", err, tt.wantErr)
			}
		})
	}
}

// TestDamagedDeflate: a worksheet whose compressed bytes are damaged is
// ErrCorrupt, found while reading.
func TestDamagedDeflate(t *testing.T) {
	t.Parallel()
	var rowsXML strings.Builder
	for i := range 2000 {
		rowsXML.WriteString(`<row><c t="inlineStr"><is><t>` + strings.Repeat("x", i%50) + `</t></is></c></row>`)
	}
	data := zipBytes(t, book(sheetXML(rowsXML.String()), "", ""))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, err := f.DataOffset()
			must(t, err)
			mid := off + int64(f.CompressedSize64)/2
			for i := mid; i < mid+16; i++ {
				data[i] ^= 0x5A
			}
		}
	}
	err = openAndRead(t, data, Limits{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
	if !strings.Contains(err.Error(), "xl/worksheets/sheet1.xml") {
		t.Errorf("message %q does not name the part", err)
	}
}
