package ingest

import (
	"strconv"
	"strings"

	"clientscore/analysis"
	"clientscore/ingest/xlsx"
)

// cell is one cell's text and what is known of its type.
type cell struct {
	text       string
	val        string          // text trimmed; set for the rows after the header
	numeric    bool            // the workbook stores a number: a serial in a date column
	format     xlsx.FormatKind // the number format of a workbook's cell (General in a CSV file)
	formula    bool            // the cell holds a formula; text is its saved result, "" when none was saved
	errorValue bool            // the cell holds an error value (#N/A, #REF!, …) rather than data
}

// errorValues are the values Excel shows for a formula that failed. A
// cell that holds one (typed as an error in a workbook, or written out as
// this text by an export) is not data.
var errorValues = map[string]bool{
	"#N/A": true, "#REF!": true, "#VALUE!": true, "#DIV/0!": true, "#NUM!": true, "#NAME?": true, "#NULL!": true,
	"#SPILL!": true, "#CALC!": true, "#FIELD!": true, "#BLOCKED!": true, "#CONNECT!": true, "#BUSY!": true,
	"#UNKNOWN!": true, "#GETTING_DATA": true, "#EXTERNAL!": true, "#PYTHON!": true,
}

// isErrorValue reports whether s, trimmed, is one of Excel's error values.
func isErrorValue(s string) bool {
	if s == "" || s[0] != '#' && s[0] != ' ' {
		return false // the common case, cheaply
	}
	t := trimText(s)
	return len(t) >= 4 && len(t) <= 16 && t[0] == '#' && errorValues[strings.ToUpper(t)]
}

// readBool reads yes/no, true/false, 1/0, y/n, x, ✓, "Disputed",
// "Billable" and their negatives; an empty cell (or "-") is false.
func readBool(s string) (bool, error) {
	t := strings.TrimSpace(s)
	if t == "✓" || t == "✔" || t == "☑" {
		return true, nil
	}
	switch fold(t) {
	case "", "no", "n", "false", "f", "0", "off", "none", "notdisputed", "undisputed", "nonbillable", "notbillable", "unbillable":
		return false, nil
	case "yes", "y", "true", "t", "1", "x", "on", "disputed", "billable":
		return true, nil
	}
	return false, bad(ErrBadBool, "is not yes or no")
}

// dueByTerms returns the due date that payment terms give an invoice
// issued on issued: "Net 30", "30", "Net 15 days", "2% 10 Net 30" (30),
// "Due on receipt" (0), "Due end of the month", "Due end of next month".
func dueByTerms(terms string, issued analysis.Date) (analysis.Date, error) {
	t := strings.ToLower(strings.TrimSpace(terms))
	switch {
	case strings.Contains(t, "receipt") || strings.Contains(t, "immediate") || t == "cod" || strings.Contains(t, "cash on delivery"):
		return issued, nil
	case strings.Contains(t, "end of next month"):
		return issued.MonthStart().AddMonths(2).AddDays(-1), nil
	case strings.Contains(t, "end of the month") || strings.Contains(t, "end of month") || t == "eom":
		return issued.MonthStart().AddMonths(1).AddDays(-1), nil
	}
	var days string
	if i := strings.Index(t, "net"); i >= 0 {
		days = leadingDigits(strings.TrimLeft(t[i+3:], " "))
	} else if nums := digitRuns(t); len(nums) == 1 && !strings.Contains(t, "%") {
		days = nums[0]
	}
	if days == "" || len(days) > 4 {
		return 0, bad(ErrBadTerms, "is not payment terms (write Net 30, 30 or Due on receipt, or give a due date)")
	}
	n, _ := strconv.Atoi(days)
	return issued.AddDays(n), nil
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

func digitRuns(s string) []string {
	var runs []string
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		d := leadingDigits(s[i:])
		runs = append(runs, d)
		i += len(d)
	}
	return runs
}

// readCurrency reads a currency cell: an ISO 4217 code in any case
// ("usd" is USD), also inside words ("Euro - EUR", Harvest's way). The
// code must have a rate in rates.
func readCurrency(s string, rates analysis.Rates) (string, error) {
	code := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		if len(w) == 3 && analysis.KnownCurrency(strings.ToUpper(w)) {
			if code != "" && code != strings.ToUpper(w) {
				return "", bad(ErrBadCurrency, "is not one currency code")
			}
			code = strings.ToUpper(w)
		}
	}
	if code == "" {
		return "", bad(ErrBadCurrency, "is not an ISO 4217 currency code")
	}
	return code, checkRate(code, rates)
}

// checkRate says when amounts in code cannot be converted.
func checkRate(code string, rates analysis.Rates) error {
	if code == "" || rates.Has(code) {
		return nil
	}
	return sentence(ErrNoRate, "no fx rate for %s: add it under fx", code)
}
