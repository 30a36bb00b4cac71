package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

// spaceBomb returns a deflate stream of n spaces (a whole number of MiB)
// and their CRC-32. It deflates 1 MiB of spaces twice, not n: the second
// time, flushed, is a block that refers back only to spaces, and it is
// repeated (deflating under the race detector takes seconds a 16 MiB).
func spaceBomb(t *testing.T, n int) (deflated []byte, crc uint32) {
	t.Helper()
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	if n < len(chunk) || n%len(chunk) != 0 {
		t.Fatalf("spaceBomb(%d): want a whole number of MiB", n)
	}
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	deflate := func(p []byte) []byte {
		if _, err := w.Write(p); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out := bytes.Clone(b.Bytes())
		b.Reset()
		return out
	}
	deflated = deflate(chunk)
	block := deflate(chunk)
	for range n/len(chunk) - 1 {
		deflated = append(deflated, block...)
	}
	if err := w.Close(); err != nil { // an empty final block
		t.Fatal(err)
	}
	deflated = append(deflated, b.Bytes()...)
	for range n / len(chunk) {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	return deflated, crc
}

// bombScorecard is a workbook shaped like a scorecard (Summary and
// Clients) whose Clients sheet is 16 MiB of spaces packed into about
// 16 KB: a thousand times its compressed size, where an input may inflate
// 200 times past 10 MiB. Made once.
func bombScorecard(t *testing.T) string {
	t.Helper()
	bombOnce.Do(func() { bomb = makeBombScorecard(t) })
	return bomb
}

var (
	bombOnce sync.Once
	bomb     string
)

func makeBombScorecard(t *testing.T) string {
	const size = 16 << 20
	deflated, crc := spaceBomb(t, size)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook ` + ns + `><sheets><sheet name="Summary" sheetId="1" r:id="rId1"/><sheet name="Clients" sheetId="2" r:id="rId2"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>As of</t></is></c><c r="B1"><v>46142</v></c></row></sheetData></worksheet>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet2.xml", Method: zip.Deflate,
		CompressedSize64: uint64(len(deflated)), UncompressedSize64: size, CRC32: crc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(deflated); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The previous scorecard is read for "changes since" with the limits any
// input gets, and whatever is wrong with it is a warning in the log,
// never a failed run: the report folder may be one others write into.
func TestPreviousScorecardBadOnesWarn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		previous string
		says     string // in the warning's error
	}{
		// excelize, which read it before, inflated the whole sheet, and
		// a bigger bomb to gigabytes.
		{"zip bomb", bombScorecard(t), "inflates beyond the size limit"},
		{"not a workbook", "this is not a zip archive", "not an .xlsx workbook"},
		{"empty file", "", "not an .xlsx workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			const previous = "client-report-2026-05-31.xlsx"
			writeFiles(t, dir, map[string]string{
				"clientscore.yaml":    baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
				"in/invoices.csv":     xeroInvoices,
				"reports/" + previous: tt.previous,
			})
			code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"))
			if code != exitOK {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
			}
			var warned bool
			for line := range strings.Lines(stderr) {
				var entry struct {
					Level, Message, Error, Previous string
				}
				if err := json.Unmarshal([]byte(line), &entry); err != nil {
					t.Fatalf("log line %q: %v", line, err)
				}
				if entry.Message == "previous scorecard unreadable; no changes shown" {
					warned = true
					if entry.Level != "warn" || !strings.HasSuffix(entry.Previous, previous) || !strings.Contains(entry.Error, tt.says) {
						t.Errorf("warning %+v: want level warn, the file and an error saying %q", entry, tt.says)
					}
				}
			}
			if !warned {
				t.Errorf("no warning about the previous scorecard:\n%s", stderr)
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "reports", previous)); string(b) != tt.previous {
				t.Error("the previous scorecard was changed")
			}
			if _, err := os.Stat(filepath.Join(dir, "reports", "client-report-2026-06-30.xlsx")); err != nil {
				t.Errorf("no scorecard written: %v", err)
			}
		})
	}
}

// A scorecard a run wrote reads back through the bounded reader as
// excelize reads its Clients sheet.
func TestReadPreviousOfARun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"clientscore.yaml": baseConfig + "inputs:\n  invoices: {path: in/invoices.csv}\n",
		"in/invoices.csv":  xeroInvoices,
	})
	if code, _, stderr := runCLI(t, "run", "--config", filepath.Join(dir, "clientscore.yaml"), "--as-of", "2026-05-31"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	path := filepath.Join(dir, "reports", "client-report-2026-05-31.xlsx")
	snap, err := readPrevious(path, xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := analysis.NewDate(2026, 5, 31); snap.AsOf != want {
		t.Errorf("as of %v, want %v", snap.AsOf, want)
	}
	clients := sheetByHeader(t, path, "Clients")
	if len(snap.Clients) != len(clients) || len(clients) != 2 {
		t.Fatalf("%d clients read back, the sheet has %d (want 2)", len(snap.Clients), len(clients))
	}
	for _, c := range snap.Clients {
		row, ok := clients[c.Name]
		if !ok || row["Verdict"] != c.Verdict.String() {
			t.Errorf("client %q %v; the sheet says %v", c.Name, c.Verdict, row)
		}
		var codes []string
		for _, f := range c.Flags {
			codes = append(codes, string(f))
		}
		if got := strings.Join(codes, ", "); got != row["Flags"] {
			t.Errorf("client %q flags %q; the sheet says %q", c.Name, got, row["Flags"])
		}
	}

	// The bounded reader says what is wrong, as for an input.
	bomb := filepath.Join(t.TempDir(), "client-report-2026-04-30.xlsx")
	if err := os.WriteFile(bomb, []byte(bombScorecard(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readPrevious(bomb, xlsx.Limits{}); !errors.Is(err, xlsx.ErrTooLarge) {
		t.Errorf("a zip bomb: error %v, want one wrapping xlsx.ErrTooLarge", err)
	}
}
