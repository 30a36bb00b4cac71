package analysis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
	"golang.org/x/text/unicode/norm"
)

// Limits of FindClient's suggestions.
const (
	closestMax     = 5 // names suggested when nothing matches
	closestFar     = 3 // names suggested when none is near
	containsMinLen = 3 // shortest key that counts as contained in another
)

// Lookup is what FindClient found for one query.
type Lookup struct {
	// Matches are indexes into Result.Clients, in Result.Clients' order:
	// one is the client meant; several must be told apart by the user.
	Matches []int
	// ByWords: the query is no client's name, id or alias; Matches are the
	// clients whose name holds every word of it. The caller says which
	// client it took.
	ByWords bool
	// Closest, when nothing matches, are up to five client names near the
	// query, for the error message.
	Closest []string
}

// FindClient finds the clients a user means by query, as typed after
// `clientscore run --client`.
//
// The query and each client's name, id and aliases are compared after
// folding case, accents, spacing and punctuation: "cafe muller & sohne
// gmbh", "Café Müller-Söhne GmbH" and "CAFEMULLERSOHNEGMBH" are the same.
// When no name matches that way, a query that is a client's name without
// its legal suffix ("Acme" for "Acme Ltd", "Kessler & Sons" for "Kessler &
// Sons GmbH") matches that client; when two clients differ only by the
// suffix, both match and the caller must ask which. Failing both, the
// clients whose name (or an alias) holds every word of the query, as whole
// words in any order, match ByWords: "Penny Pincher" is "Penny Pincher
// Bakeries" when no other client's name has both words. A part of a word
// never matches.
//
// When nothing matches, Closest gives up to five client names: first
// those whose folded name contains the query or is contained in it, then
// those within a few edits of it, nearest first.
func (res *Result) FindClient(query string) Lookup {
	q := matchKey(query)
	if q == "" {
		return Lookup{}
	}
	var l Lookup
	for i := range res.Clients {
		c := &res.Clients[i]
		if matchKey(c.Name) == q || (c.ID != "" && matchKey(c.ID) == q) ||
			slices.ContainsFunc(c.Aliases, func(a string) bool { return matchKey(a) == q }) {
			l.Matches = append(l.Matches, i)
		}
	}
	if len(l.Matches) > 0 {
		return l
	}
	for i := range res.Clients {
		c := &res.Clients[i]
		if looseKey(c.Name) == q || slices.ContainsFunc(c.Aliases, func(a string) bool { return looseKey(a) == q }) {
			l.Matches = append(l.Matches, i)
		}
	}
	if len(l.Matches) > 0 {
		return l
	}
	words := nameWords(query)
	for i := range res.Clients {
		if holdsWords(&res.Clients[i], words) {
			l.Matches = append(l.Matches, i)
		}
	}
	if len(l.Matches) > 0 {
		l.ByWords = true
		return l
	}
	l.Closest = res.closestClients(q)
	return l
}

// Findable returns an Evidence predicate accepting every client that
// FindClient can return for one of the queries: those whose name, id or an
// alias is the query, or is the query once legal suffixes are dropped, or
// holds every word of it. It may accept a few more than FindClient returns
// (FindClient tries the looser rules only when the stricter find nothing).
func Findable(queries ...string) func(c *ClientResult) bool {
	var keys []string
	var words [][]string
	for _, q := range queries {
		if k := matchKey(q); k != "" {
			keys = append(keys, k)
			words = append(words, nameWords(q))
		}
	}
	return func(c *ClientResult) bool {
		is := func(k string) bool { return k != "" && slices.Contains(keys, k) }
		if is(matchKey(c.Name)) || is(looseKey(c.Name)) || (c.ID != "" && is(matchKey(c.ID))) {
			return true
		}
		for _, a := range c.Aliases {
			if is(matchKey(a)) || is(looseKey(a)) {
				return true
			}
		}
		return slices.ContainsFunc(words, func(w []string) bool { return holdsWords(c, w) })
	}
}

// holdsWords reports whether c's name, or one of its aliases, has every one
// of words (nameWords form) among its own words. No words hold nothing.
func holdsWords(c *ClientResult, words []string) bool {
	if len(words) == 0 {
		return false
	}
	holds := func(name string) bool {
		own := nameWords(name)
		for _, w := range words {
			if !slices.Contains(own, w) {
				return false
			}
		}
		return true
	}
	return holds(c.Name) || slices.ContainsFunc(c.Aliases, holds)
}

// nameWords splits s into words, each in lettersAndDigits form: "Quibble &
// Quarrel Legal" is [quibble quarrel legal], "Müller-Söhne" [muller sohne].
func nameWords(s string) []string {
	return strings.Fields(lettersAndDigitsOrSpace(s))
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
	var cands, far []candidate
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
			if d := levenshtein.ComputeDistance(q, k); best.distance < 0 || d < best.distance {
				best.distance = d
			}
		}
		switch {
		case best.distance < 0:
		case best.contains || best.distance <= limit:
			cands = append(cands, best)
		default:
			far = append(far, best)
		}
	}
	// With nothing near, the nearest few still show what the names look
	// like (a query of a client the books do not have at all).
	if len(cands) == 0 {
		cands = far
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
	n := closestMax
	if len(cands) > 0 && !cands[0].contains && cands[0].distance > limit {
		n = closestFar
	}
	var names []string
	for _, c := range cands {
		if len(names) == n {
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

// RenewsBy reports whether c renews after asOf and on or before end: the
// one rule of every renewal window (--renewing-within, the Summary's
// "Renewing soon", the email). A client with no renewal date never does.
func (c *ClientResult) RenewsBy(asOf, end Date) bool {
	d := c.RenewalDate
	return !d.IsZero() && d > asOf && d <= end
}

// RenewingWithin returns the clients renewing in the next days days:
// RenewingBy(AsOf + days).
func (res *Result) RenewingWithin(days int) []int {
	return res.RenewingBy(res.Rules.AsOf.AddDays(days))
}

// RenewingBy returns the indexes into res.Clients of the clients that
// renew after AsOf and on or before end (RenewsBy), ordered by renewal
// date, then by name.
func (res *Result) RenewingBy(end Date) []int {
	asOf := res.Rules.AsOf
	var idx []int
	for i := range res.Clients {
		if res.Clients[i].RenewsBy(asOf, end) {
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
func lettersAndDigits(s string) string { return foldLetters(s, false) }

// lettersAndDigitsOrSpace is lettersAndDigits with a space wherever s had
// anything else, so that its words stay apart.
func lettersAndDigitsOrSpace(s string) string { return foldLetters(s, true) }

func foldLetters(s string, spaces bool) string {
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
		case spaces:
			b.WriteByte(' ')
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
