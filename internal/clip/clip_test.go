package clip

import "testing"

func TestRunes(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},       // exactly n: kept whole
		{"abcd", 3, "ab…"},      // one over: n-1 kept and the ellipsis, 3 in all
		{"äöüß", 3, "äö…"},      // characters, not bytes
		{"äöü", 3, "äöü"},       // 6 bytes, 3 characters: whole
		{"e\u0301xyz", 2, "e…"}, // a combining accent is a character of its own here
		{"abc", 0, "…"},         // below 1 taken as 1
		{"a", 1, "a"},
		{"ab", 1, "…"},
	} {
		if got := Runes(c.s, c.n); got != c.want {
			t.Errorf("Runes(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestTail(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"a.csv", 5, "a.csv"},
		{"dir/invoices.csv", 8, "…ces.csv"}, // 7 of the end and the ellipsis
		{"ü/éé", 3, "…éé"},
		{"ab", 0, "…"},
	} {
		if got := Tail(c.s, c.n); got != c.want {
			t.Errorf("Tail(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
