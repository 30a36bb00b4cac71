package ingest

import (
	"hash/maphash"
	"strings"
)

// interner keeps one copy of each distinct value of the repetitive fields
// (client names and ids, statuses, currencies, channels), copied out of
// the row's buffers into an arena. It is an open-addressing table whose
// slot holds a value's hash and, inline, its first bytes: a lookup of a
// name reads one cache line, where a Go map reads its control word, the
// slot and the key's bytes, which at a million rows over tens of
// thousands of names are three cache misses rather than one.
type interner struct {
	slots []internSlot // len a power of two, or 0
	n     int          // values held
	max   int          // values held at most; beyond, values are copied, not interned
	seed  maphash.Seed
	arena stringArena
}

// internSlot is one cache line.
type internSlot struct {
	hash uint32 // 0: empty
	n    uint32 // the value's length
	head [internHead]byte
	s    string
}

const internHead = 40

func newInterner(maxValues int) *interner {
	return &interner{max: maxValues, seed: maphash.MakeSeed()}
}

// intern returns the copy of s that the table holds, adding one if it
// has none.
func (t *interner) intern(s string) string {
	if s == "" {
		return ""
	}
	h := uint32(maphash.String(t.seed, s)) | 1
	if len(t.slots) > 0 {
		mask := len(t.slots) - 1
		for i := int(h) & mask; ; i = (i + 1) & mask {
			sl := &t.slots[i]
			if sl.hash == 0 {
				break
			}
			if sl.hash == h && sl.n == uint32(len(s)) && sl.equal(s) {
				return sl.s
			}
		}
	}
	c := t.arena.clone(s)
	if t.n >= t.max {
		return c
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	t.put(h, c)
	t.n++
	return c
}

// equal reports whether the slot holds s, whose length it has.
func (sl *internSlot) equal(s string) bool {
	if len(s) <= internHead {
		return string(sl.head[:len(s)]) == s
	}
	return string(sl.head[:]) == s[:internHead] && sl.s[internHead:] == s[internHead:]
}

func (t *interner) put(h uint32, s string) {
	mask := len(t.slots) - 1
	i := int(h) & mask
	for t.slots[i].hash != 0 {
		i = (i + 1) & mask
	}
	sl := &t.slots[i]
	sl.hash, sl.n, sl.s = h, uint32(len(s)), s
	copy(sl.head[:], s)
}

func (t *interner) grow() {
	old := t.slots
	t.slots = make([]internSlot, max(64, 2*len(old)))
	for i := range old {
		if sl := &old[i]; sl.hash != 0 {
			t.put(sl.hash, sl.s)
		}
	}
}

// stringArena copies the short strings that records keep into shared
// blocks: one allocation per block rather than one per string, and blocks
// hold no pointers, so the collector need not scan them. A kept string
// never pins the row or line buffer it was read from. Records are kept
// together, so a block lives as long as they do.
type stringArena struct{ b strings.Builder }

const (
	arenaBlock     = 64 << 10
	arenaMaxString = 1 << 10 // longer strings get a copy of their own
)

// clone returns a copy of s.
func (a *stringArena) clone(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > arenaMaxString {
		return strings.Clone(s)
	}
	if a.b.Cap()-a.b.Len() < len(s) {
		a.b = strings.Builder{}
		a.b.Grow(arenaBlock)
	}
	start := a.b.Len()
	a.b.WriteString(s) // within capacity: earlier strings stay where they are
	return a.b.String()[start:]
}
