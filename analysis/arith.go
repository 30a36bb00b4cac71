package analysis

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Every sum the analysis makes is kept from wrapping in three ways:
//
//   - each input's rows may add up, in absolute value and in the reporting
//     currency, to at most maxInputTotal; a row that would pass it is
//     rejected (budget.spend), so that a client's or the portfolio's sum of
//     any figure, and the figures made of up to six such sums (Profit),
//     fit an int64;
//   - money × days (the late-payment cost's base, the weight of Weighted
//     days late) is summed in 128 bits (wide);
//   - a figure computed from such a sum (the late-payment cost) that is
//     larger than maxFigure is held at maxFigure and said in an Error
//     issue; so is a portfolio total that would not fit.

// maxInputTotal bounds Σ |amount| over the rows of one input, in minor
// units of the reporting currency: 2^60, so that six such totals fit an
// int64.
const maxInputTotal Money = 1 << 60

// maxFigure is the largest late-payment cost a client or a month gets.
const maxFigure Money = 1 << 60

// budget is what each input's rows have used of maxInputTotal, by the
// input's index in Inputs.
type budget [len(Inputs)]Money

// spend takes |m| from input in's budget. It reports false, taking
// nothing, when that would pass maxInputTotal.
func (b *budget) spend(in Input, m Money) bool {
	k := inputIndex(in)
	m = abs(m)
	if m > maxInputTotal-b[k] {
		return false
	}
	b[k] += m
	return true
}

// inputIndex returns the index of in in Inputs.
func inputIndex(in Input) int {
	switch in {
	case InputInvoices:
		return 0
	case InputPayments:
		return 1
	case InputDisputes:
		return 2
	case InputSupport:
		return 3
	case InputTime:
		return 4
	case InputExpenses:
		return 5
	case InputClients:
		return 6
	}
	panic("analysis: unknown input " + string(in))
}

// tooLarge is the problem of a row that budget.spend refused.
func tooLarge(in Input, currency string) string {
	return "the " + string(in) + " add up to more than " + FormatMoney(maxInputTotal, currency) +
		" (in absolute value), more than a total can hold: this row is rejected"
}

// wide is a 128-bit two's-complement integer, for sums of money × days
// that an int64 cannot hold.
type wide struct {
	hi int64
	lo uint64
}

func wideOf(x int64) wide { return wide{hi: x >> 63, lo: uint64(x)} }

// add returns w + v.
func (w wide) add(v wide) wide {
	lo, carry := bits.Add64(w.lo, v.lo, 0)
	return wide{hi: w.hi + v.hi + int64(carry), lo: lo}
}

// addMul returns w + a × b.
func (w wide) addMul(a, b int64) wide {
	return w.add(mulWide(a, b))
}

// mulWide returns a × b in 128 bits.
func mulWide(a, b int64) wide {
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	p := wide{hi: int64(hi), lo: lo}
	if a^b < 0 { // the signs differ
		p = p.neg()
	}
	return p
}

func (w wide) neg() wide {
	lo, borrow := bits.Sub64(0, w.lo, 0)
	return wide{hi: -w.hi - int64(borrow), lo: lo}
}

func (w wide) isZero() bool { return w.hi == 0 && w.lo == 0 }

// int64 returns w when it fits an int64.
func (w wide) int64() (int64, bool) {
	if w.hi == int64(w.lo)>>63 {
		return int64(w.lo), true
	}
	return 0, false
}

// float returns w rounded to a float64.
func (w wide) float() float64 {
	if x, ok := w.int64(); ok {
		return float64(x)
	}
	return float64(w.hi)*(1<<64) + float64(w.lo)
}

// big returns w as a big.Int.
func (w wide) big() *big.Int {
	x := new(big.Int).SetInt64(w.hi)
	x.Lsh(x, 64)
	return x.Add(x, new(big.Int).SetUint64(w.lo))
}

// mulDiv returns a × b / c rounded half away from zero, exactly, for
// c > 0; ok is false when the result does not fit an int64. It uses
// 128-bit arithmetic and big integers only when the quotient does not
// fit 64 bits.
func mulDiv(a, b, c int64) (int64, bool) {
	neg := a^b < 0 // the signs differ
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	uc := uint64(c)
	if hi < uc { // the quotient fits 64 bits
		q, r := bits.Div64(hi, lo, uc)
		if r >= uc-r { // 2r >= c without overflow
			q++
		}
		switch {
		case q < 1<<63 && neg:
			return -int64(q), true
		case q < 1<<63:
			return int64(q), true
		case neg && q == 1<<63:
			return math.MinInt64, true
		}
	}
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	m, ok := roundRat(new(big.Rat).SetFrac(x, big.NewInt(c)))
	return int64(m), ok
}

// abs64 returns |x|, which for math.MinInt64 is 1<<63.
func abs64(x int64) uint64 { return uint64(max(x, -x)) }

// addSat returns a + b, held at the nearest int64 when the sum would not
// fit; ok is false then.
func addSat(a, b Money) (Money, bool) {
	s := a + b
	if (s > a) == (b > 0) {
		return s, true
	}
	// Only two numbers of one sign overflow: a's sign says which way.
	return math.MaxInt64 ^ a>>63, false
}

// ratOf returns the exact decimal value of f's shortest form.
func ratOf(f float64) *big.Rat {
	q, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	return q
}

func itoa(n int) string { return strconv.Itoa(n) }
