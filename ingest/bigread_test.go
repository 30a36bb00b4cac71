package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"clientscore/analysis"
	"clientscore/config"
)

// The big-file harness reads the exports that "clientscore sample" wrote,
// with the config it wrote beside them, file by file and all together as
// a run reads them:
//
//	go build -o /tmp/cs ./cmd/clientscore
//	/tmp/cs sample --out /tmp/big --invoices 1000000 --clients 20000
//	CLIENTSCORE_BIG_DIR=/tmp/big go test -run '^$' -bench BigRead -benchmem -benchtime 2x ./ingest
//	CLIENTSCORE_BIG_DIR=/tmp/big go test -run '^$' -bench 'BigRead/all$' -benchtime 1x ./ingest  # peak RSS of one read
//
// It is skipped when CLIENTSCORE_BIG_DIR is not set. Each xlsx file also
// gets a floor: inflating its worksheets and shared strings and visiting
// every byte, what any reader of the file must pay.

// bigOptions reads the sample's config as the command does.
func bigOptions(tb testing.TB) Options {
	tb.Helper()
	dir := os.Getenv("CLIENTSCORE_BIG_DIR")
	if dir == "" {
		tb.Skip("CLIENTSCORE_BIG_DIR names no folder of sample exports")
	}
	cfg, err := config.Load(filepath.Join(dir, "clientscore.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	loc, err := cfg.Location()
	if err != nil {
		tb.Fatal(err)
	}
	rates, err := analysis.NewRates(cfg.Currency, cfg.FX)
	if err != nil {
		tb.Fatal(err)
	}
	locale := func(l config.Locale) Locale {
		out := Locale{DateOrder: l.DateOrder, BuddhistEra: l.BuddhistEra, Decimal: '.'}
		if l.Decimal != "" {
			out.Decimal = l.Decimal[0]
		}
		return out
	}
	opts := Options{BaseDir: cfg.Dir, Locale: locale(cfg.InputLocale(nil)), Location: loc, Rates: rates}
	for _, in := range cfg.Inputs.List() {
		l := locale(cfg.InputLocale(in.Input))
		opts.Inputs = append(opts.Inputs, Input{
			Kind: analysis.Input(in.Name), Pattern: in.AbsPath, Sheet: in.Sheet, Columns: in.Columns, Locale: &l,
		})
	}
	return opts
}

func BenchmarkBigRead(b *testing.B) {
	opts := bigOptions(b)
	for _, in := range opts.Inputs {
		name := filepath.Base(in.Pattern)
		fi, err := os.Stat(in.Pattern)
		if err != nil || fi.Size() < 1<<20 {
			continue // the small inputs say nothing about speed
		}
		one := opts
		one.Inputs = []Input{in}
		b.Run(name, func(b *testing.B) { benchBigRead(b, one, fi.Size()) })
		if strings.HasSuffix(name, ".xlsx") {
			b.Run(name+"/floor", func(b *testing.B) { benchInflateFloor(b, in.Pattern) })
		}
	}
	var size int64
	for _, in := range opts.Inputs {
		if fi, err := os.Stat(in.Pattern); err == nil {
			size += fi.Size()
		}
	}
	b.Run("all", func(b *testing.B) { benchBigRead(b, opts, size) })
}

// benchBigRead reads opts and reports rows per second, the CPU time a
// read takes (both cores' worth: on a shared machine it says more than
// the wall time does), and the heap the result keeps per row, after
// collection (the collections are not timed).
func benchBigRead(b *testing.B, opts Options, size int64) {
	b.SetBytes(size)
	rows := 0
	var cpu time.Duration
	var before, after runtime.MemStats
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		cpu0 := cpuTime()
		b.StartTimer()
		res, err := Read(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - cpu0
		runtime.GC()
		runtime.ReadMemStats(&after)
		rows = 0
		for _, f := range res.Files {
			rows += f.Rows
		}
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(rows), "kept-B/row")
		runtime.KeepAlive(res)
		res = nil
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		// The process's peak so far: run one benchmark per process
		// (-bench 'BigRead/all$') for the peak of that read.
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine it says more than the wall time does (the collections
// between iterations count too).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchInflateFloor inflates every worksheet and the shared strings of a
// workbook and counts their '<': every byte visited once.
func benchInflateFloor(b *testing.B, path string) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	var parts []*zip.File
	var size int64
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") && strings.HasSuffix(f.Name, ".xml") || f.Name == "xl/sharedStrings.xml" {
			parts = append(parts, f)
			size += int64(f.UncompressedSize64)
		}
	}
	b.SetBytes(size)
	buf := make([]byte, 256<<10)
	for b.Loop() {
		tags := 0
		for _, p := range parts {
			rc, err := p.Open()
			if err != nil {
				b.Fatal(err)
			}
			for {
				n, err := rc.Read(buf)
				tags += bytes.Count(buf[:n], []byte("<"))
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			rc.Close()
		}
		if tags == 0 {
			b.Fatal("no tags")
		}
	}
}
