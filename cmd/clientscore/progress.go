package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"clientscore/ingest"
	"clientscore/internal/clip"
)

// progressBars draws one line per input file on a terminal while a long
// read goes on: a bar, the share read, rows and rows per second. It stays
// silent for the first second, so short runs print nothing, and it is
// never used when stderr is not a terminal (logs, cron).
type progressBars struct {
	w     io.Writer
	start time.Time

	mu    sync.Mutex
	files []ingest.Progress // in the order first seen
	drawn int               // lines drawn last time
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// startProgress returns the ingest callback and a function that ends the
// display, or (nil, no-op) when w is not a terminal.
func startProgress(w io.Writer) (func(ingest.Progress), func()) {
	if !isTerminal(w) {
		return nil, func() {}
	}
	p := &progressBars{w: w, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p.update, p.finish
}

func (p *progressBars) update(u ingest.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.files {
		if p.files[i].Input == u.Input && p.files[i].File == u.File {
			p.files[i] = u
			return
		}
	}
	p.files = append(p.files, u)
}

func (p *progressBars) loop() {
	defer close(p.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			if time.Since(p.start) >= time.Second {
				p.draw()
			}
		}
	}
}

// draw redraws every line in place.
func (p *progressBars) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	if p.drawn > 0 {
		fmt.Fprintf(&b, "\033[%dA", p.drawn) // back to the first line
	}
	for _, f := range p.files {
		b.WriteString("\r\033[K")
		b.WriteString(progressLine(f))
		b.WriteByte('\n')
	}
	p.drawn = len(p.files)
	io.WriteString(p.w, b.String())
}

// finish stops drawing and clears the lines, so the summary that follows
// stands alone. Calls after the first do nothing.
func (p *progressBars) finish() {
	p.once.Do(p.end)
}

func (p *progressBars) end() {
	close(p.stop)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn > 0 {
		fmt.Fprintf(p.w, "\033[%dA\033[J", p.drawn)
	}
}

// progressLine is one file's line:
// "payments  payments.csv  [#########-----------]  45%  412,000 rows  310,000 rows/s".
func progressLine(f ingest.Progress) string {
	const width = 20
	share := 0.0
	if f.Size > 0 && f.Bytes > 0 {
		share = min(1, float64(f.Bytes)/float64(f.Size))
	}
	if f.Done {
		share = 1
	}
	filled := int(share * width)
	rate := 0.0
	if s := f.Elapsed.Seconds(); s > 0 {
		rate = float64(f.Rows) / s
	}
	state := ""
	if f.Done {
		state = "  done"
	}
	return fmt.Sprintf("%-9s %-24s [%s%s] %3.0f%%  %s rows  %s rows/s%s",
		f.Input, clip.Tail(f.File, 24), strings.Repeat("#", filled), strings.Repeat("-", width-filled),
		100*share, thousands(f.Rows), thousands(int(rate)), state)
}

// thousands writes n with comma separators: 1234567 → "1,234,567".
func thousands(n int) string { return message.NewPrinter(language.English).Sprintf("%d", n) }

// stageLines tells a person at a terminal what a long run is doing once
// the progress bars are gone: "analysing 1,000,000 invoices and 812,000
// payments", "writing the scorecard". The zero value is silent, as every
// run off a terminal (cron, the worker, a pipe) is.
type stageLines struct{ w io.Writer }

// newStageLines returns stage lines on w when w is a terminal.
func newStageLines(w io.Writer) stageLines {
	if !isTerminal(w) {
		return stageLines{}
	}
	return stageLines{w: w}
}

func (s stageLines) say(format string, a ...any) {
	if s.w != nil {
		fmt.Fprintf(s.w, format+"\n", a...)
	}
}
