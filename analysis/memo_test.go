package analysis

import (
	"fmt"
	"testing"
)

// The caches give what they cache, and hold what they say they hold.

func TestMemo(t *testing.T) {
	calls := 0
	m := newMemo(func(s string) int { calls++; return len(s) })
	m.limit = 2
	for _, s := range []string{"a", "bb", "a", "ccc", "ccc", "bb"} {
		if got := m.of(s); got != len(s) {
			t.Errorf("of(%q) = %d", s, got)
		}
	}
	// "a" and "bb" are remembered; "ccc", past the limit, is worked out each time.
	if calls != 4 || len(m.m) != 2 {
		t.Errorf("%d calls, %d remembered; want 4 and 2", calls, len(m.m))
	}
}

func TestWordMemo(t *testing.T) {
	m := wordMemo{classify: classifyStatus}
	for k := range 10 {
		if got := m.of(fmt.Sprintf("void %d", k)); got != 0 {
			t.Errorf("class %d", got)
		}
	}
	if got := m.of("VOID"); got != wordVoid {
		t.Errorf("VOID is %d", got)
	}
	// The first eight words are kept in order, the rest in the map.
	if len(m.words) != 8 || len(m.more) != 3 || m.words[7] != "void 7" {
		t.Errorf("%d words, %d more", len(m.words), len(m.more))
	}
	for k := range 10 {
		if got := m.of(fmt.Sprintf("void %d", k)); got != 0 {
			t.Errorf("again: class %d", got)
		}
	}
	if got := m.of("VOID"); got != wordVoid {
		t.Errorf("VOID again is %d", got)
	}
}

// TestManyCurrencies: past manyCodes codes, currencies finds them through
// a map, converting as before.
func TestManyCurrencies(t *testing.T) {
	rates := map[string]float64{}
	for k := range manyCodes + 4 {
		rates[fmt.Sprintf("C%02d", k)] = float64(k + 1)
	}
	r, err := NewRates("EUR", rates)
	if err != nil {
		t.Fatal(err)
	}
	c := newCurrencies(r) // "" is the first code
	for k := range manyCodes + 4 {
		code := fmt.Sprintf("C%02d", k)
		i := c.of(code)
		if want := manyCodes; (c.index != nil) != (len(c.codes) > want) {
			t.Errorf("%d codes, index %v", len(c.codes), c.index != nil)
		}
		if got, ok := c.toReporting(100, i); !ok || got != Money(100*(k+1)) {
			t.Errorf("100 %s = %d, %v", code, got, ok)
		}
		if c.of(code) != i || c.codes[i] != code {
			t.Errorf("%s is %d, then %d", code, i, c.of(code))
		}
	}
}
