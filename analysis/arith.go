package analysis

import (
	"math/big"
	"math/bits"
	"strconv"
)

// mulDivRound returns a × b / c rounded half away from zero, exactly, for
// c > 0. It uses 128-bit arithmetic and falls back to big integers only
// when the result would not fit.
func mulDivRound(a, b, c int64) int64 {
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(a), abs64(b)
	hi, lo := bits.Mul64(ua, ub)
	uc := uint64(c)
	if hi < uc {
		q, r := bits.Div64(hi, lo, uc)
		if r >= uc-r { // 2r >= c without overflow
			q++
		}
		if q <= 1<<63-1 {
			if neg {
				return -int64(q)
			}
			return int64(q)
		}
	}
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	return int64(roundRat(new(big.Rat).SetFrac(x, big.NewInt(c))))
}

func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// ratOf returns the exact decimal value of f's shortest form.
func ratOf(f float64) *big.Rat {
	q, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'f', -1, 64))
	return q
}

func itoa(n int) string { return strconv.Itoa(n) }
