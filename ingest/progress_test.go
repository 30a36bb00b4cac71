package ingest

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"clientscore/analysis"
)

// progressLog gathers reports as a caller would, from several goroutines.
type progressLog struct {
	mu      sync.Mutex
	reports map[string][]Progress // by file
}

func (l *progressLog) add(p Progress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reports == nil {
		l.reports = map[string][]Progress{}
	}
	l.reports[p.File] = append(l.reports[p.File], p)
}

// check holds every file's reports to Progress's promises: they climb,
// the last alone is Done, and it agrees with the SourceFile.
func (l *progressLog) check(t *testing.T, dir string, res *Result) {
	t.Helper()
	if len(l.reports) != len(res.Files) {
		t.Errorf("reports for %d files, read %d", len(l.reports), len(res.Files))
	}
	for _, f := range res.Files {
		reps := l.reports[f.Path]
		if len(reps) == 0 {
			t.Errorf("%s: no report", f.Path)
			continue
		}
		fi, err := os.Stat(filepath.Join(dir, f.Path))
		if err != nil {
			t.Fatal(err)
		}
		var prev Progress
		for i, p := range reps {
			if p.Input != f.Input || p.Size != fi.Size() || p.Rows < prev.Rows || p.Bytes < prev.Bytes ||
				p.Bytes > p.Size || p.Elapsed < prev.Elapsed || p.Done != (i == len(reps)-1) {
				t.Errorf("%s: report %d of %d is %+v after %+v", f.Path, i+1, len(reps), p, prev)
			}
			if i > 0 && !p.Done && p.Elapsed-prev.Elapsed < progressEvery {
				t.Errorf("%s: reports %v apart", f.Path, p.Elapsed-prev.Elapsed)
			}
			prev = p
		}
		if prev.Rows != f.Rows || prev.Bytes != prev.Size {
			t.Errorf("%s: last report %+v, read %d rows", f.Path, prev, f.Rows)
		}
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	dir := bigFilesDir(t)
	var log progressLog
	res := mustRead(t, func(o *Options) {
		o.BaseDir = dir
		o.Progress = log.add
	}, paymentsCSV, Input{Kind: analysis.InputInvoices, Pattern: "invoices.xlsx"})
	log.check(t, dir, res)
}

// TestProgressOfAFileThatFails: a file that cannot be read still ends
// with a Done report.
func TestProgressOfAFileThatFails(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, map[string]string{"p.csv": "no;header;here\n1;2;3\n"})
	var log progressLog
	_, err := readInputs(t, func(o *Options) {
		o.BaseDir = dir
		o.Progress = log.add
	}, Input{Kind: analysis.InputPayments, Pattern: "p.csv"})
	if err == nil {
		t.Fatal("read a file with no header")
	}
	reps := log.reports["p.csv"]
	if len(reps) != 1 || !reps[0].Done || reps[0].Rows != 0 {
		t.Errorf("reports %+v, want one Done", reps)
	}
}

// TestProgressEvery: between the first and the last, reports come at most
// every progressEvery, however often the reader ticks.
func TestProgressEvery(t *testing.T) {
	t.Parallel()
	var got []Progress
	pr := newProgressReporter(func(p Progress) { got = append(got, p) }, analysis.InputPayments, "p.csv", 1000)
	clock := pr.start
	pr.now = func() time.Time { return clock }
	read := int64(0)
	pr.bytes = func() int64 { return read }
	for i := 1; i <= 100; i++ {
		clock = clock.Add(25 * time.Millisecond)
		read += 10
		pr.tick(i)
	}
	pr.done(100, true)
	if len(got) != 26 {
		t.Fatalf("%d reports, want 25 and the last", len(got))
	}
	if p := got[0]; p.Rows != 4 || p.Bytes != 40 || p.Elapsed != 100*time.Millisecond || p.Done {
		t.Errorf("first report %+v", p)
	}
	if p := got[25]; p.Rows != 100 || p.Bytes != 1000 || !p.Done || p.File != "p.csv" || p.Input != analysis.InputPayments {
		t.Errorf("last report %+v", p)
	}
}
