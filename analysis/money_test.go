package analysis

import (
	"math"
	"testing"
	"time"
)

func TestConvert(t *testing.T) {
	rates, err := NewRates("EUR", map[string]float64{"USD": 0.92, "CHF": 0.9, "JPY": 0.0061, "KWD": 3})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		m        Money
		from, to string
		want     Money
		ok       bool
	}{
		{"same currency", 12345, "EUR", "EUR", 12345, true},
		{"empty is reporting", 12345, "", "EUR", 12345, true},
		{"100.00 USD at 0.92 is 92.00 EUR", 10000, "USD", "EUR", 9200, true},
		{"0.01 USD is 0.0092 EUR, rounds up to 0.01", 1, "USD", "EUR", 1, true},
		{"0.05 CHF at 0.9 is 4.5 cents: half away from zero", 5, "CHF", "EUR", 5, true},
		{"-0.05 CHF: half away from zero is -5", -5, "CHF", "EUR", -5, true},
		{"1000 JPY (no minor digits) at 0.0061 is 6.10 EUR", 1000, "JPY", "EUR", 610, true},
		{"1.000 KWD (3 digits) at 3 is 3.00 EUR", 1000, "KWD", "EUR", 300, true},
		{"92.00 EUR is 100.00 USD", 9200, "EUR", "USD", 10000, true},
		{"100.00 USD is 102.22 CHF: 92/0.9 = 102.222", 10000, "USD", "CHF", 10222, true},
		{"lower-case code", 10000, "usd", "EUR", 9200, true},
		{"no rate", 100, "GBP", "EUR", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := rates.Convert(tt.m, tt.from, tt.to)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Convert(%d %s→%s) = %d, %v; want %d, %v", tt.m, tt.from, tt.to, got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, err := NewRates("EUR", map[string]float64{"USD": 0}); err == nil {
		t.Error("a zero rate must be an error")
	}
	if _, err := NewRates("EUR", map[string]float64{"USD": math.NaN()}); err == nil {
		t.Error("a NaN rate must be an error")
	}
}

func TestMulRatioAndMulDiv(t *testing.T) {
	ratio := []struct {
		m    Money
		f    float64
		want Money
	}{
		{10001, 0.35, 3500}, // 3500.35
		{5, 0.5, 3},         // 2.5 rounds away from zero
		{-5, 0.5, -3},
		{100000, 0.1, 10000}, // 0.1 is exactly one tenth, not its binary neighbour
		{0, 0.3, 0},
	}
	for _, tt := range ratio {
		if got, _ := MulRatio(tt.m, tt.f); got != tt.want {
			t.Errorf("MulRatio(%d, %v) = %d, want %d", tt.m, tt.f, got, tt.want)
		}
	}
	hour := int64(time.Hour)
	md := []struct {
		a, b, c, want int64
	}{
		{6000, int64(90 * time.Minute), hour, 9000}, // 60.00/h × 1.5 h
		{6000, int64(20 * time.Minute), hour, 2000}, // 60.00/h × 1/3 h
		{6000, int64(time.Second), hour, 2},         // 1.67 cents
		{1, 1, 2, 1},                                // 0.5 away from zero
		{-1, 1, 2, -1},
		{math.MaxInt64 / 2, 4, 2, math.MaxInt64 - 1}, // the 128-bit product overflows int64 on the way
	}
	for _, tt := range md {
		if got, ok := mulDiv(tt.a, tt.b, tt.c); got != tt.want || !ok {
			t.Errorf("mulDiv(%d, %d, %d) = %d, %v; want %d", tt.a, tt.b, tt.c, got, ok, tt.want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		m    Money
		cur  string
		want string
	}{
		{123456, "EUR", "1,234.56 EUR"},
		{-5, "EUR", "-0.05 EUR"},
		{0, "EUR", "0.00 EUR"},
		{100000000, "EUR", "1,000,000.00 EUR"},
		{1200, "JPY", "1,200 JPY"},
		{1234, "KWD", "1.234 KWD"},
		{99, "", "0.99"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.m, tt.cur); got != tt.want {
			t.Errorf("FormatMoney(%d, %s) = %q, want %q", tt.m, tt.cur, got, tt.want)
		}
	}
	if MinorDigits("JPY") != 0 || MinorDigits("EUR") != 2 || MinorDigits("KWD") != 3 {
		t.Error("minor digits of JPY/EUR/KWD must be 0/2/3")
	}
}
