package analysis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Limits of FindClient's suggestions.
const (
	closestMax     = 5 // names suggested when nothing matches
	containsMinLen = 3 // shortest key that counts as contained in another
)

// FindClient finds the clients a user means by query, as typed after
// `clientscore run --client`. matches holds indexes into res.Clients, in
// res.Clients' order.
//
// The query and each client's name, id and aliases are compared after
// folding case, accents, spacing and punctuation: "cafe muller & sohne
// gmbh", "Café Müller-Söhne GmbH" and "CAFEMULLERSOHNEGMBH" are the same.
// Only whole names match: a prefix or a part of a name never does. When no
// name matches that way, a query that is a client's name without its legal
// suffix ("Acme" for "Acme Ltd", "Kessler & Sons" for "Kessler & Sons
// GmbH") matches that client; when two clients differ only by the suffix,
// both match and the caller must ask which.
//
// When nothing matches, closest gives up to five client names for the
// error message: first those whose folded name contains the query or is
// contained in it, then those within a few edits of it, nearest first.
func (res *Result) FindClient(query string) (matches []int, closest []string) {
	q := matchKey(query)
	if q == "" {
		return nil, nil
	}
	for i := range res.Clients {
		c := &res.Clients[i]
		if matchKey(c.Name) == q || (c.ID != "" && matchKey(c.ID) == q) ||
			slices.ContainsFunc(c.Aliases, func(a string) bool { return matchKey(a) == q }) {
			matches = append(matches, i)
		}
	}
	if len(matches) > 0 {
		return matches, nil
	}
	for i := range res.Clients {
		c := &res.Clients[i]
		if looseKey(c.Name) == q || slices.ContainsFunc(c.Aliases, func(a string) bool { return looseKey(a) == q }) {
			matches = append(matches, i)
		}
	}
	if len(matches) > 0 {
		return matches, nil
	}
	return nil, res.closestClients(q)
}

// closestClients returns up to closestMax client names near the folded
// query q: containment first, then by edit distance, then by name.
func (res *Result) closestClients(q string) []string {
	type candidate struct {
		name     string
		contains bool
		distance int
	}
	limit := max(2, len([]rune(q))/3)
	qr := []rune(q)
	var cands []candidate
	for i := range res.Clients {
		c := &res.Clients[i]
		keys := []string{matchKey(c.Name), looseKey(c.Name)}
		if c.ID != "" {
			keys = append(keys, matchKey(c.ID))
		}
		for _, a := range c.Aliases {
			keys = append(keys, matchKey(a), looseKey(a))
		}
		best := candidate{name: c.Name, distance: -1}
		for _, k := range keys {
			if k == "" {
				continue
			}
			if contained(q, k) || contained(k, q) {
				best.contains = true
			}
			if d := levenshtein(qr, []rune(k)); best.distance < 0 || d < best.distance {
				best.distance = d
			}
		}
		if best.distance >= 0 && (best.contains || best.distance <= limit) {
			cands = append(cands, best)
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.contains != b.contains {
			if a.contains {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.distance, b.distance), cmp.Compare(foldName(a.name), foldName(b.name)))
	})
	var names []string
	for _, c := range cands {
		if len(names) == closestMax {
			break
		}
		names = append(names, c.name)
	}
	return names
}

// contained reports whether the key part, long enough to mean something,
// is inside whole.
func contained(part, whole string) bool {
	return len([]rune(part)) >= containsMinLen && strings.Contains(whole, part)
}

// RenewingWithin returns the indexes into res.Clients of the clients whose
// renewal date falls in (AsOf, AsOf + days]: renewing after today and at
// most days days from now. They are ordered by renewal date, then by name.
// days of 0 or less gives none.
func (res *Result) RenewingWithin(days int) []int {
	if days <= 0 {
		return nil
	}
	asOf := res.Rules.AsOf
	end := asOf.AddDays(days)
	var idx []int
	for i := range res.Clients {
		if d := res.Clients[i].RenewalDate; !d.IsZero() && d > asOf && d <= end {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ca, cb := &res.Clients[a], &res.Clients[b]
		return cmp.Or(
			cmp.Compare(ca.RenewalDate, cb.RenewalDate),
			cmp.Compare(foldName(ca.Name), foldName(cb.Name)),
			cmp.Compare(ca.Name, cb.Name),
		)
	})
	return idx
}

// matchKey is the form a name, id or query is compared in by FindClient:
// the identity fold (case and spacing, foldName), then accents folded
// ("é" is "e", "ß" is "ss") and everything but letters and digits removed.
// A string with no letter or digit keeps its foldName form, so a client
// called "+++" can still be found.
func matchKey(s string) string {
	f := foldName(s)
	if k := lettersAndDigits(f); k != "" {
		return k
	}
	return f
}

// looseKey is matchKey of a name without its trailing legal suffixes
// (looseName): "Acme Ltd." and "Acme" have the same loose key.
func looseKey(s string) string {
	return lettersAndDigits(looseName(s))
}

// lettersAndDigits keeps the letters and digits of s, lower case, with
// accents and other combining marks removed and the letters that do not
// decompose spelled out ("ø" is "o", "æ" is "ae").
func lettersAndDigits(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if sp, ok := letterSpellings[r]; ok {
				b.WriteString(sp)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// letterSpellings spells out the Latin letters that do not decompose into a
// base letter and an accent.
var letterSpellings = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŋ': "n", 'ſ': "s",
}

// levenshtein is the number of single-character insertions, deletions and
// substitutions that turn a into b.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
