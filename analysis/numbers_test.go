package analysis

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// numberForms are invoice numbers as exports write them, and ways they go
// wrong: case, spaces, a leading '#', non-ASCII letters and spaces.
var numberForms = []string{
	"", " ", "#", "##1", "# 1", "INV-1", "inv-1", " INV-1 ", "#INV-1", "INV  1", "INV\t1\n", "\vINV-1\f",
	"x y\tz", "Ñ-6", "İ-7", "INV\u00a01", "INV\u0085 1", "ÄÖÜ ß", "\xff\xfe", "\x80", "A\x7f", "Z-9@[`{", "  #  A  B  ", "1001",
}

func TestAppendFoldedNumber(t *testing.T) {
	for _, s := range numberForms {
		if got, want := string(appendFoldedNumber([]byte("prefix"), s)), "prefix"+foldNumber(s); got != want {
			t.Errorf("appendFoldedNumber(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAppendFoldedNumber(f *testing.F) {
	for _, s := range numberForms {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendFoldedNumber(nil, s)), foldNumber(s); got != want {
			t.Errorf("appendFoldedNumber(%q) = %q, foldNumber gives %q", s, got, want)
		}
	})
}

// TestKeyTable interns keys one by one and in batches, through the table's
// growth, and checks it against a map.
// TestKeyTableSize: the table starts with room for twice the keys asked
// for (16 slots at least, a power of two) and doubles once it is more
// than half full.
func TestKeyTableSize(t *testing.T) {
	for _, tt := range []struct{ size, slots int }{{0, 16}, {8, 16}, {9, 32}, {16, 32}, {17, 64}} {
		if got := len(newKeyTable(tt.size).slots); got != tt.slots {
			t.Errorf("newKeyTable(%d) has %d slots, want %d", tt.size, got, tt.slots)
		}
	}
	tab := newKeyTable(8)
	for k := range 9 {
		tab.intern([]byte{byte('a' + k)})
		if want := 16 + 16*(k/8); len(tab.slots) != want {
			t.Errorf("%d keys: %d slots, want %d", k+1, len(tab.slots), want)
		}
	}
}

func TestKeyTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tab := newKeyTable(0)
	ids := map[string]int32{}
	for range 20_000 {
		k := strconv.Itoa(rng.IntN(8_000))
		if rng.IntN(50) == 0 {
			k = ""
		}
		want, seen := ids[k]
		if !seen {
			want = int32(len(ids))
			ids[k] = want
		}
		if rng.IntN(2) == 0 {
			if id, _, _ := tab.find([]byte(k)); seen != (id >= 0) || (seen && id != want) {
				t.Fatalf("find(%q) = %d, want %d (known %v)", k, id, want, seen)
			}
		}
		if got := tab.intern([]byte(k)); got != want {
			t.Fatalf("intern(%q) = %d, want %d", k, got, want)
		}
	}
	if tab.len() != len(ids) {
		t.Errorf("%d ids, want %d", tab.len(), len(ids))
	}
	for k, id := range ids {
		if got := string(tab.key(id)); got != k {
			t.Errorf("key(%d) = %q, want %q", id, got, k)
		}
	}

	nums := newNumberTable(0)
	in := make([]string, 1000)
	for i := range in {
		in[i] = numberForms[rng.IntN(len(numberForms))] + strconv.Itoa(rng.IntN(300))
	}
	got := make([]int32, len(in))
	nums.internAll(got, func(i int) string { return in[i] })
	for i, s := range in {
		if id := nums.find(s); id != got[i] {
			t.Fatalf("number %q: internAll gave %d, find %d", s, got[i], id)
		}
		if string(nums.key(got[i])) != foldNumber(s) {
			t.Fatalf("number %q: key %q, want %q", s, nums.key(got[i]), foldNumber(s))
		}
	}
}
