// Package clip cuts text to a length for messages, cells and mail: the
// one place that decides how a long value is shortened.
package clip

// Runes returns s when it has at most n characters, else its first n-1
// characters followed by "…", n characters in all. It never cuts a
// character in two. n below 1 is taken as 1.
func Runes(s string, n int) string {
	n = max(n, 1)
	k := 0
	for i := range s {
		if k == n-1 {
			if rest := s[i:]; len(rest) > 0 && !fitsOne(rest) {
				return s[:i] + "…"
			}
			return s
		}
		k++
	}
	return s
}

// fitsOne reports whether s is a single character.
func fitsOne(s string) bool {
	for i := range s {
		if i > 0 {
			return false
		}
	}
	return true
}

// Tail returns s when it has at most n characters, else "…" followed by
// its last n-1 characters: for a path, whose end names the file. n below
// 1 is taken as 1.
func Tail(s string, n int) string {
	n = max(n, 1)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
