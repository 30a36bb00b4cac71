package ingest

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// normText returns s in Unicode NFC with its zero-width characters
// removed, so that "Café" typed with a combining accent, or pasted with a
// zero-width space from a web page, is the same text as "Café". ASCII
// text, nearly every cell, is returned as it is after one quick look.
func normText(s string) string {
	if isASCII(s) {
		return s
	}
	if strings.ContainsFunc(s, isZeroWidth) {
		s = strings.Map(func(r rune) rune {
			if isZeroWidth(r) {
				return -1
			}
			return r
		}, s)
	}
	return norm.NFC.String(s) // s itself when it is NFC already
}

// isZeroWidth reports whether r is a character that shows as nothing:
// zero width space, non-joiner, joiner, word joiner, and the byte order
// mark (zero width no-break space) inside a text.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}

// isASCII reports whether s is all ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
