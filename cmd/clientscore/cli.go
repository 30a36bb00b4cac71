package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
)

// command is one of the program's commands, for the help texts.
type command struct {
	name     string
	synopsis string // the flags, as the README writes them
	what     string // what it does, in a line or two
}

var commands = []command{
	{"run", "--config FILE [--as-of DATE] [--out DIR] [--client NAME]... [--renewing-within DUR] [--scorecard] [--email] [--no-email]",
		"read the inputs, compute, write the scorecard (or the renewal dossiers with\n--client/--renewing-within) and email it if the config has an email section"},
	{"schedule", "--config FILE [--run-now]",
		"stay up and run on the config's schedule; stop on SIGINT/SIGTERM"},
	{"validate", "--config FILE [--as-of DATE] [--all]",
		"read and check the config and every input; print the issues grouped by\ninput and problem; write nothing; exit as run would"},
	{"init", "--from DIR [--out FILE] [--force]",
		"look at every export under DIR, recognise what each holds, and write a\ncommented config that reads them; print what it decided and what it could not"},
	{"sample", "--out DIR [--clients N] [--invoices N] [--seed N] [--format xlsx|csv|xlsx-all]",
		"write realistic demo exports and a config that reads them"},
	{"version", "", "print the version, commit and Go version"},
}

const exitStatusHelp = `EXIT STATUS
  0  success (warnings allowed)
  1  anything else went wrong
  2  usage or config error
  3  input error: a file cannot be read, a required column is missing, or
     more than report.max_rejected_share of an input's rows were rejected;
     no workbook is written
  4  the workbook was written but email delivery failed
`

// usage is the general help: every command, then the exit statuses.
func usage() string {
	var b strings.Builder
	b.WriteString("clientscore finds the clients who cost more than they bring.\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  clientscore %s\n", strings.TrimSpace(c.name+" "+c.synopsis))
	}
	b.WriteString("\nCommands:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		lines := strings.Split(c.what, "\n")
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(tw, "  \t%s\n", l)
		}
	}
	tw.Flush()
	b.WriteString("\n`clientscore help COMMAND` (or `clientscore COMMAND --help`) lists a command's flags.\n\n")
	b.WriteString(exitStatusHelp)
	return b.String()
}

// run is the whole program: it parses args, runs one command and returns
// the exit status. Everything the commands print goes to stdout and stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
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
	case "init":
		err = cmdInit(args[1:], stdout)
	case "sample":
		err = cmdSample(args[1:], stdout)
	case "version", "--version", "-version":
		return cmdVersion(stdout)
	case "help", "-h", "--help", "-help":
		switch {
		case len(args) == 1:
			fmt.Fprint(stdout, usage())
			return exitOK
		case args[1] == "version": // no flags to ask for
			fmt.Fprint(stdout, commandHelp(lookupCommand("version"), nil))
			return exitOK
		case lookupCommand(args[1]) != nil:
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		err = usageErrorf("help: unknown command %q (commands: %s)", args[1], commandNames())
	default:
		err = usageErrorf("unknown command %q (commands: %s)", args[0], commandNames())
	}
	var help *helpRequest
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &help):
		fmt.Fprint(stdout, commandHelp(lookupCommand(strings.TrimPrefix(help.fs.Name(), "clientscore ")), help.fs))
		return exitOK
	}
	code := exitCode(err)
	fmt.Fprintf(stderr, "clientscore: %s\n", oneLine(err.Error()))
	return code
}

func lookupCommand(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// commandHelp is one command's help: its synopsis, what it does and each
// flag of fs (nil: none) with the README's --flag spelling.
func commandHelp(c *command, fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: clientscore %s\n\n%s\n", strings.TrimSpace(c.name+" "+c.synopsis), c.what)
	if fs == nil {
		return b.String()
	}
	b.WriteString("\nFlags:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		switch arg {
		case "":
		case "string", "value":
			arg = " VALUE"
		case "int":
			arg = " N"
		default:
			arg = " " + arg
		}
		if f.Name == "config" && arg == " VALUE" { // a --config whose usage names no `FILE`
			arg = " FILE"
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" {
			text += " (default " + def + ")"
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n", f.Name, arg, text)
	})
	tw.Flush()
	b.WriteString("\n" + exitStatusHelp)
	return b.String()
}

// oneLine keeps a message on one line so the last line of stderr says
// everything (config errors list several problems; they are joined).
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}

// newFlagSet returns a flag set whose errors are usage errors and whose
// help (--help) is commandHelp on stdout; the flag package itself prints
// nothing.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("clientscore "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// helpRequest is --help on a command's line: run prints the command's help
// and exits 0.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return "help requested" }
func (h *helpRequest) Is(target error) bool {
	return target == flag.ErrHelp
}

// singleDash finds the flag package's "-name" in its messages.
var singleDash = regexp.MustCompile(`(: |flag )-([A-Za-z])`)

// parseFlags parses args, turning flag errors into usage errors (with the
// --flag spelling) and refusing stray arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	name := strings.TrimPrefix(fs.Name(), "clientscore ")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &helpRequest{fs: fs}
		}
		return usageErrorf("%s: %s (clientscore help %s lists its flags)", name, singleDash.ReplaceAllString(err.Error(), "$1--$2"), name)
	}
	if fs.NArg() > 0 {
		return usageErrorf("%s: unexpected argument %q (clientscore help %s lists its flags)", name, fs.Arg(0), name)
	}
	return nil
}

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ", ") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }
