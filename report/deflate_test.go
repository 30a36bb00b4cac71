package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/klauspost/compress/flate"

	"clientscore/internal/longtest"
)

// TestParallelDeflate: parts of every size, written in pieces of every
// size, read back as written; a part of one block is compressed exactly
// as one stream of the whole part is, a bigger one hardly bigger, and
// none much bigger than archive/zip's own compressor makes it.
func TestParallelDeflate(t *testing.T) {
	longtest.Skip(t, "deflates megabytes, at about 1 MB/s under the race detector")
	// Blocks of 256 KiB instead of 2 MiB: the same block boundaries in an
	// eighth of the bytes (deflate under -race does about 1 MB/s). Smaller
	// blocks would pass the size bound below only by loosening it: each
	// boundary costs some 200 bytes of lost back-references.
	defer func(n int) { deflateBlock = n }(deflateBlock)
	deflateBlock = 256 << 10
	rng := rand.New(rand.NewPCG(1, 2))
	sheet := func(n int) []byte { // sheet-like XML, with some noise
		var b bytes.Buffer
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Client %05d</t></is></c><c r="B%d"><v>%d.%02d</v></c></row>`,
				i, i, rng.IntN(20000), i, rng.IntN(1e6), rng.IntN(100))
		}
		return b.Bytes()[:n]
	}
	noise := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	parts := map[string][]byte{
		"empty":               nil,
		"one byte":            []byte("<"),
		"small":               sheet(5000),
		"one block":           sheet(deflateBlock),
		"one block and a bit": sheet(deflateBlock + 1),
		"many blocks":         sheet(5*deflateBlock + 12345),
		"noise":               noise(2*deflateBlock + 7),
	}
	for name, data := range parts {
		t.Run(name, func(t *testing.T) {
			var zbuf bytes.Buffer
			zw := zip.NewWriter(&zbuf)
			zw.RegisterCompressor(zip.Deflate, newParallelDeflate)
			w, err := zw.Create("part.xml")
			if err != nil {
				t.Fatal(err)
			}
			for rest := data; len(rest) > 0; {
				k := min(len(rest), 1+rng.IntN(3*deflateBlock/2))
				if _, err := w.Write(rest[:k]); err != nil {
					t.Fatal(err)
				}
				rest = rest[k:]
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(zbuf.Bytes()), int64(zbuf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			rc, err := zr.File[0].Open()
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc) // checks the CRC too
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("read back %d bytes, differing from the %d written", len(got), len(data))
			}

			whole := zipped(data, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, deflateLevel) })
			if len(data) <= deflateBlock && !bytes.Equal(zbuf.Bytes(), whole) {
				t.Error("a part of one block is not compressed as one stream of it is")
			}
			// Blocks do not refer back into the block before them: a
			// sheet comes out about 0.1% bigger.
			if extra := zbuf.Len() - len(whole); extra > len(whole)/200+64*(len(data)/deflateBlock+1) {
				t.Errorf("%d bytes where one stream is %d", zbuf.Len(), len(whole))
			}
			// The faster compressor costs a few percent of size against
			// archive/zip's own (3.6% on the 1M-invoice scorecard).
			if std := zipped(data, nil); zbuf.Len() > len(std)+len(std)/10+64*(len(data)/deflateBlock+1) {
				t.Errorf("%d bytes where archive/zip writes %d", zbuf.Len(), len(std))
			}
		})
	}
}

// zipped is data as the one part of a zip file whose deflate compressor
// is comp (archive/zip's own when nil).
func zipped(data []byte, comp zip.Compressor) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	if comp != nil {
		z.RegisterCompressor(zip.Deflate, comp)
	}
	w, _ := z.Create("part.xml")
	w.Write(data)
	z.Close()
	return b.Bytes()
}
