package ingest

import (
	"fmt"
	"math"
	"strings"

	"clientscore/analysis"
)

// maxColumnTotal bounds the sum of the magnitudes of one money column of
// one input, in minor units of the reporting currency: 10^14, a trillion
// euros. No firm's books come near it, and under it every sum the
// analysis makes of those amounts fits an int64 with room to spare, even
// weighted by the days between two plausible dates (Σ amount × days late
// stays under 10^14 × 40,177 < 2^63). A column past it holds something
// that is not money, or a typo, and would make every total wrong.
const maxColumnTotal = 1e14

// columnSum is Σ|amount| of one money column in one currency, as one file
// gives it, with where its largest value is.
type columnSum struct {
	field    field
	currency string // "" is the reporting currency
	sum      uint64 // minor units of currency; saturates at math.MaxUint64
	largest  uint64
	row, col int    // where the largest is: 1-based row and column (0: a default)
	header   string // its column's header
	text     string // its text, when it alone is a sizeable part of the bound
}

// countMoney adds a value read from column col of row (its cell's text
// is text) to its column's sum.
func (fr *fileReader) countMoney(f field, currency string, m analysis.Money, row int, col *colRef, text string) {
	i := fr.sumAt[f]
	if i == 0 || fr.sums[i-1].currency != currency {
		i = 0
		for j := range fr.sums {
			if fr.sums[j].field == f && fr.sums[j].currency == currency {
				i = j + 1
				break
			}
		}
		if i == 0 {
			fr.sums = append(fr.sums, columnSum{field: f, currency: currency})
			i = len(fr.sums)
		}
		fr.sumAt[f] = i
	}
	s := &fr.sums[i-1]
	a := uint64(m)
	if m < 0 {
		a = uint64(-m)
	}
	if s.sum+a < s.sum {
		s.sum = math.MaxUint64
	} else {
		s.sum += a
	}
	if a > s.largest {
		s.largest, s.row, s.col, s.header, s.text = a, row, col.index+1, col.header, ""
		if a >= maxColumnTotal/100 {
			s.text = strings.Clone(text)
		}
	}
}

// checkSums adds up each money column of each input over its files, in
// the reporting currency, and returns an *InputError for each column
// whose Σ|amount| passes maxColumnTotal, naming the input, the column and
// the largest value: the amounts would make totals no int64 holds.
func checkSums(results []*fileResult, rates analysis.Rates) []error {
	type key struct {
		input analysis.Input
		field field
	}
	type total struct {
		sum     float64 // in minor units of the reporting currency
		largest float64
		at      *columnSum
		file    string
		sheet   string
	}
	totals := map[key]*total{}
	var order []key
	factors := map[string]float64{}
	for _, r := range results {
		for i := range r.sums {
			s := &r.sums[i]
			f, ok := factors[s.currency]
			if !ok {
				f = toReportingFactor(rates, s.currency)
				factors[s.currency] = f
			}
			k := key{r.kind, s.field}
			t := totals[k]
			if t == nil {
				t = &total{}
				totals[k] = t
				order = append(order, k)
			}
			t.sum += float64(s.sum) * f
			if v := float64(s.largest) * f; t.at == nil || v > t.largest {
				t.largest, t.at, t.file, t.sheet = v, s, r.file, r.sheet
			}
		}
	}
	var errs []error
	for _, k := range order {
		t := totals[k]
		if t.sum <= maxColumnTotal {
			continue
		}
		largest := ""
		if t.at.text != "" {
			largest = fmt.Sprintf("%q, ", t.at.text)
		}
		errs = append(errs, &InputError{Input: k.input, File: t.file, Sheet: t.sheet, Row: t.at.row, Col: t.at.col,
			Err: fmt.Errorf("the %s column (%s) adds up to more than %s: no books come near that, so a value is not money or has a typo "+
				"(the largest, %sis in this cell); fix it in the export, or, if that column is not the %s, name the right one under inputs.%s.columns",
				k.field, t.at.header, boundText(rates), largest, k.field, k.input)})
	}
	return errs
}

// toReportingFactor is what a minor unit of currency is worth in minor
// units of the reporting currency, near enough for a bound; 0 for a
// currency with no rate (ingest rejects those rows).
func toReportingFactor(rates analysis.Rates, currency string) float64 {
	const unit = 1e12
	m, ok := rates.ToReporting(unit, currency)
	if !ok {
		return 0
	}
	return float64(m) / unit
}

// boundText words maxColumnTotal in the reporting currency's major units.
func boundText(rates analysis.Rates) string {
	code := rates.Reporting()
	n := int64(maxColumnTotal)
	for range analysis.MinorDigits(code) {
		n /= 10
	}
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if code == "" {
		return b.String() + " in the reporting currency"
	}
	return b.String() + " " + code
}
