package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"clientscore/analysis"
	"clientscore/ingest"
)

// groupRows is how many rows of each group of issues validate lists
// without --all.
const groupRows = 3

// cmdValidate checks the config and reads every input to the end, even
// past one that cannot be used, then prints the issues grouped by input
// and problem, and a summary line. It writes nothing. Its exit status is
// run's: 3 when an input cannot be used or has more rejected rows than
// report.max_rejected_share allows.
func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate")
	configPath := fs.String("config", "", "the config `FILE` (required)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "check as of this `DATE`, YYYY-MM-DD (default: the config's as_of, else today)")
	all := fs.Bool("all", false, "list every row of each group of issues, not only the first three")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := newLogger(stderr)
	j, err := loadJob(*configPath, asOf.date, time.Now(), log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "config %s is valid: as of %s, window %s to %s, currency %s\n",
		*configPath, j.asOf, j.rules.From()+1, j.asOf, j.cfg.Currency)
	for _, w := range j.warnings(true) {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}

	j.in.KeepGoing = true
	v, err := j.validation(ingest.Read(ctx, j.in))
	if err != nil {
		return err
	}
	v.print(stdout, *all)
	return v.verdict(j.cfg.Report.MaxRejectedShare)
}

// validation takes what ingest.Read returned with KeepGoing. The
// analysis' own checks (identity, repeated invoices, fx) need every input,
// so they run only when all could be read. err is Read's error when it is
// not about an input (a cancelled run).
func (j *job) validation(res *ingest.Result, readErr error) (*validation, error) {
	if readErr != nil && !errors.Is(readErr, ingest.ErrInput) {
		return nil, readErr
	}
	v := &validation{inputs: len(j.in.Inputs)}
	if res != nil {
		v.failed = res.Failed
	}
	if len(v.failed) == 0 && readErr != nil {
		v.failed = []error{readErr}
	}
	switch {
	case res != nil && len(v.failed) == 0:
		v.out = j.analyze(res, 0)
	case res != nil:
		v.out = &outcome{issues: res.Issues, sources: res.Files}
	}
	return v, nil
}

// verdict is validate's error, and so its exit status, as run's would be:
// an input that cannot be used, or too many rows rejected, is exit 3.
func (v *validation) verdict(maxRejected float64) error {
	if len(v.failed) > 0 {
		msg := v.failed[0].Error()
		if n := len(v.failed) - 1; n > 0 {
			msg += fmt.Sprintf("; and %s cannot be used (listed above)", plural(n, "more input", "more inputs"))
		}
		return &inputError{err: errors.New(msg)}
	}
	if v.out != nil {
		if err := checkRejected(v.out.sources, v.out.issues, maxRejected); err != nil {
			return &inputError{err: err}
		}
	}
	return nil
}

// validation is what validate found.
type validation struct {
	inputs int      // sources configured
	failed []error  // inputs that cannot be used
	out    *outcome // what was read (and, when nothing failed, analysed); nil when nothing was
}

// print writes the files read, the issues grouped, and the summary line.
func (v *validation) print(w io.Writer, all bool) {
	var issues []analysis.Issue
	if v.out != nil {
		issues = v.out.issues
		for _, s := range v.out.sources {
			sheet := ""
			if s.Sheet != "" {
				sheet = fmt.Sprintf(" sheet %q", s.Sheet)
			}
			fmt.Fprintf(w, "%s: %s%s: %s rows, %s rejected\n", s.Input, s.Path, sheet, thousands(s.Rows), thousands(s.Rejected))
		}
	}
	for _, err := range v.failed {
		fmt.Fprintf(w, "cannot be used: %s\n", oneLine(err.Error()))
	}

	groups := groupIssues(issues)
	var counts [3]int // per analysis.Severity
	for i, g := range groups {
		if i == 0 || g.input != groups[i-1].input {
			fmt.Fprintf(w, "\n%s:\n", g.input)
		}
		counts[g.severity] += len(g.issues)
		fmt.Fprintf(w, "  %s %s: %s\n", thousands(len(g.issues)), severityWords(g.severity, len(g.issues)), g.heading())
		shown := g.issues
		if !all && len(shown) > groupRows {
			shown = shown[:groupRows]
		}
		for _, is := range shown {
			fmt.Fprintf(w, "    %s\n", describeIssue(is))
		}
		if n := len(g.issues) - len(shown); n > 0 {
			fmt.Fprintf(w, "    and %s more (--all lists every row)\n", thousands(n))
		}
	}

	fmt.Fprintf(w, "\nvalidate: %s read", plural(v.inputs-len(v.failed), "input", "inputs"))
	if len(v.failed) > 0 {
		fmt.Fprintf(w, ", %s cannot be used", thousands(len(v.failed)))
	}
	fmt.Fprintf(w, "; %s rejected, %s, %s in %s",
		plural(counts[analysis.SeverityError], "row", "rows"),
		plural(counts[analysis.SeverityWarning], "warning", "warnings"),
		plural(counts[analysis.SeverityInfo], "note", "notes"),
		plural(len(groups), "group", "groups"))
	if v.out != nil && v.out.result != nil {
		p := &v.out.result.Portfolio
		fmt.Fprintf(w, "; %s clients: %s", thousands(p.Clients), verdictCounts(p))
	}
	fmt.Fprintln(w)
}

// plural is "1 row" or "2,345 rows".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// severityWords names a group's severity: "rows rejected", "warning".
func severityWords(s analysis.Severity, n int) string {
	switch s {
	case analysis.SeverityError:
		if n == 1 {
			return "row rejected"
		}
		return "rows rejected"
	case analysis.SeverityWarning:
		if n == 1 {
			return "warning"
		}
		return "warnings"
	}
	if n == 1 {
		return "note"
	}
	return "notes"
}

// issueGroup is the issues of one input that are one problem: the same
// severity, column and message once the values that vary from row to row
// (the cell's value, row numbers, dates, amounts, names in quotes) are
// taken out.
type issueGroup struct {
	input    analysis.Input
	severity analysis.Severity
	column   string // the column's header, without its letter
	issues   []analysis.Issue
}

// heading is what the group's rows have in common: the column and the
// message with each word that is not the same in every row as "…", and
// the cell's value as "…": `InvoiceDate: "…" is not a date in DMY order
// (month …)`. A word that never varies (ISO 4217) stays.
func (g *issueGroup) heading() string {
	var common []string
	for _, is := range g.issues {
		words := strings.Fields(withoutValue(is.Problem, is.Value))
		if common == nil {
			common = words
			continue
		}
		for i := range common {
			if i < len(words) && words[i] != common[i] {
				pre, _, post := splitWord(common[i])
				common[i] = pre + "…" + post
			}
		}
	}
	h := strings.Join(common, " ")
	if g.column == "" {
		return h
	}
	return g.column + ": " + h
}

// withoutValue is problem with the cell's value, where it quotes it, as
// "…".
func withoutValue(problem, value string) string {
	if value == "" {
		return problem
	}
	return strings.ReplaceAll(problem, strconv.Quote(value), `"…"`)
}

// columnLetter is the " (C)" after a header in Issue.Column.
var columnLetter = regexp.MustCompile(` \([A-Z]{1,3}\)$`)

// groupIssues groups issues by input, severity, column and problem
// template. Groups come in input order (invoices first), then worst
// severity first, then the biggest first, then in order of appearance;
// each keeps its issues in the order given.
func groupIssues(issues []analysis.Issue) []*issueGroup {
	type key struct {
		input    analysis.Input
		severity analysis.Severity
		column   string
		problem  string
	}
	index := map[key]*issueGroup{}
	var groups []*issueGroup
	for _, is := range issues {
		k := key{is.Input, is.Severity, columnLetter.ReplaceAllString(is.Column, ""), problemTemplate(is.Problem, is.Value)}
		g, ok := index[k]
		if !ok {
			g = &issueGroup{input: k.input, severity: k.severity, column: k.column}
			index[k] = g
			groups = append(groups, g)
		}
		g.issues = append(g.issues, is)
	}
	rank := func(in analysis.Input) int {
		if i := slices.Index(analysis.Inputs[:], in); i >= 0 {
			return i
		}
		return len(analysis.Inputs)
	}
	slices.SortStableFunc(groups, func(a, b *issueGroup) int {
		return cmp.Or(cmp.Compare(rank(a.input), rank(b.input)), cmp.Compare(a.severity, b.severity), cmp.Compare(len(b.issues), len(a.issues)))
	})
	return groups
}

// quoted finds a double-quoted part of a message.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// problemTemplate is a message with what varies from row to row taken
// out, each replaced by "…": the cell's value, anything in double quotes,
// and every word with a digit in it (row numbers, dates, amounts, invoice
// numbers). `"12/25/2026" is not a date in DMY order (month 25)` and
// `"31/13/2026" is not a date in DMY order (month 13)` have the same
// template.
func problemTemplate(problem, value string) string {
	t := quoted.ReplaceAllString(withoutValue(problem, value), `"…"`)
	words := strings.Fields(t)
	for i, w := range words {
		pre, core, post := splitWord(w)
		if core == "" || core == `"…"` {
			continue
		}
		if strings.ContainsFunc(core, unicode.IsDigit) || (value != "" && core == value) {
			words[i] = pre + "…" + post
		}
	}
	return strings.Join(words, " ")
}

// splitWord splits a word of a message into the punctuation before it, the
// word itself and the punctuation after it: "(month" is "(", "month", "".
func splitWord(w string) (pre, core, post string) {
	isPunct := func(r rune) bool { return strings.ContainsRune(`()[]{},.;:'`, r) }
	core = strings.TrimLeftFunc(w, isPunct)
	pre = w[:len(w)-len(core)]
	trimmed := strings.TrimRightFunc(core, isPunct)
	return pre, trimmed, core[len(trimmed):]
}
