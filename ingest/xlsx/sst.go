package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// defaultMaxSharedStrings is Limits.MaxSharedStrings when it is 0.
const defaultMaxSharedStrings = 1 << 24

// sharedStrings is the shared strings table, kept in chunks: a table
// grown by append would allocate several times its final size on the
// way, and a crafted part makes it large.
type sharedStrings struct {
	chunks [][]string
	n      int
}

const (
	sstChunk   = 1 << 16 // strings per chunk
	arenaChunk = 1 << 20 // bytes of text per backing array
)

func (t *sharedStrings) len() int { return t.n }

func (t *sharedStrings) at(i int) string { return t.chunks[i/sstChunk][i%sstChunk] }

func (t *sharedStrings) push(s string) {
	if t.n%sstChunk == 0 {
		t.chunks = append(t.chunks, make([]string, 0, sstChunk))
	}
	t.chunks[len(t.chunks)-1] = append(t.chunks[len(t.chunks)-1], s)
	t.n++
}

// readSharedStrings reads a shared strings part (<sst>) into memory: one
// string per <si>, its plain text or its rich text runs joined, phonetic
// runs left out, _xHHHH_ escapes decoded. Strings share backing arrays of
// up to 1 MiB, so a million short strings cost a few hundred allocations. It
// stops with ErrTooLarge past maxCount strings or maxText bytes of text.
// size is the part's declared size, a hint for buffers.
func readSharedStrings(src io.Reader, size int64, maxCount int, maxText int64) (*sharedStrings, error) {
	table := &sharedStrings{}
	s := newScanner(src, size)
	if err := s.prolog(); err != nil {
		return nil, err
	}
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return table, nil // no <sst>: no strings
		}
		if s.tag.kind != endTag && s.tag.is("sst") {
			break
		}
	}
	if s.tag.kind == emptyTag {
		return table, nil
	}
	var (
		arena   strings.Builder // the backing array being filled
		pending []int           // where its strings end
		text    int64
		item    []byte
	)
	freeze := func() {
		all := arena.String()
		start := 0
		for _, end := range pending {
			table.push(all[start:end])
			start = end
		}
		pending = pending[:0]
		arena = strings.Builder{}
	}
	for {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, s.endErr("before </sst>")
		}
		t := &s.tag
		switch {
		case t.kind == endTag:
			if t.is("sst") {
				freeze()
				return table, nil
			}
			continue
		case !t.is("si"):
			if err := s.skip(); err != nil {
				return nil, err
			}
			continue
		}
		if table.n+len(pending) >= maxCount {
			return nil, fmt.Errorf("%w: holds over %d shared strings", ErrTooLarge, maxCount)
		}
		item, err = s.richText(item[:0], "si")
		if err != nil {
			return nil, err
		}
		item = unescapeBSTR(item)
		if text += int64(len(item)); text > maxText {
			return nil, fmt.Errorf("%w: holds over %d bytes of text", ErrTooLarge, maxText)
		}
		if arena.Len()+len(item) > arenaChunk || len(pending) == sstChunk {
			freeze()
			if len(item) > arenaChunk {
				table.push(string(item))
				continue
			}
		}
		if arena.Cap() == 0 && len(item) > 0 {
			arena.Grow(arenaChunk) // grown by append it would cost 5 times
		}
		arena.Write(item)
		pending = append(pending, arena.Len())
	}
}

// unescapeBSTR decodes Excel's _xHHHH_ escapes in place, exactly as
// excelize does (its bstrUnmarshal): matches of _x[0-9A-Fa-f]{4}_ are
// taken left to right without overlap; _x005F_ is a literal underscore
// (so _x005F_x0041_ reads _x0041_); any other is the UTF-16 code unit
// HHHH, dropped when it is a lone surrogate.
func unescapeBSTR(b []byte) []byte {
	i := bytes.Index(b, []byte("_x"))
	if i < 0 {
		return b
	}
	out := b[:i] // writes never overtake reads: each escape shrinks
	for i < len(b) {
		if b[i] == '_' && i+7 <= len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if r, ok := hex4(b[i+2 : i+6]); ok {
				if r == 0x5F {
					out = append(out, '_')
				} else if utf8.ValidRune(r) {
					out = utf8.AppendRune(out, r)
				}
				i += 7
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func hex4(b []byte) (rune, bool) {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// parseUint parses decimal digits, at most 1e15; surrounding spaces are
// allowed.
func parseUint(b []byte) (int, bool) {
	if len(b) == 0 || b[0] < '0' || b[0] > '9' || b[len(b)-1] < '0' || b[len(b)-1] > '9' {
		b = bytes.TrimSpace(b) // digits at both ends have no spaces to trim
	}
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
