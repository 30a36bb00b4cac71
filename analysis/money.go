package analysis

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an amount in integer minor units of its currency (cents for EUR
// and USD, yen for JPY). Which currency is said by the record or, for
// results, is the reporting currency.
type Money int64

// MinorDigits returns the number of minor-unit digits of an ISO 4217
// currency code (2 for EUR, 0 for JPY, 3 for KWD). Unknown codes have 2.
func MinorDigits(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// KnownCurrency reports whether code is an ISO 4217 currency code.
func KnownCurrency(code string) bool {
	_, err := currency.ParseISO(code)
	return err == nil
}

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// Scale returns 10^digits as an int64 (digits 0–9).
func Scale(digits int) int64 { return pow10[digits] }

// Rates converts amounts into the reporting currency. A rate says what one
// unit of a currency is worth in the reporting currency (USD: 0.92 means
// 1 USD = 0.92 EUR). Rates are exact decimals, never binary floats.
type Rates struct {
	reporting string
	rates     map[string]*big.Rat
}

// NewRates returns Rates into the reporting currency. Each rate is taken as
// the shortest decimal that reads back as the given float64 (0.92 is
// exactly 92/100). A rate that is not positive is an error.
func NewRates(reporting string, rates map[string]float64) (Rates, error) {
	r := Rates{reporting: strings.ToUpper(reporting), rates: map[string]*big.Rat{}}
	for code, v := range rates {
		if !(v > 0) || math.IsInf(v, 0) {
			return Rates{}, fmt.Errorf("fx.%s: %v is not a positive rate", code, v)
		}
		q, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'f', -1, 64))
		if !ok {
			return Rates{}, fmt.Errorf("fx.%s: %v is not a rate", code, v)
		}
		r.rates[strings.ToUpper(code)] = q
	}
	return r, nil
}

// Reporting returns the reporting currency code.
func (r Rates) Reporting() string { return r.reporting }

// Has reports whether amounts in code can be converted: code is the
// reporting currency, is empty (meaning the reporting currency) or has a
// rate.
func (r Rates) Has(code string) bool {
	if code == "" || strings.EqualFold(code, r.reporting) {
		return true
	}
	_, ok := r.rates[strings.ToUpper(code)]
	return ok
}

func (r Rates) rate(code string) (*big.Rat, bool) {
	if code == "" || strings.EqualFold(code, r.reporting) {
		return big.NewRat(1, 1), true
	}
	q, ok := r.rates[strings.ToUpper(code)]
	return q, ok
}

// Convert converts m, in minor units of from, to minor units of to,
// rounding half away from zero once. An empty code is the reporting
// currency. ok is false when either currency has no rate, or when the
// result does not fit a Money.
func (r Rates) Convert(m Money, from, to string) (Money, bool) {
	f := r.factor(from, to)
	if !f.ok {
		return 0, false
	}
	return f.apply(m)
}

// factor returns what Convert multiplies by to go from one currency to
// another: rate(from) / rate(to) × 10^digits(to) / 10^digits(from).
func (r Rates) factor(from, to string) factor {
	if from == "" {
		from = r.reporting
	}
	if to == "" {
		to = r.reporting
	}
	if strings.EqualFold(from, to) {
		return factor{ok: true, identity: true}
	}
	rf, ok1 := r.rate(from)
	rt, ok2 := r.rate(to)
	if !ok1 || !ok2 {
		return factor{}
	}
	q := new(big.Rat).Quo(rf, rt)
	q.Mul(q, new(big.Rat).SetFrac64(Scale(MinorDigits(to)), Scale(MinorDigits(from))))
	return factor{ok: true, exact: exactOf(q)}
}

// factor is an exact conversion factor between two currencies.
type factor struct {
	ok       bool // both currencies have a rate
	identity bool // the same currency
	exact    exact
}

// apply returns m converted; ok is false when it does not fit a Money.
func (f factor) apply(m Money) (Money, bool) {
	if f.identity {
		return m, true
	}
	return f.exact.mul(m)
}

// exact is an exact rational number, kept as two int64s when it fits so
// that multiplying by it needs no big arithmetic.
type exact struct {
	num, den int64    // den > 0; used when big is nil
	big      *big.Rat // when num or den does not fit an int64
}

func exactOf(q *big.Rat) exact {
	if q.Num().IsInt64() && q.Denom().IsInt64() {
		return exact{num: q.Num().Int64(), den: q.Denom().Int64()}
	}
	return exact{big: new(big.Rat).Set(q)}
}

// mul returns m × x rounded half away from zero, exactly; ok is false
// when it does not fit a Money.
func (x exact) mul(m Money) (Money, bool) {
	if x.big != nil {
		return roundRat(new(big.Rat).Mul(new(big.Rat).SetInt64(int64(m)), x.big))
	}
	p, ok := mulDiv(int64(m), x.num, x.den)
	return Money(p), ok
}

// ToReporting converts m, in minor units of code, to the reporting currency.
func (r Rates) ToReporting(m Money, code string) (Money, bool) {
	return r.Convert(m, code, r.reporting)
}

// roundRat rounds q to the nearest integer, halves away from zero; ok is
// false when that does not fit a Money.
func roundRat(q *big.Rat) (Money, bool) {
	num, den := q.Num(), q.Denom()
	quo, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	rem.Abs(rem).Lsh(rem, 1)
	if rem.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			quo.Sub(quo, big.NewInt(1))
		} else {
			quo.Add(quo, big.NewInt(1))
		}
	}
	if !quo.IsInt64() {
		return 0, false
	}
	return Money(quo.Int64()), true
}

// MulRatio returns m × f rounded half away from zero, computed exactly on
// the shortest decimal form of f (so 0.35 is 35/100, not its binary
// neighbour); ok is false when it does not fit a Money.
func MulRatio(m Money, f float64) (Money, bool) {
	return ratioOf(f).mul(m)
}

// ratio is a float64 setting taken as its shortest decimal form, ready to
// multiply money by (MulRatio without parsing f each time).
type ratio struct {
	x     exact
	f     float64
	valid bool // f has a decimal form (it is not NaN or infinite)
}

func ratioOf(f float64) ratio {
	q, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	if !ok {
		return ratio{f: f}
	}
	return ratio{x: exactOf(q), f: f, valid: true}
}

// mul returns m × r; ok is false when it does not fit a Money.
func (r ratio) mul(m Money) (Money, bool) {
	if !r.valid {
		x := math.Round(float64(m) * r.f)
		if !(x >= math.MinInt64 && x < math.MaxInt64) {
			return 0, false
		}
		return Money(x), true
	}
	return r.x.mul(m)
}
