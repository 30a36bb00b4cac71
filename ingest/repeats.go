package ingest

import (
	"fmt"
	"hash/maphash"
	"slices"

	"clientscore/analysis"
)

// A drop folder of nightly full exports holds each record once per night:
// payments-2026-10-30.csv and payments-2026-10-31.csv both list the
// payment of 3 October. Read takes the files of one source oldest first,
// and when every one of them is named with its date (see snapshots), a row
// of a newer file that says exactly what a row of an older file says
// (every column the reader uses, value for value) is that same record,
// read once: the newest export alone and the whole folder give the same
// books. Within one file, equal rows are distinct records (two payments of
// the same amount on the same day), and so are equal rows of the parts of
// one export (time-1.xlsx, time-2.xlsx), whose names carry no date.
// Invoices are left to the analysis, which takes a newer file's values for
// an invoice number it repeats: a line-item export's lines are only an
// invoice together.

// priorRows are the rows of the older files of one source, as hashes of
// the values the reader used, sorted: what a newer file's rows are checked
// against. A source of one file has none.
type priorRows struct {
	seed   maphash.Seed
	sorted []uint64 // every row of the files read so far
	files  []string // those files, oldest first, for messages
}

func newPriorRows() *priorRows { return &priorRows{seed: maphash.MakeSeed()} }

// has reports whether a row hashing to h was in an older file.
func (p *priorRows) has(h uint64) bool {
	_, ok := slices.BinarySearch(p.sorted, h)
	return ok
}

// add takes in the rows of a file once it is read, for the files after it.
func (p *priorRows) add(file string, hashes []uint64) {
	p.sorted = append(p.sorted, hashes...)
	slices.Sort(p.sorted)
	p.files = append(p.files, file)
}

// repeatsOlder reports whether the data row cells repeats a row of an
// older file of the same source, and remembers the row for newer files.
// It is false for a source read from one file, and for invoices.
func (fr *fileReader) repeatsOlder(rowNum int, cells []cell) bool {
	if fr.prior == nil || fr.kind == analysis.InputInvoices {
		return false
	}
	var h maphash.Hash
	h.SetSeed(fr.prior.seed)
	for _, c := range fr.lay.used {
		if c.index >= 0 && c.index < len(cells) {
			h.WriteString(cells[c.index].val)
		}
		h.WriteByte(0)
	}
	sum := h.Sum64()
	if fr.prior.has(sum) {
		if fr.repeats == 0 {
			fr.repeatFrom = rowNum
		}
		fr.repeats++
		return true
	}
	fr.hashes = append(fr.hashes, sum)
	return false
}

// repeatsIssue is the one note a file gets for the rows it repeats.
func (fr *fileReader) repeatsIssue() {
	if fr.repeats == 0 {
		return
	}
	older := fr.prior.files[len(fr.prior.files)-1]
	switch n := len(fr.prior.files); {
	case n == 2:
		older += " and 1 older file"
	case n > 2:
		older = fmt.Sprintf("%s and %d older files", older, n-1)
	}
	fr.issues = append(fr.issues, analysis.Issue{
		Severity: analysis.SeverityInfo,
		Ref:      fr.ref(fr.repeatFrom),
		Problem: fmt.Sprintf("%d rows (the first here) repeat rows of %s exactly: the same records in a newer export, each read once",
			fr.repeats, older),
	})
}
