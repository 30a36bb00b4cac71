package sample

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"clientscore/internal/testexit"
)

// sharedSamples are the samples that tests only read, each written once
// per run of the package's tests: a workbook sample takes seconds to write
// under the race detector.
var sharedSamples struct {
	sync.Mutex
	root    string // a temporary folder, removed by TestMain
	written map[Options]sharedSample
	rows    map[string][][]string // by path and sheet: sharedRows
}

type sharedSample struct {
	dir string
	sum Summary
}

// shared returns the sample of opts (without Dir), written on first use.
// A test must not change the folder: others read it after.
func shared(tb testing.TB, opts Options) (string, Summary) {
	tb.Helper()
	if opts.Format == "" {
		opts.Format = defaultFormat // the same sample as Options{}
	}
	s := &sharedSamples
	s.Lock()
	defer s.Unlock()
	if w, ok := s.written[opts]; ok {
		return w.dir, w.sum
	}
	if s.root == "" {
		root, err := os.MkdirTemp("", "sample-test-")
		if err != nil {
			tb.Fatal(err)
		}
		s.root, s.written = root, map[Options]sharedSample{}
	}
	key := opts
	dir, err := os.MkdirTemp(s.root, "")
	if err != nil {
		tb.Fatal(err)
	}
	opts.Dir = dir
	_, sum := write(tb, opts)
	s.written[key] = sharedSample{dir, sum}
	return dir, sum
}

// sharedRows returns readXLSXFile(path, sheet) when path is in a shared
// sample, read on first use (the tests read some sheets of a sample three
// times, and excelize takes seconds for a few thousand rows under the race
// detector); ok is false for any other path. Each caller gets its own copy
// of the rows.
func sharedRows(tb testing.TB, path, sheet string) (rows [][]string, ok bool) {
	tb.Helper()
	s := &sharedSamples
	s.Lock()
	defer s.Unlock()
	if s.root == "" || !strings.HasPrefix(path, s.root+string(filepath.Separator)) {
		return nil, false
	}
	key := path + "\x00" + sheet
	if _, ok := s.rows[key]; !ok {
		if s.rows == nil {
			s.rows = map[string][][]string{}
		}
		s.rows[key] = readXLSXFile(tb, path, sheet)
	}
	for _, r := range s.rows[key] {
		rows = append(rows, slices.Clone(r))
	}
	return rows, true
}

func TestMain(m *testing.M) {
	code := m.Run()
	if root := sharedSamples.root; root != "" {
		os.RemoveAll(root)
	}
	testexit.Exit(code)
}
