package ingest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"clientscore/internal/longtest"
	"clientscore/internal/testexit"
)

// bigFilesRows is the size of the files bigFiles holds: past reserveAt
// (4,096), and a sheet past the workbook reader's 512 KiB scan buffer.
const bigFilesRows = 6000

// bigFiles is a folder holding payments.csv (writePaymentsCSV) and
// invoices.xlsx (writeInvoicesXLSX) of bigFilesRows rows each, written once
// for the tests that only read them: the workbook takes seconds to write
// under the race detector. TestMain removes it.
var bigFiles struct {
	once sync.Once
	dir  string
}

// bigFilesDir returns bigFiles' folder; a test must not change it.
func bigFilesDir(tb testing.TB) string {
	tb.Helper()
	bigFiles.once.Do(func() {
		dir, err := os.MkdirTemp("", "ingest-test-")
		if err != nil {
			tb.Fatal(err)
		}
		writePaymentsCSV(tb, filepath.Join(dir, "payments.csv"), bigFilesRows)
		writeInvoicesXLSX(tb, filepath.Join(dir, "invoices.xlsx"), bigFilesRows)
		bigFiles.dir = dir
	})
	if bigFiles.dir == "" {
		tb.Fatal("writing the big files failed in an earlier test")
	}
	return bigFiles.dir
}

// shortened is n for randomised and repeated checks when the long tests
// run (CI runs them in full), and a tenth of it otherwise.
func shortened(n int) int {
	if !longtest.On() {
		return max(1, n/10)
	}
	return n
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigFiles.dir != "" {
		os.RemoveAll(bigFiles.dir)
	}
	testexit.Exit(code)
}
