package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"clientscore/analysis"
)

// cmdValidate checks the config and reads every input, printing each data
// issue and each file read. It writes nothing. Exit 3 when an input is
// unusable or over the rejected-rows limit, as `run` would.
func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", stderr)
	configPath := fs.String("config", "", "the config file (required)")
	asOf := fs.String("as-of", "", "check as of this date, YYYY-MM-DD")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := newLogger(stderr)
	j, err := loadJob(*configPath, *asOf, time.Now(), log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "config %s is valid; as of %s, window %s to %s, currency %s\n",
		*configPath, j.asOf, j.rules.From()+1, j.asOf, j.cfg.Currency)
	o, err := j.compute(ctx)
	if o != nil {
		for _, s := range o.sources {
			sheet := ""
			if s.Sheet != "" {
				sheet = fmt.Sprintf(" sheet %q", s.Sheet)
			}
			fmt.Fprintf(stdout, "%s: %s%s: %d rows, %d rejected\n", s.Input, s.Path, sheet, s.Rows, s.Rejected)
		}
		for _, is := range o.issues {
			fmt.Fprintf(stdout, "%s: %s\n", severityWord(is.Severity), describeIssue(is))
		}
		fmt.Fprintf(stdout, "%d clients: %s; %d data issues\n", o.result.Portfolio.Clients, verdictCounts(&o.result.Portfolio), len(o.issues))
	}
	return err
}

func severityWord(s analysis.Severity) string {
	switch s {
	case analysis.SeverityError:
		return "rejected"
	case analysis.SeverityWarning:
		return "warning"
	}
	return "note"
}
