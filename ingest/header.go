package ingest

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"clientscore/analysis"

	"github.com/agnivade/levenshtein"
)

// headerRows is how far down a sheet the header row may be.
const headerRows = 30

// colRef is a column of the header row that feeds a canonical column, or
// a value of Input.Defaults standing in for one.
type colRef struct {
	index  int    // 0-based: 0 is column A; -1 when the file has no such column
	header string // as the file writes it; for a default, "defaults: terms"
	unit   string // the header's unit in parentheses, normalised: "utc", "eur", "h"
	isDflt bool   // the value is Input.Defaults', not a cell's
}

// layout is a header row and what its columns mean.
type layout struct {
	row      int               // the header's row number
	cols     map[string]colRef // canonical column → its one header
	headers  []string          // the row's non-empty headers, for messages
	texts    []string          // the header row's trimmed cells, by column
	used     []colRef          // every column the reader uses, in column order
	fields   [numFields]colRef // cols by field, for the row readers; index -1 for none
	dflts    [numFields]string // Input.Defaults by field: the value of an empty or absent column
	dfltRefs [numFields]colRef // what a value of dflts is said to come from: "defaults: terms"
	// lineItems: an invoices export with one row per invoice line;
	// lineAmount, lineTax: its amount, tax column is a line's, to be
	// summed.
	lineItems, lineAmount, lineTax bool
}

// headerMatch is what one candidate row offers.
type headerMatch struct {
	layout
	missing   [][]string        // required groups with no column
	unmatched map[string]string // columns overrides naming a header not in the row
	taken     map[int]bool      // columns claimed by a canonical column
}

func (m *headerMatch) ok() bool { return len(m.missing) == 0 && len(m.unmatched) == 0 }

// score orders candidates for the error message: fewer gaps is closer.
func (m *headerMatch) score() int { return len(m.missing) + len(m.unmatched) }

// matchHeader reads cells as a header row of kind: each canonical column
// gets one header, the one overrides (canonical → header text) names,
// else its best alias in the row. A required column with a value in
// defaults needs no header.
func matchHeader(kind analysis.Input, rowNum int, cells []cell, overrides, defaults map[string]string) *headerMatch {
	spec := specs[kind]
	m := &headerMatch{
		layout: layout{row: rowNum, cols: map[string]colRef{}},
		taken:  map[int]bool{},
	}
	keys := make([]headerKey, len(cells))
	m.texts = make([]string, len(cells))
	for i, c := range cells {
		h := trimText(normText(c.text))
		m.texts[i] = h
		if h == "" {
			continue
		}
		keys[i] = normalizeHeader(h)
		m.headers = append(m.headers, h)
	}
	ref := func(i int) colRef {
		return colRef{index: i, header: m.texts[i], unit: keys[i].unit}
	}
	// Overrides first: they name the file's header exactly (case and
	// spacing aside).
	for _, col := range spec.columns {
		want, ok := overrides[col.name]
		if !ok {
			continue
		}
		found := -1
		for i := range cells {
			if !m.taken[i] && keys[i].full != "" && strings.EqualFold(m.texts[i], strings.TrimSpace(want)) {
				found = i
				break
			}
		}
		if found < 0 {
			wk := normalizeHeader(want).full
			for i := range cells {
				if !m.taken[i] && keys[i].full != "" && keys[i].full == wk {
					found = i
					break
				}
			}
		}
		if found < 0 {
			if m.unmatched == nil {
				m.unmatched = map[string]string{}
			}
			m.unmatched[col.name] = want
			continue
		}
		m.taken[found] = true
		m.cols[col.name] = ref(found)
	}
	// Then the alias table, column by column in table order: each takes
	// its best header not taken yet (the leftmost of equal rank).
	for _, col := range spec.columns {
		if _, ok := overrides[col.name]; ok {
			continue
		}
		best, bestRank := -1, 0
		for i := range cells {
			if m.taken[i] || keys[i].full == "" {
				continue
			}
			if r := aliasRank(col, spec.after[col.name], keys[i]); r >= 0 && (best < 0 || r < bestRank) {
				best, bestRank = i, r
			}
		}
		if best >= 0 {
			m.taken[best] = true
			m.cols[col.name] = ref(best)
		}
	}
	for _, g := range spec.required {
		have := false
		for _, c := range g {
			if _, ok := m.cols[c]; ok || defaults[c] != "" {
				have = true
			}
		}
		if !have {
			m.missing = append(m.missing, g)
		}
	}
	if kind == analysis.InputInvoices {
		for i := range cells {
			if lineItemHeaders[keys[i].full] || lineItemHeaders[keys[i].base] {
				m.lineItems = true
			}
		}
		perLine := func(name string, headers map[string]bool) bool {
			c, ok := m.cols[name]
			if !ok {
				return false
			}
			k := normalizeHeader(c.header)
			return headers[k.full] || headers[k.base]
		}
		m.lineAmount = perLine("amount", lineAmountHeaders)
		m.lineTax = perLine("tax", lineTaxHeaders)
	}
	return m
}

