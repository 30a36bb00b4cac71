package report

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"clientscore/internal/testexit"
)

// sharedBook is a workbook written once, and opened once, for every test
// that only reads it: writing and opening one takes about a second under
// the race detector, and a dozen tests read each of fixtureBook, acmeBook
// and mailBook.
type sharedBook struct {
	written, opened sync.Once
	dir             string // a temporary folder, removed by TestMain
	path            string
	f               *excelize.File
	err, openErr    error
}

var fixtureBook, acmeBook, mailBook sharedBook

// fixtureWorkbook is writeFixture(t, mustFixture(t), excelMaxRows-1),
// shared: a test must change neither the file nor the opened workbook,
// and must not be parallel: two tests reading one excelize.File at once
// can see a cell's style wrong (Clients!AL30 read as "#0" once in four
// runs), though the race detector finds no race.
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

// sharedMailWorkbook is mailWorkbook(t, mailScorecard()), shared as
// fixtureWorkbook is.
func sharedMailWorkbook(t *testing.T) string {
	t.Helper()
	return mailBook.file(t, func(dir string) (string, error) {
		path := filepath.Join(dir, ScorecardName(mailScorecard().Result.Rules.AsOf))
		return path, WriteScorecard(path, mailScorecard())
	})
}

// file writes the workbook with write on first use and returns its path.
func (b *sharedBook) file(t *testing.T, write func(dir string) (string, error)) string {
	t.Helper()
	b.written.Do(func() {
		b.err = errors.New("writing it failed in an earlier test") // if write calls t.Fatal
		dir, err := os.MkdirTemp("", "report-test-")
		if err != nil {
			b.err = err
			return
		}
		b.dir = dir
		b.path, b.err = write(dir)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// open is file, opened as a user's tools would open it.
func (b *sharedBook) open(t *testing.T, write func(dir string) (string, error)) (string, *excelize.File) {
	t.Helper()
	path := b.file(t, write)
	b.opened.Do(func() {
		b.f, b.openErr = excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	})
	if b.openErr != nil {
		t.Fatal(b.openErr)
	}
	return path, b.f
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, b := range []*sharedBook{&fixtureBook, &acmeBook, &mailBook} {
		if b.f != nil {
			b.f.Close()
		}
		if b.dir != "" {
			os.RemoveAll(b.dir)
		}
	}
	testexit.Exit(code)
}
