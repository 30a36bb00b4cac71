package analysis

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// bigConvert is Rates.Convert worked in big rationals, step by step, as
// Convert's doc states it (the same currency, in any case, is itself): m / 10^digits(from) × rate(from) / rate(to) ×
// 10^digits(to), rounded once, half away from zero.
func bigConvert(r Rates, m Money, from, to string) (Money, bool) {
	if from == "" {
		from = r.reporting
	}
	if to == "" {
		to = r.reporting
	}
	if strings.EqualFold(from, to) {
		return m, true
	}
	rf, ok1 := r.rate(from)
	rt, ok2 := r.rate(to)
	if !ok1 || !ok2 {
		return 0, false
	}
	q := new(big.Rat).SetInt64(int64(m))
	q.Mul(q, rf)
	q.Quo(q, rt)
	q.Mul(q, new(big.Rat).SetFrac64(Scale(MinorDigits(to)), Scale(MinorDigits(from))))
	return roundRat(q) // false when the result does not fit a Money
}

// TestCurrencies: converting through the interned codes and their
// worked-out factors gives what big rationals give, for amounts up to
// the largest that fit, in every direction.
func TestCurrencies(t *testing.T) {
	rates, err := NewRates("EUR", map[string]float64{"USD": 0.92, "CHF": 0.9, "JPY": 0.0061, "KWD": 3.254, "GBP": 1.1734567891234})
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"", "EUR", "eur", "USD", "usd", "CHF", "JPY", "KWD", "GBP", "XXX", "NOK"}
	cur := newCurrencies(rates)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		m := Money(rng.Int64N(1 << uint(rng.IntN(62))))
		if rng.IntN(2) == 0 {
			m = -m
		}
		from, to := codes[rng.IntN(len(codes))], codes[rng.IntN(len(codes))]
		want, wantOK := bigConvert(rates, m, from, to)
		got, ok := cur.convert(m, cur.of(from), cur.of(to))
		if got != want || ok != wantOK {
			t.Fatalf("convert(%d %q→%q) = %d, %v; want %d, %v", m, from, to, got, ok, want, wantOK)
		}
		if got, ok := rates.Convert(m, from, to); got != want || ok != wantOK {
			t.Fatalf("Rates.Convert(%d %q→%q) = %d, %v; want %d, %v", m, from, to, got, ok, want, wantOK)
		}
		if has := cur.has(cur.of(from)); has != rates.Has(from) {
			t.Fatalf("has(%q) = %v, Rates.Has says %v", from, has, rates.Has(from))
		}
	}
}

// TestRatios: MulRatio and the late-payment cost, worked out once per
// setting, give what big rationals give.
func TestRatios(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, f := range []float64{0, 0.35, 0.1, 0.08, 0.123456789, 1e-9, 0.3333333333333333, 2.5, 123456.789, -0.2} {
		fr := ratOf(f)
		late := lateRateOf(f)
		for range 2_000 {
			m := Money(rng.Int64N(1 << uint(rng.IntN(50))))
			if rng.IntN(2) == 0 {
				m = -m
			}
			want, wantOK := roundRat(new(big.Rat).Mul(fr, new(big.Rat).SetInt64(int64(m))))
			if got, ok := MulRatio(m, f); got != want || ok != wantOK {
				t.Fatalf("MulRatio(%d, %v) = %d, %v; want %d, %v", m, f, got, ok, want, wantOK)
			}
			wantLate := Money(0)
			if f != 0 && m != 0 {
				q := new(big.Rat).SetInt64(int64(m))
				q.Mul(q, fr)
				q.Quo(q, big.NewRat(365, 1))
				wantLate, _ = roundRat(q)
			}
			if got, ok := late.cost(wideOf(int64(m))); got != wantLate || !ok {
				t.Fatalf("late cost of %d at %v = %d, %v; want %d", m, f, got, ok, wantLate)
			}
		}
	}
}
