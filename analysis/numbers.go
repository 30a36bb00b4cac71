package analysis

import (
	"bytes"
	"hash/maphash"
	"strings"
)

// keyTable interns byte strings to dense ids (0, 1, 2, …) so the analysis
// matches records by comparing ints: payments, credit notes and disputes
// to invoices by folded number, records to clients by the id and name
// they spell. It holds no pointers, so a million keys cost the garbage
// collector nothing to scan: the keys sit end to end in one byte slice,
// and an open-addressing index of 8-byte slots finds them (one cache
// line read for most lookups, where a Go map of a million entries takes
// several).
type keyTable struct {
	seed  maphash.Seed
	slots []uint64 // 0: empty; else the key's hash in the high 32 bits and id+1 in the low 32
	ends  []int    // by id: the key is keys[ends[id-1]:ends[id]]
	keys  []byte
	buf   []byte // scratch for the key being looked up
}

func newKeyTable(size int) *keyTable {
	n := 16
	for n < 2*size {
		n *= 2
	}
	return &keyTable{seed: maphash.MakeSeed(), slots: make([]uint64, n), ends: make([]int, 0, size)}
}

// len returns the number of ids given out.
func (t *keyTable) len() int { return len(t.ends) }

func (t *keyTable) key(id int32) []byte {
	start := 0
	if id > 0 {
		start = t.ends[id-1]
	}
	return t.keys[start:t.ends[id]]
}

// find returns the id of key b, or -1, the slot where b would go and
// its hash.
func (t *keyTable) find(b []byte) (id int32, slot int, h uint64) {
	return t.findHashed(b, maphash.Bytes(t.seed, b))
}

// findHashed is find of key b whose hash is h.
func (t *keyTable) findHashed(b []byte, h uint64) (id int32, slot int, _ uint64) {
	tag, mask := h>>32, len(t.slots)-1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1, i, h
		}
		if s>>32 == tag {
			if id := int32(uint32(s)) - 1; bytes.Equal(t.key(id), b) {
				return id, i, h
			}
		}
	}
}

// intern returns the id of key b, giving it the next id when it is new.
func (t *keyTable) intern(b []byte) int32 {
	id, slot, h := t.find(b)
	if id >= 0 {
		return id
	}
	return t.add(b, slot, h)
}

// add gives key b, with hash h and not yet in the table, the next id and
// puts it in slot.
func (t *keyTable) add(b []byte, slot int, h uint64) int32 {
	id := int32(len(t.ends))
	t.keys = append(t.keys, b...)
	t.ends = append(t.ends, len(t.keys))
	t.slots[slot] = h>>32<<32 | uint64(uint32(id)+1)
	if 2*len(t.ends) > len(t.slots) { // at most half full, so probes stay short
		t.grow()
	}
	return id
}

func (t *keyTable) grow() {
	t.slots = make([]uint64, 2*len(t.slots))
	mask := len(t.slots) - 1
	for id := range t.ends {
		h := maphash.Bytes(t.seed, t.key(int32(id)))
		i := int(h) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = h>>32<<32 | uint64(uint32(id)+1)
	}
}

// numberTable interns folded invoice numbers.
type numberTable struct {
	keyTable
	batch   []byte // internAll's folded numbers
	touched uint64 // what internAll read ahead, kept so the reads stay
}

func newNumberTable(size int) *numberTable { return &numberTable{keyTable: *newKeyTable(size)} }

// find returns the id of number s (compared folded), or -1 when no number
// of that form was interned.
func (t *numberTable) find(s string) int32 {
	t.buf = appendFoldedNumber(t.buf[:0], s)
	id, _, _ := t.keyTable.find(t.buf)
	return id
}

// internBatch is how many numbers internAll looks up at once.
const internBatch = 64

// internAll sets ids[i] to the id of number(i) for i in [0, len(ids)),
// interning them in order. It works in batches: it first reads the slot
// of every number of a batch, loads that do not wait on each other, so
// the processor fetches them from memory together instead of one after
// another (a table of a million numbers is far bigger than the caches,
// and a memory round trip costs hundreds of nanoseconds).
func (t *numberTable) internAll(ids []int32, number func(i int) string) {
	var (
		ends   [internBatch]int
		hashes [internBatch]uint64
	)
	if len(t.keys) == 0 {
		// Room for every number, so that the keys are not copied as they
		// grow (folding never lengthens an ASCII number).
		size := 0
		for i := range ids {
			size += len(number(i))
		}
		t.keys = make([]byte, 0, size)
	}
	for lo := 0; lo < len(ids); lo += internBatch {
		n := min(internBatch, len(ids)-lo)
		buf := t.batch[:0]
		for k := range n {
			buf = appendFoldedNumber(buf, number(lo+k))
			ends[k] = len(buf)
		}
		t.batch = buf
		var touched uint64
		for k, start := 0, 0; k < n; k++ {
			hashes[k] = maphash.Bytes(t.seed, buf[start:ends[k]])
			touched += t.slots[int(hashes[k])&(len(t.slots)-1)]
			start = ends[k]
		}
		t.touched += touched
		for k, start := 0, 0; k < n; k++ {
			key := buf[start:ends[k]]
			id, slot, h := t.findHashed(key, hashes[k])
			if id < 0 {
				id = t.add(key, slot, h)
			}
			ids[lo+k] = id
			start = ends[k]
		}
	}
}

// appendFoldedNumber appends foldNumber(s) to b, without allocating when s
// is ASCII (the rules for ASCII are spelt out here: trim white space, drop
// one leading '#', collapse white space runs to one space, lower case).
func appendFoldedNumber(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return append(b, foldNumber(s)...)
		}
	}
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	start, space := len(b), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			space = true
			continue
		}
		if space && len(b) > start {
			b = append(b, ' ')
		}
		space = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
