package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"clientscore/analysis"
	"clientscore/ingest"
)

func TestProgressLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    ingest.Progress
		want []string
	}{
		{
			// 45 of 100 bytes; 412,000 rows in 2 s is 206,000 rows/s.
			ingest.Progress{Input: analysis.InputPayments, File: "payments.csv", Rows: 412000, Bytes: 45, Size: 100, Elapsed: 2 * time.Second},
			[]string{"payments", "payments.csv", "[#########-----------]", " 45%", "412,000 rows", "206,000 rows/s"},
		},
		{
			ingest.Progress{Input: analysis.InputInvoices, File: "invoices.xlsx", Rows: 1000000, Bytes: 0, Size: 0, Elapsed: 4 * time.Second, Done: true},
			[]string{"[####################]", "100%", "1,000,000 rows", "250,000 rows/s", "done"},
		},
		{
			// No bytes known (the excelize fallback) and no time yet.
			ingest.Progress{Input: analysis.InputSupport, File: "exports/2026/tickets-november-full-export.csv", Rows: 7},
			[]string{"[--------------------]", "  0%", "7 rows", "0 rows/s", "…ovember-full-export.csv"},
		},
	}
	for _, tt := range tests {
		got := progressLine(tt.p)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("progressLine = %q, missing %q", got, w)
			}
		}
	}
}

func TestThousands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// Not a terminal (a log file, cron): no callback and nothing written.
func TestProgressSilentWhenNotATerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	cb, done := startProgress(&buf)
	if cb != nil {
		t.Error("a progress callback for a non-terminal")
	}
	done()
	if buf.Len() != 0 {
		t.Errorf("wrote %q", buf.String())
	}
}

// On a terminal the lines are redrawn in place and cleared at the end.
func TestProgressDrawsAndClears(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := &progressBars{w: &buf, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	p.update(ingest.Progress{Input: analysis.InputInvoices, File: "a.xlsx", Rows: 10})
	p.update(ingest.Progress{Input: analysis.InputPayments, File: "b.csv", Rows: 5})
	p.update(ingest.Progress{Input: analysis.InputInvoices, File: "a.xlsx", Rows: 20})
	p.draw()
	p.draw()
	p.finish()
	out := buf.String()
	if strings.Count(out, "a.xlsx") != 2 || strings.Count(out, "b.csv") != 2 {
		t.Errorf("want each file drawn twice:\n%q", out)
	}
	if !strings.Contains(out, "20 rows") || strings.Contains(out, " 10 rows") {
		t.Errorf("the latest count is not shown:\n%q", out)
	}
	if !strings.Contains(out, "\033[2A") || !strings.HasSuffix(out, "\033[2A\033[J") {
		t.Errorf("lines not redrawn in place and cleared:\n%q", out)
	}
}