// warnTimeLog warns when the header row of a support file is a time
// tracker's: time logs are the time input (work, costed by the hour), and
// read as support every entry would count as a contact.
func (fr *fileReader) warnTimeLog() {
	seen := timeLogOf(fr.lay.texts)
	if len(seen) < 2 {
		return
	}
	fr.issues = append(fr.issues, analysis.Issue{
		Severity: analysis.SeverityWarning,
		Ref:      fr.ref(fr.lay.row),
		Value:    strings.Join(seen, ", "),
		Problem: "this looks like a time log (Harvest, Toggl or Clockify), read as support tickets: each entry counts as a contact. " +
			"Time logs go under inputs.time, where entries are work costed by the hour and never contacts",
	})
}

// timeLogOf returns the headers among a header row's that are a time
// tracker's.
func timeLogOf(headers []string) []string {
	var seen []string
	for _, h := range headers {
		if k := normalizeHeader(h); h != "" && (timeLogHeaders[k.full] || timeLogHeaders[k.base]) {
			seen = append(seen, h)
		}
	}
	return seen
}

// setDefaults sets the values of Input.Defaults, by canonical name, as
// the values of the fields they name.
func (l *layout) setDefaults(defaults map[string]string) {
	for name, v := range defaults {
		if f, ok := fieldOf(name); ok {
			l.dflts[f] = v
			l.dfltRefs[f] = colRef{index: -1, header: "defaults: " + name, isDflt: true}
		}
	}
}

// isHeader reports whether cells repeat the header row (files of several
// exports pasted together).
func (l *layout) isHeader(cells []cell) bool {
	n := max(len(cells), len(l.texts))
	for i := 0; i < n; i++ {
		var a, b string
		if i < len(cells) {
			a = cells[i].val
		}
		if i < len(l.texts) {
			b = l.texts[i]
		}
		if a != b {
			return false
		}
	}
	return true
}

// aliasRank returns where key stands among col's headers (the canonical
// name itself after them, its after headers last), or -1. A header
// matches an alias with its unit ("Duration (decimal)") or without it
// ("Due Date (UTC)" is "Due Date").
func aliasRank(col column, after []string, key headerKey) int {
	for i, h := range col.headers {
		if a := foldedAlias(h); key.full == a || key.base == a {
			return i
		}
	}
	if a := foldedAlias(col.name); key.full == a || key.base == a {
		return len(col.headers)
	}
	for i, h := range after {
		if a := foldedAlias(h); key.full == a || key.base == a {
			return len(col.headers) + 1 + i
		}
	}
	return -1
}

