package ingest

import (
	"time"

	"clientscore/analysis"
)

// Progress is how far reading one file has got, for a progress bar: Rows
// says how much is done, Bytes of Size how much is left.
type Progress struct {
	Input   analysis.Input
	File    string        // as named in Refs and messages
	Rows    int           // data rows read so far, as SourceFile.Rows counts them
	Bytes   int64         // bytes of the file read so far (compressed bytes of a workbook)
	Size    int64         // the file's size in bytes
	Elapsed time.Duration // since reading the file began
	// Done marks the file's last report: it has been read (Bytes is
	// then Size), or reading it stopped on an error or cancellation.
	Done bool
}

// progressEvery is how often, at most, a file's progress is reported.
const progressEvery = 100 * time.Millisecond

// progressReporter calls Options.Progress for one file.
type progressReporter struct {
	fn    func(Progress)
	p     Progress
	now   func() time.Time
	start time.Time
	last  time.Time
	bytes func() int64 // bytes of the file read so far; nil when unknown
}

func newProgressReporter(fn func(Progress), kind analysis.Input, file string, size int64) *progressReporter {
	if fn == nil {
		return nil
	}
	now := time.Now()
	return &progressReporter{fn: fn, p: Progress{Input: kind, File: file, Size: size}, now: time.Now, start: now, last: now}
}

// tick reports rows read when the last report is old enough. It is
// called every few hundred rows.
func (pr *progressReporter) tick(rows int) {
	if pr == nil {
		return
	}
	now := pr.now()
	if now.Sub(pr.last) < progressEvery {
		return
	}
	pr.last = now
	pr.report(rows, now, false)
}

// done makes the file's last report; read says whether all of it was.
func (pr *progressReporter) done(rows int, read bool) {
	if pr == nil {
		return
	}
	if read {
		pr.bytes, pr.p.Bytes = nil, pr.p.Size
	}
	pr.report(rows, pr.now(), true)
}

func (pr *progressReporter) report(rows int, now time.Time, done bool) {
	p := pr.p
	p.Rows, p.Elapsed, p.Done = rows, now.Sub(pr.start), done
	if pr.bytes != nil {
		p.Bytes = min(pr.bytes(), p.Size)
	}
	pr.fn(p)
}
