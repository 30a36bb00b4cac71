package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"clientscore/analysis"
)

// ErrInput is matched (errors.Is) by every error that makes an input
// unusable: a pattern matching no file, an unreadable or damaged file, an
// unknown extension, a missing sheet, no header row with the required
// columns, a columns override naming a header that is not there. Such an
// error is always an *InputError.
var ErrInput = errors.New("input is unusable")

// Problems with a single value. A *FieldError wraps one of these (with
// details), so callers can test errors.Is(err, ErrBadDate). Messages read
// as predicates of the value: `"12/25/2026" is not a date in DMY order`.
var (
	ErrMissing     = errors.New("is empty")
	ErrBadDate     = errors.New("is not a date")
	ErrBadTime     = errors.New("is not a time of day")
	ErrBadAmount   = errors.New("is not an amount")
	ErrBadDuration = errors.New("is not a duration")
	ErrBadBool     = errors.New("is not yes or no")
	ErrBadTerms    = errors.New("is not payment terms")
	ErrBadCurrency = errors.New("is not an ISO 4217 currency code")
	ErrNoRate      = errors.New("has no fx rate")
	ErrBadRow      = errors.New("is not a readable CSV record")
	ErrErrorValue  = errors.New("is a spreadsheet error value, not data")
	ErrNoValue     = errors.New("is a formula with no saved value")
	ErrTooLong     = errors.New("is longer than a spreadsheet cell holds")
)

// InputError says why an input cannot be used, on one line, naming the
// input, the file (relative to Options.BaseDir), the sheet and, where there
// is one, the cell.
type InputError struct {
	Input analysis.Input
	File  string // "" when the error is about the pattern itself
	Sheet string // "" for CSV or when no sheet is concerned
	Row   int    // 1-based; 0 when no row is concerned
	Col   int    // 1-based; 0 when no column is concerned
	Err   error  // what is wrong and what to do, e.g. wraps xlsx.ErrEncrypted
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Input))
	if e.File != "" {
		b.WriteString(": ")
		b.WriteString(e.File)
	}
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	switch {
	case e.Row > 0 && e.Col > 0:
		fmt.Fprintf(&b, ": cell %s%d", ColumnLetter(e.Col), e.Row)
	case e.Row > 0:
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	b.WriteString(": ")
	b.WriteString(oneLine(e.Err.Error()))
	return b.String()
}

// Unwrap returns the cause, so errors.Is(err, xlsx.ErrEncrypted) works.
func (e *InputError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInput.
func (e *InputError) Is(target error) bool { return target == ErrInput }

// oneLine folds line breaks (from a library's message) into spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// Pos is a cell's position: the file as the user named it, the sheet ("" for
// CSV), and the 1-based row and column as a spreadsheet shows them.
type Pos struct {
	File, Sheet string
	Row, Col    int
}

// String prints an xlsx position as `invoices.xlsx:Invoices!C12` (the sheet
// quoted the way Excel quotes it when it holds spaces or punctuation) and a
// CSV position as `payments.csv:12:3` (row 12, column 3).
func (p Pos) String() string {
	if p.Sheet == "" {
		if p.Col == 0 {
			return p.File + ":" + strconv.Itoa(p.Row)
		}
		return p.File + ":" + strconv.Itoa(p.Row) + ":" + strconv.Itoa(p.Col)
	}
	sheet := p.Sheet
	if needsQuotes(sheet) {
		sheet = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	col := ""
	if p.Col > 0 {
		col = ColumnLetter(p.Col)
	}
	return p.File + ":" + sheet + "!" + col + strconv.Itoa(p.Row)
}

func needsQuotes(sheet string) bool {
	for _, r := range sheet {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127) {
			return true
		}
	}
	return false
}

// ColumnLetter returns the spreadsheet letters of 1-based column n: 1 is A,
// 27 is AA.
func ColumnLetter(n int) string {
	if n <= 0 {
		return ""
	}
	var buf [8]byte
	i := len(buf)
	for n > 0 {
		n--
		i--
		buf[i] = byte('A' + n%26)
		n /= 26
	}
	return string(buf[i:])
}

// FieldError is one bad value in one row: where it is, the column as the
// file names it, the cell's text and what is wrong (wrapping one of the
// Err… sentinels above).
type FieldError struct {
	Pos
	Field string // the header as the file writes it ("Due Date")
	Value string // the cell's text as read
	Err   error
}

// Error reads `payments.csv:12:3: Date "12/25/2026" is not a date in DMY
// order (month 25); set locale.date_order: MDY if this export is
// month-first`.
func (e *FieldError) Error() string {
	if v, ok := e.Err.(*valueError); ok && v.standalone {
		return e.Pos.String() + ": " + e.Field + ": " + v.msg
	}
	return e.Pos.String() + ": " + e.Field + " " + problem(e.Value, e.Err)
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// issue is e as a row of the Data issues sheet, at ref (e's row): the
// row is rejected.
func (e *FieldError) issue(ref analysis.Ref) analysis.Issue {
	is := analysis.Issue{
		Severity: analysis.SeverityError,
		Ref:      ref,
		Value:    e.Value,
		Problem:  problem(e.Value, e.Err),
	}
	if e.Col > 0 {
		is.Column = columnLabel(e.Field, e.Col)
	}
	return is
}

// columnLabel names column col (1-based) for the Data issues sheet by its
// header and letter: "Amount (E)".
func columnLabel(header string, col int) string {
	return header + " (" + ColumnLetter(col) + ")"
}

// problem words err for the Data issues sheet: the value quoted, then the
// predicate; a standalone message (a missing value, a missing fx rate) as
// it is.
func problem(value string, err error) string {
	if v, ok := err.(*valueError); ok && v.standalone {
		return v.msg
	}
	if errors.Is(err, ErrMissing) {
		return err.Error()
	}
	return strconv.Quote(value) + " " + err.Error()
}

// The plain forms of the value errors, shared (they are never changed).
var (
	errNotAmount        = &valueError{kind: ErrBadAmount, msg: "is not an amount"}
	errNotTime          = &valueError{kind: ErrBadTime, msg: "is not a time of day"}
	errNotDuration      = &valueError{kind: ErrBadDuration, msg: "is not a duration"}
	errNotClockDuration = &valueError{kind: ErrBadDuration, msg: "is not a duration (write h:mm or h:mm:ss)"}
)

// valueError is a detailed message for one of the sentinels.
type valueError struct {
	kind       error
	msg        string
	standalone bool // msg is a sentence of its own, not a predicate of the value
}

func (e *valueError) Error() string { return e.msg }
func (e *valueError) Unwrap() error { return e.kind }

// bad returns a predicate error of the given kind: bad(ErrBadDate, "is not a
// date in %s order", order).
func bad(kind error, format string, args ...any) error {
	return &valueError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// sentence returns an error whose message stands on its own.
func sentence(kind error, format string, args ...any) error {
	return &valueError{kind: kind, msg: fmt.Sprintf(format, args...), standalone: true}
}
