package report

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sharedBook is a workbook written and opened once for every test that
// only reads it: writing and opening one takes about a second under the
// race detector, and a dozen tests read each of fixtureBook and acmeBook.
type sharedBook struct {
	once sync.Once
	dir  string // a temporary folder, removed by TestMain
	path string
	f    *excelize.File
	err  error
}

var fixtureBook, acmeBook sharedBook

// fixtureWorkbook is writeFixture(t, mustFixture(t), excelMaxRows-1),
// shared: a test must change neither the file nor the opened workbook.
func fixtureWorkbook(t *testing.T) (string, *excelize.File) {
	t.Helper()
	return fixtureBook.open(t, func(dir string) (string, error) {
		sc := mustFixture(t)
		path := filepath.Join(dir, ScorecardName(sc.Result.Rules.AsOf))
		return path, writeScorecard(path, sc, excelMaxRows-1)
	})
}

// acmeDossier is the dossier of the fixture's Acme Ltd, as
// writeDossierFixture writes it, shared as fixtureWorkbook is.
func acmeDossier(t *testing.T) (string, *excelize.File) {
	t.Helper()
	return acmeBook.open(t, func(dir string) (string, error) {
		res := dossierResult()
		i := clientIndex(t, res, "Acme Ltd")
		path := filepath.Join(dir, DossierName(res, i))
		return path, WriteDossier(path, &Dossier{Result: res, Client: i, Sources: dossierSources, Generated: dossierGen, Version: "1.4.0"})
	})
}

// open writes the workbook with write on first use and opens it as a
// user's tools would.
func (b *sharedBook) open(t *testing.T, write func(dir string) (string, error)) (string, *excelize.File) {
	t.Helper()
	b.once.Do(func() {
		b.err = errors.New("writing it failed in an earlier test") // if write calls t.Fatal
		if b.dir, b.err = os.MkdirTemp("", "report-test-"); b.err != nil {
			return
		}
		if b.path, b.err = write(b.dir); b.err != nil {
			return
		}
		b.f, b.err = excelize.OpenFile(b.path, excelize.Options{RawCellValue: true})
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path, b.f
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, b := range []*sharedBook{&fixtureBook, &acmeBook} {
		if b.f != nil {
			b.f.Close()
		}
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
	}
	os.Exit(code)
}
