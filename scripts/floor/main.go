// Command floor measures the floor of reading workbooks: the time it
// takes to inflate every worksheet and the shared strings of each .xlsx
// file given and visit every byte of their XML once (counting tags and
// cells), which any reader of those files must pay before it does any
// work of its own. scripts/bench-full.sh divides a full run's wall time
// by it.
//
//	go run ./scripts/floor [-runs N] file.xlsx...
//
// It prints one line per file and two totals: "sequential", the files one
// after another on one core, and "parallel", the files spread over
// GOMAXPROCS cores (the least any reader that reads inputs concurrently
// can take). Each figure is the best of -runs runs (default 3).
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 3, "runs of each measurement; the best is kept")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 || *runs < 1 {
		fmt.Fprintln(stderr, "usage: floor [-runs N] file.xlsx...")
		return 2
	}
	files := fs.Args()
	var seq time.Duration
	for _, path := range files {
		best, st, err := bestOf(*runs, func() (stats, error) { return visit(ctx, path) })
		if err != nil {
			fmt.Fprintf(stderr, "floor: %s: %v\n", path, err)
			return 1
		}
		seq += best
		fmt.Fprintf(stdout, "%-40s %6.3f s  %4d parts  %8.1f MB of XML  %10d cells\n", path, best.Seconds(), st.parts, float64(st.bytes)/1e6, st.cells)
	}
	par, _, err := bestOf(*runs, func() (stats, error) { return visitAll(ctx, files, runtime.GOMAXPROCS(0)) })
	if err != nil {
		fmt.Fprintf(stderr, "floor: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "sequential %.3f s\n", seq.Seconds())
	fmt.Fprintf(stdout, "parallel %.3f s (%d cores)\n", par.Seconds(), runtime.GOMAXPROCS(0))
	return 0
}

// stats is what one visit saw.
type stats struct {
	parts int   // zip parts inflated
	bytes int64 // bytes of XML
	cells int64 // <c> elements
}

func (s *stats) add(o stats) {
	s.parts += o.parts
	s.bytes += o.bytes
	s.cells += o.cells
}

func bestOf(n int, f func() (stats, error)) (time.Duration, stats, error) {
	var best time.Duration
	var st stats
	for i := 0; i < n; i++ {
		start := time.Now()
		s, err := f()
		took := time.Since(start)
		if err != nil {
			return 0, stats{}, err
		}
		if i == 0 || took < best {
			best, st = took, s
		}
	}
	return best, st, nil
}

// visitAll visits files on workers goroutines, the biggest first.
func visitAll(ctx context.Context, files []string, workers int) (stats, error) {
	work := make(chan string, len(files))
	for _, f := range files {
		work <- f
	}
	close(work)
	var (
		mu    sync.Mutex
		total stats
		errs  []error
		wg    sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for path := range work {
				s, err := visit(ctx, path)
				mu.Lock()
				total.add(s)
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return total, errors.Join(errs...)
}

// visit inflates the worksheets and shared strings of one workbook and
// reads every byte of them once.
func visit(ctx context.Context, path string) (stats, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return stats{}, err
	}
	defer zr.Close()
	var st stats
	buf := make([]byte, 256<<10)
	for _, f := range zr.File {
		if !(strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml")) && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return st, err
		}
		rc, err := f.Open()
		if err != nil {
			return st, fmt.Errorf("%s: %w", f.Name, err)
		}
		n, cells, err := scan(rc, buf)
		rc.Close()
		if err != nil {
			return st, fmt.Errorf("%s: %w", f.Name, err)
		}
		st.add(stats{parts: 1, bytes: n, cells: cells})
	}
	if st.parts == 0 {
		return st, errors.New("no worksheets")
	}
	return st, nil
}

// scan reads r to the end, counting the bytes and the cell elements
// ("<c " and "<c>"; a tag split across two reads is counted by the carry).
func scan(r io.Reader, buf []byte) (n, cells int64, err error) {
	carry := 0 // bytes of a possible "<c" kept at the start of buf
	for {
		k, err := r.Read(buf[carry:])
		n += int64(k)
		chunk := buf[:carry+k]
		for i := 0; ; {
			j := bytes.IndexByte(chunk[i:], '<')
			if j < 0 {
				break
			}
			i += j + 1
			if i+1 < len(chunk) && chunk[i] == 'c' && (chunk[i+1] == ' ' || chunk[i+1] == '>') {
				cells++
			}
		}
		carry = 0
		if l := len(chunk); l >= 2 && chunk[l-2] == '<' && chunk[l-1] == 'c' {
			carry = 2
		} else if l >= 1 && chunk[l-1] == '<' {
			carry = 1
		}
		copy(buf, chunk[len(chunk)-carry:])
		if err == io.EOF {
			return n, cells, nil
		}
		if err != nil {
			return n, cells, err
		}
	}
}
