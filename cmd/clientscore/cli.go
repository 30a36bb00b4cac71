package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

const usage = `clientscore finds the clients who cost more than they bring.

Usage:
  clientscore run --config FILE [--as-of DATE] [--out DIR] [--client NAME]...
                  [--renewing-within DUR] [--scorecard] [--email] [--no-email]
  clientscore schedule --config FILE [--run-now]
  clientscore validate --config FILE [--as-of DATE]
  clientscore sample --out DIR [--clients N] [--invoices N] [--seed N] [--format xlsx|csv|xlsx-all]
  clientscore version

Commands:
  run       read the inputs, compute, write the scorecard (or the renewal
            dossiers with --client/--renewing-within) and email it if
            the config has an email section
  schedule  stay up and run on the config's schedule; stop on SIGINT/SIGTERM
  validate  read and check the config and inputs; print every data issue;
            write nothing
  sample    write realistic demo exports and a config that reads them
  version   print the version, commit and Go version

EXIT STATUS
  0  success (warnings allowed)
  1  anything else went wrong
  2  usage or config error
  3  input error: a file cannot be read, a required column is missing, or
     more than report.max_rejected_share of an input's rows were rejected;
     no workbook is written
  4  the workbook was written but email delivery failed
`

// run is the whole program: it parses args, runs one command and returns
// the exit status. Everything the commands print goes to stdout and stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "validate":
		err = cmdValidate(ctx, args[1:], stdout, stderr)
	case "schedule":
		err = cmdSchedule(ctx, args[1:], stdout, stderr)
	case "sample":
		err = cmdSample(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		return cmdVersion(stdout)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = usageErrorf("unknown command %q (commands: run, schedule, validate, sample, version)", args[0])
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	code := exitCode(err)
	fmt.Fprintf(stderr, "clientscore: %s\n", oneLine(err.Error()))
	return code
}

// oneLine keeps a message on one line so the last line of stderr says
// everything (config errors list several problems; they are joined).
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}

// newFlagSet returns a flag set whose errors are usage errors and whose
// help goes to w.
func newFlagSet(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("clientscore "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}

// parseFlags parses args, turning flag errors into usage errors and
// refusing stray arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageErrorf("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usageErrorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ", ") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }
