package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"clientscore/analysis"
	"clientscore/ingest"
	"clientscore/report"
)

// The stage benchmarks run each stage of `clientscore run` on a folder of
// exports that `clientscore sample` wrote, with the config it wrote:
//
//	clientscore sample --format csv --invoices 1000000 --clients 20000 --out /tmp/csv1m
//	CLIENTSCORE_BIG_DIR=/tmp/csv1m go test -run '^$' -bench Stages -benchmem -benchtime 1x ./cmd/clientscore
//
// read is ingest.Read; analyze is analysis.Analyze of what was read;
// scorecard writes the workbook; run is the whole command, as a user
// runs it, with the heap policy main sets. They are skipped when
// CLIENTSCORE_BIG_DIR is not set.
func BenchmarkStages(b *testing.B) {
	dir := os.Getenv("CLIENTSCORE_BIG_DIR")
	if dir == "" {
		b.Skip("CLIENTSCORE_BIG_DIR names no folder of sample exports")
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		defer adaptHeap(softMemoryLimit)()
	}
	config := filepath.Join(dir, "clientscore.yaml")
	j, err := loadJob(config, analysis.Date(0), time.Now(), zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	j.rules.Evidence = j.evidence(&runFlags{}, false)
	j.scorecardOnly()
	ctx := context.Background()
	var res *ingest.Result
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			res = nil
			if res, err = ingest.Read(ctx, j.in); err != nil {
				b.Fatal(err)
			}
		}
	})
	if res == nil {
		return
	}
	var o *outcome
	b.Run("analyze", func(b *testing.B) {
		pays := res.Data.PaymentBook
		for b.Loop() {
			// A scorecard's analysis empties the payment book it is
			// handed: each gets a copy.
			b.StopTimer()
			if pays != nil {
				res.Data.PaymentBook = analysis.NewBook(analysis.InputPayments)
				res.Data.PaymentBook.Merge(pays)
			}
			b.StartTimer()
			o = j.analyze(res, 0)
		}
	})
	if o == nil {
		return
	}
	b.Run("scorecard", func(b *testing.B) {
		out := b.TempDir()
		for b.Loop() {
			if err := report.WriteScorecard(filepath.Join(out, "scorecard.xlsx"), j.scorecard(o, out, zerolog.Nop())); err != nil {
				b.Fatal(err)
			}
		}
	})
	res, o = nil, nil
	b.Run("run", func(b *testing.B) {
		out := b.TempDir()
		for b.Loop() {
			var stdout, stderr discard
			if code := run(ctx, []string{"run", "--no-email", "--config", config, "--out", out}, &stdout, &stderr); code != exitOK {
				b.Fatalf("exit %d", code)
			}
		}
	})
}

// discard is an io.Writer that keeps nothing.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