// noHeaderError explains why no row of a sheet could be the header row,
// from the closest candidate.
func noHeaderError(kind analysis.Input, best *headerMatch, rowsSeen int) error {
	if best == nil {
		if rowsSeen == 0 {
			return fmt.Errorf("is empty: it has no rows")
		}
		return fmt.Errorf("has no header row in the first %d rows (they are blank)", headerRows)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "no header row with the required columns in the first %d rows", headerRows)
	var example string
	if len(best.missing) > 0 {
		var parts []string
		for _, g := range best.missing {
			part := strings.Join(g, " or ")
			if h := closestHeader(kind, g, best); h != "" {
				part += fmt.Sprintf(" (closest header found: %q)", h)
				if example == "" {
					example = fmt.Sprintf("%s: %q", g[0], h)
				}
			}
			parts = append(parts, part)
		}
		fmt.Fprintf(&b, "; missing %s", strings.Join(parts, ", "))
	}
	for _, name := range sortedKeys(best.unmatched) {
		fmt.Fprintf(&b, "; columns: %s names %q, which is not a header there", name, best.unmatched[name])
	}
	fmt.Fprintf(&b, "; headers found: %s", listHeaders(best.headers))
	if kind == analysis.InputSupport && len(timeLogOf(best.texts)) >= 2 {
		fmt.Fprintf(&b, "; this looks like a time log (Harvest, Toggl or Clockify): time logs go under inputs.time")
		return errors.New(b.String())
	}
	if example != "" {
		fmt.Fprintf(&b, "; if that is the column, name it under inputs.%s.columns (%s)", kind, example)
	} else {
		fmt.Fprintf(&b, "; name the columns under inputs.%s.columns", kind)
	}
	if kind == analysis.InputInvoices && len(best.missing) == 1 && slices.Contains(best.missing[0], "terms") {
		b.WriteString(`; an export with no due date needs the payment terms: set inputs.invoices.defaults: {terms: "Net 30"} (or your terms)`)
	}
	return fmt.Errorf("%s", b.String())
}

// unmatchedOverrideError is for a header row that has every required
// column but not one that a columns override names.
func unmatchedOverrideError(m *headerMatch) error {
	var parts []string
	for _, name := range sortedKeys(m.unmatched) {
		parts = append(parts, fmt.Sprintf("columns: %s names %q, which is not a header in row %d", name, m.unmatched[name], m.row))
	}
	return fmt.Errorf("%s; headers found: %s", strings.Join(parts, "; "), listHeaders(m.headers))
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// listHeaders joins headers for a message, at most 40 of them.
func listHeaders(h []string) string {
	if len(h) > 40 {
		return strings.Join(h[:40], ", ") + ", … (" + strconv.Itoa(len(h)-40) + " more)"
	}
	return strings.Join(h, ", ")
}

// closestHeader finds, among the row's unclaimed headers, the one most like
// a name of the missing columns; "" when none is close.
func closestHeader(kind analysis.Input, group []string, m *headerMatch) string {
	bestScore, best := 0.6, ""
	for _, h := range m.headers {
		if headerTaken(m, h) {
			continue
		}
		k := normalizeHeader(h)
		for _, name := range group {
			for _, col := range specs[kind].columns {
				if col.name != name {
					continue
				}
				for _, a := range append([]string{col.name}, col.headers...) {
					if s := similarity(k.base, fold(a)); s > bestScore {
						bestScore, best = s, h
					}
				}
			}
		}
	}
	return best
}

func headerTaken(m *headerMatch, h string) bool {
	for _, r := range m.cols {
		if r.header == h {
			return true
		}
	}
	return false
}

// similarity scores two folded headers from 0 to 1: containment ("due" in
// "duedate") or few edits ("customerno" and "customernr").
func similarity(a, b string) float64 {
	if a == "" || b == "" {
		return 0
	}
	if a == b {
		return 1
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	s := 0.0
	if len(short) >= 3 && strings.Contains(long, short) {
		s = 0.5 + 0.5*float64(len(short))/float64(len(long))
	}
	if d := 1 - float64(levenshtein.ComputeDistance(a, b))/float64(len(long)); d > s {
		s = d
	}
	return s
}
