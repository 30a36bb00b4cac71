package main

import (
	"fmt"
	"io"
	"path/filepath"

	"clientscore/internal/sample"
)

func cmdSample(args []string, stdout io.Writer) error {
	fs := newFlagSet("sample")
	out := fs.String("out", "", "the folder (`DIR`) to write the exports and config into (required; must not hold them already)")
	clients := fs.Int("clients", 0, "the number of clients, at least 22 (`N`; default 40, or invoices/50)")
	invoices := fs.Int("invoices", 0, "about how many invoices to write (default 12 per client)")
	seed := fs.Int64("seed", 1, "the random seed (`N`); the same flags write the same bytes")
	format := fs.String("format", "xlsx", "the kind of files (`FORMAT`): xlsx (mixed export styles, as real firms have), csv (CSV only) or xlsx-all (every export a workbook, split into several past 1,040,000 rows; for benchmarks)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *out == "":
		return usageErrorf("sample: --out DIR is required")
	case *format != "xlsx" && *format != "csv" && *format != "xlsx-all":
		return usageErrorf("sample: --format %q: want xlsx, csv or xlsx-all", *format)
	case *clients < 0 || *invoices < 0:
		return usageErrorf("sample: --clients and --invoices cannot be negative")
	}
	sum, err := sample.Write(sample.Options{Dir: *out, Clients: *clients, Invoices: *invoices, Seed: *seed, Format: *format})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s clients, %s invoices, %s credit notes, %s payments, %s disputes, %s support contacts, %s time entries, %s expenses to %s:\n",
		thousands(sum.Clients), thousands(sum.Invoices), thousands(sum.CreditNotes), thousands(sum.Payments), thousands(sum.Disputes),
		thousands(sum.Contacts), thousands(sum.TimeEntries), thousands(sum.Expenses), sum.Dir)
	for _, f := range sum.Files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	fmt.Fprintf(stdout, "try: clientscore run --config %s\n", filepath.Join(*out, filepath.Base(sum.Config)))
	return nil
}
