package config

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// amountDecimals is how many decimal places an Amount keeps exactly.
const amountDecimals = 6

// Amount is a sum of money as written in the config file ("60.00"), kept as
// an exact decimal with up to six decimal places, never as a binary float.
// Turn it into integer minor units with MinorUnits once the currency is
// known. The zero Amount is 0.
type Amount struct {
	micros int64 // the amount in millionths
}

// ParseAmount reads a plain decimal: optional sign, digits, optionally a
// "." and up to six more digits ("60", "60.00", "-0.5"). No thousands
// separators, no exponent, no currency.
func ParseAmount(s string) (Amount, error) {
	t := strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return Amount{}, fmt.Errorf("%s is not an amount like 60.00", quote(s))
	}
	if len(frac) > amountDecimals {
		return Amount{}, fmt.Errorf("%s has more than %d decimal places", quote(s), amountDecimals)
	}
	if len(strings.TrimLeft(whole, "0")) > 12 {
		return Amount{}, fmt.Errorf("%s is too large", quote(s))
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", amountDecimals-len(frac)), 10, 64)
	}
	m := w*1_000_000 + f
	if neg {
		m = -m
	}
	return Amount{micros: m}, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MinorUnits returns the amount in minor units of a currency with the given
// number of minor-unit digits (2 for EUR: 60.00 is 6000; 0 for JPY),
// rounding half away from zero. digits above 6 are taken as 6.
func (a Amount) MinorUnits(digits int) int64 {
	if digits >= amountDecimals {
		return a.micros
	}
	if digits < 0 {
		digits = 0
	}
	div := int64(1)
	for i := digits; i < amountDecimals; i++ {
		div *= 10
	}
	q, r := a.micros/div, a.micros%div
	if r < 0 {
		r = -r
	}
	if 2*r >= div {
		if a.micros < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int {
	switch {
	case a.micros < 0:
		return -1
	case a.micros > 0:
		return 1
	}
	return 0
}

// String returns the amount as a plain decimal with at least two decimal
// places ("60.00", "0.125").
func (a Amount) String() string {
	m := a.micros
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	frac := fmt.Sprintf("%06d", m%1_000_000)
	frac = strings.TrimRight(frac, "0")
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s%d.%s", sign, m/1_000_000, frac)
}

// UnmarshalYAML reads a YAML number or quoted decimal.
func (a *Amount) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("is %s, not an amount like 60.00", kindWords(n))
	}
	v, err := ParseAmount(n.Value)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// MarshalYAML writes the amount as a YAML number.
func (a Amount) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: a.String()}, nil
}
